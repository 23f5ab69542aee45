"""Background jobs on real worker processes: enqueue a task, run the worker for a bounded time, read the
stored result. The database backend (``db_worker``) always; the Redis backend (``rqworker``) where Redis
runs."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 120  # seconds: a worker that does not finish by then fails the test instead of hanging it

ENQUEUE = """
import django; django.setup()
from microcred.issuance.tasks import worker_heartbeat
print(worker_heartbeat.enqueue("hello from the test").id)
"""
READ = """
import django, json, sys; django.setup()
from microcred.issuance.tasks import worker_heartbeat
result = worker_heartbeat.get_result(sys.argv[1])
print(json.dumps({"status": str(result.status), "value": result.return_value}))
"""


def _run(args: list[str], env: dict[str, str]) -> str:
    completed = subprocess.run(
        args, env=env, cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT, check=False
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    return completed.stdout


def _environment(database_url: str, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST")}
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="microcred.test_settings",
        PYTHONPATH=str(ROOT / "src"),
        **extra,
    )
    return env


def _shared_database_url(tmp_path: Path) -> tuple[str, bool]:
    """A database the worker process can open too: the PostgreSQL test database itself, or (SQLite's test
    database lives in memory) a file database the test migrates first."""
    settings_dict = connection.settings_dict
    if connection.vendor == "postgresql":
        password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
        host = settings_dict.get("HOST") or "127.0.0.1"
        port = settings_dict.get("PORT") or 5432
        return f"postgres://{settings_dict['USER']}{password}@{host}:{port}/{settings_dict['NAME']}", False
    return f"sqlite:///{tmp_path / 'worker.sqlite3'}", True


def _enqueue_run_read(env: dict[str, str], worker: list[str]) -> dict[str, object]:
    python = sys.executable
    result_id = _run([python, "-c", ENQUEUE], env).strip()
    _run([python, "manage.py", *worker], env)
    result: dict[str, object] = json.loads(_run([python, "-c", READ, result_id], env))
    return result


@pytest.mark.django_db(transaction=True)
def test_db_worker_runs_an_enqueued_task(tmp_path: Path) -> None:
    database_url, needs_migrate = _shared_database_url(tmp_path)
    env = _environment(database_url)
    if needs_migrate:
        _run([sys.executable, "manage.py", "migrate", "--verbosity", "0"], env)
    worker = [
        "db_worker",
        "--batch",
        "--max-tasks",
        "1",
        "--no-startup-delay",
        "--no-reload",
        "--verbosity",
        "0",
    ]
    result = _enqueue_run_read(env, worker)
    assert result["status"] == "SUCCESSFUL"
    value = result["value"]
    assert isinstance(value, dict)
    assert value["note"] == "hello from the test"
    assert value["pid"] != os.getpid()  # ran in the worker process


def _redis_available(host: str = "127.0.0.1", port: int = 6379) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_available(), reason="no Redis server on 127.0.0.1:6379")
def test_rq_worker_runs_an_enqueued_task(tmp_path: Path) -> None:
    env = _environment(
        f"sqlite:///{tmp_path / 'rq.sqlite3'}",
        MICROCRED_TASKS_BACKEND="rq",
        REDIS_URL="redis://127.0.0.1:6379/13",  # a database of its own, away from other users
    )
    # The worker must build django-tasks-rq's Job class, which reports results back to django-tasks.
    result = _enqueue_run_read(env, ["rqworker", "--burst", "--job-class", "django_tasks_rq.Job", "default"])
    assert result["status"] == "SUCCESSFUL"
    value = result["value"]
    assert isinstance(value, dict)
    assert value["note"] == "hello from the test"
