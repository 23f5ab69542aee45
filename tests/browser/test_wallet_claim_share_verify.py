"""The learner's journey in Chromium, in English and in French: sign up → confirm the email → claim the
credential issued to that address → share it → the employer opens the share link and pastes it into the verify
page; every wallet page on the way (and the share page) has 0 WCAG 2.1 AA violations (axe-core)."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from .conftest import axe_violations

pytestmark = pytest.mark.browser
PASSWORD = "a-long-browser-password-42"


@pytest.fixture
def issued_to_learner(transactional_db, settings, live_server):
    """A credential issued here to the learner's address, by an issuer whose did:web is the live server's."""
    from tests.issuance.conftest import make_org, publish_version

    from microcred.issuance import credential_services as cs
    from microcred.issuance import services as issuance_services

    settings.MICROCRED_PUBLIC_BASE_URL = live_server.url
    org = make_org("algonquin", "Algonquin College")
    issuance_services.signing_key_create(organization=org, actor_label="test")
    version = publish_version(org)

    def issue(email: str):
        return cs.credential_issue(organization=org, version=version, email=email, idempotency_key=email)

    return issue


def _by(kind: str):
    from selenium.webdriver.common.by import By

    return getattr(By, kind)


def _wait_for(browser, condition, timeout: int = 20):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(browser, timeout).until(condition)


def _no_violations(browser, where: str) -> None:
    assert axe_violations(browser) == [], where


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_claim_share_verify(browser, live_server, issued_to_learner, lang):
    email = f"learner-{lang}@example.org"
    issued = issued_to_learner(email)
    browser.delete_all_cookies()
    base = live_server.url

    # sign up
    browser.get(f"{base}/{lang}/accounts/signup/")
    _no_violations(browser, "signup")
    browser.find_element(_by("ID"), "id_email").send_keys(email)
    browser.find_element(_by("ID"), "id_display_name").send_keys("Ada Lovelace")
    browser.find_element(_by("ID"), "id_password1").send_keys(PASSWORD)
    browser.find_element(_by("ID"), "id_password2").send_keys(PASSWORD)
    browser.find_element(_by("CSS_SELECTOR"), "main form button[type=submit]").click()
    _wait_for(browser, lambda d: d.current_url.endswith(f"/{lang}/wallet/"))
    _no_violations(browser, "wallet home")

    # confirm the email address (the link in the mail, in this language)
    body = mail.outbox[-1].body
    path = re.search(rf"(/{lang}/wallet/verify-email/[^\s]+/)", body).group(1)
    browser.get(base + path)
    _no_violations(browser, "confirm email")
    browser.find_element(_by("CSS_SELECTOR"), "main form button[type=submit]").click()
    _wait_for(browser, lambda d: "/wallet/claim/" in d.current_url)
    _no_violations(browser, "claim")

    # claim
    checkbox = browser.find_element(_by("ID"), f"issued-{issued.pk}")
    assert checkbox.is_selected()
    browser.find_element(_by("CSS_SELECTOR"), "main form button[type=submit]").click()
    _wait_for(browser, lambda d: d.current_url.endswith(f"/{lang}/wallet/"))
    link = browser.find_element(_by("PARTIAL_LINK_TEXT"), "Good Manufacturing Practices")
    verified_word = "Verified" if lang == "en" else "Vérifié"
    assert verified_word in browser.find_element(_by("CSS_SELECTOR"), "table tbody").text
    link.click()
    _wait_for(browser, lambda d: "/wallet/credentials/" in d.current_url)
    assert browser.find_elements(_by("CSS_SELECTOR"), ".verification-report.outcome-verified")
    _no_violations(browser, "credential")

    # share it
    browser.get(f"{base}/{lang}/wallet/shares/")
    _no_violations(browser, "shares (empty)")
    browser.find_element(_by("CSS_SELECTOR"), "input[name=credentials]").click()
    browser.find_element(_by("CSS_SELECTOR"), "main form button[type=submit]").click()
    _wait_for(browser, lambda d: d.find_elements(_by("CSS_SELECTOR"), "article.share figure.qr svg"))
    _no_violations(browser, "shares (one link)")
    share_link = browser.find_element(
        _by("CSS_SELECTOR"), "article.share a[href*='/wallet/s/']"
    ).get_attribute("href")

    # the employer: a fresh browser session opens the link, then pastes it into the verify page
    browser.delete_all_cookies()
    browser.get(share_link)
    assert browser.find_elements(_by("CSS_SELECTOR"), ".verification-report.outcome-verified")
    assert "Good Manufacturing Practices" in browser.find_element(_by("TAG_NAME"), "main").text
    _no_violations(browser, "share page")

    browser.get(f"{base}/{lang}/verify/")
    browser.find_element(_by("ID"), "link").send_keys(share_link)
    browser.find_element(_by("CSS_SELECTOR"), "#link-form button[type=submit]").click()
    _wait_for(browser, lambda d: d.find_elements(_by("CSS_SELECTOR"), ".verify-results"))
    assert browser.find_elements(_by("CSS_SELECTOR"), ".verify-results .verification-report.outcome-verified")
    assert browser.find_element(_by("TAG_NAME"), "html").get_attribute("lang") == lang


def _sign_in(browser, live_server, user) -> None:
    from django.conf import settings as django_settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    browser.get(live_server.url + "/en/accounts/login/")
    browser.delete_all_cookies()
    browser.add_cookie(
        {"name": django_settings.SESSION_COOKIE_NAME, "value": client.cookies["sessionid"].value, "path": "/"}
    )


WALLET_PAGES = [
    "/{lang}/wallet/",
    "/{lang}/wallet/claim/",
    "/{lang}/wallet/import/",
    "/{lang}/wallet/passport/",
    "/{lang}/wallet/shares/",
    "/{lang}/wallet/talent/",
    "/{lang}/wallet/account/delete/",
    "/{lang}/wallet/credentials/{pk}/",
]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_wallet_page_has_no_wcag_violations(browser, live_server, issued_to_learner, lang):
    from django.utils import timezone

    from microcred.accounts.models import Membership, Organization, User
    from microcred.wallet import passport, selectors, services, share_services
    from microcred.wallet.models import LearnerProfile

    learner = User.objects.create_user("axe@example.org", PASSWORD, display_name="Axe Learner")
    LearnerProfile.objects.filter(pk=services.profile_ensure(user=learner).pk).update(
        email_verified_at=timezone.now()
    )
    issued = issued_to_learner(learner.email)
    [held] = services.credential_claim(user=learner, issued_ids=[issued.pk])
    _, token = share_services.share_create(
        user=learner, credential_ids=[held.pk], include_evidence=True, expires_in_days=30
    )
    skills = [entry.uri for entry in passport.verified_skills(learner)]
    share_services.talent_update(user=learner, opt_in=True, headline="GMP", skill_uris=skills)
    revoked, revoked_token = share_services.share_create(
        user=learner, credential_ids=[held.pk], include_evidence=False, expires_in_days=7
    )
    share_services.share_revoke(user=learner, share_id=revoked.pk)
    assert selectors.share_for_token(token) is not None

    _sign_in(browser, live_server, learner)
    for page in WALLET_PAGES:
        browser.get(live_server.url + page.format(lang=lang, pk=held.pk))
        assert browser.find_element(_by("TAG_NAME"), "html").get_attribute("lang") == lang
        _no_violations(browser, page)

    browser.get(f"{live_server.url}/{lang}/wallet/talent/search/")  # a learner is refused, politely
    assert browser.find_elements(_by("CSS_SELECTOR"), "main .errors[role=alert]")
    _no_violations(browser, "refused")

    unconfirmed = User.objects.create_user("new@example.org", PASSWORD)
    _sign_in(browser, live_server, unconfirmed)
    browser.get(f"{live_server.url}/{lang}/wallet/claim/")  # explains the confirmation, offers a new link
    assert browser.find_elements(_by("CSS_SELECTOR"), "form[action$='/verify-email/resend/']")
    _no_violations(browser, "claim, unconfirmed")
    browser.get(f"{live_server.url}/{lang}/wallet/account/delete/")
    browser.find_element(_by("ID"), "id_password").send_keys(PASSWORD)
    browser.find_element(_by("ID"), "id_confirm").click()
    browser.find_element(_by("CSS_SELECTOR"), "main form button[type=submit]").click()
    _wait_for(browser, lambda d: not User.objects.get(pk=unconfirmed.pk).is_active)
    _no_violations(browser, "account deleted")

    company = Organization.objects.create(slug="acme", kind="employer", name_en="Acme", name_fr="Acme")
    employer = User.objects.create_user("hr@acme.example", PASSWORD)
    Membership.objects.create(user=employer, organization=company, role=Membership.Role.ORG_ADMIN)
    _sign_in(browser, live_server, employer)
    browser.get(f"{live_server.url}/{lang}/wallet/talent/search/?skill=GMP")
    assert "Axe Learner" in browser.find_element(_by("TAG_NAME"), "main").text
    _no_violations(browser, "talent search")

    browser.delete_all_cookies()
    for page, shows_credential in (
        (f"/{lang}/wallet/s/{token}/", True),
        (f"/{lang}/wallet/s/{revoked_token}/", False),
        (f"/{lang}/accounts/signup/", False),
    ):
        browser.get(live_server.url + page)
        assert ("Good Manufacturing Practices" in browser.page_source) == shows_credential, page
        _no_violations(browser, page)
