"""verify_credential: one named check per OB 3.0 verification step, on 1EdTech fixtures and our own."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from credcore.dids import DidResolver
from credcore.status import (
    static_status_fetcher,
)
from credcore.verifier import CHECK_NAMES, VerificationResult, verify_credential

from ._ob_fixtures import LDP_VECTOR, VALIDATOR, issuers_resolver, load, resolver_for

NOW = datetime(2025, 6, 1, tzinfo=UTC)
SIGNED_AT = datetime(2024, 5, 1, tzinfo=UTC)
LIST_URL = "https://college.example.ca/status/1"


def _statuses(result: VerificationResult) -> dict[str, str]:
    return {check.name: check.status for check in result.checks}


def _codes(result: VerificationResult, name: str) -> set[str]:
    return {problem.code for problem in result.check(name).problems}


SIGNED_VALID = [
    VALIDATOR / "simple.json",
    VALIDATOR / "simple-context-alias.json",
    VALIDATOR / "simple-context-version.json",
    VALIDATOR / "simple-did-web-method.json",
    VALIDATOR / "simple-multiple-proofs.json",
    VALIDATOR / "endorsement-valid.json",
    LDP_VECTOR / "ob-ldp-03-Signed-credential.json",
]


@pytest.mark.parametrize("path", SIGNED_VALID, ids=lambda p: p.name)
def test_signed_1edtech_fixtures_verify_when_the_issuer_document_is_supplied(path: Path) -> None:
    credential = load(path)
    result = verify_credential(credential, resolver=resolver_for(credential), now=NOW)
    assert result.verified, result.to_json()
    assert [check.name for check in result.checks] == list(CHECK_NAMES)
    assert _statuses(result) == {
        "structure": "passed",
        "schema": "passed",
        "proof": "passed",
        "issuer_key": "passed",
        "validity_window": "passed",
        "status": "skipped",
        "recipient": "skipped",
        "endorsements": "skipped",
    }


def test_the_signed_test_vector_fails_without_its_issuer_document() -> None:
    credential = load(LDP_VECTOR / "ob-ldp-03-Signed-credential.json")
    result = verify_credential(credential, resolver=DidResolver(), now=NOW)
    assert not result.verified
    assert result.check("proof").status == "failed"
    assert result.check("issuer_key").status == "skipped"


def test_a_key_the_issuer_does_not_control_is_rejected() -> None:
    # simple-did-key-method.json is signed by a did:key that is not its issuer (urn:uuid:…)
    credential = load(VALIDATOR / "simple-did-key-method.json")
    result = verify_credential(credential, resolver=DidResolver(), now=NOW)
    assert result.check("proof").status == "passed"
    assert _codes(result, "issuer_key") == {"key_not_controlled_by_issuer"}
    assert not result.verified


# fixture → (the check that must fail, the problem code it must report)
BROKEN = {
    "simple-err-context.json": ("structure", "missing_base_context"),
    "simple-err-type.json": ("structure", "wrong_type"),
    "simple-err-issuer.json": ("structure", "missing_issuer"),
    "simple-err-credential-subject-achievement-result-description-type.json": ("schema", "schema_violation"),
    "simple-err-credential-subject-identifier-type.json": ("schema", "schema_violation"),
    "simple-err-credential-subject-profile-type.json": ("schema", "schema_violation"),
    "simple-err-credential-subject-result-type.json": ("schema", "schema_violation"),
    "simple-err-credential-subject-type.json": ("schema", "schema_violation"),
    "simple-err-evidence-type.json": ("schema", "schema_violation"),
    "simple-err-issuer-otheridentifier-type.json": ("schema", "schema_violation"),
    "simple-err-issuer-parentorg-type.json": ("schema", "schema_violation"),
    "simple-err-issuer-type.json": ("schema", "schema_violation"),
    "simple-err-expired.json": ("validity_window", "expired"),
    "simple-err-issued.json": ("validity_window", "not_yet_valid"),
    "endorsement-err-schema-status-refresh.json": ("schema", "unknown_schema"),
    "simple-err-proof-value.json": ("proof", "proof_invalid_signature"),
    "simple-err-proof-method.json": ("proof", "verification_method_unresolved"),  # not a valid key
    "simple-err-proof-method-no-scheme.json": ("proof", "verification_method_unresolved"),
    "simple-err-proof-method-unknown-did-method.json": ("proof", "verification_method_unresolved"),
    "simple-err-proof-method-unknown-scheme.json": ("proof", "verification_method_unresolved"),
    "simple-noproof.json": ("proof", "proof_missing"),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_fixtures_are_rejected_with_the_reason(name: str) -> None:
    credential = load(VALIDATOR / name)
    # the issuers' real key is known: only the fixture's own defect can make it fail
    resolver = issuers_resolver(
        "https://example.com/issuers/876543",
        "https://example.edu/issuers/565049",
        "https://state.gov/issuers/565049",
    )
    if name == "simple-err-proof-value.json":  # its key is published; only the proof value is wrong
        resolver = resolver_for(credential)
    result = verify_credential(credential, resolver=resolver, now=NOW)
    check_name, code = BROKEN[name]
    assert not result.verified
    assert result.check(check_name).status == "failed", result.to_json()
    assert code in _codes(result, check_name), result.to_json()


def test_complete_fixture_proof_verifies_but_unsupported_methods_fail_closed() -> None:
    credential = load(VALIDATOR / "complete.json")
    result = verify_credential(credential, resolver=resolver_for(credential), now=NOW)
    assert result.check("proof").status == "passed"
    assert result.check("issuer_key").status == "passed"
    assert _codes(result, "status") == {"status_type_unsupported"}  # 1EdTechRevocationList
    assert result.check("endorsements").status == "failed"  # Ed25519Signature2020, expired, …
    assert not result.verified


def test_pre_standard_cryptosuite_name_is_not_accepted() -> None:
    # simple-eddsa-2022.json uses "eddsa-2022", the 2022 draft name of eddsa-rdfc-2022
    credential = load(VALIDATOR / "simple-eddsa-2022.json")
    result = verify_credential(credential, resolver=resolver_for(credential), now=NOW)
    assert _codes(result, "proof") == {"unknown_cryptosuite"}


def test_unsupported_status_method_fails_closed() -> None:
    credential = load(VALIDATOR / "endorsement-err-schema-status-refresh.json")
    result = verify_credential(credential, resolver=DidResolver(), now=NOW)
    assert _codes(result, "status") == {"status_type_unsupported"}


@pytest.mark.parametrize(
    "name", ["credential-status-revoked.json", "credential-status-revoked-blank-nodes.json"]
)
def test_1edtech_revoked_fixture_is_reported_revoked(name: str) -> None:
    credential = load(VALIDATOR / "bit-string-list" / name)
    status_list = load(VALIDATOR / "bit-string-list" / "testlist.json")
    fetcher = static_status_fetcher({credential["credentialStatus"]["statusListCredential"]: status_list})
    resolver = issuers_resolver("https://1edtech.edu/issuers/565049")
    result = verify_credential(credential, resolver=resolver, status_fetcher=fetcher, now=NOW)
    assert result.check("proof").status == "passed"
    assert _codes(result, "status") == {"credential_revoked"}
    assert not result.verified
