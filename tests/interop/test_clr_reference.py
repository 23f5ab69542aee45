"""A CLR 2.0 ClrCredential microcred builds and signs verifies in the JavaScript reference
(vc.verifyCredential, safe mode, the bundled contexts, no network); a tampered one does not."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from credcore import sign_credential
from credcore.clr import build_clr_credential
from credcore.keys import Ed25519Multikey

from . import reference
from .credentials import microcredential

pytestmark = pytest.mark.interop


def _clr(suite: str) -> dict[str, Any]:
    issuer = Ed25519Multikey.generate()
    did = issuer.controller
    members = []
    for index in range(2):
        member = microcredential(did)
        member["id"] = f"{member['id']}-{index}"
        subject = member["credentialSubject"]  # the OB 3.0 schema wants date-times here
        for name in ("activityStartDate", "activityEndDate"):
            if name in subject:
                subject[name] = f"{subject[name][:10]}T00:00:00Z"
        members.append(sign_credential(member, issuer, cryptosuite=suite))
    record = build_clr_credential(
        issuer={"id": did, "type": ["Profile"], "name": "Algonquin College (example)"},
        learner_id="did:example:learner-4f2c",
        credentials=members,
        name="Comprehensive Learner Record",
        valid_from="2026-06-01T12:00:00Z",
    )
    return sign_credential(record, issuer, cryptosuite=suite)


@pytest.fixture(scope="module")
def results() -> list[tuple[dict[str, Any], dict[str, Any]]]:
    reference.require_reference()
    signed = [_clr("eddsa-rdfc-2022"), _clr("eddsa-jcs-2022")]
    tampered = copy.deepcopy(signed[0])
    tampered["credentialSubject"]["verifiableCredential"][0]["name"] = "Doctor of Medicine"
    documents = [*signed, tampered]
    return list(zip(documents, reference.verify(documents), strict=True))


@pytest.mark.parametrize("index", [0, 1], ids=["eddsa-rdfc-2022", "eddsa-jcs-2022"])
def test_reference_verifies_signed_clr(
    results: list[tuple[dict[str, Any], dict[str, Any]]], index: int
) -> None:
    document, result = results[index]
    assert "ClrCredential" in document["type"]
    assert result["verified"] is True, reference.describe(result)


def test_reference_rejects_tampered_clr(results: list[tuple[dict[str, Any], dict[str, Any]]]) -> None:
    assert results[2][1]["verified"] is False
