"""Credentials the JavaScript reference signs (vc.issue, with an Ed25519 key it generates itself) verify in
microcred; what the reference refuses to sign (an undefined term), microcred refuses too. One sign.mjs
process signs the whole module's batch."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from credcore.dataintegrity import add_proof, verify_proof
from credcore.dids import DidResolver
from credcore.errors import SafeModeError
from credcore.keys import Ed25519Multikey

from . import reference
from .credentials import EDGE_CASES, endorsement, microcredential, minimal_vc, undefined_term

pytestmark = pytest.mark.interop

RDFC, JCS = "eddsa-rdfc-2022", "eddsa-jcs-2022"
CREATED = "2026-06-12T13:30:00Z"
PLACEHOLDER = "did:key:replaced-by-sign-mjs"  # sign.mjs --issuer-from-key puts its key's DID here

CASES = [
    (name, suite)
    for suite in (RDFC, JCS)
    for name in ("minimal_vc", "ob3_microcredential_endorsed", *EDGE_CASES)
]


class Signed:
    def __init__(self, public_key: dict[str, Any], results: dict[Any, dict[str, Any]], key_file: Path):
        self.public_key = public_key
        self.results = results
        self.key_file = key_file


@pytest.fixture(scope="module")
def signed_by_reference(tmp_path_factory: pytest.TempPathFactory) -> Signed:
    reference.require_reference()
    partner = Ed25519Multikey.generate()
    signed_endorsement = add_proof(
        endorsement(partner.controller), partner, cryptosuite=RDFC, created=CREATED
    )
    requests: dict[Any, dict[str, Any]] = {}
    for suite in (RDFC, JCS):
        requests["minimal_vc", suite] = minimal_vc(PLACEHOLDER)
        requests["ob3_microcredential_endorsed", suite] = microcredential(
            PLACEHOLDER, endorsements=[signed_endorsement]
        )
        for name, build in EDGE_CASES.items():
            requests[name, suite] = build(PLACEHOLDER)
    requests["undefined_term", RDFC] = undefined_term(PLACEHOLDER)
    key_file = tmp_path_factory.mktemp("reference-key") / "key.json"
    public_key, results = reference.sign(
        [{"credential": credential, "suite": suite} for (_, suite), credential in requests.items()],
        "--issuer-from-key",
        "--created",
        CREATED,
        "--key-out",
        str(key_file),
    )
    return Signed(public_key, dict(zip(requests, results, strict=True)), key_file)


def _credential(signed: Signed, name: str, suite: str) -> dict[str, Any]:
    result = signed.results[name, suite]
    assert result["ok"] is True, reference.describe(result)
    credential: dict[str, Any] = result["credential"]
    assert credential["proof"]["cryptosuite"] == suite
    assert credential["proof"]["verificationMethod"] == signed.public_key["id"]
    return credential


@pytest.mark.parametrize(("name", "suite"), CASES, ids=[f"{name}-{suite}" for name, suite in CASES])
def test_microcred_verifies_reference_credential(signed_by_reference: Signed, name: str, suite: str) -> None:
    credential = _credential(signed_by_reference, name, suite)
    check = verify_proof(credential, resolver=DidResolver())
    assert check.verified is True, [problem.to_json() for problem in check.problems]
    assert check.problems == ()
    assert check.cryptosuite == suite
    assert check.verification_method == signed_by_reference.public_key["id"]


@pytest.mark.parametrize("suite", [RDFC, JCS])
def test_microcred_rejects_reference_credential_changed_after_signing(
    signed_by_reference: Signed, suite: str
) -> None:
    tampered = copy.deepcopy(_credential(signed_by_reference, "ob3_microcredential_endorsed", suite))
    tampered["credentialSubject"]["result"][1]["achievedLevel"] = tampered["credentialSubject"]["result"][0][
        "achievedLevel"
    ]
    check = verify_proof(tampered, resolver=DidResolver())
    assert check.verified is False
    assert check.problems


def test_reference_key_document_loads_in_microcred(signed_by_reference: Signed) -> None:
    exported = json.loads(signed_by_reference.key_file.read_text(encoding="utf-8"))
    key = Ed25519Multikey.from_document(exported)  # the reference's secretKeyMultibase (z3u2…) parses
    assert key.can_sign
    assert key.public_key_multibase == signed_by_reference.public_key["publicKeyMultibase"]
    assert key.did_key == signed_by_reference.public_key["controller"]
    assert key.did_key_verification_method == signed_by_reference.public_key["id"]


def test_undefined_term_is_refused_by_both(signed_by_reference: Signed) -> None:
    result = signed_by_reference.results["undefined_term", RDFC]
    assert result["ok"] is False
    assert result["error"]["name"] == "jsonld.ValidationError", reference.describe(result)
    assert result["error"]["event"]["details"]["property"] == "favouriteColour"
    issuer = Ed25519Multikey.generate()
    with pytest.raises(SafeModeError):
        add_proof(undefined_term(issuer.controller), issuer, cryptosuite=RDFC)


def test_the_batch_held_every_case(signed_by_reference: Signed) -> None:
    assert sorted(signed_by_reference.results) == sorted([*CASES, ("undefined_term", RDFC)])
