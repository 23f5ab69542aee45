"""CLR 2.0 ClrCredential (https://www.imsglobal.org/spec/clr/v2p0/#clrcredential): built, checked, signed."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from tests.fixtures.formats.samples import credential, ed_key

from credcore import DidResolver, sign_credential
from credcore.clr import CLR_CONTEXT, build_clr_credential, clr_problems
from credcore.dataintegrity import verify_proof
from credcore.errors import InvalidDocumentError

CLR_VECTOR = (
    Path(__file__).resolve().parent.parent / "fixtures" / "formats" / "clr" / "clr-ldp-01-Credential.json"
)
ISSUER = {"id": ed_key().did_key, "type": ["Profile"], "name": "Example College"}
LEARNER = "did:example:learner-4f2c"


def signed_member() -> dict[str, Any]:
    return sign_credential(credential(ed_key().did_key), ed_key())


def build(**overrides: Any) -> dict[str, Any]:
    arguments: dict[str, Any] = {
        "issuer": ISSUER,
        "learner_id": LEARNER,
        "credentials": [signed_member()],
        "name": "Comprehensive Learner Record",
        "valid_from": "2027-01-15T12:00:00Z",
        "credential_id": "urn:uuid:0e4c2a7a-1111-4c1c-8a9a-000000000001",
    }
    return build_clr_credential(**{**arguments, **overrides})


def test_builds_a_clr_credential_shaped_like_the_1edtech_example() -> None:
    example = json.loads(CLR_VECTOR.read_text(encoding="utf-8"))
    assert clr_problems(example) == []  # our checks accept 1EdTech's own example
    record = build()
    assert record["@context"][:2] == example["@context"][:2]
    assert record["type"] == example["type"]
    assert record["credentialSubject"]["type"] == ["ClrSubject"]
    assert record["credentialSubject"]["verifiableCredential"][0]["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    assert clr_problems(record) == []


@pytest.mark.parametrize("suite", ["eddsa-rdfc-2022", "eddsa-jcs-2022"])
def test_signed_clr_verifies_and_tampering_fails(suite: str) -> None:
    signed = sign_credential(build(), ed_key(), cryptosuite=suite)
    assert verify_proof(signed, resolver=DidResolver()).verified
    tampered = copy.deepcopy(signed)
    tampered["credentialSubject"]["verifiableCredential"][0]["name"] = "Doctor of Medicine"
    assert not verify_proof(tampered, resolver=DidResolver()).verified


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"credentials": []}, "non-empty"),
        ({"learner_id": "not a uri"}, "credentialSubject needs an id"),
        ({"valid_from": "2027-01-15"}, "validFrom"),
        ({"name": " "}, "name is required"),
        ({"issuer": {"name": "No id"}}, "issuer must be a Profile"),
        ({"credentials": [{"type": ["VerifiableCredential"]}]}, "must be an OpenBadgeCredential"),
        (
            {"credentials": [{**credential("did:example:x"), "validFrom": "yesterday"}]},
            "verifiableCredential[0]",
        ),
    ],
)
def test_invalid_records_are_refused(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidDocumentError) as raised:
        build(**overrides)
    assert message in raised.value.detail


def test_context_is_the_bundled_clr_context() -> None:
    from credcore.contexts import CONTEXT_URLS

    assert CLR_CONTEXT in CONTEXT_URLS


def test_known_answer_the_1edtech_signed_clr_vector_verifies() -> None:
    """The OB 3.0 implementation guide's CLR 2.0 eddsa-rdfc-2022 test vector (1EdTech test key)."""
    from tests.core._ob_fixtures import resolver_for

    signed = json.loads((CLR_VECTOR.parent / "clr-ldp-04-Signed-credential.json").read_text(encoding="utf-8"))
    assert clr_problems(signed) == []
    assert verify_proof(signed, resolver=resolver_for(signed)).verified
    signed["credentialSubject"]["verifiableCredential"][0]["name"] += "!"
    assert not verify_proof(signed, resolver=resolver_for(signed)).verified
