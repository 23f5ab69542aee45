"""The search index (one entry and one full-text document per published version) and what search costs.

The index must follow the lifecycle through the services, answer keywords without regard to accents and as
word prefixes, count every facet bucket exactly as filtering on it does, and keep the number of SQL statements
of a search and of a detail page fixed, whatever the data (no N+1).
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from tests.catalog.conftest import version_input

from microcred.catalog import choices as c
from microcred.catalog import search_index, selectors, services
from microcred.catalog.models import MicroCredentialVersion, SearchDocument, SearchEntry
from microcred.catalog.search_models import LANGUAGE_BITS, MARKER_BITS
from microcred.catalog.search_text import fts5_match, normalise, query_words, tsquery
from microcred.catalog.selectors import SearchParams, catalog_search


def _slugs(result):
    return {v.micro_credential.slug for v in result.items}


def test_normalise_folds_case_accents_ligatures_and_punctuation():
    assert normalise("Sécurité des ŒUVRES, l'aînée — COVID-19!") == "securite des oeuvres l ainee covid 19"
    assert query_words("Soins  soins SOINS à domicile") == ["soins", "a", "domicile"]
    assert len(query_words(" ".join(f"w{i}" for i in range(20)))) == 8
    assert fts5_match(["care", "data"]) == '"care"* "data"*'
    assert tsquery(["care", "data"]) == "care:* & data:*"


def test_bit_tables_cover_their_vocabularies():
    assert set(MARKER_BITS) == set(c.Marker.values) and set(LANGUAGE_BITS) == set(c.Language.values)
    assert len(set(MARKER_BITS.values())) == len(MARKER_BITS)


def test_index_follows_publish_change_and_retire(published, org):
    assert SearchEntry.objects.filter(version=published).exists()
    assert _slugs(catalog_search(SearchParams(q="manufacturing"))) == {"gmp"}
    draft2 = services.version_create_next(micro_credential=published.micro_credential, actor=None)
    services.version_update_draft(
        version=draft2, data=version_input(org, title_en="Sterile Processing Practices"), actor=None
    )
    assert not SearchEntry.objects.filter(version=draft2).exists()  # drafts are never searchable
    services.version_submit_for_review(version=draft2, actor=None)
    services.version_publish(version=draft2, actor=None)
    assert list(SearchEntry.objects.values_list("version_id", flat=True)) == [draft2.pk]
    assert [v.pk for v in catalog_search(SearchParams(q="sterile")).items] == [draft2.pk]
    services.version_retire(version=draft2, actor=None)
    assert not SearchEntry.objects.exists() and not SearchDocument.objects.exists()
    assert catalog_search(SearchParams(q="sterile")).total == 0


def test_keywords_ignore_accents_and_match_word_prefixes(seeded):
    accented = _slugs(catalog_search(SearchParams(q="sécurité", page_size=100)))
    assert accented and accented == _slugs(catalog_search(SearchParams(q="SECURITE", page_size=100)))
    assert "fanshawe-essential-skills-truck-drivers" in _slugs(catalog_search(SearchParams(q="camion")))
    assert catalog_search(SearchParams(q="vaccin zzzqqq")).total == 0  # every word must match


def test_rebuild_gives_the_index_the_services_wrote(seeded):
    before_entries = sorted(SearchEntry.objects.values_list())
    before_documents = sorted(SearchDocument.objects.values_list())
    assert len(before_entries) == selectors.published_versions().count() == 19
    assert search_index.search_index_rebuild() == 19
    assert sorted(SearchEntry.objects.values_list()) == before_entries
    assert sorted(SearchDocument.objects.values_list()) == before_documents
    assert catalog_search(SearchParams(q="camionneurs")).total == 1  # full-text index rebuilt too


def _expected(version: MicroCredentialVersion, facet: str, value: str) -> bool:
    """What each bucket means, computed from the version itself, not from the index."""
    weeks, cost = version.effort_weeks, version.cost_cad
    return {
        "delivery_mode": version.delivery_mode == value,
        "pace": version.pace == value,
        "duration": {"le4": weeks <= 4, "5to12": 5 <= weeks <= 12, "gt12": weeks > 12}.get(value, False),
        "cost": {"free": cost == 0, "lt500": 0 < cost < 500, "500to1000": 500 <= cost <= 1000}.get(
            value, cost > 1000
        ),
        "language": value in version.language_codes,
        "marker": value in version.marker_codes,
    }[facet]


def test_every_bucket_counts_what_filtering_on_it_returns(seeded):
    browse = catalog_search(SearchParams())
    versions = list(selectors.published_versions().select_related("micro_credential__owner"))
    assert browse.total == len(versions) == 19
    for facet in ("delivery_mode", "pace", "duration", "cost", "language", "marker"):
        for fv in browse.facets[facet]:
            expected = sum(1 for v in versions if _expected(v, facet, fv.value))
            assert fv.count == expected, (facet, fv.value)
            assert catalog_search(SearchParams.parse({facet: fv.value})).total == expected
    assert browse.facets["osap"][0].count == sum(1 for v in versions if v.derived_osap_eligible)
    for fv in browse.facets["provider"]:
        assert fv.count == sum(1 for v in versions if v.micro_credential.owner.slug == fv.value)
    for fv in browse.facets["region"]:
        assert fv.count == sum(1 for v in versions if v.micro_credential.owner.region == fv.value)


def test_facets_combine_with_keyword_skill_and_each_other(seeded):
    result = catalog_search(SearchParams.parse({"q": "soins", "language": "en", "pace": "fixed"}))
    words = set(query_words("soins"))
    for v in result.items:
        assert v.pace == "fixed" and "en" in v.language_codes
        assert words <= set(SearchDocument.objects.get(version=v).document.split()) or any(
            w.startswith("soins") for w in SearchDocument.objects.get(version=v).document.split()
        )
    pace = {fv.value: fv.count for fv in result.facets["pace"]}
    other = catalog_search(SearchParams.parse({"q": "soins", "language": "en", "pace": "self_paced"}))
    assert pace["fixed"] == result.total and pace["self_paced"] == other.total


@pytest.mark.parametrize(
    ("query", "cold_statements", "warm_statements"),
    [
        ({}, 5, 4),
        ({"q": "care"}, 6, 4),
        ({"pace": "fixed", "region": "Manitoba"}, 9, 5),
        ({"sort": "-cost"}, 5, 4),
    ],
)
def test_a_search_costs_a_fixed_number_of_statements(seeded, query, cold_statements, warm_statements):
    """Always: page ids, page versions, index token, organisations. Counts: one read of the maintained pair
    counts for no filter or one facet (ADR 0033), else bucket sums + per owner over the matching entries; a
    facet with a selection is counted without it (``pace`` alone: pairs; ``region`` alone: its organisations,
    then pairs). Warm: the counts come from the cache, keyed by the index token (the region's organisations
    are still looked up)."""
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        cold = catalog_search(SearchParams.parse(query))
    assert len(ctx.captured_queries) == cold_statements, [q["sql"][:90] for q in ctx.captured_queries]
    with CaptureQueriesContext(connection) as ctx:
        warm = catalog_search(SearchParams.parse(query))
    assert len(ctx.captured_queries) == warm_statements, [q["sql"][:90] for q in ctx.captured_queries]
    assert (warm.total, warm.facets) == (cold.total, cold.facets)


def test_cached_counts_are_dropped_by_any_index_write(published, org):
    assert catalog_search(SearchParams(pace=("self_paced",))).total == 1
    services.version_retire(version=published, actor=None)
    after = catalog_search(SearchParams(pace=("self_paced",)))
    assert after.total == 0 and all(fv.count == 0 for fv in after.facets["pace"])


def test_detail_costs_the_same_statements_whatever_its_size(seeded, client):
    """Two micro-credentials with different numbers of outcomes and competencies: same statements."""
    sizes, selector, page = [], [], []
    for slug in ("rrc-covid-19-vaccine-administration", "algonquin-good-manufacturing-practices"):
        with CaptureQueriesContext(connection) as ctx:
            version = selectors.version_detail(slug)
            assert version is not None and selectors.stacked_from(version) is not None
        selector.append(len(ctx.captured_queries))
        sizes.append(sum(len(o.competency_links.all()) for o in version.outcomes.all()))
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/en/microcredentials/{slug}/").status_code == 200
        page.append(len(ctx.captured_queries))
    assert sizes[0] != sizes[1]
    assert selector[0] == selector[1] <= 8, selector
    assert page[0] == page[1] <= 14, page
