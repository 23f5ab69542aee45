"""verify_document: the platform's resolver (our DIDs and status lists from the database, no HTTP), the
issuer-trust check (registered organisation, trust list, unknown -> warning) and the page-ready report."""

from __future__ import annotations

import copy
from typing import Any

from django.template.loader import render_to_string

from credcore import sign_credential
from credcore.keys import Ed25519Multikey
from microcred.accounts.models import Organization
from microcred.verification import services
from microcred.verification.fetching import PlatformDocuments
from microcred.verification.models import TrustedIssuer
from microcred.verification.selectors import verify_document

from .conftest import revoke


def _statuses(report: Any) -> dict[str, str]:
    return {check.name: check.status for check in report.result.checks}


def test_platform_credential_verifies_offline_and_issuer_is_known(credential: dict[str, Any]) -> None:
    report = verify_document(credential, language="en", documents=PlatformDocuments(network=False))
    assert report.verified, report.to_json()
    statuses = _statuses(report)
    assert statuses["proof"] == statuses["status"] == statuses["issuer_trust"] == "passed"
    assert report.outcome == "verified"
    assert report.trust.basis == "organization"
    assert report.issuer_name == "Algonquin College"
    assert report.to_json()["issuerTrust"]["basis"] == "organization"


def test_report_has_label_competencies_evidence_in_french(credential: dict[str, Any]) -> None:
    report = verify_document(credential, language="fr")
    assert report.issuer_name == "Collège Algonquin"
    assert report.outcome_text == "Vérifié"
    assert any(name == "Effort (heures)" and value == "40" for name, value in report.label)
    assert [line.achieved for line in report.competencies] == ["Competent", "Competent"]
    assert report.evidence[0]["url"] == "https://portfolio.example/batch-42"
    proof_line = next(line for line in report.checks if line.name == "proof")
    assert proof_line.sentence.startswith("La signature numérique est valide")


def test_revoked_credential_fails_status(org: Organization, credential: dict[str, Any]) -> None:
    revoke(org, credential["id"])
    report = verify_document(credential, language="en")
    assert not report.verified
    assert _statuses(report)["status"] == "failed"
    assert report.outcome == "failed"


def test_tampered_credential_fails_and_trust_is_not_claimed(credential: dict[str, Any]) -> None:
    tampered = copy.deepcopy(credential)
    tampered["credentialSubject"]["achievement"]["name"] = "Brain surgery"
    report = verify_document(tampered, language="en")
    assert not report.verified
    assert _statuses(report)["proof"] == "failed"
    assert _statuses(report)["issuer_trust"] == "skipped"


def _external_credential(credential: dict[str, Any]) -> tuple[dict[str, Any], str]:
    key = Ed25519Multikey.from_seed(b"\x05" * 32)
    key = key.bound_to(controller=key.did_key, key_id=key.did_key_verification_method)
    unsigned = {k: v for k, v in credential.items() if k not in ("proof", "credentialStatus")}
    unsigned["issuer"] = {**unsigned["issuer"], "id": key.controller, "name": "Elsewhere Institute"}
    return sign_credential(unsigned, key), key.controller


def test_unknown_valid_issuer_is_verified_with_a_warning(credential: dict[str, Any]) -> None:
    external, _did = _external_credential(credential)
    report = verify_document(external, language="en")
    assert report.verified  # never silently failed …
    assert _statuses(report)["issuer_trust"] == "warning"  # … never silently trusted
    assert report.outcome == "warning"
    assert [p["code"] for p in report.to_json()["warnings"]] == ["issuer_not_known"]
    assert report.to_json()["problemDetails"] == []


def test_trust_list_entry_makes_issuer_known(credential: dict[str, Any]) -> None:
    external, did = _external_credential(credential)
    TrustedIssuer.objects.create(issuer_id=did, name_en="Elsewhere Institute", name_fr="Institut Ailleurs")
    report = verify_document(external, language="fr")
    assert _statuses(report)["issuer_trust"] == "passed"
    assert report.trust.basis == "trust_list" and report.issuer_name == "Institut Ailleurs"
    services.trusted_issuer_remove(issuer_id=did)
    assert _statuses(verify_document(external))["issuer_trust"] == "warning"


def test_other_host_did_web_is_unknown_without_network(credential: dict[str, Any]) -> None:
    elsewhere = copy.deepcopy(credential)
    elsewhere["issuer"]["id"] = "did:web:college.elsewhere.example"
    report = verify_document(elsewhere, documents=PlatformDocuments(network=False))
    assert not report.verified  # the key cannot be resolved: fail closed


def test_report_template_renders_every_section(credential: dict[str, Any]) -> None:
    report = verify_document(credential, language="en")
    html = render_to_string("verification/_report.html", {"report": report, "show_evidence": True})
    for text in ("Verified", "Nutrition label", "Competencies assessed", "Batch record", "Algonquin College"):
        assert text in html
    hidden = render_to_string("verification/_report.html", {"report": report, "show_evidence": False})
    assert "Batch record" not in hidden


def test_untrusted_links_are_not_rendered(credential: dict[str, Any]) -> None:
    external, _ = _external_credential(credential)
    external["evidence"] = [{"id": "javascript:alert(1)", "type": ["Evidence"], "name": "x"}]
    report = verify_document(external, language="en")
    html = render_to_string("verification/_report.html", {"report": report, "show_evidence": True})
    assert "javascript:" not in html


def test_endorsements_are_shown_with_their_verdict(credential: dict[str, Any]) -> None:
    from tests.interop.credentials import endorsement

    partner = Ed25519Multikey.from_seed(b"\x44" * 32)
    partner = partner.bound_to(controller=partner.did_key, key_id=partner.did_key_verification_method)
    signed_endorsement = sign_credential(endorsement(partner.controller), partner)
    forged = copy.deepcopy(signed_endorsement)
    forged["credentialSubject"]["endorsementComment"] = "Outstanding in every way."
    forged["id"] = "urn:uuid:6d1c2b3a-0000-4000-8000-000000000001"  # a second node, not a copy of the first
    external, _ = _external_credential(credential)
    for extra, verified in (([signed_endorsement], True), ([signed_endorsement, forged], False)):
        unsigned = {k: v for k, v in external.items() if k != "proof"}
        unsigned["credentialSubject"]["achievement"]["endorsement"] = extra
        key = Ed25519Multikey.from_seed(b"\x05" * 32)
        key = key.bound_to(controller=key.did_key, key_id=key.did_key_verification_method)
        report = verify_document(sign_credential(unsigned, key), language="en")
        assert [e["verified"] for e in report.endorsements] == [True, False][: len(extra)]
        assert report.endorsements[0]["endorser"] == "Food Processing Skills Canada"
        assert "in demand" in report.endorsements[0]["comment"]
        assert report.verified is verified
        html = render_to_string("verification/_report.html", {"report": report, "show_evidence": False})
        assert "Food Processing Skills Canada" in html
