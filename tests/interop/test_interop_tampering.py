"""A microcred-signed credential changed after signing fails in BOTH verifiers, for the right reason: an
invalid signature, or (eddsa-rdfc-2022) safe mode for a term no context defines. Untouched controls and
changes that leave the signed statements the same must verify in both, so a broken harness cannot pass
as "rejected". One verify.mjs process checks the whole module's batch."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from credcore.dataintegrity import add_proof, verify_proof
from credcore.dids import DidResolver
from credcore.keys import Ed25519Multikey

from . import reference
from .credentials import ESCO, endorsement, microcredential, minimal_vc

pytestmark = pytest.mark.interop

RDFC, JCS = "eddsa-rdfc-2022", "eddsa-jcs-2022"
CREATED = "2026-06-12T13:30:00Z"
VERIFIES, INVALID_SIGNATURE, SAFE_MODE = "verifies", "invalid signature", "safe mode"
REFUSED_CONTEXT = "refused context"
UNKNOWN_CONTEXT = "https://contexts.example/not-bundled/v1"

Json = dict[str, Any]


def _subject(credential: Json) -> Json:
    subject: Json = credential["credentialSubject"]
    return subject


def _set_name(credential: Json) -> None:
    credential["name"] = "Advanced Good Manufacturing Practices"


def _raise_level(credential: Json) -> None:
    result = _subject(credential)["result"][1]
    result["achievedLevel"] = result["achievedLevel"].replace("-competent", "-mastered")


def _swap_alignment(credential: Json) -> None:
    alignment = _subject(credential)["achievement"]["alignment"][0]
    alignment["targetUrl"] = f"{ESCO}00000000-0000-0000-0000-000000000000"


def _more_credits(credential: Json) -> None:
    _subject(credential)["achievement"]["creditsAvailable"] = 5


def _drop_evidence(credential: Json) -> None:
    del credential["evidence"][1]


def _drop_status(credential: Json) -> None:
    del credential["credentialStatus"]


def _add_defined_term(credential: Json) -> None:
    credential["description"] = "Also counts toward the Advanced Manufacturing certificate."


def _add_undefined_term(credential: Json) -> None:
    _subject(credential)["favouriteColour"] = "teal"


def _append_to_endorsement(credential: Json) -> None:
    embedded = _subject(credential)["achievement"]["endorsement"][0]
    embedded["credentialSubject"]["endorsementComment"] += " Highly recommended."


def _backdate_proof(credential: Json) -> None:
    credential["proof"]["created"] = "2020-01-01T00:00:00Z"


def _untouched(credential: Json) -> None:
    return None


def _reverse_alignments(credential: Json) -> None:
    _subject(credential)["achievement"]["alignment"].reverse()


def _alias_type(credential: Json) -> None:
    credential["type"] = ["VerifiableCredential", "AchievementCredential"]  # the same IRI in OB 3.0.3


# name -> (change, expected outcome for eddsa-rdfc-2022, for eddsa-jcs-2022)
CHANGES: dict[str, tuple[Callable[[Json], None], str, str]] = {
    "untouched": (_untouched, VERIFIES, VERIFIES),
    "changed_name": (_set_name, INVALID_SIGNATURE, INVALID_SIGNATURE),
    "raised_result_level": (_raise_level, INVALID_SIGNATURE, INVALID_SIGNATURE),
    "changed_esco_alignment": (_swap_alignment, INVALID_SIGNATURE, INVALID_SIGNATURE),
    "changed_number": (_more_credits, INVALID_SIGNATURE, INVALID_SIGNATURE),
    "removed_evidence": (_drop_evidence, INVALID_SIGNATURE, INVALID_SIGNATURE),
    "removed_credential_status": (_drop_status, INVALID_SIGNATURE, INVALID_SIGNATURE),
    "added_defined_term": (_add_defined_term, INVALID_SIGNATURE, INVALID_SIGNATURE),
    "added_undefined_term": (_add_undefined_term, SAFE_MODE, INVALID_SIGNATURE),
    "changed_embedded_endorsement": (_append_to_endorsement, INVALID_SIGNATURE, INVALID_SIGNATURE),
    "backdated_proof": (_backdate_proof, INVALID_SIGNATURE, INVALID_SIGNATURE),
    # JSON-LD lists here are unordered sets and type aliases expand to one IRI: the signed statements are
    # the same under RDFC, while JCS signs the JSON text itself
    "reversed_alignments": (_reverse_alignments, VERIFIES, INVALID_SIGNATURE),
    "aliased_type": (_alias_type, VERIFIES, INVALID_SIGNATURE),
}

CASES = [(change, suite) for suite in (RDFC, JCS) for change in CHANGES] + [
    ("minimal_vc_added_undefined_term", RDFC),
    ("swapped_proof_value", RDFC),
    ("added_unknown_context", RDFC),
]


def _expected(change: str, suite: str) -> str:
    if change in ("minimal_vc_added_undefined_term",):
        return SAFE_MODE
    if change == "swapped_proof_value":
        return INVALID_SIGNATURE
    if change == "added_unknown_context":
        return REFUSED_CONTEXT
    _, rdfc, jcs = CHANGES[change]
    return rdfc if suite == RDFC else jcs


def _documents() -> dict[tuple[str, str], Json]:
    issuer, partner = Ed25519Multikey.generate(), Ed25519Multikey.generate()
    signed_endorsement = add_proof(
        endorsement(partner.controller), partner, cryptosuite=RDFC, created=CREATED
    )
    unsigned = microcredential(issuer.controller, endorsements=[signed_endorsement])
    documents: dict[tuple[str, str], Json] = {}
    for suite in (RDFC, JCS):
        signed = add_proof(unsigned, issuer, cryptosuite=suite, created=CREATED)
        for name, (change, _, _) in CHANGES.items():
            document = copy.deepcopy(signed)
            change(document)
            documents[name, suite] = document
    minimal = add_proof(minimal_vc(issuer.controller), issuer, cryptosuite=RDFC, created=CREATED)
    injected = copy.deepcopy(minimal)
    injected["credentialSubject"]["degree"] = "injected after signing"
    documents["minimal_vc_added_undefined_term", RDFC] = injected
    swapped = copy.deepcopy(documents["untouched", RDFC])
    swapped["proof"]["proofValue"] = minimal["proof"]["proofValue"]
    documents["swapped_proof_value", RDFC] = swapped
    # neither side may fetch a context it does not bundle (the reference's loader has no network)
    unknown = copy.deepcopy(minimal)
    unknown["@context"] = [*unknown["@context"], UNKNOWN_CONTEXT]
    documents["added_unknown_context", RDFC] = unknown
    return documents


Outcomes = dict[tuple[str, str], tuple[Json, dict[str, Any]]]


@pytest.fixture(scope="module")
def outcomes() -> Outcomes:
    reference.require_reference()
    documents = _documents()
    results = reference.verify(list(documents.values()))
    return {case: (documents[case], result) for case, result in zip(documents, results, strict=True)}


def _assert_reference(result: dict[str, Any], expected: str) -> None:
    names = {error["name"] for error in result["errors"]}
    messages = {error["message"] for error in result["errors"]}
    if expected == VERIFIES:
        assert result["verified"] is True, reference.describe(result)
        return
    assert result["verified"] is False, "the reference accepted a changed credential"
    if expected == INVALID_SIGNATURE:
        assert "Invalid signature." in messages, reference.describe(result)
    elif expected == REFUSED_CONTEXT:
        assert "RefusedDocumentError" in names, reference.describe(result)
        assert any(UNKNOWN_CONTEXT in message for message in messages), reference.describe(result)
    else:
        assert "jsonld.ValidationError" in names, reference.describe(result)
        assert "Safe mode validation error." in messages, reference.describe(result)


@pytest.mark.parametrize(("change", "suite"), CASES, ids=[f"{change}-{suite}" for change, suite in CASES])
def test_both_verifiers_agree(outcomes: Outcomes, change: str, suite: str) -> None:
    document, result = outcomes[change, suite]
    expected = _expected(change, suite)
    _assert_reference(result, expected)
    check = verify_proof(document, resolver=DidResolver())
    assert check.verified is (expected == VERIFIES), [problem.to_json() for problem in check.problems]
    if expected != VERIFIES:
        assert check.problems, "microcred rejected without saying why"


def test_the_batch_held_every_case(outcomes: Outcomes) -> None:
    assert sorted(outcomes) == sorted(CASES)
