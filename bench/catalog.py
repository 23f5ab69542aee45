"""Catalog search + facets and detail latency at scale (issue 3: 100,000 micro-credentials).

    .venv/bin/python bench/catalog.py [--count 100000] [--database sqlite|postgres|both] [--queries 200]
                                      [--budget 600] [--seed 7] [--profile] [--keep] [--json FILE]

Per engine (``both``: one child process each, SQLite then PostgreSQL): a fresh throw-away database
(SQLite: a file in a temp dir; PostgreSQL: ``microcred_bench`` on 127.0.0.1:5432, user postgres, created
and dropped with psycopg), ``migrate``, the full
ESCO v1.1.1 and NOC 2021 imports (the frameworks services behind ``import_esco`` / ``import_noc``), the demo
catalog through the catalog services, generated organisations, then ``--count`` published micro-credentials
written with ``bulk_create``: titles, descriptions and 3-6 outcomes built from the ESCO essential skills of an
ESCO occupation (1-3 competency links and one assessment design per outcome), typology, effort, cost,
languages, issuers, partners, endorsements, target occupations (ESCO + NOC), credits and stacking. The derived
columns (markers, OSAP, search text) are written by the catalog's own ``services.version_refresh_derived``,
one call per row, on rows whose relations are handed over from memory as if prefetched (``Prefetched``).

Then it times, on the same query mix: the portal (``GET /en/?...`` through the Django test client), the API
(``GET /api/catalog/microcredentials?...``) and the selector (``catalog_search``) directly; and the detail
page (``/en/microcredentials/<slug>/``), the API detail and ``version_detail`` + markers + OSAP +
``stacked_from``. ``--budget`` stops a path's searches after that many seconds (fewer samples). It prints
p50/p95/p99 with PASS/FAIL against the targets (search + facets p95 < 50 ms, detail p95 < 100 ms).
``--workdir DIR`` keeps the SQLite file under DIR, ``--pg-name`` names the PostgreSQL database (use your own
on a shared server), ``--keep`` does not drop it at the end, and ``--reuse`` measures a kept database again
(after ``migrate``, which applies any new migration) instead of generating it anew.
``--profile`` adds, per query kind, the number of SQL statements and SQL time of one selector call, and the
plan (EXPLAIN QUERY PLAN / EXPLAIN ANALYZE) of the slowest statements.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from catalog_generate import finish_generation, generate, load_reference
from catalog_measure import measure, print_report, profile, query_mix, summarize
from catalog_util import log

ROOT = Path(__file__).resolve().parent.parent
PG_DSN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"
PG_NAME = "microcred_bench"  # --pg-name: use your own on a shared server


# ---------------------------------------------------------------------------------------------------------
# Databases and Django
# ---------------------------------------------------------------------------------------------------------
def _pg(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG_DSN, autocommit=True) as conn:
        conn.execute(sql)


def prepare_database(engine: str, workdir: Path, pg_name: str, reuse: bool) -> str:
    if engine == "sqlite":
        path = workdir / "bench.sqlite3"
        if not reuse:
            for stale in workdir.glob("bench.sqlite3*"):
                stale.unlink()
        return f"sqlite:///{path}"
    if not reuse:
        _pg(f"DROP DATABASE IF EXISTS {pg_name} WITH (FORCE)")
        _pg(f"CREATE DATABASE {pg_name}")
    return f"postgres://postgres@127.0.0.1:5432/{pg_name}"


def configure_django(database_url: str, workdir: Path) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["MICROCRED_SECRET_KEY"] = "bench-only-not-secret"
    os.environ.setdefault("MICROCRED_KEY_ENCRYPTION_KEY", "bench-only-key-encryption-key-0123456789")
    os.environ["MICROCRED_DATA_DIR"] = str(workdir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "microcred.settings"
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


# ---------------------------------------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------------------------------------
def run_engine(args: argparse.Namespace) -> dict[str, Any]:
    engine = args.database
    with ExitStack() as stack:
        if args.workdir:
            workdir = args.workdir / engine
            workdir.mkdir(parents=True, exist_ok=True)
        else:
            workdir = Path(
                stack.enter_context(tempfile.TemporaryDirectory(prefix=f"microcred-bench-{engine}-"))
            )
        configure_django(prepare_database(engine, workdir, args.pg_name, args.reuse), workdir)
        log(f"{engine}: {os.environ['DATABASE_URL']}{' (reused)' if args.reuse else ''}")
        try:
            return _run(engine, args)
        finally:
            from django.db import connections

            connections.close_all()
            if engine == "postgres" and not args.keep:
                _pg(f"DROP DATABASE IF EXISTS {args.pg_name} WITH (FORCE)")
    raise AssertionError("unreachable")


def _run(engine: str, args: argparse.Namespace) -> dict[str, Any]:
    started = time.perf_counter()
    if args.reuse:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        log(f"migrate (reused database) {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
    else:
        load_reference()
        started = time.perf_counter()
        generate(args.count, random.Random(args.seed))
    counts = finish_generation(engine)
    generation_s = time.perf_counter() - started
    log(f"{'maintained' if args.reuse else 'generated'} {counts} in {generation_s:.0f} s")
    from microcred.catalog.models import MicroCredential

    mix = query_mix(args.queries, random.Random(args.seed + 1))
    slugs = list(
        MicroCredential.objects.filter(current_version__isnull=False)
        .order_by("?")
        .values_list("slug", flat=True)[: args.queries]
    )
    load_before = os.getloadavg()
    samples = measure(mix, slugs, args.budget)
    load_after = os.getloadavg()
    info = {
        "engine": engine,
        "counts": counts,
        "generation_s": generation_s,
        "load": f"{load_before[0]:.2f} → {load_after[0]:.2f} (1-min), {os.cpu_count()} CPUs",
        "samples": samples,
        "summary": summarize(samples),
    }
    print_report(info)
    if args.profile:
        profile(engine, mix, slugs)
    return info


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=100_000, help="published micro-credentials to generate")
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--queries", type=int, default=200, help="searches (and details) timed per path")
    parser.add_argument(
        "--budget",
        type=float,
        default=600,
        help="stop a path's searches after this many seconds (then fewer)",
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--profile", action="store_true", help="SQL counts, times and plans per query kind")
    parser.add_argument("--workdir", type=Path, help="keep the SQLite file (and data dir) under DIR/<engine>")
    parser.add_argument("--pg-name", default=PG_NAME, help="PostgreSQL database name")
    parser.add_argument("--keep", action="store_true", help="do not drop the PostgreSQL database at the end")
    parser.add_argument("--reuse", action="store_true", help="measure a kept database again (no generation)")
    parser.add_argument("--json", type=Path, help="write the samples and summary to this file")
    args = parser.parse_args()
    if args.database != "both":
        info = run_engine(args)
        if args.json:
            args.json.write_text(json.dumps(info, indent=1, default=str))
        return
    failed = False
    for engine in ("sqlite", "postgres"):
        argv = [sys.executable, __file__, "--database", engine, "--pg-name", args.pg_name]
        for name in ("count", "queries", "seed", "budget", "workdir"):
            if getattr(args, name) is not None:
                argv += [f"--{name}", str(getattr(args, name))]
        argv += [f"--{flag}" for flag in ("profile", "keep", "reuse") if getattr(args, flag)]
        if args.json:
            argv += ["--json", str(args.json.with_name(f"{args.json.stem}-{engine}{args.json.suffix}"))]
        failed |= subprocess.run(argv, check=False).returncode != 0
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
