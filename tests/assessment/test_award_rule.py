"""The award rule: a credential only when every required competency meets its required level (rubric order
from the assessment design), and otherwise exactly what is missing, in English and French."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from tests.assessment.conftest import BATCH, GMP, links, version_input

from microcred.assessment import errors, selectors, services
from microcred.assessment.models import AssessmentRecord, Award, Enrollment
from microcred.catalog import services as catalog_services

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 2, 1)


def record(enrollment, people, uri, *, on=DAY, **result):
    link = links(enrollment.offering.version)[uri]
    return services.assessment_record_create(
        enrollment=enrollment, competency_link=link, assessed_on=on, actor=people["assessor"], **result
    )


def test_nothing_assessed_lists_every_competency_as_not_assessed(enrollment, people):
    decision = selectors.award_decision(enrollment)
    assert not decision.eligible
    assert [m.competency_uri for m in decision.missing] == [GMP, BATCH]
    gmp = decision.missing[0]
    assert (gmp.required_en, gmp.required_fr, gmp.recorded_en) == ("Competent", "Compétent", None)
    assert gmp.describe("en") == (
        "Outcome “Apply good manufacturing practices to a batch record.”: competency “good manufacturing "
        "practices” needs level “Competent”; recorded: not assessed."
    )
    assert gmp.describe("fr") == (
        "Résultat « Appliquer les bonnes pratiques de fabrication à un dossier de lot. » : la compétence "
        "« bonnes pratiques de fabrication » exige le niveau « Compétent »; résultat consigné : non évaluée."
    )
    assert decision.missing[1].required_en == "met"


def test_a_level_below_the_required_one_is_reported_with_the_recorded_level(enrollment, people):
    record(enrollment, people, GMP, rubric_level=0)
    record(enrollment, people, BATCH, status="met")
    decision = selectors.award_decision(enrollment)
    assert not decision.eligible
    [missing] = decision.missing
    assert (missing.competency_uri, missing.recorded_en, missing.recorded_fr) == (GMP, "Novice", "Novice")
    assert "recorded: Novice" in missing.describe("en")


def test_every_competency_at_or_above_its_level_is_eligible(enrollment, people):
    record(enrollment, people, GMP, rubric_level=2, score=Decimal("91.5"))
    record(enrollment, people, BATCH, status="met")
    assert selectors.award_decision(enrollment) == selectors.AwardDecision(True, [])


def test_status_based_outcome_not_met_is_missing(enrollment, people):
    record(enrollment, people, GMP, rubric_level=1)
    record(enrollment, people, BATCH, status="not_met")
    [missing] = selectors.award_decision(enrollment).missing
    assert (missing.competency_uri, missing.recorded_en, missing.recorded_fr) == (
        BATCH,
        "not met",
        "non atteint",
    )


def test_the_latest_assessment_counts_even_when_lower(enrollment, people):
    record(enrollment, people, GMP, rubric_level=2, on=DAY)
    record(enrollment, people, BATCH, status="met")
    assert selectors.award_decision(enrollment).eligible
    record(enrollment, people, GMP, rubric_level=0, on=DAY + dt.timedelta(days=3))
    assert not selectors.award_decision(enrollment).eligible
    # an older record entered later does not override a newer judgement
    record(enrollment, people, GMP, rubric_level=2, on=DAY - dt.timedelta(days=3))
    assert not selectors.award_decision(enrollment).eligible


def test_rubric_status_is_derived_from_the_level_not_typed_in(enrollment, people):
    low = record(enrollment, people, GMP, rubric_level=0, status="met")
    assert low.status == AssessmentRecord.ResultStatus.NOT_MET


@pytest.mark.parametrize(
    "uri,result",
    [
        (GMP, {"rubric_level": 3}),
        (GMP, {}),
        (GMP, {"rubric_level": 1, "score": Decimal("101")}),
        (BATCH, {"status": "excellent"}),
        (BATCH, {"rubric_level": 1, "status": "met"}),
    ],
)
def test_invalid_results_are_refused_and_nothing_is_written(enrollment, people, uri, result):
    with pytest.raises(errors.InvalidResult):
        record(enrollment, people, uri, **result)
    assert AssessmentRecord.objects.count() == 0


def test_a_competency_of_another_version_is_refused(enrollment, people, org, partner, esco):
    other = catalog_services.microcredential_create(
        owner=org, slug="other", data=version_input(org, partner), actor=None
    )
    foreign = links(other)[GMP]
    with pytest.raises(errors.CompetencyNotInVersion):
        services.assessment_record_create(
            enrollment=enrollment, competency_link=foreign, assessed_on=DAY, actor=people["assessor"],
            rubric_level=1,
        )  # fmt: skip
    assert AssessmentRecord.objects.count() == 0


def test_award_grant_refuses_with_a_stable_code_when_not_eligible(enrollment, people):
    record(enrollment, people, GMP, rubric_level=1)
    with pytest.raises(errors.NotEligible) as refused:
        services.award_grant(enrollment=enrollment, actor=people["registrar"])
    assert refused.value.code == "award_not_eligible"
    assert refused.value.message("fr").startswith("Les compétences requises")
    assert Award.objects.count() == 0


def test_award_grant_records_the_award_and_its_results(enrollment, people):
    record(enrollment, people, GMP, rubric_level=2, score=Decimal("88"), narrative="Flawless batch record.")
    record(enrollment, people, BATCH, status="met", urls=["https://portfolio.example/batch-42"])
    award = services.award_grant(enrollment=enrollment, actor=people["registrar"])
    assert (award.enrollment_id, award.decided_by) == (enrollment.pk, people["registrar"])
    assert award.decided_at is not None
    results = selectors.award_results(award)
    assert [r.competency_uri for r in results] == [GMP, BATCH]
    gmp, batch = results
    assert (gmp.level_index, gmp.level_en, gmp.level_fr, gmp.required_level_index) == (
        2,
        "Expert",
        "Expert",
        1,
    )
    assert (gmp.score, gmp.narrative, gmp.assessor_organization) == (
        Decimal("88.00"),
        "Flawless batch record.",
        "algonquin-college",
    )
    assert (gmp.label_en, gmp.label_fr, gmp.kind) == (
        "good manufacturing practices",
        "bonnes pratiques de fabrication",
        "skill",
    )
    assert (batch.level_index, batch.level_en, batch.status) == (None, "met", "met")
    assert [(e.kind, e.url) for e in batch.evidence] == [("url", "https://portfolio.example/batch-42")]
    with pytest.raises(errors.AlreadyAwarded):
        services.award_grant(enrollment=enrollment, actor=people["registrar"])
    # the award is a snapshot: a later reassessment does not rewrite what was granted
    record(enrollment, people, GMP, rubric_level=0, on=DAY + dt.timedelta(days=9))
    assert selectors.award_results(Award.objects.get())[0].level_index == 2


def test_only_registrars_and_admins_grant(enrollment, people):
    record(enrollment, people, GMP, rubric_level=1)
    record(enrollment, people, BATCH, status="met")
    for persona in ("designer", "assessor", "partner_assessor", "other_org_admin"):
        with pytest.raises(errors.NotAuthorized):
            services.award_grant(enrollment=enrollment, actor=people[persona])
    assert Award.objects.count() == 0
    services.award_grant(enrollment=enrollment, actor=people["org_admin"])


def test_a_withdrawn_enrollment_is_not_eligible(enrollment, people):
    record(enrollment, people, GMP, rubric_level=1)
    record(enrollment, people, BATCH, status="met")
    Enrollment.objects.filter(pk=enrollment.pk).update(status=Enrollment.Status.WITHDRAWN)
    enrollment.refresh_from_db()
    decision = selectors.award_decision(enrollment)
    assert (decision.eligible, decision.reason) == (False, "enrollment_withdrawn")


def test_assessment_only_learner_earns_it_by_the_same_rule(offering, people):
    learner = services.enrollment_create(
        offering=offering, email="challenger@example.org", kind=Enrollment.Kind.ASSESSMENT_ONLY, actor=None
    )
    record(learner, people, GMP, rubric_level=0)
    decision = selectors.award_decision(learner)
    assert [m.competency_uri for m in decision.missing] == [GMP, BATCH]
    record(learner, people, GMP, rubric_level=1)
    record(learner, people, BATCH, status="met")
    award = services.award_grant(enrollment=learner, actor=people["registrar"])
    assert award.enrollment.kind == "assessment_only"


def test_assessment_only_enrollments_do_not_take_program_seats(offering):
    for i in range(2):
        services.enrollment_create(offering=offering, email=f"p{i}@example.org", actor=None)
    with pytest.raises(errors.OfferingFull):
        services.enrollment_create(offering=offering, email="p3@example.org", actor=None)
    services.enrollment_create(
        offering=offering, email="challenger@example.org", kind=Enrollment.Kind.ASSESSMENT_ONLY, actor=None
    )
    assert offering.enrollments.count() == 3
