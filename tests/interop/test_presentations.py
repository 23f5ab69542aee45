"""Verifiable Presentations interoperate with the JavaScript reference (vc.signPresentation / vc.verify):
presentations credcore signs verify there, presentations it signs verify in credcore, and in both directions
a wrong challenge or domain, or a tampered embedded credential, is refused."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from credcore import sign_credential
from credcore.dids import DidResolver
from credcore.keys import Ed25519Multikey
from credcore.presentations import build_presentation, sign_presentation, verify_presentation

from . import reference
from .credentials import microcredential

pytestmark = pytest.mark.interop

CHALLENGE, DOMAIN = "8f1c0a52-5d3b-4b7e-9a57-3f0f7e7d9b21", "employer.example"
SUITES = ("eddsa-rdfc-2022", "eddsa-jcs-2022")


def _did_key(key: Ed25519Multikey) -> Ed25519Multikey:
    return key.bound_to(controller=key.did_key, key_id=key.did_key_verification_method)


def _credential(holder: str) -> dict[str, Any]:
    issuer = _did_key(Ed25519Multikey.generate())
    credential = microcredential(issuer.controller)
    credential.pop("credentialStatus", None)  # the reference does not fetch status lists offline
    subject = credential["credentialSubject"]
    subject["id"] = holder
    for name in ("activityStartDate", "activityEndDate"):  # dates, where OB 3.0's schema wants date-times
        subject.pop(name, None)
    return sign_credential(credential, issuer)


@pytest.fixture(scope="module", autouse=True)
def _reference() -> None:
    reference.require_reference()


@pytest.mark.parametrize("suite", SUITES)
def test_microcred_presentations_verify_in_the_reference(suite: str) -> None:
    holder = _did_key(Ed25519Multikey.generate())
    vp = build_presentation(holder=holder.controller, credentials=[_credential(holder.controller)])
    signed = sign_presentation(vp, holder, challenge=CHALLENGE, domain=DOMAIN, cryptosuite=suite)
    tampered = copy.deepcopy(signed)
    tampered["verifiableCredential"][0]["credentialSubject"]["achievement"]["name"] = "Brain surgery"
    requests = [
        {"op": "verify", "presentation": signed, "challenge": CHALLENGE, "domain": DOMAIN},
        {"op": "verify", "presentation": signed, "challenge": "another", "domain": DOMAIN},
        {"op": "verify", "presentation": signed, "challenge": CHALLENGE, "domain": "evil.example"},
        {"op": "verify", "presentation": tampered, "challenge": CHALLENGE, "domain": DOMAIN},
    ]
    answers = reference.run("presentations.mjs", requests, expect=len(requests))
    assert answers[0]["verified"] is True, answers[0]
    assert answers[0]["credentialsVerified"] == [True]
    assert [answer["verified"] for answer in answers[1:]] == [False, False, False]


@pytest.mark.parametrize("suite", SUITES)
def test_reference_presentations_verify_in_credcore(suite: str) -> None:
    unsigned = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiablePresentation"],
        "verifiableCredential": [_credential("did:example:placeholder")],
    }
    request = {
        "op": "sign",
        "presentation": unsigned,
        "challenge": CHALLENGE,
        "domain": DOMAIN,
        "suite": suite,
    }
    (answer,) = reference.run("presentations.mjs", [request], expect=1)
    assert answer["ok"] is True, answer
    signed = answer["presentation"]
    assert signed["holder"] == answer["holder"] and signed["proof"]["proofPurpose"] == "authentication"

    def verify(document: Any, challenge: str, domain: str) -> Any:
        return verify_presentation(document, resolver=DidResolver(), challenge=challenge, domain=domain)

    result = verify(signed, CHALLENGE, DOMAIN)
    assert result.verified, result.to_json()
    assert not verify(signed, "another", DOMAIN).verified
    assert not verify(signed, CHALLENGE, "evil.example").verified
    forged = copy.deepcopy(signed)
    forged["holder"] = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
    forged_result = verify(
        forged, CHALLENGE, DOMAIN
    )  # the holder is signed over: changing it breaks the proof
    assert not forged_result.verified and forged_result.check("proof").status == "failed"
