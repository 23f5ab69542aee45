"""Credentials microcred signs verify in the JavaScript reference (vc.verifyCredential, safe mode, the
same bundled contexts, no network). One verify.mjs process checks the whole module's batch."""

from __future__ import annotations

import json
from typing import Any

import pytest

from credcore.dataintegrity import add_proof
from credcore.dids import did_web_document
from credcore.keys import Ed25519Multikey

from . import reference
from .credentials import EDGE_CASES, endorsement, microcredential, minimal_vc

pytestmark = pytest.mark.interop

RDFC, JCS = "eddsa-rdfc-2022", "eddsa-jcs-2022"
CREATED = "2026-06-12T13:30:00Z"
WEB_DOMAIN = "credentials.algonquin.example"

CASES = [
    (name, suite)
    for suite in (RDFC, JCS)
    for name in ("minimal_vc", "ob3_microcredential_endorsed", *EDGE_CASES)
] + [("endorsement_credential", RDFC), ("ob3_microcredential_did_web", RDFC)]

Results = dict[tuple[str, str], tuple[dict[str, Any], dict[str, Any]]]


def _sign(document: dict[str, Any], key: Ed25519Multikey, suite: str) -> dict[str, Any]:
    return add_proof(document, key, cryptosuite=suite, created=CREATED)


def _signed_cases(did_documents_file: str) -> dict[tuple[str, str], dict[str, Any]]:
    issuer = Ed25519Multikey.generate()
    partner = Ed25519Multikey.generate()
    did = issuer.controller
    signed_endorsement = _sign(endorsement(partner.controller), partner, RDFC)
    cases: dict[tuple[str, str], dict[str, Any]] = {("endorsement_credential", RDFC): signed_endorsement}
    for suite in (RDFC, JCS):
        cases["minimal_vc", suite] = _sign(minimal_vc(did), issuer, suite)
        cases["ob3_microcredential_endorsed", suite] = _sign(
            microcredential(did, endorsements=[signed_endorsement]), issuer, suite
        )
        for name, build in EDGE_CASES.items():
            cases[name, suite] = _sign(build(did), issuer, suite)

    # a did:web issuer: the reference resolves it from the DID document microcred generates
    web_document = did_web_document(WEB_DOMAIN, issuer)
    web_key = issuer.bound_to(controller=web_document["id"], key_id=web_document["assertionMethod"][0])
    cases["ob3_microcredential_did_web", RDFC] = _sign(microcredential(web_document["id"]), web_key, RDFC)
    with open(did_documents_file, "w", encoding="utf-8") as handle:
        json.dump([web_document], handle)
    return cases


@pytest.fixture(scope="module")
def verified_by_reference(tmp_path_factory: pytest.TempPathFactory) -> Results:
    reference.require_reference()
    did_documents = str(tmp_path_factory.mktemp("did-web") / "did-documents.json")
    cases = _signed_cases(did_documents)
    results = reference.verify(list(cases.values()), "--did-documents", did_documents)
    return {case: (cases[case], result) for case, result in zip(cases, results, strict=True)}


@pytest.mark.parametrize(("name", "suite"), CASES, ids=[f"{name}-{suite}" for name, suite in CASES])
def test_reference_verifies_microcred_credential(
    verified_by_reference: Results, name: str, suite: str
) -> None:
    credential, result = verified_by_reference[name, suite]
    assert credential["proof"]["cryptosuite"] == suite
    assert result["verified"] is True, reference.describe(result)
    assert result["errors"] == []


def test_the_batch_held_every_case(verified_by_reference: Results) -> None:
    assert sorted(verified_by_reference) == sorted(CASES)
