"""The maintained facet counts (ADR 0033) always equal a from-scratch recount, and read the same facets as a
scan of the matching entries for every search they answer (no filter, or one facet)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.catalog.conftest import version_input

from microcred.catalog import search, services
from microcred.catalog.models import MicroCredential
from microcred.catalog.search_counts import (
    cost_bucket,
    duration_bucket,
    search_counts_rebuild,
    search_counts_recount,
    search_counts_stored,
)
from microcred.catalog.selectors import SearchParams, catalog_search

_FIELDS = st.fixed_dictionaries(
    {
        "delivery_mode": st.sampled_from(["online", "in_person", "hybrid"]),
        "pace": st.sampled_from(["self_paced", "fixed"]),
        "effort_weeks": st.sampled_from([1, 4, 5, 12, 13, 40]),
        "cost_cad": st.sampled_from([Decimal(0), Decimal("0.01"), Decimal(500), Decimal("1000.01")]),
        "languages": st.sampled_from([("en",), ("fr",), ("en", "fr")]),
        "ministry_approved": st.booleans(),
    }
)
# (operation, which micro-credential, new field values): "new" publishes a new micro-credential, "next" a
# new version of an existing one (the previous one is retired in the same transaction), "retire" retires.
_OPS = st.lists(
    st.tuples(st.sampled_from(["new", "next", "retire"]), st.integers(0, 5), _FIELDS), min_size=1, max_size=8
)


class _Rollback(Exception):
    pass


def _apply(op: str, which: int, fields: dict, org, serial: int) -> None:
    mcs = list(MicroCredential.objects.order_by("pk"))
    if op == "new" or not mcs:
        draft = services.microcredential_create(
            owner=org, slug=f"mc-{serial}", data=version_input(org, **fields), actor=None
        )
    else:
        mc = mcs[which % len(mcs)]
        current = mc.versions.filter(status="published").first()
        if op == "retire":
            if current is not None:
                services.version_retire(version=current, actor=None)
            return
        draft = services.version_create_next(micro_credential=mc, actor=None)
        services.version_update_draft(version=draft, data=version_input(org, **fields), actor=None)
    services.version_submit_for_review(version=draft, actor=None)
    services.version_publish(version=draft, actor=None)


@pytest.mark.django_db(transaction=False)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=_OPS)
def test_counts_equal_a_recount_after_any_operations(published, org, ops):
    try:
        with transaction.atomic():
            for serial, (op, which, fields) in enumerate(ops):
                _apply(op, which, fields, org, serial)
                assert search_counts_stored() == search_counts_recount()
            raise _Rollback
    except _Rollback:
        pass


def _facets_by_scan(params: SearchParams) -> dict:
    """The same search with every count computed over the matching entries (the maintained counts unused)."""
    original = search._selection
    search._selection = lambda names, params: None  # type: ignore[assignment]
    try:
        cache.clear()
        return catalog_search(params).facets
    finally:
        search._selection = original


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"delivery_mode": ["online", "hybrid"]},
        {"pace": "fixed"},
        {"duration": ["le4", "gt12"]},
        {"cost": "free"},
        {"language": "fr"},
        {"marker": "stackable"},
        {"osap": "true"},
        {"region": ["Toronto", "Manitoba"]},
        {"provider": ["red-river-college-polytechnic", "nonexistent"]},
    ],
)
def test_maintained_counts_read_what_a_scan_counts(seeded, query):
    params = SearchParams.parse(query)
    cache.clear()
    assert catalog_search(params).facets == _facets_by_scan(params)


def test_rebuild_equals_the_maintained_counts(seeded):
    maintained = search_counts_stored()
    assert maintained and maintained[("all", "all")] == 19
    search_counts_rebuild()
    assert search_counts_stored() == maintained


def test_bucket_boundaries_are_the_search_filters():
    assert [duration_bucket(w) for w in (0, 4, 5, 12, 13)] == ["le4", "le4", "5to12", "5to12", "gt12"]
    costs = [Decimal(0), Decimal("0.01"), Decimal("499.99"), Decimal(500), Decimal(1000), Decimal("1000.01")]
    assert [cost_bucket(x) for x in costs] == ["free", "lt500", "lt500", "500to1000", "500to1000", "gt1000"]
    assert cost_bucket(Decimal(-1)) is None
