"""Bulk issuance end to end: N credentials (database rows, status slots, signing, storage) on real
``db_worker`` processes, on SQLite and on PostgreSQL, with 1 and 2 workers.

    .venv/bin/python bench/issuance.py                     # 100,000 credentials, every configuration
    .venv/bin/python bench/issuance.py --count 10000 --engines sqlite --workers 1 2

Each configuration gets a fresh migrated database (a SQLite file, or a new PostgreSQL database on
TEST_POSTGRES_URL's server, dropped afterwards): an organisation with a signing key, a published
micro-credential version with two ESCO-aligned competencies, and a batch of N rows (the CSV import). The clock
runs from starting the workers to the batch reaching done == total, so worker start-up is included.
Target (issue 4): 100,000 in at most 2 minutes on this 2-core machine.

Other processes share the CPUs, so each row also reports the CPU the workers used per credential (``worker
CPU``, from the children's rusage) and, on PostgreSQL, what the server backends of the benchmark's database
used (``server CPU``, sampled from /proc): ``2 idle cores`` is 100,000 credentials' CPU spread over the
workers (at most the 2 CPUs) — what the run would take without the other load, lock waits ignored.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "microcred.test_settings")

from tests.issuance.bulk_processes import ENQUEUE, SETUP, Database, postgres_reachable  # noqa: E402


def _proc_cpu(pid: int) -> float | None:
    """CPU seconds (user + system) a process has used, from /proc (Linux); None once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class ServerCpu:
    """CPU used by the PostgreSQL backends serving the benchmark's database (the server shares these CPUs):
    sampled while the workers run, last reading per backend summed."""

    def __init__(self, database: Database) -> None:
        self.database, self.last = database, {}  # type: dict[int, float]

    def sample(self) -> None:
        if self.database.engine != "postgresql":
            return
        import psycopg

        with psycopg.connect(self.database.url, autocommit=True) as conn:
            query = "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> %s"
            pids = [row[0] for row in conn.execute(query, (conn.info.backend_pid,))]
        for pid in pids:
            if (cpu := _proc_cpu(pid)) is not None:
                self.last[pid] = cpu

    @property
    def seconds(self) -> float:
        return sum(self.last.values())


def run_one(engine: str, workers: int, count: int, chunk: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="bench-issuance-") as tmp:
        database = Database(Path(tmp), engine)
        server = ServerCpu(database)
        try:
            started = time.perf_counter()
            batch_id = database.script(SETUP, count, chunk, 300)["batch"]
            setup_seconds = time.perf_counter() - started
            database.script(ENQUEUE, batch_id, workers)
            children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            processes = [database.worker("--batch", "--max-tasks", "1") for _ in range(workers)]
            try:
                polls = 0
                while (done := database.done(batch_id)) < count:
                    if all(process.poll() is not None for process in processes):
                        raise RuntimeError(f"workers exited at {done}/{count}")
                    if polls % 4 == 0:
                        server.sample()
                    polls += 1
                    time.sleep(0.25)
                seconds = time.perf_counter() - started
                server.sample()
                for process in processes:
                    process.wait(timeout=120)
            finally:
                for process in processes:
                    if process.poll() is None:
                        process.kill()  # an interrupted run leaves no worker behind
            children = resource.getrusage(resource.RUSAGE_CHILDREN)
            worker_cpu = (children.ru_utime + children.ru_stime) - (
                children_before.ru_utime + children_before.ru_stime
            )
        finally:
            database.drop()
    return {
        "setup_s": setup_seconds,
        "issue_s": seconds,
        "per_s": count / seconds,
        "worker_ms": worker_cpu * 1000 / count,
        "server_ms": server.seconds * 1000 / count,
    }


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
        f"{'database':<11} {'workers':>7} {'rows setup':>11} {'issue':>9} {'credentials/s':>14} "
        f"{'100k at':>9} {'worker CPU':>11} {'server CPU':>11} {'2 idle cores':>13}"
    )
    print(f"load average before: {load_average()} (other processes share these CPUs)")
    for engine in args.engines:
        if engine == "postgresql" and not postgres_reachable():
            print(f"{engine:<11} skipped: no PostgreSQL server")
            continue
        for workers in args.workers:
            r = run_one(engine, workers, args.count, args.chunk)
            # CPU-bound estimate: 100,000 credentials' CPU (workers + server) over min(2, workers) idle cores
            idle = 100 * (r["worker_ms"] + r["server_ms"]) / min(2, workers)
            print(
                f"{engine:<11} {workers:>7} {r['setup_s']:>10.1f}s {r['issue_s']:>8.1f}s {r['per_s']:>14.0f} "
                f"{100_000 / r['per_s']:>8.0f}s {r['worker_ms']:>8.3f} ms {r['server_ms']:>8.3f} ms "
                f"{idle:>12.0f}s",
                flush=True,
            )
    print(f"load average after: {load_average()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
