"""The query mix, the timed paths, the report and the SQL profile of bench/catalog.py."""

from __future__ import annotations

import random
import statistics
import time
from collections import defaultdict
from typing import Any

from catalog_util import DETAIL_TARGET_MS, SEARCH_TARGET_MS, log

KEYWORDS = [
    "safety",
    "care",
    "data",
    "manage",
    "customer",
    "food",
    "vehicle",
    "patient",
    "software",
    "construction",
    "marketing",
    "electrical",
    "sécurité",
    "gestion",
    "données",
    "soins",
    "maintenance",
    "equipment",
    "quality",
    "health",
]


# ---------------------------------------------------------------------------------------------------------
# Query mix
# ---------------------------------------------------------------------------------------------------------
def query_mix(n: int, rng: random.Random) -> list[tuple[str, dict[str, str]]]:
    from microcred.accounts.models import Organization
    from microcred.catalog import choices as c
    from microcred.catalog.models import MicroCredentialVersion, OutcomeCompetency

    used = list(
        OutcomeCompetency.objects.order_by("?").values_list("competency__uri", "competency__label_en")[:300]
    )
    occupations = list(
        MicroCredentialVersion.target_occupations.through.objects.order_by("?").values_list(
            "occupation__uri", "occupation__code", "occupation__label_en", "occupation__framework__kind"
        )[:300]
    )
    providers = list(
        Organization.objects.filter(micro_credentials__isnull=False).distinct().values_list("slug", flat=True)
    )
    regions = sorted({r for r in Organization.objects.values_list("region", flat=True) if r})
    pages = max(1, MicroCredentialVersion.objects.filter(status="published").count() // 20)
    facets: dict[str, Any] = {
        "delivery_mode": lambda: rng.choice(c.DeliveryMode.values),
        "pace": lambda: rng.choice(c.Pace.values),
        "duration": lambda: rng.choice(c.DurationBucket.values),
        "cost": lambda: rng.choice(c.CostBucket.values),
        "language": lambda: rng.choice(c.Language.values),
        "provider": lambda: rng.choice(providers),
        "region": lambda: rng.choice(regions),
        "osap": lambda: "true",
        "marker": lambda: rng.choice(c.Marker.values),
    }

    def word() -> str:
        return rng.choice(KEYWORDS) if rng.random() < 0.7 else max(rng.choice(used)[1].split(), key=len)

    def one() -> tuple[str, dict[str, str]]:
        kind = rng.choices(
            ["browse", "keyword", "skill", "occupation", "facet", "combination", "sort", "deep page"],
            [5, 20, 12, 8, 25, 15, 7, 8],
        )[0]
        if kind == "browse":
            return "browse", {}
        if kind == "keyword":
            return "keyword", {"q": " ".join(word() for _ in range(rng.choice([1, 1, 2, 3])))}
        if kind == "skill":
            uri, label = rng.choice(used)
            return (
                ("skill (URI)", {"skill": uri})
                if rng.random() < 0.6
                else ("skill (words)", {"skill": label.split()[-1]})
            )
        if kind == "occupation":
            uri, code, label, fw = rng.choice(occupations)
            if rng.random() < 0.3:
                return "occupation (words)", {"occupation": label.split()[-1]}
            return (
                ("occupation (NOC)", {"occupation": code})
                if fw == "noc"
                else ("occupation (URI)", {"occupation": uri})
            )
        if kind == "facet":
            name = rng.choice(list(facets))
            return f"facet: {name}", {name: facets[name]()}
        if kind == "combination":
            params = {name: facets[name]() for name in rng.sample(list(facets), rng.randint(2, 3))}
            if rng.random() < 0.6:
                params["q"] = word()
            params["sort"] = rng.choice(c.Sort.values)
            return "combination", params
        if kind == "sort":
            return "sort", {"sort": rng.choice(c.Sort.values)}
        return "deep page", {"page": str(rng.randint(pages // 2, pages)), "sort": rng.choice(c.Sort.values)}

    return [one() for _ in range(n)]


# ---------------------------------------------------------------------------------------------------------
# Measurement
# ---------------------------------------------------------------------------------------------------------
def _timed(call: Any) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def _get(client: Any, url: str, params: dict[str, str]) -> Any:
    def call() -> None:
        response = client.get(url, params)
        if response.status_code != 200:
            raise RuntimeError(f"{url} {params} -> {response.status_code}")

    return call


def measure(
    mix: list[tuple[str, dict[str, str]]], slugs: list[str], budget: float
) -> dict[str, dict[str, list[float]]]:
    from django.test import Client

    from microcred.catalog import selectors
    from microcred.catalog.markers import compute_markers, compute_osap

    client = Client()

    def selector_search(params: dict[str, str]) -> Any:
        return lambda: selectors.catalog_search(selectors.SearchParams.parse(params))

    def selector_detail(slug: str) -> Any:
        def call() -> None:
            v = selectors.version_detail(slug)
            compute_markers(v)  # type: ignore[arg-type]
            compute_osap(v)  # type: ignore[arg-type]
            selectors.stacked_from(v)  # type: ignore[arg-type]

        return call

    paths = {
        "portal": (
            lambda p: _get(client, "/en/", p),
            lambda s: _get(client, f"/en/microcredentials/{s}/", {}),
        ),
        "api": (
            lambda p: _get(client, "/api/catalog/microcredentials", p),
            lambda s: _get(client, f"/api/catalog/microcredentials/{s}", {}),
        ),
        "selector": (selector_search, selector_detail),
    }
    out: dict[str, dict[str, list[float]]] = {}
    for path, (search, detail) in paths.items():
        for _kind, params in mix[:5]:  # warm-up: templates, translations, connection, caches
            search(params)()
        detail(slugs[0])()
        samples: dict[str, list[float]] = defaultdict(list)
        started = time.perf_counter()
        for kind, params in mix:  # the mix is in random order: a prefix is a random sample of it
            samples[kind].append(_timed(search(params)))
            if time.perf_counter() - started > budget:
                break
        for slug in slugs:
            samples["detail"].append(_timed(detail(slug)))
        out[path] = dict(samples)
        searches = sum(len(v) for k, v in samples.items() if k != "detail")
        log(f"  {path}: {searches} searches + {len(slugs)} details in {time.perf_counter() - started:.0f} s")
    return out


def pct(values: list[float], p: int) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def summarize(samples: dict[str, dict[str, list[float]]]) -> list[dict[str, Any]]:
    rows = []
    for path, kinds in samples.items():
        search = [ms for kind, values in kinds.items() if kind != "detail" for ms in values]
        for label, values, target in (
            ("search + facets", search, SEARCH_TARGET_MS),
            ("detail", kinds["detail"], DETAIL_TARGET_MS),
        ):
            p95 = pct(values, 95)
            rows.append(
                {
                    "path": path,
                    "measure": label,
                    "n": len(values),
                    "p50": pct(values, 50),
                    "p95": p95,
                    "p99": pct(values, 99),
                    "max": max(values),
                    "target": target,
                    "pass": p95 < target,
                }
            )
    return rows


def print_report(info: dict[str, Any]) -> None:
    print(
        f"\n### {info['engine']}: {info['counts']['published versions']:,} published micro-credentials "
        f"({info['counts']['outcomes']:,} outcomes, "
        f"{info['counts']['competency links']:,} competency links); "
        f"generated in {info['generation_s']:.0f} s; load average during measurement {info['load']}\n"
    )
    print("| path | measure | n | p50 ms | p95 ms | p99 ms | max ms | target (p95) | result |")
    print("|---|---|---:|---:|---:|---:|---:|---|---|")
    for r in info["summary"]:
        print(
            f"| {r['path']} | {r['measure']} | {r['n']} | {r['p50']:.1f} | {r['p95']:.1f} | {r['p99']:.1f} | "
            f"{r['max']:.1f} | < {r['target']:.0f} ms | {'PASS' if r['pass'] else 'FAIL'} |"
        )
    paths = list(info["samples"])
    print(
        f"\nper query kind (p50 / p95 ms; PASS/FAIL is the portal's p95 against {SEARCH_TARGET_MS:.0f} ms):\n"
    )
    print("| kind | " + " | ".join(paths) + " | portal |")
    print("|---|" + "---:|" * len(paths) + "---|")
    kinds = sorted({k for p in paths for k in info["samples"][p]}, key=lambda k: (k == "detail", k))
    for kind in kinds:
        got = {p: info["samples"][p].get(kind) for p in paths}  # a path cut short by --budget may lack a kind
        cells = [f"{pct(v, 50):.1f} / {pct(v, 95):.1f} (n={len(v)})" if v else "—" for v in got.values()]
        target = DETAIL_TARGET_MS if kind == "detail" else SEARCH_TARGET_MS
        verdict = "PASS" if got["portal"] and pct(got["portal"], 95) < target else "FAIL"
        print(f"| {kind} | " + " | ".join(cells) + f" | {verdict} |")


# ---------------------------------------------------------------------------------------------------------
# Profiling
# ---------------------------------------------------------------------------------------------------------
def profile(engine: str, mix: list[tuple[str, dict[str, str]]], slugs: list[str]) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from microcred.catalog import selectors

    print("\nSQL per query kind (one selector call each; statements, SQL ms, slowest statement):\n")
    slowest: list[tuple[float, str, str]] = []
    seen: set[str] = set()
    for kind, params in [*mix, ("detail", {"slug": slugs[0]})]:
        if kind in seen:
            continue
        seen.add(kind)
        with CaptureQueriesContext(connection) as ctx:
            if kind == "detail":
                selectors.version_detail(params["slug"])
            else:
                selectors.catalog_search(selectors.SearchParams.parse(params))
        timings = [(float(q["time"]) * 1000, q["sql"]) for q in ctx.captured_queries]
        top = max(timings)
        print(
            f"- {kind} {params}: {len(timings)} statements, {sum(t for t, _ in timings):.0f} ms SQL; "
            f"slowest {top[0]:.0f} ms: {top[1][:160]}"
        )
        slowest += [(t, kind, sql) for t, sql in timings]
    slowest.sort(reverse=True)
    explain = "EXPLAIN QUERY PLAN " if engine == "sqlite" else "EXPLAIN (ANALYZE, BUFFERS) "
    shown: set[str] = set()
    for ms, kind, sql in slowest:
        if kind in shown or len(shown) >= 4:
            continue
        shown.add(kind)
        print(f"\nplan of the slowest statement of '{kind}' ({ms:.0f} ms):\n    {sql[:600]}")
        with connection.cursor() as cursor:
            cursor.execute(explain + sql)
            for row in cursor.fetchall():
                print("    " + " ".join(str(col) for col in row))
