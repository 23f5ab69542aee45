"""Verifiable Presentations: build, sign (authentication) and verify, with the negatives that matter —
wrong challenge or domain, a tampered embedded credential, a holder other than the signer."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

import pytest

from credcore import sign_credential
from credcore.dids import DidResolver
from credcore.errors import InvalidDocumentError
from credcore.keys import Ed25519Multikey
from credcore.presentations import build_presentation, sign_presentation, verify_presentation

from .samples import sample_credential

NOW = datetime(2027, 1, 1, tzinfo=UTC)
CHALLENGE = "c0ae1c8e-c7e7-469f-b252-86e6a0e7387e"
DOMAIN = "employer.example"


def _issuer_key() -> Ed25519Multikey:
    seed = bytes(range(32))
    key = Ed25519Multikey.from_seed(seed)
    return key.bound_to(controller=key.did_key, key_id=key.did_key_verification_method)


def _holder_key(seed_byte: int = 7) -> Ed25519Multikey:
    key = Ed25519Multikey.from_seed(bytes([seed_byte]) * 32)
    return key.bound_to(controller=key.did_key, key_id=key.did_key_verification_method)


def _credential() -> dict[str, Any]:
    issuer = _issuer_key()
    credential = sample_credential()
    credential["issuer"]["id"] = issuer.controller
    credential["credentialSubject"]["id"] = _holder_key().controller
    credential.pop("credentialStatus", None)  # status lists are the verifier tests' business
    return sign_credential(credential, issuer)


@pytest.fixture(scope="module")
def signed_vp() -> dict[str, Any]:
    holder = _holder_key()
    vp = build_presentation(
        holder=holder.controller, credentials=[_credential()], presentation_id="urn:uuid:1"
    )
    return sign_presentation(vp, holder, challenge=CHALLENGE, domain=DOMAIN)


def _verify(vp: object, challenge: str | None = CHALLENGE, domain: str | None = DOMAIN) -> Any:
    return verify_presentation(vp, resolver=DidResolver(), challenge=challenge, domain=domain, now=NOW)


def _statuses(result: Any) -> dict[str, str]:
    return {check.name: check.status for check in result.checks}


def test_signed_presentation_verifies(signed_vp: dict[str, Any]) -> None:
    result = _verify(signed_vp)
    assert result.verified, result.to_json()
    assert _statuses(result) == {
        "structure": "passed",
        "proof": "passed",
        "holder": "passed",
        "credentials": "passed",
    }
    assert signed_vp["proof"]["proofPurpose"] == "authentication"
    assert len(result.credentials) == 1 and result.credentials[0].verified
    assert result.to_json()["credentials"][0]["verified"] is True


@pytest.mark.parametrize(
    ("challenge", "domain", "code"),
    [("another-challenge", DOMAIN, "invalid_challenge"), (CHALLENGE, "evil.example", "invalid_domain")],
)
def test_wrong_challenge_or_domain_fails(
    signed_vp: dict[str, Any], challenge: str, domain: str, code: str
) -> None:
    result = _verify(signed_vp, challenge, domain)
    assert not result.verified
    assert code in {problem.code for problem in result.check("proof").problems}


def test_verifier_without_challenge_still_checks_the_signature(signed_vp: dict[str, Any]) -> None:
    tampered = copy.deepcopy(signed_vp)
    tampered["proof"]["challenge"] = "replayed"
    assert not _verify(tampered, None, None).verified


def test_tampered_embedded_credential_fails(signed_vp: dict[str, Any]) -> None:
    tampered = copy.deepcopy(signed_vp)
    tampered["verifiableCredential"][0]["credentialSubject"]["achievement"]["name"] = "Brain surgery"
    result = _verify(tampered)
    assert not result.verified
    assert result.check("proof").status == "failed"  # the VP's signature covers its credentials


def test_credential_tampered_before_presenting_fails_its_own_check() -> None:
    holder = _holder_key()
    credential = _credential()
    credential["credentialSubject"]["achievement"]["name"] = "Brain surgery"
    vp = sign_presentation(build_presentation(holder=holder.controller, credentials=[credential]), holder)
    result = _verify(vp, None, None)
    assert result.check("proof").status == "passed"
    assert result.check("credentials").status == "failed"
    assert not result.credentials[0].verified and not result.verified


def test_holder_mismatch_fails() -> None:
    holder, other = _holder_key(), _holder_key(9)
    vp = build_presentation(holder=holder.controller, credentials=[_credential()])
    with pytest.raises(InvalidDocumentError):
        sign_presentation(vp, other)
    from credcore.dataintegrity import add_proof

    forged = add_proof(vp, other, cryptosuite="eddsa-rdfc-2022", proof_purpose="authentication")
    result = _verify(forged, None, None)
    assert result.check("proof").status == "passed"
    assert result.check("holder").status == "failed"
    assert {p.code for p in result.check("holder").problems} == {"holder_mismatch"}
    assert not result.verified


def test_missing_holder_and_wrong_purpose_fail() -> None:
    holder = _holder_key()
    vp = build_presentation(holder=holder.controller, credentials=[])
    del vp["holder"]
    signed = sign_presentation(vp, holder)
    assert {p.code for p in _verify(signed, None, None).check("holder").problems} == {"holder_missing"}
    from credcore.dataintegrity import add_proof

    asserted = add_proof(
        build_presentation(holder=holder.controller, credentials=[]),
        holder,
        cryptosuite="eddsa-rdfc-2022",
        proof_purpose="assertionMethod",
    )
    assert not _verify(asserted, None, None).verified


def test_unsigned_and_malformed_inputs_fail_closed() -> None:
    holder = _holder_key()
    unsigned = build_presentation(holder=holder.controller, credentials=[_credential()])
    assert not _verify(unsigned, None, None).verified
    for bad in (
        None,
        [],
        "vp",
        {"type": "VerifiablePresentation"},
        {**unsigned, "verifiableCredential": [1]},
    ):
        result = _verify(bad, None, None)
        assert not result.verified
        assert result.check("structure").status == "failed"


def test_jcs_presentation_verifies() -> None:
    holder = _holder_key()
    vp = build_presentation(holder=holder.controller, credentials=[_credential()])
    signed = sign_presentation(vp, holder, challenge="x", cryptosuite="eddsa-jcs-2022")
    assert _verify(signed, "x", None).verified
