"""Headless Chromium through Selenium, and the seeded catalog on the live server's database."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


@pytest.fixture(scope="session")
def browser():
    webdriver = pytest.importorskip("selenium.webdriver")
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.skip("Debian's chromium and chromium-driver are not installed")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-dev-shm-usage",
        "--window-size=1280,1000",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_script_timeout(60)
    yield driver
    driver.quit()


@pytest.fixture
def catalog(transactional_db):
    from microcred.catalog import seeding
    from microcred.frameworks.models import Competency, Framework

    document = seeding.load_document()
    framework = Framework.objects.create(slug="esco", kind="esco", name_en="ESCO", version="1.1.1")
    Competency.objects.bulk_create(
        Competency(
            framework=framework, uri=uri, label_en=f"skill {uri[-8:]}", label_fr=f"compétence {uri[-8:]}"
        )
        for uri in sorted(seeding.competency_uris(document))
    )
    seeding.seed_catalog(document)
    return document


def axe_violations(driver) -> list[dict]:
    """Run axe-core's WCAG 2.0/2.1 A and AA rules on the current page; return the violations."""
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    result = driver.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
           .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                 nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}))))
           .catch(e => done([{id: 'axe-error', help: String(e), nodes: []}]));
        """
    )
    return list(result)
