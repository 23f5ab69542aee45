"""Public pages in EN and FR have 0 WCAG 2.1 AA violations (axe-core); search → filter → detail works."""

from __future__ import annotations

import pytest

from .conftest import axe_violations

pytestmark = pytest.mark.browser

PUBLIC_PAGES = [
    "/{lang}/",
    "/{lang}/?q=vaccine",
    "/{lang}/?delivery_mode=online&osap=true&sort=cost",
    "/{lang}/?pace=warp",  # the page that explains a bad filter
    "/{lang}/?page_size=5&page=2",
    "/{lang}/microcredentials/algonquin-good-manufacturing-practices/",
    "/{lang}/microcredentials/college-boreal-placeholder/",  # 404 page
    "/{lang}/microcredentials/boreal-battery-electric-vehicle-maintenance/",
    "/{lang}/microcredentials/cambrian-personal-care-assistant/",
    "/{lang}/accounts/login/",
]


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("page", PUBLIC_PAGES)
def test_no_wcag_violations(browser, live_server, catalog, page, lang):
    browser.get(live_server.url + page.format(lang=lang))
    assert browser.find_element("tag name", "html").get_attribute("lang") == lang
    assert axe_violations(browser) == []


@pytest.mark.parametrize(
    "lang, keyword, facet_label, heading",
    [
        ("en", "vaccine", "Hybrid", "COVID-19 Vaccine Administration"),
        ("fr", "véhicules", "Hybride", "Entretien des véhicules électriques à batterie"),
    ],
)
def test_search_filter_open_detail(browser, live_server, catalog, lang, keyword, facet_label, heading):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(f"{live_server.url}/{lang}/")
    box = browser.find_element(By.ID, "id_q")
    box.send_keys(keyword)
    box.submit()
    WebDriverWait(browser, 10).until(lambda d: "q=" in d.current_url)
    browser.find_element(By.XPATH, f"//label[starts-with(normalize-space(.), '{facet_label}')]").click()
    browser.find_element(By.CSS_SELECTOR, "aside.facets button[type=submit]").click()
    WebDriverWait(browser, 10).until(lambda d: "delivery_mode=hybrid" in d.current_url)
    results = browser.find_elements(By.CSS_SELECTOR, "ol.cards h3 a")
    assert [r.text for r in results] == [heading]
    results[0].click()
    WebDriverWait(browser, 10).until(lambda d: "/microcredentials/" in d.current_url)
    assert browser.find_element(By.TAG_NAME, "h1").text == heading
    assert browser.find_element(By.ID, "label_heading").is_displayed()
    assert axe_violations(browser) == []
