"""Rotation keeps credentials signed before it verifying: sign with key 1, rotate, verify through credcore's
DidResolver fetching the served did:web document via the Django test client."""

from __future__ import annotations

from typing import Any

import pytest

from credcore.dataintegrity import verify_proof
from credcore.dids import DidResolver
from microcred.issuance import keyring, services
from microcred.issuance.identity import organization_did

pytestmark = pytest.mark.django_db


def _credential(org) -> dict[str, Any]:
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": organization_did(org),
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:learner"},
    }


def test_credentials_signed_before_a_rotation_keep_verifying(org, signing_key, fetch_json) -> None:
    before = keyring.sign_document(_credential(org), organization=org)
    services.signing_key_rotate(organization=org)
    after = keyring.sign_document(_credential(org), organization=org)
    assert before["proof"]["verificationMethod"] != after["proof"]["verificationMethod"]
    for signed in (before, after):
        check = verify_proof(signed, resolver=DidResolver(fetcher=fetch_json))
        assert check.verified, check.problems
        assert check.controller == organization_did(org)


def test_credentials_signed_by_a_revoked_key_stop_verifying(org, signing_key, fetch_json) -> None:
    signed = keyring.sign_document(_credential(org), organization=org)
    services.signing_key_rotate(organization=org)
    services.signing_key_revoke(signing_key=signing_key, reason="compromised")
    check = verify_proof(signed, resolver=DidResolver(fetcher=fetch_json))
    assert not check.verified
