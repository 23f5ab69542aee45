"""Authorization matrix: every persona × every page and endpoint of the assessment app, through a
CSRF-enforcing client. Refusals answer 403 (or send anonymous visitors to sign in) and change nothing: row
counts and the fields that matter are compared before and after. Allowed writes change what they should."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils.crypto import get_random_string
from tests.assessment.conftest import BATCH, GMP, links, version_input

from microcred.assessment import services, signoff
from microcred.assessment.models import (
    AssessmentRecord,
    Award,
    Endorsement,
    Enrollment,
    Evidence,
    Offering,
    PartnerReview,
    ReviewComment,
)
from microcred.catalog import services as catalog_services
from microcred.issuance.models import AuditEvent, SigningKey

pytestmark = pytest.mark.django_db

PERSONAS = [
    "org_admin",
    "designer",
    "assessor",
    "registrar",
    "partner_endorser",
    "partner_assessor",
    "other_org_admin",
    "anonymous",
]
PDF = b"%PDF-1.7\n%%EOF\n"


@pytest.fixture
def world(people, offering, enrollment, org, partner):
    """A published GMP with an offering and an eligible learner (file evidence included); a second
    micro-credential in review with an open partner review; a third, a draft, not yet opened."""
    gmp, batch = links(offering.version)[GMP], links(offering.version)[BATCH]
    record = services.assessment_record_create(
        enrollment=enrollment, competency_link=gmp, assessed_on=dt.date(2026, 2, 2),
        actor=people["assessor"], rubric_level=1,
    )  # fmt: skip
    evidence = Evidence(record=record, kind="file", original_name="r.pdf", content_type="application/pdf")
    evidence.file.save("x", SimpleUploadedFile("r.pdf", PDF), save=False)
    evidence.save()
    services.assessment_record_create(
        enrollment=enrollment, competency_link=batch, assessed_on=dt.date(2026, 2, 2),
        actor=people["assessor"], status="met",
    )  # fmt: skip
    reviewed = catalog_services.microcredential_create(
        owner=org, slug="gdp", data=version_input(org, partner, title_en="Good Documentation"), actor=None
    )
    catalog_services.version_submit_for_review(version=reviewed, actor=None)
    [review] = signoff.review_open(version=reviewed, partners=[partner], actor=None)
    fresh = catalog_services.microcredential_create(
        owner=org, slug="gcp", data=version_input(org, partner, title_en="Good Clinical"), actor=None
    )
    return {
        "offering": offering, "enrollment": enrollment, "link": gmp, "evidence": evidence, "review": review,
        "fresh": fresh, "org": org, "version": offering.version,
    }  # fmt: skip


def snapshot() -> dict[str, Any]:
    return {
        "counts": [
            m.objects.count()
            for m in (Offering, Enrollment, AssessmentRecord, Evidence, Award, PartnerReview, ReviewComment)
        ]
        + [Endorsement.objects.count(), SigningKey.objects.count(), AuditEvent.objects.count()],
        "enrollments": list(
            Enrollment.objects.order_by("pk").values_list(
                "status", "user_id", "email", "invitation_token_hash"
            )
        ),
        "reviews": list(PartnerReview.objects.order_by("pk").values_list("status", "partner_id")),
    }


@dataclass(frozen=True)
class Endpoint:
    name: str
    method: str
    url: Callable[[dict[str, Any]], str]
    allowed: frozenset[str]
    data: Callable[[dict[str, Any]], dict[str, Any]] | None = None
    refused_status: dict[str, int] | None = None  # personas refused otherwise than by 403

    def status_for(self, persona: str) -> int:
        if persona == "anonymous":
            return 302
        if persona in self.allowed:
            return 302 if self.method == "post" else 200
        return (self.refused_status or {}).get(persona, 403)


RUN = frozenset({"org_admin", "registrar"})
VIEW = frozenset({"org_admin", "registrar", "assessor", "partner_assessor"})
ASSESS = frozenset({"assessor", "partner_assessor"})
DESIGN = frozenset({"org_admin", "designer"})


def _offering_data(w: dict[str, Any]) -> dict[str, Any]:
    return {
        "version": w["version"].pk, "organization": w["org"].pk, "start_date": "2026-06-01",
        "end_date": "2026-07-01", "delivery_mode": "online", "seats": "",
    }  # fmt: skip


ENDPOINTS = [
    Endpoint("offering list", "get", lambda w: "/en/assessment/offerings/", VIEW | {"other_org_admin"}),
    Endpoint(
        "offering create page", "get", lambda w: "/en/assessment/offerings/new/", RUN | {"other_org_admin"}
    ),
    Endpoint(
        "offering create",
        "post",
        lambda w: "/en/assessment/offerings/new/",
        RUN,
        _offering_data,
        {"other_org_admin": 400},  # the form does not offer another organisation's micro-credential
    ),
    Endpoint("offering detail", "get", lambda w: f"/en/assessment/offerings/{w['offering'].pk}/", VIEW),
    Endpoint(
        "enrol",
        "post",
        lambda w: f"/en/assessment/offerings/{w['offering'].pk}/enrol/",
        RUN,
        lambda w: {"email": "someone@example.org", "kind": "assessment_only"},
    ),
    Endpoint("enrollment detail", "get", lambda w: f"/en/assessment/enrollments/{w['enrollment'].pk}/", VIEW),
    Endpoint(
        "record form",
        "get",
        lambda w: f"/en/assessment/enrollments/{w['enrollment'].pk}/record/?link={w['link'].pk}",
        ASSESS,
    ),
    Endpoint(
        "record",
        "post",
        lambda w: f"/en/assessment/enrollments/{w['enrollment'].pk}/record/",
        ASSESS,
        lambda w: {"link": w["link"].pk, "rubric_level": "2", "assessed_on": "2026-02-03", "narrative": "ok"},
    ),
    Endpoint(
        "reinvite", "post", lambda w: f"/en/assessment/enrollments/{w['enrollment'].pk}/reinvite/", RUN, dict
    ),
    Endpoint("award", "post", lambda w: f"/en/assessment/enrollments/{w['enrollment'].pk}/award/", RUN, dict),
    Endpoint("evidence", "get", lambda w: f"/en/assessment/evidence/{w['evidence'].public_id}/", VIEW),
    Endpoint("review index", "get", lambda w: "/en/assessment/reviews/", frozenset(PERSONAS) - {"anonymous"}),
    Endpoint("review page", "get", lambda w: "/en/assessment/reviews/gdp/v1/", DESIGN | {"partner_endorser"}),
    Endpoint(
        "open review",
        "post",
        lambda w: "/en/assessment/reviews/gcp/v1/open/",
        DESIGN,
        lambda w: {"partners": [p.pk for p in w["fresh"].partners.all()]},
    ),
    Endpoint(
        "comment",
        "post",
        lambda w: f"/en/assessment/reviews/{w['review'].pk}/comment/",
        DESIGN | {"partner_endorser"},
        lambda w: {"body": "Please add an observation checklist."},
    ),
    Endpoint(
        "sign off",
        "post",
        lambda w: f"/en/assessment/reviews/{w['review'].pk}/sign-off/",
        frozenset({"partner_endorser"}),
        lambda w: {"comment": "We hire for exactly this."},
    ),
]


def csrf_client(user: Any) -> tuple[Client, str]:
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    token = get_random_string(32)
    client.cookies["csrftoken"] = token
    return client, token


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.name)
def test_matrix(world, people, persona, endpoint):
    client, token = csrf_client(people[persona])
    url = endpoint.url(world)
    before = snapshot()
    if endpoint.method == "get":
        response = client.get(url)
    else:
        response = client.post(url, {**endpoint.data(world), "csrfmiddlewaretoken": token})
    expected = endpoint.status_for(persona)
    assert response.status_code == expected, (persona, endpoint.name, response.content[:600])
    if persona == "anonymous":
        assert response["Location"].startswith("/en/accounts/login/")
    refused = persona not in endpoint.allowed
    if refused or endpoint.method == "get":
        assert snapshot() == before, f"{persona} changed something through {endpoint.name}"
    else:
        assert snapshot() != before, f"{persona} was allowed {endpoint.name} but nothing changed"


@pytest.mark.parametrize("endpoint", [e for e in ENDPOINTS if e.method == "post"], ids=lambda e: e.name)
def test_posts_without_a_csrf_token_are_refused_and_change_nothing(world, people, endpoint):
    persona = sorted(endpoint.allowed)[0]
    client, _token = csrf_client(people[persona])
    before = snapshot()
    assert client.post(endpoint.url(world), endpoint.data(world)).status_code == 403
    assert snapshot() == before


def test_lists_show_outsiders_nothing_of_other_organisations(world, people):
    for url in ("/en/assessment/offerings/", "/en/assessment/reviews/", "/en/assessment/offerings/new/"):
        client, _token = csrf_client(people["other_org_admin"])
        page = client.get(url).content.decode()
        assert "Good Manufacturing" not in page and "Good Documentation" not in page, url
