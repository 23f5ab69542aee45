"""Search and facets over the real demo catalog: the selector, and the portal pages in English and French."""

from __future__ import annotations

import pytest

from microcred.catalog import selectors
from microcred.catalog.selectors import SearchParamError, SearchParams, catalog_search


def _slugs(result):
    return {v.micro_credential.slug for v in result.items}


def test_everything_is_listed_by_default(seeded):
    result = catalog_search(SearchParams(page_size=100))
    assert result.total == len(seeded["micro_credentials"]) == 19


def test_keyword_matches_english_and_french_text(seeded):
    assert "rrc-covid-19-vaccine-administration" in _slugs(catalog_search(SearchParams(q="vaccine")))
    assert "rrc-covid-19-vaccine-administration" in _slugs(catalog_search(SearchParams(q="vaccination")))
    assert _slugs(catalog_search(SearchParams(q="camionneurs"))) == {
        "fanshawe-essential-skills-truck-drivers"
    }


def test_skill_by_esco_uri_and_occupation_by_noc_code(seeded):
    gmp = seeded["micro_credentials"][0]["outcomes"][0]["competencies"][0]["uri"]
    assert "algonquin-good-manufacturing-practices" in _slugs(catalog_search(SearchParams(skill=gmp)))
    assert _slugs(catalog_search(SearchParams(occupation="73300"))) == {
        "fanshawe-essential-skills-truck-drivers"
    }
    assert _slugs(catalog_search(SearchParams(occupation="truck drivers"))) == {
        "fanshawe-essential-skills-truck-drivers"
    }


def test_facets_filter_and_count(seeded):
    result = catalog_search(SearchParams.parse({"delivery_mode": ["online"], "osap": "true"}))
    assert result.total > 0
    assert all(v.delivery_mode == "online" and v.derived_osap_eligible for v in result.items)
    online = next(fv for fv in result.facets["delivery_mode"] if fv.value == "online")
    assert online.selected and online.count == result.total  # a facet ignores only its own selection
    french = catalog_search(SearchParams(language=("fr",)))
    assert "college-boreal" in {v.micro_credential.owner.slug for v in french.items}
    assert all("fr" in v.language_codes for v in french.items)


def test_marker_cost_duration_region_provider(seeded):
    accredited = catalog_search(SearchParams(marker=("accredited",)))
    assert accredited.total >= 1 and all("accredited" in v.marker_codes for v in accredited.items)
    free = catalog_search(SearchParams(cost=("free",)))
    assert free.total >= 1 and all(v.cost_cad == 0 for v in free.items)
    short = catalog_search(SearchParams(duration=("le4",)))
    assert all(v.effort_weeks <= 4 for v in short.items)
    manitoba = catalog_search(SearchParams(region=("Manitoba",)))
    assert _slugs(manitoba) == {"rrc-covid-19-vaccine-administration"}
    fanshawe = catalog_search(SearchParams(provider=("fanshawe-college",)))
    assert len(_slugs(fanshawe)) == 2


def test_sorting_and_pagination(seeded):
    by_cost = catalog_search(SearchParams(sort="-cost", page_size=100)).items
    assert [v.cost_cad for v in by_cost] == sorted((v.cost_cad for v in by_cost), reverse=True)
    page1 = catalog_search(SearchParams(page_size=5, page=1))
    page4 = catalog_search(SearchParams(page_size=5, page=4))
    assert page1.pages == 4 and len(page1.items) == 5 and len(page4.items) == 4
    assert not _slugs(page1) & _slugs(page4)


@pytest.mark.parametrize(
    "query",
    [
        {"delivery_mode": "teleport"},
        {"sort": "random"},
        {"page": "0"},
        {"page_size": "1000"},
        {"osap": "maybe"},
        {"marker": "cheap"},
        {"q": "x" * 500},
    ],
)
def test_bad_parameters_are_refused(query):
    with pytest.raises(SearchParamError):
        SearchParams.parse(query)


def test_drafts_are_not_listed(seeded):
    from microcred.catalog.models import MicroCredentialVersion

    assert not MicroCredentialVersion.objects.filter(status="draft").exists()
    assert selectors.published_versions().count() == 19


def test_portal_search_page_in_english_and_french(seeded, client):
    en = client.get("/en/", {"q": "truck"})
    assert en.status_code == 200
    body = en.content.decode()
    assert '<html lang="en">' in body and "Essential Skills for Truck Drivers" in body
    fr = client.get("/fr/", {"q": "truck"})
    body = fr.content.decode()
    assert '<html lang="fr">' in body and "Compétences essentielles pour les camionneurs" in body
    assert "Filtres" in body and "Admissible au RAFEO" in body


def test_portal_bad_filter_says_so_in_french(seeded, client):
    response = client.get("/fr/", {"pace": "warp"})
    assert response.status_code == 400
    assert "a une valeur inconnue" in response.content.decode()
