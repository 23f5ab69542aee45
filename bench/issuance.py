"""Bulk issuance end to end: N credentials (database rows, status slots, signing, storage) on real
``db_worker`` processes, on SQLite and on PostgreSQL, with 1 and 2 workers.

    .venv/bin/python bench/issuance.py                     # 100,000 credentials, every configuration
    .venv/bin/python bench/issuance.py --count 10000 --engines sqlite --workers 1 2

Each configuration gets a fresh migrated database (a SQLite file, or a new PostgreSQL database on
TEST_POSTGRES_URL's server, dropped afterwards): an organisation with a signing key, a published
micro-credential version with two ESCO-aligned competencies, and a batch of N rows (the CSV import). The clock
runs from starting the workers to the batch reaching done == total, so worker start-up is included.
Target (issue 4): 100,000 in at most 2 minutes on this 2-core machine.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "microcred.test_settings")

from tests.issuance.bulk_processes import ENQUEUE, SETUP, Database, postgres_reachable  # noqa: E402


def run_one(engine: str, workers: int, count: int, chunk: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="bench-issuance-") as tmp:
        database = Database(Path(tmp), engine)
        try:
            started = time.perf_counter()
            batch_id = database.script(SETUP, count, chunk, 300)["batch"]
            setup_seconds = time.perf_counter() - started
            database.script(ENQUEUE, batch_id, workers)
            started = time.perf_counter()
            processes = [database.worker("--batch", "--max-tasks", "1") for _ in range(workers)]
            try:
                while (done := database.done(batch_id)) < count:
                    if all(process.poll() is not None for process in processes):
                        raise RuntimeError(f"workers exited at {done}/{count}")
                    time.sleep(0.25)
                seconds = time.perf_counter() - started
                for process in processes:
                    process.wait(timeout=120)
            finally:
                for process in processes:
                    if process.poll() is None:
                        process.kill()  # an interrupted run leaves no worker behind
        finally:
            database.drop()
    return {"setup_s": setup_seconds, "issue_s": seconds, "per_s": count / seconds}


def load_average() -> str:
    try:
        return " / ".join(f"{value:.1f}" for value in os.getloadavg())
    except OSError:
        return "n/a"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument(
        "--engines", nargs="+", default=["sqlite", "postgresql"], choices=["sqlite", "postgresql"]
    )
    parser.add_argument("--workers", nargs="+", type=int, default=[1, 2])
    parser.add_argument("--chunk", type=int, default=500)
    args = parser.parse_args()
    print(
        f"bulk issuance of {args.count:,} credentials (eddsa-rdfc-2022), "
        f"chunks of {args.chunk}, {os.cpu_count()} CPUs"
    )
    print(
        f"{'database':<11} {'workers':>7} {'rows setup':>11} {'issue':>9} "
        f"{'credentials/s':>14} {'100k at':>9}"
    )
    print(f"load average before: {load_average()} (other processes share these CPUs)")
    for engine in args.engines:
        if engine == "postgresql" and not postgres_reachable():
            print(f"{engine:<11} skipped: no PostgreSQL server")
            continue
        for workers in args.workers:
            result = run_one(engine, workers, args.count, args.chunk)
            print(
                f"{engine:<11} {workers:>7} {result['setup_s']:>10.1f}s {result['issue_s']:>8.1f}s "
                f"{result['per_s']:>14.0f} {100_000 / result['per_s']:>8.0f}s",
                flush=True,
            )
    print(f"load average after: {load_average()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
