"""Search parameters, parsed at the boundary: the portal and the API both parse their query into one
``SearchParams`` (``SearchParams.parse``), so both accept the same facets and give the same answers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from microcred.catalog import choices as c

if TYPE_CHECKING:
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
