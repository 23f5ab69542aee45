"""Issuing for an assessment Award: the learner's recorded levels and evidence become the credential's
per-competency results and evidence; the award rule's snapshot is what is signed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from tests.assessment.conftest import (  # noqa: F401 - fixtures
    BATCH,
    GMP,
    draft,
    enrollment,
    esco,
    in_review,
    links,
    offering,
    org,
    other_org,
    partner,
    people,
    published,
)

from credcore import DidResolver, verify_credential
from microcred.assessment import services as assessment
from microcred.issuance import credential_services as cs
from microcred.issuance import errors, services

pytestmark = pytest.mark.django_db


def _award(enrollment, people):  # noqa: F811
    for uri, result in ((GMP, {"rubric_level": 2, "score": Decimal("91.5")}), (BATCH, {"status": "met"})):
        assessment.assessment_record_create(
            enrollment=enrollment, competency_link=links(enrollment.offering.version)[uri],
            assessed_on=dt.date(2026, 2, 1), actor=people["assessor"], urls=("https://evidence.example/gmp",),
            **result,
        )  # fmt: skip
    return assessment.award_grant(enrollment=enrollment, actor=people["registrar"])


def test_award_results_and_evidence_are_in_the_credential(org, other_org, enrollment, people, client):  # noqa: F811
    services.signing_key_create(organization=org)
    award = _award(enrollment, people)
    issued = cs.credential_issue(organization=org, award=award, idempotency_key=f"award:{award.pk}")
    assert issued.award == award and issued.recipient_email == "learner@example.org"
    document = issued.document
    descriptions = {rd["id"]: rd for rd in document["credentialSubject"]["achievement"]["resultDescription"]}
    results = document["credentialSubject"]["result"]
    assert len(results) == 2
    gmp = next(r for r in results if descriptions[r["resultDescription"]]["alignment"][0]["targetUrl"] == GMP)
    assert gmp["achievedLevel"].endswith("-level-2") and gmp["value"] == "91.50"
    assert any(e.get("id") == "https://evidence.example/gmp" for e in document["evidence"])

    def fetch(url: str):
        import json
        import urllib.parse

        return json.loads(client.get(urllib.parse.urlsplit(url).path).content)

    result = verify_credential(document, resolver=DidResolver(fetcher=fetch), status_fetcher=fetch)
    assert result.verified, result.to_json()
    services.signing_key_create(organization=other_org)
    with pytest.raises(errors.VersionNotIssuable):
        cs.credential_issue(organization=other_org, award=award, idempotency_key="theirs")
