"""The issuer pages say what is missing, in English and French, and refuse an award that does not hold."""

from __future__ import annotations

import datetime as dt

import pytest
from tests.assessment.conftest import BATCH, GMP, client_for, links

from microcred.assessment import services
from microcred.assessment.models import Award

pytestmark = pytest.mark.django_db


def test_award_status_page_lists_what_is_missing_in_both_languages(people, enrollment):
    services.assessment_record_create(
        enrollment=enrollment,
        competency_link=links(enrollment.offering.version)[GMP],
        assessed_on=dt.date(2026, 2, 1),
        actor=people["assessor"],
        rubric_level=0,
    )
    client = client_for(people["registrar"])
    english = client.get(f"/en/assessment/enrollments/{enrollment.pk}/").content.decode()
    assert "Not yet eligible" in english
    assert "needs level “Competent”; recorded: Novice." in english
    assert (
        "competency “write batch record documentation” needs level “met”; recorded: not assessed." in english
    )
    assert "Grant the award" not in english
    french = client.get(f"/fr/assessment/enrollments/{enrollment.pk}/").content.decode()
    assert "Pas encore admissible" in french
    assert "« rédiger la documentation des dossiers de lot » exige le niveau « atteint »" in french
    assert "résultat consigné : non évaluée." in french


def test_refused_award_from_the_page_explains_and_writes_nothing(people, enrollment):
    client = client_for(people["registrar"])
    response = client.post(f"/fr/assessment/enrollments/{enrollment.pk}/award/", follow=True)
    assert "Les compétences requises n&#x27;atteignent pas encore" in response.content.decode()
    assert Award.objects.count() == 0


def test_an_eligible_enrollment_is_awarded_from_the_page(people, enrollment):
    version_links = links(enrollment.offering.version)
    for uri, result in ((GMP, {"rubric_level": 1}), (BATCH, {"status": "met"})):
        services.assessment_record_create(
            enrollment=enrollment,
            competency_link=version_links[uri],
            assessed_on=dt.date(2026, 2, 1),
            actor=people["partner_assessor"],
            **result,
        )
    client = client_for(people["org_admin"])
    assert "Grant the award" in client.get(f"/en/assessment/enrollments/{enrollment.pk}/").content.decode()
    page = client.post(f"/en/assessment/enrollments/{enrollment.pk}/award/", follow=True).content.decode()
    assert "Award granted" in page and "Awarded." in page
    assert Award.objects.get().decided_by == people["org_admin"]


def test_record_form_offers_the_outcomes_rubric_levels(people, enrollment):
    link = links(enrollment.offering.version)[GMP]
    page = client_for(people["assessor"]).get(
        f"/fr/assessment/enrollments/{enrollment.pk}/record/?link={link.pk}"
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert all(label in html for label in ("Novice", "Compétent", "Expert"))
    assert 'enctype="multipart/form-data"' in html
    chooser = client_for(people["assessor"]).get(f"/en/assessment/enrollments/{enrollment.pk}/record/")
    assert "good manufacturing practices" in chooser.content.decode()


def test_review_page_in_french_with_comments(people, in_review, partner):
    from microcred.assessment import signoff

    [review] = signoff.review_open(version=in_review, partners=[partner], actor=people["designer"])
    signoff.review_comment_add(
        review=review, body="Ajoutez la chaîne du froid.", actor=people["partner_endorser"]
    )
    html = client_for(people["partner_endorser"]).get("/fr/assessment/reviews/gmp/v1/").content.decode()
    assert "Examen des partenaires" in html and "Ajoutez la chaîne du froid." in html
    assert "Approuver et appuyer" in html


def test_the_catalog_page_shows_signed_partner_endorsements(people, in_review, partner):
    from microcred.assessment import signoff
    from microcred.catalog import services as catalog_services

    [review] = signoff.review_open(version=in_review, partners=[partner], actor=people["designer"])
    signoff.review_sign_off(
        review=review, comment="Exactly what we hire for.", actor=people["partner_endorser"]
    )
    catalog_services.version_publish(version=in_review, actor=None)
    html = client_for(None).get("/en/microcredentials/gmp/").content.decode()
    assert "Signed partner endorsements" in html and "Exactly what we hire for." in html
    assert "did:web:localhost%3A8000:orgs:biopharma-employer" in html
