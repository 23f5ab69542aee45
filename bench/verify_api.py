"""The verify API under load: a real waitress server on loopback, driven from this (second) process.

    .venv/bin/python bench/verify_api.py                    # 2,000 credentials, batch + single-verify load
    .venv/bin/python bench/verify_api.py --count 1000 --seconds 10 --concurrency 4

Setup (not timed): a fresh SQLite database in a temporary directory, migrated; an organisation with a signing
key, a published micro-credential version with two ESCO-aligned competencies, and ``--count`` distinct
OB 3.0 credentials issued by the platform (eddsa-rdfc-2022, each with a Bitstring Status List entry).
Then ``waitress-serve`` runs the platform in its own process (``MICROCRED_VERIFY_WORKERS`` worker processes
for batches) and this process measures:

(a) batch: ``POST /api/credentials/verify/batch`` with ``--batch`` credentials per call, back to back for
    ``--seconds``; credentials/s over the whole window. Acceptance: >= 1,000/s.
(b) single: ``--concurrency`` clients ``POST /api/credentials/verify`` one credential each, for ``--seconds``;
    p50/p95/p99 latency. Acceptance: p99 < 50 ms.

Every response is checked (all verified), so a fast wrong answer cannot pass. With Node.js and interop/ set
up, the JavaScript reference's single-core verify rate (``interop/js/bench.mjs``) is measured on one of the
same credentials for a ratio. The machine is shared: the load average is printed with the numbers.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent

SETTINGS = """
from microcred.test_settings import *  # noqa: F403
MICROCRED_VERIFY_RATE_PER_MINUTE = 0  # the benchmark is the only client; limits are measured elsewhere
MICROCRED_VERIFY_BATCH_RATE_PER_MINUTE = 0
MICROCRED_VERIFY_WORKERS = {workers}
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
"""

SETUP = r"""
import json, sys
import django; django.setup()
sys.path.insert(0, "tests")
from issuance.conftest import make_org, publish_version
from microcred.issuance import credential_services, services
count, out = int(sys.argv[1]), sys.argv[2]
org = make_org("bench-college", "Bench College")
services.signing_key_create(organization=org, actor_label="bench")
version = publish_version(org)
docs = [
    credential_services.credential_issue(
        organization=org, idempotency_key=f"bench-{i}", version=version,
        email=f"learner{i:06d}@example.org", actor_label="bench",
    ).document
    for i in range(count)
]
with open(out, "w") as handle:
    json.dump(docs, handle)
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def load_average() -> str:
    try:
        return " / ".join(f"{value:.1f}" for value in os.getloadavg())
    except OSError:
        return "n/a"


class Server:
    def __init__(self, workdir: Path, workers: int, threads: int) -> None:
        (workdir / "bench_settings.py").write_text(SETTINGS.format(workers=workers))
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench_settings",
            "PYTHONPATH": os.pathsep.join([str(workdir), str(ROOT / "src"), str(ROOT)]),
            "MICROCRED_DATA_DIR": str(workdir),
            "MICROCRED_SECRET_KEY": "bench-only",
            "MICROCRED_KEY_ENCRYPTION_KEY": "bench-only-key-encryption-key",
        }
        self.env.pop("DATABASE_URL", None)
        self.workdir = workdir
        self.port = free_port()
        self.threads = threads
        self.process: subprocess.Popen[bytes] | None = None

    def python(self, *args: str) -> None:
        subprocess.run([sys.executable, *args], env=self.env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)

    def start(self) -> None:
        command = [
            str(VENV_BIN / "waitress-serve"),
            f"--listen=127.0.0.1:{self.port}",
            f"--threads={self.threads}",
            "microcred.wsgi:application",
        ]
        log = (self.workdir / "server.log").open("wb")
        self.process = subprocess.Popen(command, env=self.env, cwd=ROOT, stdout=log, stderr=log)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("the server did not start; see server.log")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants (the waitress process and its batch workers), from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of the server's process tree (Linux /proc; 0 elsewhere)."""
    ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    total = 0
    for member in _tree(pid):
        try:
            fields = Path(f"/proc/{member}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def post(connection: http.client.HTTPConnection, path: str, body: bytes) -> tuple[int, dict[str, Any]]:
    connection.request("POST", path, body=body, headers={"Content-Type": "application/json"})
    response = connection.getresponse()
    return response.status, json.loads(response.read())


def run_batches(
    port: int, credentials: list[dict[str, Any]], size: int, seconds: float, server_pid: int
) -> dict[str, float]:
    bodies = [
        json.dumps(
            {"verifiableCredentials": [credentials[(start + i) % len(credentials)] for i in range(size)]}
        ).encode()
        for start in range(0, len(credentials), size)
    ]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    status, body = post(connection, "/api/credentials/verify/batch", bodies[0])  # warm-up: pool start
    if status != 200 or body["verified"] != size:
        raise RuntimeError(f"warm-up batch failed: {status} {str(body)[:500]}")
    done, calls, started, cpu_before = 0, [], time.perf_counter(), cpu_seconds(server_pid)
    while time.perf_counter() - started < seconds:
        call_started = time.perf_counter()
        status, body = post(connection, "/api/credentials/verify/batch", bodies[len(calls) % len(bodies)])
        calls.append(time.perf_counter() - call_started)
        if status != 200 or body["verified"] != size:
            raise RuntimeError(f"batch failed: {status} verified={body.get('verified')}")
        done += size
    elapsed = time.perf_counter() - started
    return {
        "credentials": done,
        "seconds": elapsed,
        "per_s": done / elapsed,
        "call_s": statistics.median(calls),
        "cpu_ms": (cpu_seconds(server_pid) - cpu_before) * 1000 / done,
    }


def run_singles(
    port: int, credentials: list[dict[str, Any]], clients: int, seconds: float, server_pid: int
) -> dict[str, float]:
    bodies = [json.dumps({"verifiableCredential": credential}).encode() for credential in credentials]
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def client(offset: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine: list[float] = []
        n = offset
        while time.perf_counter() < stop_at:
            started = time.perf_counter()
            status, body = post(connection, "/api/credentials/verify", bodies[n % len(bodies)])
            mine.append(time.perf_counter() - started)
            if status != 200 or not body.get("verified"):
                failures.append(f"{status} {str(body)[:300]}")
                return
            n += clients
        with lock:
            latencies.extend(mine)

    for warm in bodies[:20]:  # warm caches and imports, not timed
        post(http.client.HTTPConnection("127.0.0.1", port, timeout=30), "/api/credentials/verify", warm)
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    started, cpu_before = time.perf_counter(), cpu_seconds(server_pid)
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    cpu_ms = (cpu_seconds(server_pid) - cpu_before) * 1000 / max(1, len(latencies))
    if failures:
        raise RuntimeError(f"single verify failed: {failures[0]}")
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000

    return {
        "requests": len(latencies),
        "per_s": len(latencies) / elapsed,
        "p50_ms": pct(0.50),
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
        "max_ms": latencies[-1] * 1000,
        "cpu_ms": cpu_ms,
    }


def reference_rate(credential: dict[str, Any], workdir: Path, seconds: float) -> float | None:
    """The JavaScript reference's one-core verify rate on the same credential (re-signed by the reference)."""
    if shutil.which("node") is None or not (ROOT / "interop" / "node_modules").is_dir():
        return None
    unsigned = {k: v for k, v in credential.items() if k not in ("proof", "credentialStatus")}
    fixture = workdir / "reference-credential.json"
    fixture.write_text(json.dumps(unsigned))
    completed = subprocess.run(
        [
            "node",
            str(ROOT / "interop/js/bench.mjs"),
            "--credential",
            str(fixture),
            "--seconds",
            str(seconds),
            "--suite",
            "eddsa-rdfc-2022",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if completed.returncode != 0:
        return None
    results = json.loads(completed.stdout)["results"]
    return next((r["perSecond"] for r in results if r["op"] == "verify"), None)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=2000, help="distinct credentials issued (default 2000)")
    parser.add_argument("--batch", type=int, default=1000, help="credentials per batch call (default 1000)")
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each load phase (default 10)")
    parser.add_argument("--concurrency", type=int, default=4, help="single-verify clients (default 4)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="batch worker processes")
    parser.add_argument("--threads", type=int, default=8, help="waitress threads (default 8)")
    parser.add_argument("--no-reference", action="store_true", help="skip the JavaScript reference")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-verify-") as tmp:
        workdir = Path(tmp)
        server = Server(workdir, args.workers, args.threads)
        started = time.perf_counter()
        server.python("manage.py", "migrate", "--no-input")
        out = workdir / "credentials.json"
        server.python("-c", SETUP, str(args.count), str(out))
        credentials = json.loads(out.read_text())
        print(f"setup: {args.count} credentials issued in {time.perf_counter() - started:.0f} s")
        server.start()
        try:
            print(f"load average before: {load_average()} (2-core machine shared with other work)")
            assert server.process is not None
            batch = run_batches(server.port, credentials, args.batch, args.seconds, server.process.pid)
            print(
                f"(a) batch of {args.batch}: {batch['credentials']} credentials in {batch['seconds']:.1f} s "
                f"= {batch['per_s']:.0f}/s (median call {batch['call_s'] * 1000:.0f} ms, "
                f"{args.workers} workers) "
                f"-> {'PASS' if batch['per_s'] >= 1000 else 'FAIL'} (target >= 1,000/s)"
            )
            cores = os.cpu_count() or 2
            print(
                f"    server CPU per credential {batch['cpu_ms']:.2f} ms (web process + workers): "
                f"{cores} idle cores would sustain ~{cores * 1000 / batch['cpu_ms']:.0f}/s"
            )
            single = run_singles(server.port, credentials, args.concurrency, args.seconds, server.process.pid)
            print(
                f"(b) single verify, {args.concurrency} concurrent clients: {single['requests']} requests, "
                f"{single['per_s']:.0f}/s, p50 {single['p50_ms']:.1f} ms, p95 {single['p95_ms']:.1f} ms, "
                f"p99 {single['p99_ms']:.1f} ms, max {single['max_ms']:.1f} ms "
                f"-> {'PASS' if single['p99_ms'] < 50 else 'FAIL'} (target p99 < 50 ms)"
            )
            print(f"    server CPU per request {single['cpu_ms']:.2f} ms")
            print(f"load average after: {load_average()}")
        finally:
            server.stop()
        if not args.no_reference:
            rate = reference_rate(credentials[0], workdir, min(args.seconds, 5.0))
            if rate:
                print(
                    "JavaScript reference (@digitalbazaar/vc, one core, in-process, no HTTP, no status, "
                    f"no schema): "
                    f"{rate:.0f} verifies/s; batch API / reference = {batch['per_s'] / rate:.2f}x"
                )
            else:
                print("JavaScript reference: not available (Node.js or interop/node_modules missing)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
