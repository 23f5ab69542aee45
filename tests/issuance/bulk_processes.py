"""Run bulk issuance on real worker processes against a database of its own (PostgreSQL when a server
answers, else a SQLite file): set up an organisation, a published version and a batch; enqueue jobs; start
and kill ``db_worker`` processes; check the outcome and verify every credential with credcore.

Shared by the crash test and the worker tests. Everything runs in subprocesses, so the pytest process's own
test database is never involved.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
PG_SERVER = os.environ.get("TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test")

SETUP = r"""
import json, sys
import django; django.setup()
sys.path.insert(0, "tests")
from issuance.conftest import make_org, publish_version
from microcred.issuance import bulk, services
rows, chunk, lease = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
org = make_org("crash-college", "Crash College")
services.signing_key_create(organization=org, actor_label="test")
version = publish_version(org)
batch = bulk.batch_create(organization=org, version=version, source="cli", enqueue=False, chunk_size=chunk,
    lease_seconds=lease, rows=[bulk.RowInput(f"learner{i:06d}@example.org") for i in range(rows)])
print(json.dumps({"batch": batch.pk}))
"""

ENQUEUE = r"""
import sys
import django; django.setup()
from microcred.issuance.tasks import issuance_batch_run_job
for _ in range(int(sys.argv[2])):
    issuance_batch_run_job.enqueue(int(sys.argv[1]))
"""

PROGRESS = r"""
import json, sys
import django; django.setup()
from microcred.issuance.models import IssuanceBatch
b = IssuanceBatch.objects.get(pk=int(sys.argv[1]))
print(json.dumps({"done": b.done, "total": b.total, "state": b.state}))
"""

CHECK = r"""
import json, sys, time, urllib.parse
import django; django.setup()
from django.db.models import Count
from credcore import DidResolver, StatusListCache, verify_credential
from microcred.issuance import selectors, services
from microcred.issuance.identity import status_list_url
from microcred.issuance.models import IssuanceBatch, IssuanceRow, IssuedCredential, StatusList, StatusSlot
batch = IssuanceBatch.objects.select_related("organization").get(pk=int(sys.argv[1]))
org = batch.organization
credentials = IssuedCredential.objects.filter(batch=batch)
lists = {}
for status_list in StatusList.objects.filter(organization=org):
    status_list = services.status_list_publish(status_list_id=status_list.pk)
    lists[status_list_url(org, status_list.purpose, status_list.sequence)] = status_list.credential
did_document = selectors.did_document(organization=org)
def fetch(url):
    if urllib.parse.urlsplit(url).path.endswith("/did.json"):
        return did_document
    return lists[url]
resolver, cache = DidResolver(fetcher=fetch), StatusListCache()
started = time.perf_counter()
failures = []
verified = 0
for document in credentials.values_list("document", flat=True).iterator(chunk_size=1000):
    result = verify_credential(document, resolver=resolver, status_fetcher=fetch, status_cache=cache)
    if result.verified:
        verified += 1
    elif len(failures) < 3:
        failures.append(result.to_json())
elapsed = time.perf_counter() - started
print(json.dumps({
    "state": batch.state, "total": batch.total, "done": batch.done,
    "credentials": credentials.count(),
    "distinct_ids": credentials.values("credential_id").distinct().count(),
    "distinct_keys": credentials.values("idempotency_key").distinct().count(),
    "distinct_slots": credentials.values("status_slot").distinct().count(),
    "slots_allocated": StatusSlot.objects.filter(status_list__organization=org).count(),
    "rows_not_done": IssuanceRow.objects.filter(batch=batch).exclude(state="done").count(),
    "max_attempts": max(IssuanceRow.objects.filter(batch=batch).values_list("attempts", flat=True)),
    "verified": verified, "verify_seconds": round(elapsed, 2), "failures": failures,
}))
"""


def postgres_reachable() -> bool:
    try:
        import psycopg

        psycopg.connect(PG_SERVER, connect_timeout=3).close()
        return True
    except Exception:
        return False


class Database:
    """A fresh, migrated database for the subprocesses; ``drop()`` removes it."""

    def __init__(self, tmp_path: Path, engine: str | None = None) -> None:
        self.engine = engine or ("postgresql" if postgres_reachable() else "sqlite")
        if self.engine == "postgresql":
            import psycopg

            self.name = f"microcred_bulk_{uuid.uuid4().hex[:10]}"
            with psycopg.connect(PG_SERVER, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{self.name}"')
            base = PG_SERVER.rsplit("/", 1)[0]
            self.url = f"{base}/{self.name}"
        else:
            self.name = str(tmp_path / "bulk.sqlite3")
            self.url = f"sqlite:///{self.name}"
        self.env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST")}
        self.env.update(
            DATABASE_URL=self.url,
            DJANGO_SETTINGS_MODULE=os.environ.get("DJANGO_SETTINGS_MODULE", "microcred.test_settings"),
            PYTHONPATH=os.pathsep.join(p for p in (os.environ.get("PYTHONPATH", ""), str(ROOT / "src")) if p),
            MICROCRED_TASKS_BACKEND="database",
        )
        self.run([sys.executable, "manage.py", "migrate", "--verbosity", "0"])

    def run(self, args: list[str], timeout: float = 600, **extra_env: str) -> str:
        completed = subprocess.run(
            args,
            env={**self.env, **extra_env},
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if completed.returncode != 0:
            raise RuntimeError(f"{args[:3]} exited {completed.returncode}:\n{completed.stderr[-4000:]}")
        return completed.stdout

    def script(self, source: str, *args: object, **extra_env: str) -> Any:
        out = self.run([sys.executable, "-c", source, *map(str, args)], **extra_env)
        lines = [line for line in out.splitlines() if line.strip()]
        return json.loads(lines[-1]) if lines else None

    def worker(self, *extra: str) -> subprocess.Popen[bytes]:
        command = [
            sys.executable,
            "manage.py",
            "db_worker",
            "--no-startup-delay",
            "--no-reload",
            "--interval",
            "0.2",
        ]
        return subprocess.Popen(
            [*command, *extra], env=self.env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )

    def drain(self, timeout: float = 600) -> None:
        """One ``db_worker --batch``: runs every queued job, then exits."""
        self.run([sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--no-reload",
                  "--verbosity", "0"], timeout=timeout)  # fmt: skip

    def done(self, batch_id: int) -> int:
        """The batch's progress, read directly (no Django start-up): cheap enough to poll."""
        query = "SELECT done FROM issuance_issuancebatch WHERE id = %s"
        if self.engine == "postgresql":
            import psycopg

            with psycopg.connect(self.url) as conn:
                row = conn.execute(query, (batch_id,)).fetchone()
        else:
            import sqlite3

            with sqlite3.connect(self.name, timeout=30) as conn:
                row = conn.execute(query.replace("%s", "?"), (batch_id,)).fetchone()
        return int(row[0]) if row else 0

    def drop(self) -> None:
        if self.engine == "postgresql":
            import psycopg

            with psycopg.connect(PG_SERVER, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
