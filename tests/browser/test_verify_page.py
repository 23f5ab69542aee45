"""The public verify page in Chromium, EN and FR: axe-core finds 0 WCAG 2.1 AA violations on the empty page
and on verified, warned and failed results; pasting a credential and scanning a QR photo of a share link
(jsQR, client side) both end on a verified report."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from tests.verification.conftest import issue, make_org, publish_version

from .conftest import axe_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def credential(transactional_db: Any) -> dict[str, Any]:
    from microcred.issuance import services
    from microcred.issuance.builder import EvidenceItem

    org = make_org("algonquin", "Algonquin College")
    services.signing_key_create(organization=org, actor_label="test")
    version = publish_version(org)
    return issue(
        org, version, evidence=(EvidenceItem(url="https://portfolio.example/42", name="Batch record"),)
    )


def _paste(browser: Any, url: str, text: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(url)
    box = browser.find_element(By.ID, "document")
    browser.execute_script("arguments[0].value = arguments[1];", box, text)  # faster than send_keys
    box.find_element(By.XPATH, "./ancestor::form//button[@type='submit']").click()
    WebDriverWait(browser, 30).until(lambda d: d.find_elements(By.ID, "results-heading"))


@pytest.mark.parametrize(("lang", "verified"), [("en", "Verified"), ("fr", "Vérifié")])
def test_paste_verify_and_axe(
    browser: Any, live_server: Any, credential: dict[str, Any], lang: str, verified: str
) -> None:
    from selenium.webdriver.common.by import By

    page = f"{live_server.url}/{lang}/verify/"
    browser.get(page)
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == lang
    assert axe_violations(browser) == []
    _paste(browser, page, json.dumps(credential))
    badge = browser.find_element(By.CSS_SELECTOR, ".verification-report .outcome-badge")
    assert badge.text == verified
    assert axe_violations(browser) == []
    tampered = copy.deepcopy(credential)
    tampered["credentialSubject"]["achievement"]["name"] = "Brain surgery"
    _paste(browser, page, json.dumps(tampered))
    assert browser.find_elements(By.CSS_SELECTOR, ".outcome-failed")
    assert axe_violations(browser) == []
    _paste(browser, page, "not a credential")
    assert browser.find_element(By.CSS_SELECTOR, "[role=alert]").text
    assert axe_violations(browser) == []


def test_unknown_issuer_warning_page_is_accessible(
    browser: Any, live_server: Any, credential: dict[str, Any]
) -> None:
    from selenium.webdriver.common.by import By

    from credcore import sign_credential
    from credcore.keys import Ed25519Multikey

    key = Ed25519Multikey.from_seed(b"\x31" * 32)
    key = key.bound_to(controller=key.did_key, key_id=key.did_key_verification_method)
    unsigned = {k: v for k, v in credential.items() if k not in ("proof", "credentialStatus")}
    unsigned["issuer"] = {**unsigned["issuer"], "id": key.controller}
    for lang in ("en", "fr"):
        _paste(browser, f"{live_server.url}/{lang}/verify/", json.dumps(sign_credential(unsigned, key)))
        assert browser.find_elements(By.CSS_SELECTOR, ".outcome-warning .trust-unknown")
        assert axe_violations(browser) == []


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_qr_photo_of_share_link(
    browser: Any, live_server: Any, credential: dict[str, Any], tmp_path: Path, lang: str
) -> None:
    import segno
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from microcred.accounts.models import User
    from microcred.wallet import services, share_services

    user = User.objects.create_user(f"learner-{lang}@example.ca", "pw-long-enough-1")
    held = services.credential_import(user=user, data=json.dumps(credential).encode())
    _link, token = share_services.share_create(
        user=user, credential_ids=[held.pk], include_evidence=True, expires_in_days=7
    )
    photo = tmp_path / "qr.png"
    segno.make(f"{live_server.url}/{lang}/wallet/s/{token}/", error="m").save(str(photo), scale=8, border=4)
    browser.get(f"{live_server.url}/{lang}/verify/")
    browser.find_element(By.ID, "qr-photo").send_keys(str(photo))
    WebDriverWait(browser, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".verification-report"))
    assert browser.find_elements(By.CSS_SELECTOR, ".outcome-verified")
    assert "Batch record" in browser.page_source  # the learner shared evidence
    assert axe_violations(browser) == []


def test_presentation_result_page_is_accessible(
    browser: Any, live_server: Any, credential: dict[str, Any]
) -> None:
    from selenium.webdriver.common.by import By

    from credcore import sign_credential
    from credcore.keys import Ed25519Multikey
    from credcore.presentations import build_presentation, sign_presentation

    def did_key(seed: bytes) -> Ed25519Multikey:
        key = Ed25519Multikey.from_seed(seed * 32)
        return key.bound_to(controller=key.did_key, key_id=key.did_key_verification_method)

    other_issuer, holder = did_key(b"\x33"), did_key(b"\x32")
    unsigned = {k: v for k, v in credential.items() if k not in ("proof", "credentialStatus")}
    unsigned["issuer"] = {**unsigned["issuer"], "id": other_issuer.controller}
    unsigned["id"] = "urn:uuid:7a0c1f52-1b2c-4d3e-8f40-5a6b7c8d9e0f"
    second = sign_credential(unsigned, other_issuer)
    vp = build_presentation(holder=holder.controller, credentials=[credential, second])
    signed = sign_presentation(vp, holder)
    for lang in ("en", "fr"):
        _paste(browser, f"{live_server.url}/{lang}/verify/", json.dumps(signed))
        assert len(browser.find_elements(By.CSS_SELECTOR, ".verification-report.outcome-verified")) == 1
        assert len(browser.find_elements(By.CSS_SELECTOR, ".verification-report.outcome-warning")) == 1
        assert axe_violations(browser) == []
