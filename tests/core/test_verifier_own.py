"""verify_credential on credentials signed here (moved from test_verifier.py): status, recipient,
endorsements, result shape, tampering, and never raising on garbage."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from credcore.dataintegrity import add_proof
from credcore.dids import DidResolver
from credcore.keys import Ed25519Multikey
from credcore.openbadges import EndorsementCredential, EndorsementSubject, Profile
from credcore.status import (
    BitstringStatusList,
    BitstringStatusListEntry,
    build_status_list_credential,
    static_status_fetcher,
)
from credcore.verifier import CHECK_NAMES, VerificationResult, verify_credential

from ._ob_fixtures import VALIDATOR, load, micro_credential, resolver_for
from .test_verifier import LIST_URL, NOW, SIGNED_AT, _codes

# -- our own credentials, signed here -----------------------------------------------------------------


@pytest.fixture(scope="module")
def issuer_key() -> Ed25519Multikey:
    return Ed25519Multikey.from_seed(bytes(range(32)))


def _status_list(key: Ed25519Multikey, status_list: BitstringStatusList, **kwargs: Any) -> dict[str, Any]:
    options = {"id": LIST_URL, "issuer": key.controller, "status_list": status_list}
    options.update(kwargs)
    return add_proof(
        build_status_list_credential(**options), key, cryptosuite="eddsa-rdfc-2022", created=SIGNED_AT
    )


def _issue(key: Ed25519Multikey, *, purpose: str = "revocation", **kwargs: Any) -> dict[str, Any]:
    entry = BitstringStatusListEntry(LIST_URL, 94567, purpose)
    return add_proof(
        micro_credential(key.controller, status=entry, **kwargs).to_json(),
        key,
        cryptosuite="eddsa-rdfc-2022",
        created=SIGNED_AT,
    )


def _verify(credential: Any, lists: dict[str, Any] | None = None, **kwargs: Any) -> VerificationResult:
    fetcher = static_status_fetcher(lists) if lists is not None else None
    return verify_credential(credential, resolver=DidResolver(), status_fetcher=fetcher, now=NOW, **kwargs)


def test_our_micro_credential_verifies_with_a_clear_status(issuer_key: Ed25519Multikey) -> None:
    credential = _issue(issuer_key)
    result = _verify(credential, {LIST_URL: _status_list(issuer_key, BitstringStatusList.create())})
    assert result.verified, result.to_json()
    assert result.check("status").status == "passed"


def test_revoked_and_suspended_credentials_fail(issuer_key: Ed25519Multikey) -> None:
    revoked = _status_list(issuer_key, BitstringStatusList.create().set(94567))
    assert _codes(_verify(_issue(issuer_key), {LIST_URL: revoked}), "status") == {"credential_revoked"}
    suspended = _status_list(issuer_key, BitstringStatusList.create().set(94567), status_purpose="suspension")
    result = _verify(_issue(issuer_key, purpose="suspension"), {LIST_URL: suspended})
    assert _codes(result, "status") == {"credential_suspended"}


@pytest.mark.parametrize(
    ("lists", "code"),
    [
        (None, "status_unavailable"),
        ({}, "status_retrieval_failed"),
        ({LIST_URL: "not a credential"}, "status_retrieval_failed"),
    ],
)
def test_status_fails_closed_when_the_list_cannot_be_had(
    issuer_key: Ed25519Multikey, lists: Any, code: str
) -> None:
    result = _verify(_issue(issuer_key), lists)
    assert _codes(result, "status") == {code}
    assert not result.verified


def test_status_list_must_verify_and_match(issuer_key: Ed25519Multikey) -> None:
    credential = _issue(issuer_key)
    good = _status_list(issuer_key, BitstringStatusList.create())
    tampered = copy.deepcopy(good)
    tampered["credentialSubject"]["encodedList"] = BitstringStatusList.create().set(3).encode()
    assert _codes(_verify(credential, {LIST_URL: tampered}), "status") == {"status_list_invalid"}
    wrong_purpose = _status_list(issuer_key, BitstringStatusList.create(), status_purpose="suspension")
    assert _codes(_verify(credential, {LIST_URL: wrong_purpose}), "status") == {"status_purpose_mismatch"}
    other = Ed25519Multikey.from_seed(bytes(31) + b"\x01")
    foreign = _status_list(other, BitstringStatusList.create())
    assert _codes(_verify(credential, {LIST_URL: foreign}), "status") == {"status_list_issuer_mismatch"}
    expired = _status_list(
        issuer_key, BitstringStatusList.create(), valid_until=datetime(2025, 1, 1, tzinfo=UTC)
    )
    assert _codes(_verify(credential, {LIST_URL: expired}), "status") == {"status_list_invalid"}


def test_tampering_with_a_signed_credential_breaks_the_proof(issuer_key: Ed25519Multikey) -> None:
    credential = _issue(issuer_key)
    credential["credentialSubject"]["result"][0]["achievedLevel"] = (
        "https://college.example.ca/mc/gmp/results/0/levels/developing"
    )
    result = _verify(credential, {LIST_URL: _status_list(issuer_key, BitstringStatusList.create())})
    assert result.check("proof").status == "failed"
    assert not result.verified


def test_recipient_by_hashed_email_and_by_id(issuer_key: Ed25519Multikey) -> None:
    credential = _issue(issuer_key)
    lists = {LIST_URL: _status_list(issuer_key, BitstringStatusList.create())}
    matched = _verify(
        credential, lists, expected_recipient="learner@example.ca", recipient_identity_type="emailAddress"
    )
    assert matched.check("recipient").status == "passed" and matched.verified
    other = _verify(credential, lists, expected_recipient="someone@example.ca")
    assert _codes(other, "recipient") == {"recipient_mismatch"}
    fixture = load(VALIDATOR / "simple.json")
    by_id = verify_credential(
        fixture,
        resolver=resolver_for(fixture),
        now=NOW,
        expected_recipient="did:example:ebfeb1f712ebc6f1c276e12ec21",
    )
    assert by_id.check("recipient").status == "passed"


def test_embedded_endorsements_are_verified_recursively(issuer_key: Ed25519Multikey) -> None:
    partner = Ed25519Multikey.from_seed(bytes([7]) * 32)
    endorsement = EndorsementCredential(
        id="urn:uuid:0b0b9d36-2a0e-4c39-9d57-3b1c9ad1e7f1",
        name="Industry endorsement",
        issuer=Profile(partner.controller, "Partner Manufacturing Inc."),
        subject=EndorsementSubject("https://college.example.ca/mc/gmp/v1", "Reflects job performance."),
        valid_from=datetime(2024, 1, 1, tzinfo=UTC),
    )
    signed = add_proof(endorsement.to_json(), partner, cryptosuite="eddsa-rdfc-2022", created=SIGNED_AT)
    lists = {LIST_URL: _status_list(issuer_key, BitstringStatusList.create())}
    result = _verify(_issue(issuer_key, endorsements=(signed,)), lists)
    assert result.check("endorsements").status == "passed", result.to_json()
    assert result.verified
    assert result.to_json()["checks"][-1]["results"][0]["verified"] is True

    forged = copy.deepcopy(signed)
    forged["credentialSubject"]["endorsementComment"] = "Best program ever."
    result = _verify(_issue(issuer_key, endorsements=(forged,)), lists)
    assert result.check("proof").status == "passed"  # the issuer signed over the forged endorsement…
    assert result.check("endorsements").status == "failed"  # …but the endorsement itself does not verify
    assert any(code.startswith("endorsement_") for code in _codes(result, "endorsements"))
    assert not result.verified


def test_result_json_shape(issuer_key: Ed25519Multikey) -> None:
    result = _verify(_issue(issuer_key), None)
    data = result.to_json()
    assert set(data) == {"verified", "checks", "problemDetails"}
    assert data["verified"] is False
    assert [check["name"] for check in data["checks"]] == list(CHECK_NAMES)
    assert data["problemDetails"] == [problem for check in data["checks"] for problem in check["problems"]]
    assert {"type", "code", "title", "detail", "detailFr"} <= set(data["problemDetails"][0])


@pytest.mark.parametrize("value", [None, [], "credential", 42, [{"type": "VerifiableCredential"}]])
def test_not_an_object_is_a_failed_structure_check(value: object) -> None:
    result = verify_credential(value, resolver=DidResolver(), now=NOW)
    assert not result.verified
    assert _codes(result, "structure") == {"not_an_object"}
    assert all(check.status == "skipped" for check in result.checks[1:])


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=75, deadline=None)
@given(
    st.fixed_dictionaries(
        {},
        optional={
            "@context": json_values,
            "type": json_values,
            "issuer": json_values,
            "credentialSubject": json_values,
            "proof": json_values,
            "credentialStatus": json_values,
            "validFrom": json_values,
            "endorsement": json_values,
        },
    )
)
def test_never_raises_and_never_verifies_garbage(document: dict[str, Any]) -> None:
    result = verify_credential(
        document, resolver=DidResolver(), status_fetcher=static_status_fetcher({}), now=NOW
    )
    assert not result.verified
    assert result.to_json()["verified"] is False


def _without(document: dict[str, Any], path: tuple[Any, ...]) -> dict[str, Any]:
    mutated = copy.deepcopy(document)
    parent: Any = mutated
    for step in path[:-1]:
        parent = parent[step]
    del parent[path[-1]]
    return mutated


def _leaf_paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(value, dict):
        return [p for key, item in value.items() for p in _leaf_paths(item, (*prefix, key))] or [prefix]
    if isinstance(value, list):
        return [p for index, item in enumerate(value) for p in _leaf_paths(item, (*prefix, index))] or [
            prefix
        ]
    return [prefix]


def test_removing_any_signed_field_fails_verification(issuer_key: Ed25519Multikey) -> None:
    credential = _issue(issuer_key)
    lists = {LIST_URL: _status_list(issuer_key, BitstringStatusList.create())}
    unsigned_paths = list(_leaf_paths({k: v for k, v in credential.items() if k != "proof"}))
    for path in unsigned_paths:
        result = _verify(_without(credential, path), lists)
        assert not result.verified, path


@pytest.mark.parametrize(
    "where",
    [(), ("credentialSubject",), ("credentialSubject", "achievement"), ("issuer",), ("evidence", 0)],
)
def test_adding_an_undefined_term_anywhere_fails_verification(
    issuer_key: Ed25519Multikey, where: tuple[Any, ...]
) -> None:
    credential = _issue(issuer_key)
    target: Any = credential
    for step in where:
        target = target[step]
    target["grade"] = "A+"  # not defined by any of the credential's contexts
    lists = {LIST_URL: _status_list(issuer_key, BitstringStatusList.create())}
    result = _verify(credential, lists)
    assert result.check("proof").status == "failed"
    assert not result.verified


def test_a_key_not_listed_in_the_issuers_assertion_method_is_rejected() -> None:
    from credcore.dids import did_web_document

    key = Ed25519Multikey.from_seed(bytes([9]) * 32)
    document = did_web_document("college.example.ca", key)
    did = document["id"]
    bound = key.bound_to(controller=did, key_id=document["verificationMethod"][0]["id"])
    signed = add_proof(
        micro_credential(did).to_json(), bound, cryptosuite="eddsa-rdfc-2022", created=SIGNED_AT
    )
    trusted = verify_credential(signed, resolver=DidResolver(documents={did: document}), now=NOW)
    assert trusted.verified, trusted.to_json()
    document_without = {**document, "assertionMethod": []}
    result = verify_credential(signed, resolver=DidResolver(documents={did: document_without}), now=NOW)
    assert not result.verified
    assert _codes(result, "proof") == {"verification_method_not_authorized"}


def test_a_status_cache_verifies_each_list_once_and_stays_correct(
    issuer_key: Ed25519Multikey, monkeypatch: pytest.MonkeyPatch
) -> None:
    from credcore import status_validation
    from credcore.status_validation import StatusListCache

    calls: list[str] = []
    real = status_validation.proof_problems

    def counting(document: Any, resolver: DidResolver, now: datetime) -> Any:
        calls.append(document["id"])
        return real(document, resolver, now)

    monkeypatch.setattr(status_validation, "proof_problems", counting)
    cache = StatusListCache()
    clear = {LIST_URL: _status_list(issuer_key, BitstringStatusList.create())}
    credential = _issue(issuer_key)
    resolver = DidResolver()  # one run, one resolver: what the cache is for
    for _ in range(5):
        fetcher = static_status_fetcher(clear)
        result = verify_credential(
            credential, resolver=resolver, status_fetcher=fetcher, now=NOW, status_cache=cache
        )
        assert result.verified
    assert calls == [LIST_URL]
    # another resolver: the proof is checked again
    assert _verify(credential, clear, status_cache=cache).verified
    assert calls == [LIST_URL, LIST_URL]
    revoked = {LIST_URL: _status_list(issuer_key, BitstringStatusList.create().set(94567))}
    assert _codes(_verify(credential, revoked, status_cache=cache), "status") == {"credential_revoked"}
    tampered = copy.deepcopy(clear[LIST_URL])
    tampered["credentialSubject"]["encodedList"] = BitstringStatusList.create().set(3).encode()
    result = _verify(credential, {LIST_URL: tampered}, status_cache=cache)
    assert _codes(result, "status") == {"status_list_invalid"}
    assert len(calls) == 4
