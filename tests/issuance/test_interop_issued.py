"""Credentials issued by the platform — nutrition label in the Achievement, an industry partner's embedded
EndorsementCredential, did:web issuer, status entry — verify in the JavaScript reference (safe mode, only
the standard contexts preloaded, no network). Also a VC-API-issued credential with its two status entries.
Skipped visibly without Node.js."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from tests.interop import reference

from credcore.openbadges import EndorsementCredential, EndorsementSubject, Profile
from microcred.issuance import credential_services, keyring, selectors, services
from microcred.issuance.builder import achievement_id
from microcred.issuance.identity import organization_did

from .conftest import make_org

pytestmark = [pytest.mark.interop, pytest.mark.django_db]


def _partner_endorsement(partner: Any, version: Any) -> dict[str, Any]:
    unsigned = EndorsementCredential(
        id="urn:uuid:6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f",
        name="BioCanRx endorses Good Manufacturing Practices",
        issuer=Profile(id=organization_did(partner), name=partner.name_en),
        subject=EndorsementSubject(
            id=achievement_id(version),
            endorsement_comment="The competencies are in demand; the assessment reflects job performance.",
        ),
        valid_from=datetime(2026, 9, 1, tzinfo=UTC),
    ).to_json()
    return keyring.sign_document(unsigned, organization=partner)


def test_issued_credentials_verify_in_the_reference(org, version, tmp_path: Path, monkeypatch) -> None:
    reference.require_reference()
    partner = make_org("biocanrx", "BioCanRx")
    services.signing_key_create(organization=partner)
    endorsement = _partner_endorsement(partner, version)
    monkeypatch.setattr(credential_services, "_endorsements", lambda v: (endorsement,))
    issued = credential_services.credential_issue(
        organization=org, version=version, email="learner@example.org", idempotency_key="interop"
    ).document
    assert issued["endorsement"][0]["proof"]["verificationMethod"].startswith(organization_did(partner))
    assert "microcred-label:1" in issued["credentialSubject"]["achievement"]["tag"]
    submitted = credential_services.credential_sign_submitted(
        organization=org,
        credential={
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiableCredential"],
            "credentialSubject": {"id": "did:example:learner"},
        },
        idempotency_key="interop-vcapi",
    ).document
    purposes = [entry["statusPurpose"] for entry in submitted["credentialStatus"]]
    assert purposes == ["revocation", "suspension"]  # two entries where the format allows (ADR 0023)
    assert issued["credentialStatus"]["statusPurpose"] == "suspension"  # OB 3.0: one entry
    documents = tmp_path / "did-documents.json"
    documents.write_text(
        json.dumps([selectors.did_document(organization=o) for o in (org, partner)]), encoding="utf-8"
    )
    results = reference.verify([issued, endorsement, submitted], "--did-documents", str(documents))
    for result in results:
        assert result["verified"] is True, reference.describe(result)
    tampered = json.loads(json.dumps(issued))
    tampered["credentialSubject"]["achievement"]["tag"].append("quality:accredited")
    assert reference.verify([tampered], "--did-documents", str(documents))[0]["verified"] is False
