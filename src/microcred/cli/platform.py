"""``microcred serve [--host H] [--port P]``: run the whole platform locally, ready to use.

First run: creates the data directory, generates and keeps a secret key (and a key-encryption key) there
unless the
environment provides them, migrates, imports ESCO and NOC 2021 and seeds the demo catalog. Later runs only
migrate
(a no-op) and check a stamp, so they start at once. Serves with waitress (a production WSGI server) and serves
the
static files itself, so nothing else is needed. DEBUG stays off unless ``MICROCRED_DEBUG`` says otherwise.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import secrets
import sys
from pathlib import Path
from typing import Any

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
SEED_STAMP = "demo-catalog.seeded"


def _data_dir() -> Path:
    explicit = os.environ.get("MICROCRED_DATA_DIR")
    if explicit:
        return Path(explicit)
    return Path(__file__).resolve().parents[3] / "var"


def _persisted_secret(data_dir: Path, name: str, nbytes: int = 48) -> str:
    """A random secret kept in ``data_dir/name`` (mode 600), created on first use. Never printed, never
    committed."""
    path = data_dir / name
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    value = secrets.token_urlsafe(nbytes)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(value + "\n")
    return value


def prepare_environment(data_dir: Path | None = None) -> Path:
    """Set the environment Django's settings read; generate local secrets where the environment has none."""
    data_dir = data_dir or _data_dir()
    data_dir.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("MICROCRED_DATA_DIR", str(data_dir))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "microcred.settings")
    if not os.environ.get("MICROCRED_SECRET_KEY"):
        os.environ["MICROCRED_SECRET_KEY"] = _persisted_secret(data_dir, "secret-key")
    if not os.environ.get("MICROCRED_KEY_ENCRYPTION_KEY"):
        os.environ["MICROCRED_KEY_ENCRYPTION_KEY"] = _persisted_secret(data_dir, "key-encryption-key", 32)
    return data_dir


def _seed_fingerprint() -> str:
    from microcred.catalog.seeding import DEMO_CATALOG

    return hashlib.sha256(DEMO_CATALOG.read_bytes()).hexdigest()


def prepare_database(data_dir: Path, *, stdout: Any = sys.stdout) -> None:
    """Migrate; on first run (or when the demo data file changed) import frameworks and seed the catalog."""
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    stamp = data_dir / SEED_STAMP
    fingerprint = _seed_fingerprint()
    if stamp.exists() and stamp.read_text(encoding="utf-8").strip() == fingerprint:
        return
    print("microcred: first run — importing ESCO and NOC 2021 and seeding the demo catalog…", file=stdout)
    call_command("seed_demo", stdout=stdout)
    stamp.write_text(fingerprint + "\n", encoding="utf-8")


def wsgi_application() -> Any:
    """The Django WSGI app wrapped so that it also serves static files (from the apps, no collectstatic
    needed)."""
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.wsgi import get_wsgi_application

    return StaticFilesHandler(get_wsgi_application())


def _allow_host(host: str) -> None:
    """Let requests addressed to ``--host`` through ALLOWED_HOSTS unless the environment already decides."""
    if os.environ.get("MICROCRED_ALLOWED_HOSTS") or host in ("0.0.0.0", "::"):  # noqa: S104 - an explicit choice
        return
    os.environ["MICROCRED_ALLOWED_HOSTS"] = ",".join(["localhost", "127.0.0.1", "[::1]", host])


def _serve(args: argparse.Namespace) -> int:
    data_dir = prepare_environment()
    _allow_host(args.host)
    import django

    django.setup()
    prepare_database(data_dir)
    import waitress

    print(
        f"microcred: serving on http://{args.host}:{args.port}/ (data in {data_dir}); Ctrl-C stops",
        flush=True,
    )
    waitress.serve(
        wsgi_application(), host=args.host, port=args.port, threads=args.threads, ident="microcred"
    )
    return 0


def _port(value: str) -> int:
    port = int(value)
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError("port must be between 1 and 65535")
    return port


def register(subparsers: Any) -> None:
    serve = subparsers.add_parser(
        "serve", help="run the platform (migrates and seeds the demo catalog on first run)"
    )
    serve.add_argument(
        "--host", default=DEFAULT_HOST, help=f"interface to listen on (default {DEFAULT_HOST})"
    )
    serve.add_argument("--port", type=_port, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    serve.add_argument("--threads", type=int, default=8, help="worker threads (default 8)")
    serve.set_defaults(handler=_serve)
