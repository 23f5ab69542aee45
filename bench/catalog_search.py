"""Catalog search + facets and detail latency with N generated published micro-credentials (issue 3).

    .venv/bin/python bench/catalog_search.py [--rows 100000] [--queries 200] [--json]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/catalog_search.py

Builds a throw-away database (Django's test-database machinery: ``test_<name>``, destroyed afterwards),
bulk-inserts ``--rows`` published versions (3 outcomes each, one ESCO competency per outcome, 2 issuers,
realistic spread of typology, weeks, cost, languages and derived markers), then times what the portal does
per request: ``catalog_search`` with all facet counts (random keyword / skill / facet / sort / page mixes)
and the detail read (``version_detail`` + markers + OSAP). Prints p50/p95/max in milliseconds against the
targets (search p95 < 50 ms, detail p95 < 100 ms).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("MICROCRED_SECRET_KEY", "bench-only")
os.environ.setdefault("MICROCRED_KEY_ENCRYPTION_KEY", "bench-only-kek")
os.environ.setdefault("MICROCRED_DATA_DIR", tempfile.mkdtemp(prefix="microcred-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "microcred.settings")

WORDS = [
    "safety",
    "data",
    "care",
    "vehicle",
    "marketing",
    "health",
    "digital",
    "forest",
    "media",
    "vaccine",
    "battery",
    "design",
    "code",
    "team",
]


def generate(rows: int, seed: int = 7) -> None:
    from microcred.accounts.models import Organization
    from microcred.catalog import choices as c
    from microcred.catalog.models import (
        LearningOutcome,
        MicroCredential,
        MicroCredentialVersion,
        OutcomeCompetency,
    )
    from microcred.frameworks.models import Competency, Framework

    rng = random.Random(seed)
    fw = Framework.objects.create(slug="esco", kind="esco", name_en="ESCO")
    comps = Competency.objects.bulk_create(
        Competency(
            framework=fw,
            uri=f"http://data.europa.eu/esco/skill/bench-{i}",
            label_en=f"{rng.choice(WORDS)} skill {i}",
        )
        for i in range(2000)
    )
    regions = ["Toronto", "Northern Ontario", "Eastern Ontario", "Central Ontario", "Manitoba"]
    orgs = Organization.objects.bulk_create(
        Organization(
            slug=f"org-{i}",
            kind="college",
            name_en=f"College {i}",
            name_fr=f"Collège {i}",
            region=regions[i % 5],
        )
        for i in range(200)
    )
    markers = [m.value for m in c.Marker]
    batch = 5000
    for start in range(0, rows, batch):
        n = min(batch, rows - start)
        mcs = MicroCredential.objects.bulk_create(
            MicroCredential(slug=f"mc-{start + i}", owner=rng.choice(orgs)) for i in range(n)
        )
        versions = []
        for mc in mcs:
            words = " ".join(rng.sample(WORDS, 4))
            versions.append(
                MicroCredentialVersion(
                    micro_credential=mc,
                    number=1,
                    status="published",
                    title_en=f"{words} {mc.slug}",
                    title_fr=f"fr {words}",
                    description_en=words,
                    description_fr=words,
                    purpose=rng.choice(c.Purpose.values),
                    delivery_mode=rng.choice(c.DeliveryMode.values),
                    pace=rng.choice(c.Pace.values),
                    interaction=rng.choice(c.Interaction.values),
                    credential_form="digital",
                    effort_hours=rng.randint(6, 120),
                    effort_weeks=rng.randint(1, 20),
                    cost_cad=Decimal(rng.choice([0, 99, 250, 495, 750, 1200, 2500])),
                    languages=rng.choice(["en", "fr", "en,fr"]),
                    derived_markers=",".join(m for m in markers if rng.random() < 0.5),
                    derived_osap_eligible=rng.random() < 0.3,
                    derived_search_text=f"{words} {mc.slug}".lower(),
                )
            )
        versions = MicroCredentialVersion.objects.bulk_create(versions)
        through = MicroCredentialVersion.issuers.through
        through.objects.bulk_create(
            through(microcredentialversion_id=v.pk, organization_id=v.micro_credential.owner_id)
            for v in versions
        )
        outcomes = LearningOutcome.objects.bulk_create(
            LearningOutcome(version=v, position=k, text_en="outcome", text_fr="résultat")
            for v in versions
            for k in range(3)
        )
        OutcomeCompetency.objects.bulk_create(
            OutcomeCompetency(outcome=o, competency=rng.choice(comps), kind="skill") for o in outcomes
        )
        for v in versions:
            MicroCredential.objects.filter(pk=v.micro_credential_id).update(current_version=v)


def random_params(rng: random.Random, skills: list[str]) -> dict[str, object]:
    from microcred.catalog import choices as c

    params: dict[str, object] = {}
    if rng.random() < 0.5:
        params["q"] = rng.choice(WORDS)
    if rng.random() < 0.2:
        params["skill"] = rng.choice(skills)
    for name, values in (("delivery_mode", c.DeliveryMode.values), ("pace", c.Pace.values),
                         ("duration", c.DurationBucket.values), ("cost", c.CostBucket.values),
                         ("marker", c.Marker.values)):  # fmt: skip
        if rng.random() < 0.25:
            params[name] = [rng.choice(values)]
    if rng.random() < 0.2:
        params["osap"] = "true"
    params["sort"] = rng.choice(c.Sort.values)
    params["page"] = str(rng.randint(1, 5))
    return params


def timed(fn, count: int) -> list[float]:  # type: ignore[no-untyped-def]
    out = []
    for i in range(count):
        start = time.perf_counter()
        fn(i)
        out.append((time.perf_counter() - start) * 1000)
    return out


def summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50": round(statistics.median(ordered), 1),
        "p95": round(ordered[int(len(ordered) * 0.95) - 1], 1),
        "max": round(ordered[-1], 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    from microcred.catalog import selectors
    from microcred.catalog.markers import compute_markers, compute_osap

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        started = time.perf_counter()
        generate(args.rows)
        load_seconds = time.perf_counter() - started
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        rng = random.Random(11)
        skills = [f"http://data.europa.eu/esco/skill/bench-{i}" for i in range(2000)]
        queries = [random_params(rng, skills) for _ in range(args.queries)]
        slugs = [f"mc-{rng.randrange(args.rows)}" for _ in range(args.queries)]

        def search(i: int) -> None:
            result = selectors.catalog_search(selectors.SearchParams.parse(queries[i]))
            list(result.items)

        def detail(i: int) -> None:
            version = selectors.version_detail(slugs[i])
            assert version is not None
            compute_markers(version)
            compute_osap(version)
            [list(o.competency_links.all()) for o in version.outcomes.all()]

        search(0), detail(0)  # warm caches and connections
        report = {
            "database": connection.vendor,
            "rows": args.rows,
            "load_seconds": round(load_seconds, 1),
            "search_with_facets_ms": summary(timed(search, args.queries)),
            "detail_ms": summary(timed(detail, args.queries)),
            "targets_ms": {"search_p95": 50, "detail_p95": 100},
        }
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    if args.json:
        print(json.dumps(report))
    else:
        print(
            f"{report['database']}, {args.rows} micro-credentials (generated in {report['load_seconds']} s)"
        )
        for key, target in (("search_with_facets_ms", 50), ("detail_ms", 100)):
            s = report[key]
            verdict = "OK" if s["p95"] < target else "OVER TARGET"
            line = f"p50 {s['p50']:7} p95 {s['p95']:7} max {s['max']:7} (target p95 < {target}) {verdict}"
            print(f"  {key:24} {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
