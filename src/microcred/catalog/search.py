"""Catalog search over the search index (``search_models``): filters, facet counts, sorting and paging.

One search costs, whatever the filters: one grouped statement that returns the total and every facet's
counts (conditional counts per owner), one more such statement per facet that has a selection (a facet's
counts ignore its own selection), the page of ids from a sort index, and the page's versions with their owner
and issuers. Keywords go through the full-text index (FTS5 on SQLite, ``tsvector`` + GIN on PostgreSQL) once,
as a subquery; skills and occupations are resolved to ids and filtered through the foreign-key indexes
(ADR 0031).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connection
from django.db.models import F, Q
from django.db.models.expressions import RawSQL
from django.db.models.lookups import Exact

from microcred.accounts.models import Organization
from microcred.catalog import choices as c
from microcred.catalog.models import LearningOutcome, MicroCredentialVersion
from microcred.catalog.search_counts import ALL, pair_counts
from microcred.catalog.search_index import search_index_token
from microcred.catalog.search_models import LANGUAGE_BITS, MARKER_BITS, SearchEntry
from microcred.catalog.search_params import FacetValue, SearchParams, SearchResult
from microcred.catalog.search_text import fts5_match, query_words, tsquery

_DURATION_Q = {
    c.DurationBucket.UP_TO_4: Q(effort_weeks__lte=4),
    c.DurationBucket.FROM_5_TO_12: Q(effort_weeks__gte=5, effort_weeks__lte=12),
    c.DurationBucket.OVER_12: Q(effort_weeks__gt=12),
}
_COST_Q = {
    c.CostBucket.FREE: Q(cost_cad=0),
    c.CostBucket.UNDER_500: Q(cost_cad__gt=0, cost_cad__lt=Decimal(500)),
    c.CostBucket.FROM_500_TO_1000: Q(cost_cad__gte=Decimal(500), cost_cad__lte=Decimal(1000)),
    c.CostBucket.OVER_1000: Q(cost_cad__gt=Decimal(1000)),
}
_SORT = {
    c.Sort.RELEVANCE: ("title_en", "version_id"),
    c.Sort.NEWEST: ("-published_at", "version_id"),
    c.Sort.COST_ASC: ("cost_cad", "title_en", "version_id"),
    c.Sort.COST_DESC: ("-cost_cad", "title_en", "version_id"),
    c.Sort.WEEKS_ASC: ("effort_weeks", "title_en", "version_id"),
    c.Sort.HOURS_ASC: ("effort_hours", "title_en", "version_id"),
}


def _has_bits(column: str, mask: int) -> Exact:
    return Exact(F(column).bitand(mask), mask)


_LANGUAGE_Q = {code: Q(_has_bits("language_bits", LANGUAGE_BITS[code])) for code in c.Language.values}
_MARKER_Q = {code: Q(_has_bits("marker_bits", MARKER_BITS[code])) for code in c.Marker.values}
# Facet -> (value -> condition); one conditional count per value in the grouped statement.
_BUCKETS: dict[str, tuple[type[c.models.TextChoices], Mapping[str, Q]]] = {
    "delivery_mode": (c.DeliveryMode, {v: Q(delivery_mode=v) for v in c.DeliveryMode.values}),
    "pace": (c.Pace, {v: Q(pace=v) for v in c.Pace.values}),
    "duration": (c.DurationBucket, _DURATION_Q),
    "cost": (c.CostBucket, _COST_Q),
    "language": (c.Language, _LANGUAGE_Q),
    "marker": (c.Marker, _MARKER_Q),
}
COUNTS_CACHE_SECONDS = 600
FACETS = (*_BUCKETS, "provider", "region", "osap")


def _any_of(mapping: Mapping[str, Q], keys: tuple[str, ...]) -> Q:
    combined = Q()
    for key in keys:
        combined |= mapping[key]
    return combined


def _keyword_q(words: list[str]) -> Q:
    if connection.vendor == "postgresql":
        sql = "SELECT version_id FROM catalog_searchdocument WHERE search_vector @@ to_tsquery('simple', %s)"
        return Q(version_id__in=RawSQL(sql, (tsquery(words),)))  # noqa: S611 (constant SQL, bound query)
    sql = "SELECT rowid FROM catalog_searchdocument_fts WHERE catalog_searchdocument_fts MATCH %s"
    return Q(version_id__in=RawSQL(sql, (fts5_match(words),)))  # noqa: S611 (constant SQL, bound match)


def _skill_q(skill: str) -> Q:
    from microcred.frameworks.keys import MAX_KEY
    from microcred.frameworks.keys import normalise as label_key
    from microcred.frameworks.models import Competency, CompetencyLabel

    if skill.startswith("http"):
        competency_ids = Competency.objects.filter(uri=skill).values("pk")
    else:
        # Words: through the frameworks' indexed type-ahead keys (a word of a label, EN or FR, preferred or
        # alternative, starts with them; case and accents ignored), not a substring scan of every label.
        key = label_key(skill)[:MAX_KEY]
        if not key:
            return Q(pk__in=[])
        prefix = (
            Q(key__startswith=key)
            if connection.vendor == "postgresql"
            else Q(key__gte=key, key__lt=key + "\U0010ffff")  # SQLite: a range on the key index
        )
        competency_ids = CompetencyLabel.objects.filter(prefix).values("competency_id")
    outcomes = LearningOutcome.objects.filter(competency_links__competency__in=competency_ids)
    return _ids_or_subquery(outcomes.values_list("version_id", flat=True))


# A skill or occupation with fewer than this many links to versions is filtered by the list of the versions'
# ids: with a subquery, PostgreSQL walked the whole sort index probing it for a rare skill (seconds).
LISTED_IDS = 8000


def _ids_or_subquery(version_ids: Any) -> Q:
    """``version_id IN (ids)`` when they are few (one extra indexed read), else the subquery itself. No
    DISTINCT in the probe (PostgreSQL then aggregates every match before the LIMIT): rows are deduplicated
    here, and the list is used only if the probe saw all of them."""
    rows = list(version_ids.order_by()[:LISTED_IDS])
    ids = sorted(set(rows))
    return Q(version_id__in=ids if len(rows) < LISTED_IDS else version_ids)


def _occupation_q(occupation: str) -> Q:
    from microcred.frameworks.models import Occupation

    if occupation.startswith("http") or occupation.isdigit():
        match = Q(uri=occupation) | Q(code=occupation)
    else:
        match = Q(label_en__icontains=occupation) | Q(label_fr__icontains=occupation)
    through = MicroCredentialVersion.target_occupations.through.objects.filter(
        occupation_id__in=Occupation.objects.filter(match).values("pk")
    )
    return _ids_or_subquery(through.values_list("microcredentialversion_id", flat=True))


def _filters(params: SearchParams) -> dict[str, Q]:
    """One Q per filter (so each facet's counts can ignore its own selection)."""
    f: dict[str, Q] = {}
    words = query_words(params.q)
    if words:
        f["q"] = _keyword_q(words)
    if params.skill:
        f["skill"] = _skill_q(params.skill)
    if params.occupation:
        f["occupation"] = _occupation_q(params.occupation)
    if params.delivery_mode:
        f["delivery_mode"] = Q(delivery_mode__in=params.delivery_mode)
    if params.pace:
        f["pace"] = Q(pace__in=params.pace)
    if params.duration:
        f["duration"] = _any_of(_DURATION_Q, params.duration)
    if params.cost:
        f["cost"] = _any_of(_COST_Q, params.cost)
    if params.language:
        f["language"] = _any_of(_LANGUAGE_Q, params.language)
    if params.provider:
        f["provider"] = Q(owner_id__in=Organization.objects.filter(slug__in=params.provider).values("pk"))
    if params.region:
        f["region"] = Q(owner_id__in=Organization.objects.filter(region__in=params.region).values("pk"))
    if params.osap is not None:
        f["osap"] = Q(osap_eligible=params.osap)
    if params.marker:
        mask = sum(MARKER_BITS[code] for code in params.marker)
        f["marker"] = Q(_has_bits("marker_bits", mask))
    return f


def _combined(filters: dict[str, Q], skip: str | None = None) -> Q:
    out = Q()
    for name, q in filters.items():
        if name != skip:
            out &= q
    return out


# The same buckets as SQL conditions for the grouped count statement, written once (hand-written: compiling
# 22 conditional aggregates through the ORM cost more than running the statement). ``test_search_index``
# checks that each bucket's count equals the number of results of filtering on it.
_BUCKET_SQL: list[tuple[str, str, str, list[Any]]] = [
    *[("delivery_mode", v, "delivery_mode = %s", [v]) for v in c.DeliveryMode.values],
    *[("pace", v, "pace = %s", [v]) for v in c.Pace.values],
    ("duration", c.DurationBucket.UP_TO_4, "effort_weeks <= 4", []),
    ("duration", c.DurationBucket.FROM_5_TO_12, "effort_weeks >= 5 AND effort_weeks <= 12", []),
    ("duration", c.DurationBucket.OVER_12, "effort_weeks > 12", []),
    ("cost", c.CostBucket.FREE, "cost_cad = 0", []),
    ("cost", c.CostBucket.UNDER_500, "cost_cad > 0 AND cost_cad < 500", []),
    ("cost", c.CostBucket.FROM_500_TO_1000, "cost_cad >= 500 AND cost_cad <= 1000", []),
    ("cost", c.CostBucket.OVER_1000, "cost_cad > 1000", []),
    *[("language", v, f"(language_bits & {LANGUAGE_BITS[v]}) <> 0", []) for v in c.Language.values],
    *[("marker", v, f"(marker_bits & {MARKER_BITS[v]}) <> 0", []) for v in c.Marker.values],
    ("osap", "true", "osap_eligible", []),
]
# Counted as COUNT(*) FILTER (WHERE …) in ``_Counts._scan``: half the time of SUM(CASE …) on SQLite.


def _where_sql(where: Q) -> tuple[str, list[Any]]:
    """The WHERE clause the ORM builds for ``where`` on the search entries (empty: no condition)."""
    query = SearchEntry.objects.filter(where).query
    try:
        sql, params = query.get_compiler(connection=connection).compile(query.where)
    except FullResultSet:
        return "", []
    return (f" WHERE {sql}" if sql else ""), list(params)


class _Counts:
    """Matches per owner and every bucket's count for one filter: two statements (bucket sums over the rows,
    then the per-owner counts; one grouped statement with the sums was twice as slow on SQLite), cached per
    process under the search index's state token, which every index write changes."""

    def __init__(
        self, where: Q, token: str | None, selection: list[str] | None = None, only: str | None = None
    ) -> None:
        self.per_owner: dict[int, int] = {}
        self.buckets: dict[tuple[str, str], int] = {(f, v): 0 for f, v, _s, _p in _BUCKET_SQL}
        try:
            where_sql, where_params = ("", []) if selection is not None else _where_sql(where)
        except EmptyResultSet:
            return
        key = None
        if token is not None:
            what = (connection.alias, where_sql, where_params, selection, only)
            key = f"catalog:counts:{token}:{hashlib.sha256(repr(what).encode()).hexdigest()}"
            cached = cache.get(key)
            if cached is not None:
                self.per_owner, self.buckets = cached
                return
        if selection is not None:
            self._from_pairs(selection)
        else:
            self._scan(where_sql, where_params, only)
        if key is not None:
            cache.set(key, (self.per_owner, self.buckets), COUNTS_CACHE_SECONDS)

    def _scan(self, where_sql: str, where_params: list[Any], only: str | None) -> None:
        """``only``: the counts of one facet (a facet counted without its own selection needs no other), so
        one statement with its few buckets, or the per-owner counts for provider / region."""
        buckets = [b for b in _BUCKET_SQL if only is None or b[0] == only]
        # Constant SQL around the WHERE clause the ORM compiled (its values are bound parameters).
        sums_sql = "SELECT COUNT(*), " + ", ".join(f"COUNT(*) FILTER (WHERE {b[2]})" for b in buckets)
        # SQLite: ``+owner_id`` keeps the planner off the owner index (it walked all 100,000 entries through
        # it to avoid a sort: 450 ms) so the filter's index is used and the groups are sorted (20 ms).
        owner = "+owner_id" if connection.vendor == "sqlite" else "owner_id"
        owners_sql = f"SELECT {owner}, COUNT(*) FROM catalog_searchentry{where_sql} GROUP BY {owner}"  # noqa: S608
        with connection.cursor() as cursor:
            if buckets:
                params = [param for *_rest, bucket_params in buckets for param in bucket_params]
                cursor.execute(f"{sums_sql} FROM catalog_searchentry{where_sql}", [*params, *where_params])
                _n, *sums = cursor.fetchone()
                for (name, value, _s, _p), count in zip(buckets, sums, strict=True):
                    self.buckets[name, value] = int(count or 0)
            if only is None or only in ("provider", "region"):
                cursor.execute(owners_sql, where_params)
                self.per_owner = dict(cursor.fetchall())

    def _from_pairs(self, selection: list[str]) -> None:
        """The counts maintained per facet key (ADR 0033): the selected keys are disjoint, so they add up."""
        merged: dict[str, int] = {}
        for row in pair_counts(selection).values():
            for key, n in row.items():
                merged[key] = merged.get(key, 0) + n
        for facet, value in self.buckets:
            self.buckets[facet, value] = merged.get(f"{facet}:{value}", 0)
        self.per_owner = {int(k[6:]): n for k, n in merged.items() if k.startswith("owner:") and n}

    @property
    def total(self) -> int:
        return sum(self.per_owner.values())


_DISJOINT = ("delivery_mode", "pace", "duration", "cost")  # one bucket per entry: selected buckets add up


def _selection(names: list[str], params: SearchParams) -> list[str] | None:
    """The facet keys whose maintained counts answer a search filtered on ``names`` (None: they cannot, the
    counts are computed over the matching entries): no filter, or one facet whose selected buckets are
    disjoint (one value of ``language`` / ``marker``, any values of the others)."""
    if not names:
        return [ALL]
    if len(names) > 1:
        return None
    name = names[0]
    if name in _DISJOINT or (name in ("language", "marker") and len(getattr(params, name)) == 1):
        return [f"{name}:{v}" for v in dict.fromkeys(getattr(params, name))]
    if name == "osap":
        return [f"osap:{'true' if params.osap else 'false'}"]
    if name in ("provider", "region"):
        orgs = Organization.objects.filter(
            **({"slug__in": params.provider} if name == "provider" else {"region__in": params.region})
        )
        return [f"owner:{pk}" for pk in orgs.values_list("pk", flat=True)]
    return None


def _counts(
    filters: dict[str, Q], params: SearchParams, token: str | None, skip: str | None = None
) -> _Counts:
    names = [name for name in filters if name != skip]
    return _Counts(_combined(filters, skip), token, _selection(names, params), only=skip)


def catalog_search(params: SearchParams, *, with_facets: bool = True) -> SearchResult:
    filters = _filters(params)
    where = _combined(filters)
    start = (params.page - 1) * params.page_size
    ids = list(
        SearchEntry.objects.filter(where)
        .order_by(*_SORT[c.Sort(params.sort)])
        .values_list("version_id", flat=True)[start : start + params.page_size]
    )
    found = (
        {
            v.pk: v
            for v in MicroCredentialVersion.objects.filter(pk__in=ids)
            .select_related("micro_credential__owner")
            .order_by()
        }
        if ids
        else {}
    )
    items = [found[pk] for pk in ids if pk in found]
    if not with_facets:
        return SearchResult(params=params, total=SearchEntry.objects.filter(where).count(), items=items)
    token = search_index_token()
    counts = _counts(filters, params, token)
    result = SearchResult(params=params, total=counts.total, items=items)
    result.facets = _facets(filters, params, counts, token)
    return result


def _facets(
    filters: dict[str, Q], params: SearchParams, counts: _Counts, token: str | None
) -> dict[str, list[FacetValue]]:
    # A facet with a selection is counted without it (one more grouped statement each).
    own = {name: _counts(filters, params, token, skip=name) for name in FACETS if name in filters}
    out: dict[str, list[FacetValue]] = {}
    for name, (vocabulary, _qs) in _BUCKETS.items():
        source = own.get(name, counts)
        chosen = getattr(params, name)
        out[name] = [
            FacetValue(v, str(label), source.buckets[name, v], v in chosen) for v, label in vocabulary.choices
        ]
    provider = own.get("provider", counts).per_owner
    region = own.get("region", counts).per_owner
    orgs = Organization.objects.filter(pk__in=set(provider) | set(region)).values_list(
        "pk", "slug", "name_en", "region"
    )
    providers: dict[str, FacetValue] = {}
    regions: dict[str, int] = {}
    for pk, slug, name_en, region_name in orgs:
        if provider.get(pk):
            providers[slug] = FacetValue(slug, name_en, provider[pk], slug in params.provider)
        if region.get(pk) and region_name:
            regions[region_name] = regions.get(region_name, 0) + region[pk]
    out["provider"] = sorted(providers.values(), key=lambda fv: fv.label.lower())
    out["region"] = sorted(
        (FacetValue(r, r, n, r in params.region) for r, n in regions.items()), key=lambda fv: fv.label.lower()
    )
    osap = own.get("osap", counts).buckets["osap", "true"]
    out["osap"] = [FacetValue("true", "OSAP", osap, params.osap is True)]
    return out
