"""Reads from the catalog: search with facets, and the detail of one published micro-credential.

The portal and the API both parse their query into one ``SearchParams`` (``SearchParams.parse``) and call
``catalog_search``; both therefore accept exactly the same facets and give exactly the same answers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet

from microcred.catalog import choices as c
from microcred.catalog.models import MicroCredentialVersion

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
MAX_QUERY_LENGTH = 200


class SearchParamError(ValueError):
    """A search parameter has a value outside its vocabulary. ``field`` names the parameter."""

    def __init__(self, field: str, value: str) -> None:
        super().__init__(f"{field}={value!r}")
        self.field = field
        self.value = value


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    skill: str = ""  # an ESCO URI, or words matched against competency labels
    occupation: str = ""  # an ESCO occupation URI or a NOC code, or words matched against occupation titles
    delivery_mode: tuple[str, ...] = ()
    pace: tuple[str, ...] = ()
    duration: tuple[str, ...] = ()
    cost: tuple[str, ...] = ()
    language: tuple[str, ...] = ()
    provider: tuple[str, ...] = ()  # organisation slugs (issuer)
    region: tuple[str, ...] = ()
    osap: bool | None = None
    marker: tuple[str, ...] = ()
    sort: str = c.Sort.RELEVANCE
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE

    @classmethod
    def parse(cls, query: Mapping[str, Any]) -> SearchParams:
        """Parse a query mapping (a QueryDict or a dict of lists/strings); raise ``SearchParamError``
        if invalid."""

        def many(name: str, vocabulary: list[str] | None = None) -> tuple[str, ...]:
            raw = query.getlist(name) if hasattr(query, "getlist") else query.get(name) or []
            values = [raw] if isinstance(raw, str) else list(raw)
            out: list[str] = []
            for value in values:
                for item in str(value).split(","):
                    item = item.strip()
                    if not item:
                        continue
                    if vocabulary is not None and item not in vocabulary:
                        raise SearchParamError(name, item)
                    if item not in out:
                        out.append(item)
            return tuple(out)

        def one(name: str) -> str:
            raw = query.get(name, "")
            value = raw[-1] if isinstance(raw, list) and raw else raw
            return str(value or "").strip()

        def integer(name: str, default: int, low: int, high: int) -> int:
            raw = one(name)
            if not raw:
                return default
            if not raw.isdigit() or not low <= int(raw) <= high:
                raise SearchParamError(name, raw)
            return int(raw)

        osap_raw = one("osap").lower()
        if osap_raw not in ("", "true", "false", "1", "0", "yes", "no"):
            raise SearchParamError("osap", osap_raw)
        sort = one("sort") or c.Sort.RELEVANCE
        if sort not in c.Sort.values:
            raise SearchParamError("sort", sort)
        q = one("q")
        if len(q) > MAX_QUERY_LENGTH:
            raise SearchParamError("q", q[:20] + "…")
        return cls(
            q=q,
            skill=one("skill")[:MAX_QUERY_LENGTH],
            occupation=one("occupation")[:MAX_QUERY_LENGTH],
            delivery_mode=many("delivery_mode", c.DeliveryMode.values),
            pace=many("pace", c.Pace.values),
            duration=many("duration", c.DurationBucket.values),
            cost=many("cost", c.CostBucket.values),
            language=many("language", c.Language.values),
            provider=many("provider"),
            region=many("region"),
            osap=None if osap_raw == "" else osap_raw in ("true", "1", "yes"),
            marker=many("marker", c.Marker.values),
            sort=sort,
            page=integer("page", 1, 1, 100_000),
            page_size=integer("page_size", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE),
        )


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class SearchResult:
    params: SearchParams
    total: int
    items: list[MicroCredentialVersion]
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.params.page_size))


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
    c.Sort.RELEVANCE: ("title_en", "pk"),
    c.Sort.NEWEST: ("-published_at", "pk"),
    c.Sort.COST_ASC: ("cost_cad", "title_en", "pk"),
    c.Sort.COST_DESC: ("-cost_cad", "title_en", "pk"),
    c.Sort.WEEKS_ASC: ("effort_weeks", "title_en", "pk"),
    c.Sort.HOURS_ASC: ("effort_hours", "title_en", "pk"),
}


def published_versions() -> QuerySet[MicroCredentialVersion]:
    return MicroCredentialVersion.objects.filter(status=c.Lifecycle.PUBLISHED)


def _any_of(mapping: Mapping[str, Q], keys: tuple[str, ...]) -> Q:
    combined = Q()
    for key in keys:
        combined |= mapping[key]
    return combined


def _filters(params: SearchParams) -> dict[str, Q]:
    """One Q per facet (so each facet's counts can ignore its own selection)."""
    f: dict[str, Q] = {}
    for word in params.q.lower().split()[:8]:
        f.setdefault("q", Q())
        f["q"] &= Q(derived_search_text__contains=word)
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
        f["language"] = _any_of(
            {code: Q(languages__contains=code) for code in params.language}, params.language
        )
    if params.provider:
        f["provider"] = Q(micro_credential__owner__slug__in=params.provider)
    if params.region:
        f["region"] = Q(micro_credential__owner__region__in=params.region)
    if params.osap is not None:
        f["osap"] = Q(derived_osap_eligible=params.osap)
    for code in params.marker:
        f.setdefault("marker", Q())
        f["marker"] &= Q(derived_markers__contains=code)
    return f


def _skill_q(skill: str) -> Q:
    field = "outcomes__competency_links__competency"
    if skill.startswith("http"):
        ids = MicroCredentialVersion.objects.filter(**{f"{field}__uri": skill}).values("pk")
    else:
        ids = MicroCredentialVersion.objects.filter(
            Q(**{f"{field}__label_en__icontains": skill}) | Q(**{f"{field}__label_fr__icontains": skill})
        ).values("pk")
    return Q(pk__in=ids)


def _occupation_q(occupation: str) -> Q:
    field = "target_occupations"
    if occupation.startswith("http") or occupation.isdigit():
        match = Q(**{f"{field}__uri": occupation}) | Q(**{f"{field}__code": occupation})
    else:
        match = Q(**{f"{field}__label_en__icontains": occupation}) | Q(
            **{f"{field}__label_fr__icontains": occupation}
        )
    return Q(pk__in=MicroCredentialVersion.objects.filter(match).values("pk"))


def _combined(filters: dict[str, Q], skip: str | None = None) -> Q:
    out = Q()
    for name, q in filters.items():
        if name != skip:
            out &= q
    return out


def catalog_search(params: SearchParams, *, with_facets: bool = True) -> SearchResult:
    filters = _filters(params)
    base = published_versions()
    matching = base.filter(_combined(filters))
    total = matching.count()
    start = (params.page - 1) * params.page_size
    items = list(
        matching.order_by(*_SORT[c.Sort(params.sort)])
        .select_related("micro_credential__owner")
        .prefetch_related("issuers")[start : start + params.page_size]
    )
    result = SearchResult(params=params, total=total, items=items)
    if with_facets:
        result.facets = _facets(base, filters, params)
    return result


def _facets(
    base: QuerySet[MicroCredentialVersion], filters: dict[str, Q], params: SearchParams
) -> dict[str, Any]:
    def grouped(name: str, column: str, vocabulary: type[c.models.TextChoices]) -> list[FacetValue]:
        rows = dict(
            base.filter(_combined(filters, skip=name)).values_list(column).annotate(n=Count("pk")).order_by()
        )
        chosen = getattr(params, name)
        return [FacetValue(v, str(lbl), rows.get(v, 0), v in chosen) for v, lbl in vocabulary.choices]

    def bucketed(
        name: str, mapping: Mapping[str, Q], vocabulary: type[c.models.TextChoices]
    ) -> list[FacetValue]:
        qs = base.filter(_combined(filters, skip=name))
        counts = qs.aggregate(
            **{f"b{i}": Count("pk", filter=mapping[v]) for i, v in enumerate(vocabulary.values)}
        )
        chosen = getattr(params, name)
        return [
            FacetValue(v, str(lbl), counts[f"b{i}"], v in chosen)
            for i, (v, lbl) in enumerate(vocabulary.choices)
        ]

    languages = {code: Q(languages__contains=code) for code in c.Language.values}
    markers = {code: Q(derived_markers__contains=code) for code in c.Marker.values}
    osap_counts = base.filter(_combined(filters, skip="osap")).aggregate(
        yes=Count("pk", filter=Q(derived_osap_eligible=True))
    )
    return {
        "delivery_mode": grouped("delivery_mode", "delivery_mode", c.DeliveryMode),
        "pace": grouped("pace", "pace", c.Pace),
        "duration": bucketed("duration", _DURATION_Q, c.DurationBucket),
        "cost": bucketed("cost", _COST_Q, c.CostBucket),
        "language": bucketed("language", languages, c.Language),
        "marker": bucketed("marker", markers, c.Marker),
        "provider": _org_facet(base.filter(_combined(filters, skip="provider")), "slug", params.provider),
        "region": _org_facet(base.filter(_combined(filters, skip="region")), "region", params.region),
        "osap": [FacetValue("true", "OSAP", osap_counts["yes"], params.osap is True)],
    }


def _org_facet(
    qs: QuerySet[MicroCredentialVersion], column: str, chosen: tuple[str, ...]
) -> list[FacetValue]:
    rows = (
        qs.values(
            f"micro_credential__owner__{column}",
            "micro_credential__owner__name_en",
            "micro_credential__owner__name_fr",
        )
        .annotate(n=Count("pk"))
        .order_by(f"micro_credential__owner__{column}")
    )
    merged: dict[str, FacetValue] = {}
    for row in rows:
        value = row[f"micro_credential__owner__{column}"]
        if not value:
            continue
        label = row["micro_credential__owner__name_en"] if column == "slug" else value
        previous = merged.get(value)
        count = row["n"] + (previous.count if previous else 0)
        merged[value] = FacetValue(value, label, count, value in chosen)
    return sorted(merged.values(), key=lambda fv: fv.label.lower())


def version_detail(slug: str) -> MicroCredentialVersion | None:
    """The published version of a micro-credential, with everything the detail page and API show."""
    return (
        published_versions()
        .filter(micro_credential__slug=slug)
        .select_related("micro_credential__owner", "stacks_into__current_version")
        .prefetch_related(
            "issuers",
            "partners",
            "target_occupations",
            "endorsements__organization",
            "outcomes__competency_links__competency",
            "outcomes__assessment",
            "micro_credential__stacked_from",
        )
        .first()
    )


def stacked_from(version: MicroCredentialVersion) -> list[MicroCredentialVersion]:
    """Published micro-credentials that count toward this one."""
    return list(
        published_versions()
        .filter(stacks_into=version.micro_credential_id)
        .select_related("micro_credential")
        .order_by("title_en")
    )
