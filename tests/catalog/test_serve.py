"""microcred serve: on the CLI, local secrets made once and kept private, seeding idempotent."""

from __future__ import annotations

import os
import stat
from io import StringIO

from microcred.catalog.models import MicroCredential
from microcred.cli import build_parser
from microcred.cli import platform as serve_cli
from microcred.frameworks.models import Competency, Framework


def test_serve_is_registered_with_host_and_port():
    args = build_parser().parse_args(["serve", "--host", "0.0.0.0", "--port", "9000"])
    assert (args.host, args.port) == ("0.0.0.0", 9000) and args.handler is serve_cli._serve


def test_local_secrets_are_generated_once_and_private(tmp_path, monkeypatch):
    for name in ("MICROCRED_SECRET_KEY", "MICROCRED_KEY_ENCRYPTION_KEY", "MICROCRED_DATA_DIR"):
        monkeypatch.delenv(name, raising=False)
    serve_cli.prepare_environment(tmp_path)
    first = os.environ["MICROCRED_SECRET_KEY"]
    assert len(first) > 40 and (tmp_path / "secret-key").read_text().strip() == first
    assert stat.S_IMODE((tmp_path / "secret-key").stat().st_mode) == 0o600
    monkeypatch.delenv("MICROCRED_SECRET_KEY")
    serve_cli.prepare_environment(tmp_path)
    assert os.environ["MICROCRED_SECRET_KEY"] == first  # kept across runs


def test_an_explicit_secret_is_never_replaced(tmp_path, monkeypatch):
    monkeypatch.setenv("MICROCRED_SECRET_KEY", "from-the-environment")
    serve_cli.prepare_environment(tmp_path)
    assert os.environ["MICROCRED_SECRET_KEY"] == "from-the-environment"
    assert not (tmp_path / "secret-key").exists()


def test_first_run_seeds_and_later_runs_skip(db, tmp_path, monkeypatch):
    import django.core.management as management

    from microcred.catalog import seeding

    real = management.call_command
    migrations: list[str] = []

    def call_command(
        name, *args, **kwargs
    ):  # the test database is migrated already; other apps' work-in-progress
        if name == "migrate":  # migrations must not be applied inside this test's transaction
            migrations.append(name)
            return None
        return real(name, *args, **kwargs)

    monkeypatch.setattr(management, "call_command", call_command)

    framework = Framework.objects.create(slug="esco", kind="esco", name_en="ESCO")
    Competency.objects.bulk_create(
        Competency(framework=framework, uri=uri, label_en=uri[-8:])
        for uri in seeding.competency_uris(seeding.load_document())
    )
    serve_cli.prepare_database(tmp_path, stdout=StringIO())
    assert MicroCredential.objects.count() == 19 and (tmp_path / serve_cli.SEED_STAMP).exists()
    MicroCredential.objects.filter(slug="york-patient-navigation").update(current_version=None)
    out = StringIO()
    serve_cli.prepare_database(tmp_path, stdout=out)  # stamp matches: nothing re-run
    assert out.getvalue() == "" and MicroCredential.objects.count() == 19
    assert migrations == ["migrate", "migrate"]  # every start migrates (a no-op when up to date)


def test_static_files_are_served_without_collectstatic(db):
    app = serve_cli.wsgi_application()
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/static/microcred/site.css",
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "HTTP_HOST": "localhost",
        "wsgi.url_scheme": "http",
        "wsgi.input": StringIO(),
    }
    statuses: list[str] = []
    body = b"".join(app(environ, lambda status, headers: statuses.append(status)))
    assert statuses[0].startswith("200") and b"--accent" in body
