"""The assessment pages have 0 WCAG 2.1 AA violations (axe-core, headless Chromium), in English and French."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from tests.assessment.conftest import GMP, links, version_input
from tests.browser.conftest import axe_violations, browser  # noqa: F401 - the session's browser fixture

from microcred.assessment import services, signoff
from microcred.catalog import services as catalog_services

pytestmark = pytest.mark.browser


@pytest.fixture
def pages(transactional_db, people, enrollment, org, partner):
    services.assessment_record_create(
        enrollment=enrollment, competency_link=links(enrollment.offering.version)[GMP],
        assessed_on=dt.date(2026, 2, 1), actor=people["assessor"], rubric_level=0, urls=["https://example.org/e"],
    )  # fmt: skip
    reviewed = catalog_services.microcredential_create(
        owner=org, slug="gdp", data=version_input(org, partner), actor=None
    )
    catalog_services.version_submit_for_review(version=reviewed, actor=None)
    [review] = signoff.review_open(version=reviewed, partners=[partner], actor=None)
    signoff.review_comment_add(review=review, body="Add a checklist.", actor=people["partner_endorser"])
    link = links(enrollment.offering.version)[GMP]
    e, o = enrollment.pk, enrollment.offering.pk
    return {
        "registrar": [
            "/{lang}/assessment/offerings/",
            "/{lang}/assessment/offerings/new/",
            f"/{{lang}}/assessment/offerings/{o}/",
            f"/{{lang}}/assessment/enrollments/{e}/",
        ],
        "assessor": [f"/{{lang}}/assessment/enrollments/{e}/record/?link={link.pk}"],
        "partner_endorser": ["/{lang}/assessment/reviews/", "/{lang}/assessment/reviews/gdp/v1/"],
        None: ["/{lang}/assessment/claim/not-a-valid-token/"],
    }


def _sign_in(browser, live_server, user) -> None:  # noqa: F811
    browser.delete_all_cookies()
    browser.get(live_server.url + "/en/accounts/login/")
    if user is None:
        return
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    browser.add_cookie({"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "path": "/"})


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_no_wcag_violations_on_assessment_pages(browser, live_server, pages, people, lang):  # noqa: F811
    failures = {}
    for persona, urls in pages.items():
        _sign_in(browser, live_server, people[persona] if persona else None)
        for url in urls:
            browser.get(live_server.url + url.format(lang=lang))
            assert browser.find_element("tag name", "html").get_attribute("lang") == lang
            assert "/accounts/login/" not in browser.current_url, url
            assert "Forbidden" not in browser.page_source, url
            assert browser.find_element("tag name", "h1").text, url
            violations = axe_violations(browser)
            if violations:
                failures[url] = violations
    browser.get("about:blank")  # let Chromium drop its keep-alive connections before the live server stops
    assert failures == {}
