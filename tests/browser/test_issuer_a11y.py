"""The issuer's lifecycle pages in EN and FR have 0 WCAG 2.1 AA violations (axe-core): the list (with a
search and pages), a credential's detail, every confirmation form (also after a refused submission, with
its errors shown) and the explained refusal."""

from __future__ import annotations

import pytest

from .conftest import axe_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def issued(transactional_db):
    from tests.issuance.conftest import make_org, publish_version

    from microcred.accounts.models import Membership, User
    from microcred.issuance import credential_lifecycle as lifecycle
    from microcred.issuance import credential_services as cs
    from microcred.issuance import services

    org = make_org("algonquin", "Algonquin College")
    services.signing_key_create(organization=org, actor_label="test")
    version = publish_version(org)
    made = [
        cs.credential_issue(
            organization=org, version=version, email=f"learner{i}@example.org", idempotency_key=f"k{i}"
        )
        for i in range(27)
    ]
    lifecycle.credential_suspend(credential=made[1], reason="under review")
    lifecycle.credential_revoke(credential=made[2], reason="issued in error")
    registrar = User.objects.create_user("registrar@algonquin.example", "pw")
    Membership.objects.create(user=registrar, organization=org, role="registrar")
    designer = User.objects.create_user("designer@algonquin.example", "pw")
    Membership.objects.create(user=designer, organization=org, role="designer")
    return {"credentials": made, "registrar": registrar, "designer": designer}


def sign_in(browser, live_server, user) -> None:
    from django.test import Client

    client = Client()
    client.force_login(user)
    browser.delete_all_cookies()
    browser.get(live_server.url + "/en/accounts/login/")
    browser.add_cookie({"name": "sessionid", "value": client.cookies["sessionid"].value, "path": "/"})


def check(browser, url: str, lang: str) -> None:
    browser.get(url)
    assert browser.current_url == url, "signed out or redirected"
    assert browser.find_element("tag name", "html").get_attribute("lang") == lang
    assert axe_violations(browser) == [], url


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_issuer_pages_have_no_wcag_violations(browser, live_server, issued, lang) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    sign_in(browser, live_server, issued["registrar"])
    active, suspended, revoked = issued["credentials"][:3]
    base = f"{live_server.url}/{lang}/issuance/orgs/algonquin/credentials/"
    for url in (
        base,
        f"{base}?q=learner1&state=active",
        f"{base}?page=2",
        f"{base}?q=nobody",
        f"{base}{active.pk}/",
        f"{base}{suspended.pk}/",
        f"{base}{revoked.pk}/",
        f"{base}{active.pk}/revoke/",
        f"{base}{active.pk}/suspend/",
        f"{base}{active.pk}/renew/",
        f"{base}{suspended.pk}/unsuspend/",
        f"{base}{revoked.pk}/reaward/",
        f"{live_server.url}/{lang}/issuance/batches/",
    ):
        check(browser, url, lang)
    browser.get(f"{base}{active.pk}/revoke/")
    browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()  # no reason, unconfirmed
    WebDriverWait(browser, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".errorlist"))
    assert axe_violations(browser) == []
    browser.get(f"{base}{active.pk}/unsuspend/")
    browser.find_element(By.ID, "id_confirm").click()
    browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()  # refused: not suspended
    WebDriverWait(browser, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "[role=alert]"))
    assert axe_violations(browser) == []


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_refusal_page_has_no_wcag_violations(browser, live_server, issued, lang) -> None:
    sign_in(browser, live_server, issued["designer"])
    check(browser, f"{live_server.url}/{lang}/issuance/orgs/algonquin/credentials/", lang)
    assert browser.find_element("tag name", "h1").text == {"en": "Not allowed", "fr": "Non autorisé"}[lang]
