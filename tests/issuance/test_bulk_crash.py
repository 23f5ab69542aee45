"""Crash test (issue 4 acceptance): a bulk issuance job whose ``db_worker`` process is killed with SIGKILL at
random points, at least five times, then resumed: the final count is exact, there are no duplicates (ids,
idempotency keys, status slots), no status slot leaked, and every credential verifies with credcore.

PostgreSQL when a server answers (a database of its own), else a SQLite file. ``MICROCRED_CRASH_ROWS``
sets the size (default 1,000 for the suite; the acceptance run uses 10,000); ``MICROCRED_CRASH_DB`` forces
``postgresql`` or ``sqlite``."""

from __future__ import annotations

import os
import random
import time
from pathlib import Path

from .bulk_processes import CHECK, ENQUEUE, PROGRESS, SETUP, Database

ROWS = int(os.environ.get("MICROCRED_CRASH_ROWS", "1000"))
KILLS = int(os.environ.get("MICROCRED_CRASH_KILLS", "5"))
LEASE_SECONDS = 3
CHUNK = 100 if ROWS <= 2_000 else 500


def test_bulk_job_survives_sigkill_and_resumes_exactly(tmp_path: Path) -> None:
    database = Database(tmp_path, os.environ.get("MICROCRED_CRASH_DB"))  # postgresql | sqlite | auto
    try:
        _crash_and_resume(database)
    finally:
        database.drop()


def _crash_and_resume(database: Database) -> None:
    rng = random.Random(os.environ.get("MICROCRED_CRASH_SEED", "4"))
    batch_id = database.script(SETUP, ROWS, CHUNK, LEASE_SECONDS)["batch"]
    progress_at_kill: list[int] = []
    for _ in range(KILLS):
        database.script(ENQUEUE, batch_id, 1)
        before = database.done(batch_id)
        worker = database.worker()
        deadline = time.monotonic() + 120
        while database.done(batch_id) == before and time.monotonic() < deadline and worker.poll() is None:
            time.sleep(0.05)  # wait until this worker has committed a chunk: it is working now
        time.sleep(rng.uniform(0.0, 1.0))  # then a random point: mid-signing, mid-claim or mid-commit
        worker.kill()  # SIGKILL: no cleanup, claimed rows stay claimed until their lease runs out
        worker.wait(timeout=30)
        progress_at_kill.append(database.script(PROGRESS, batch_id)["done"])
    # killed workers left their jobs "running" and rows claimed: wait out the lease, enqueue, drain
    for _ in range(5):
        time.sleep(LEASE_SECONDS + 0.5)
        database.script(ENQUEUE, batch_id, 1)
        database.drain()
        if database.script(PROGRESS, batch_id)["state"] == "completed":
            break
    outcome = database.script(CHECK, batch_id)
    print(f"\n{database.engine}: {ROWS} rows, done at each kill {progress_at_kill}, outcome {outcome}")
    assert progress_at_kill[0] < ROWS, "the first kill must land while the job is still working"
    assert outcome["state"] == "completed"
    assert outcome["done"] == outcome["total"] == ROWS
    assert outcome["credentials"] == ROWS
    assert outcome["distinct_ids"] == outcome["distinct_keys"] == outcome["distinct_slots"] == ROWS
    assert outcome["slots_allocated"] == ROWS  # a crash leaks no status slot
    assert outcome["rows_not_done"] == 0
    assert outcome["verified"] == ROWS, outcome["failures"]
