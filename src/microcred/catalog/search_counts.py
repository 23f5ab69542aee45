"""Facet counts maintained with every write to the search index (ADR 0033).

Each search entry has a small set of *facet keys*: ``all``, ``owner:<id>`` and one key per facet bucket it
falls into (``delivery_mode:online``, ``cost:free``, ``language:fr``, ``osap:false``, ...). The table
``SearchFacetPair`` holds, for every ordered pair of keys ``(a, b)`` that occurs together on some entry, how
many entries carry both. So the counts of every facet for the empty query are the rows ``a = 'all'``, and
those for one selected bucket ``x`` are the rows ``a = x`` (several disjoint buckets of one facet add up). A
search with no keyword, skill or occupation and at most one facet selected reads its counts from here with one
indexed statement instead of scanning every matching entry.

``search_entry_sync`` applies the difference between an entry's old and new keys in the same transaction
(``pairs_apply``: one upsert statement); ``search_counts_rebuild`` recounts everything (after a bulk load,
or to repair) and ``search_counts_recount`` is the from-scratch truth the tests compare against.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Count

from microcred.catalog import choices as c
from microcred.catalog.search_models import LANGUAGE_BITS, MARKER_BITS, SearchEntry, SearchFacetPair

ALL = "all"
# The columns of a search entry its keys depend on, in this order (``keys_of``).
KEY_COLUMNS = (
    "owner_id",
    "delivery_mode",
    "pace",
    "effort_weeks",
    "cost_cad",
    "language_bits",
    "marker_bits",
    "osap_eligible",
)
PairCounts = dict[tuple[str, str], int]


def duration_bucket(weeks: int) -> str:
    if weeks <= 4:
        return str(c.DurationBucket.UP_TO_4)
    return str(c.DurationBucket.FROM_5_TO_12 if weeks <= 12 else c.DurationBucket.OVER_12)


def cost_bucket(cost: Decimal) -> str | None:
    if cost == 0:
        return str(c.CostBucket.FREE)
    if cost < 0:
        return None
    if cost < 500:
        return str(c.CostBucket.UNDER_500)
    return str(c.CostBucket.FROM_500_TO_1000 if cost <= 1000 else c.CostBucket.OVER_1000)


def keys_of(
    owner_id: int,
    delivery_mode: str,
    pace: str,
    weeks: int,
    cost: Decimal,
    language_bits: int,
    marker_bits: int,
    osap: bool,
) -> list[str]:
    """The facet keys of one entry (the same bucket boundaries as ``search._BUCKET_SQL``)."""
    keys = [
        ALL,
        f"owner:{owner_id}",
        f"delivery_mode:{delivery_mode}",
        f"pace:{pace}",
        f"duration:{duration_bucket(weeks)}",
        f"osap:{'true' if osap else 'false'}",
    ]
    cost_key = cost_bucket(Decimal(cost))
    if cost_key is not None:
        keys.append(f"cost:{cost_key}")
    keys += [f"language:{code}" for code, bit in LANGUAGE_BITS.items() if language_bits & bit]
    keys += [f"marker:{code}" for code, bit in MARKER_BITS.items() if marker_bits & bit]
    return keys


def entry_keys(entry: SearchEntry) -> list[str]:
    return keys_of(*(getattr(entry, column) for column in KEY_COLUMNS))


def _add_pairs(counter: Counter[tuple[str, str]], keys: list[str], times: int) -> None:
    for a in keys:
        for b in keys:
            counter[a, b] += times


def pairs_apply(delta: Counter[tuple[str, str]]) -> None:
    """Add ``delta`` to the stored pair counts in one upsert (rows that reach zero are deleted)."""
    changes = [(a, b, n) for (a, b), n in delta.items() if n]
    if not changes:
        return
    table = SearchFacetPair._meta.db_table
    values = ", ".join(["(%s, %s, %s)"] * len(changes))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (a, b, count) VALUES {values} "  # noqa: S608 (constant SQL, bound values)
            f"ON CONFLICT (a, b) DO UPDATE SET count = {table}.count + excluded.count",
            [value for change in changes for value in change],
        )
        cursor.execute(f"DELETE FROM {table} WHERE count = 0")  # noqa: S608


def entry_change(old: SearchEntry | None, new: SearchEntry | None) -> None:
    """Move the pair counts from ``old`` (the entry removed, if any) to ``new`` (the entry written)."""
    delta: Counter[tuple[str, str]] = Counter()
    if old is not None:
        _add_pairs(delta, entry_keys(old), -1)
    if new is not None:
        _add_pairs(delta, entry_keys(new), 1)
    pairs_apply(delta)


def count_rows(rows: Iterable[tuple[Any, ...]]) -> PairCounts:
    """Pair counts from rows of ``KEY_COLUMNS`` + a multiplicity (identical rows are grouped first)."""
    counter: Counter[tuple[str, str]] = Counter()
    for *columns, times in rows:
        _add_pairs(counter, keys_of(*columns), times)
    return {pair: n for pair, n in counter.items() if n}


def search_counts_recount() -> PairCounts:
    """Every pair count recomputed from the search entries (one grouped statement)."""
    grouped = SearchEntry.objects.values(*KEY_COLUMNS).annotate(n=Count("pk")).order_by()
    return count_rows(grouped.values_list(*KEY_COLUMNS, "n"))


def search_counts_stored() -> PairCounts:
    return {(a, b): n for a, b, n in SearchFacetPair.objects.values_list("a", "b", "count")}


def search_counts_rebuild() -> int:
    """Replace the stored pair counts by a recount (after a bulk load); returns the number of pairs."""
    counts = search_counts_recount()
    SearchFacetPair.objects.all().delete()
    SearchFacetPair.objects.bulk_create(
        (SearchFacetPair(a=a, b=b, count=n) for (a, b), n in counts.items()), batch_size=2000
    )
    return len(counts)


def pair_counts(selection: list[str]) -> dict[str, dict[str, int]]:
    """For each key of ``selection``: the count of every key among the entries that carry it."""
    out: dict[str, dict[str, int]] = {key: {} for key in selection}
    if selection:
        for a, b, n in SearchFacetPair.objects.filter(a__in=selection).values_list("a", "b", "count"):
            out[a][b] = n
    return out
