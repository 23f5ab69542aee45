"""Issued credentials: what the builder puts in them, that they verify through the served did:web document
and status list, that every lifecycle change reaches the status check, idempotency and the audit trail."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from credcore import DidResolver, verify_credential
from credcore.openbadges import identity_matches, validate_schema
from microcred.issuance import credential_lifecycle as lifecycle
from microcred.issuance import credential_services as cs
from microcred.issuance import errors
from microcred.issuance.label import LABEL_SCHEME_TAG, parse_label_tags
from microcred.issuance.models import AuditEvent, IssuedCredential, StatusSlot

from .conftest import GMP, HACCP

pytestmark = pytest.mark.django_db


def _issue(org: Any, version: Any, key: str = "k1", email: str = "Learner@Example.org") -> IssuedCredential:
    return cs.credential_issue(organization=org, version=version, email=email, idempotency_key=key)


def _verify(document: dict[str, Any], fetch_json: Any, **kwargs: Any) -> Any:
    resolver = DidResolver(fetcher=fetch_json)
    return verify_credential(document, resolver=resolver, status_fetcher=fetch_json, **kwargs)


def test_builder_content(org, version) -> None:
    document = _issue(org, version).document
    assert validate_schema(document) == ()
    assert document["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert document["id"].startswith("urn:uuid:")
    assert document["issuer"]["id"] == "did:web:localhost%3A8000:orgs:algonquin"
    achievement = document["credentialSubject"]["achievement"]
    assert achievement["achievementType"] == "MicroCredential"
    urls = [rd["alignment"][0]["targetUrl"] for rd in achievement["resultDescription"]]
    assert urls == [GMP, HACCP]
    assert all(rd["alignment"][0]["targetFramework"] == "ESCO" for rd in achievement["resultDescription"])
    results = document["credentialSubject"]["result"]
    assert [r["achievedLevel"] for r in results] == [
        rd["requiredLevel"] for rd in achievement["resultDescription"]
    ]
    label = parse_label_tags(achievement["tag"])
    assert achievement["tag"][0] == LABEL_SCHEME_TAG and label is not None
    assert label["hours"] == ["40"] and label["weeks"] == ["6"] and label["cost-cad"] == ["450.00"]
    assert label["osap"] == ["eligible"] and "assessed" in label["quality"]
    assert label["purpose"] == ["technical"] and label["delivery"] == ["online"]
    assert achievement["creditsAvailable"] == 1.5
    status = document["credentialStatus"]
    assert status["type"] == "BitstringStatusListEntry" and status["id"].endswith(
        f"#{status['statusListIndex']}"
    )
    identifier = document["credentialSubject"]["identifier"][0]
    assert identifier["hashed"] is True and "learner" not in identifier["identityHash"]
    assert identity_matches(identifier, "learner@example.org", "emailAddress")
    assert document["validUntil"] > document["validFrom"]


def test_issued_credential_verifies_through_served_documents(org, version, fetch_json) -> None:
    issued = _issue(org, version)
    result = _verify(issued.document, fetch_json, expected_recipient="learner@example.org",
                     recipient_identity_type="emailAddress")  # fmt: skip
    assert result.verified, result.to_json()
    assert {check.name: check.status for check in result.checks}["status"] == "passed"


def test_lifecycle_reaches_the_status_check(org, version, fetch_json) -> None:
    credential = _issue(org, version)

    def status() -> str:
        return {c.name: c.status for c in _verify(credential.document, fetch_json).checks}["status"]

    assert status() == "passed"
    lifecycle.credential_suspend(credential=credential, reason="investigation")
    assert status() == "failed"
    with pytest.raises(errors.AlreadySuspended):
        lifecycle.credential_suspend(credential=credential)
    lifecycle.credential_unsuspend(credential=credential)
    assert status() == "passed"
    lifecycle.credential_revoke(credential=credential, reason="academic misconduct")
    assert status() == "failed"
    with pytest.raises(errors.NotSuspended):
        lifecycle.credential_unsuspend(credential=credential)  # revocation is permanent
    with pytest.raises(errors.AlreadyRevoked):
        lifecycle.credential_revoke(credential=credential, reason="again")
    again = lifecycle.credential_reaward(credential=credential, idempotency_key="reaward-1")
    assert again.replaces_id == credential.pk and again.status_slot_id != credential.status_slot_id
    assert _verify(again.document, fetch_json).verified
    assert status() == "failed"
    renewed = lifecycle.credential_renew(credential=again, idempotency_key="renew-1")
    assert _verify(renewed.document, fetch_json).verified
    assert not _verify(again.document, fetch_json).verified  # superseded by renewal
    assert IssuedCredential.objects.get(pk=again.pk).state == "revoked"
    lifecycle.credential_expire(credential=renewed)
    assert not _verify(renewed.document, fetch_json).verified
    actions = list(AuditEvent.objects.filter(subject_type="credential").values_list("action", flat=True))
    expected = ["issued", "suspended", "unsuspended", "revoked", "reawarded", "renewed", "expired"]
    assert {f"credential.{name}" for name in expected} <= set(actions)


def test_expire_due_marks_state_only(org, version) -> None:
    credential = _issue(org, version)
    later = timezone.now() + timedelta(days=800)
    assert lifecycle.credentials_expire_due(organization=org, now=later) == 1
    credential.refresh_from_db()
    assert credential.state == "expired"
    assert lifecycle.credentials_expire_due(organization=org, now=later) == 0


def test_idempotency(org, version) -> None:
    first = _issue(org, version, key="same")
    assert _issue(org, version, key="same").pk == first.pk
    with pytest.raises(errors.IdempotencyConflict):
        _issue(org, version, key="same", email="someone-else@example.org")
    assert IssuedCredential.objects.count() == 1
    assert StatusSlot.objects.count() == 1


def test_refusal_changes_nothing(org, version, other_org) -> None:
    with pytest.raises(errors.VersionNotIssuable):
        cs.credential_issue(organization=other_org, version=version, email="a@b.org", idempotency_key="x")
    with pytest.raises(errors.InvalidRecipient):
        cs.credential_issue(organization=org, version=version, email="not-an-email", idempotency_key="y")
    assert IssuedCredential.objects.count() == 0 and StatusSlot.objects.count() == 0
    assert not AuditEvent.objects.filter(action="credential.issued").exists()


def test_bulk_builder_makes_the_same_json_as_the_checked_builder(org, version) -> None:
    from datetime import UTC, datetime

    from microcred.issuance.builder import EvidenceItem

    template = cs.achievement_template(version=version, organization=org)
    slot = cs._allocate(org)
    moment = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
    for evidence in ([], [EvidenceItem(url="https://evidence.example/1", narrative="Batch record")]):
        common = {
            "credential_id": "urn:uuid:4f3c2b1a-0000-4000-8000-000000000001",
            "email": " Learner@Example.org ",
            "issued_at": moment,
            "valid_from": moment,
            "valid_until": moment.replace(year=2028),
            "status_entry": cs.status_entry_for(slot),
            "evidence": evidence,
        }
        fast = template.credential_fast(**common)
        checked = template.credential(**common, salt=fast["credentialSubject"]["identifier"][0]["salt"])
        assert fast == checked


def test_expiry_job_runs_in_bounded_batches(org, version) -> None:
    from microcred.issuance.tasks import credentials_expire_due_job

    for i in range(3):
        _issue(org, version, key=f"e{i}", email=f"e{i}@example.org")
    IssuedCredential.objects.update(valid_until=timezone.now() - timedelta(seconds=1))
    assert credentials_expire_due_job.call(org.pk) == 3
    assert set(IssuedCredential.objects.values_list("state", flat=True)) == {"expired"}
    assert credentials_expire_due_job.call(org.pk) == 0
