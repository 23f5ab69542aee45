"""`microcred orgs list` and `microcred tokens create --org SLUG`."""

from __future__ import annotations

import pytest

from microcred.cli import main
from microcred.issuance import services
from microcred.issuance.models import ApiToken

from .conftest import make_org

pytestmark = pytest.mark.django_db


def test_orgs_list_prints_one_slug_per_line(capsys) -> None:
    for slug in ("cambrian", "algonquin", "fanshawe"):
        make_org(slug)
    assert main(["orgs", "list"]) == 0
    assert capsys.readouterr().out == "algonquin\ncambrian\nfanshawe\n"


def test_tokens_create_prints_a_working_token_once(capsys, org) -> None:
    assert main(["tokens", "create", "--org", "algonquin", "--name", "LMS"]) == 0
    captured = capsys.readouterr()
    raw = captured.out.strip()
    assert len(captured.out.splitlines()) == 1
    assert raw not in captured.err
    token = services.api_token_authenticate(raw_token=raw)
    assert token.organization == org
    assert token.name == "LMS"
    assert token.token_hash != raw


def test_tokens_create_for_an_unknown_org_exits_2(capsys, org) -> None:
    assert main(["tokens", "create", "--org", "nowhere"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "unknown organisation 'nowhere'" in captured.err
    assert not ApiToken.objects.exists()


def test_tokens_create_needs_an_org(capsys) -> None:
    assert main(["tokens", "create"]) == 2


def test_orgs_rotate_key_creates_then_rotates_and_prints_only_the_key_id(capsys, org) -> None:
    from microcred.issuance.models import AuditEvent, SigningKey

    assert main(["orgs", "rotate-key", "--org", "algonquin"]) == 0
    first = capsys.readouterr().out.strip()
    assert main(["orgs", "rotate-key", "--org", "algonquin", "--reason", "yearly"]) == 0
    second = capsys.readouterr().out.strip()
    keys = list(SigningKey.objects.filter(organization=org).values_list("status", "public_key_multibase"))
    assert [status for status, _ in keys] == ["retired", "active"]
    assert first == f"did:web:localhost%3A8000:orgs:algonquin#{keys[0][1]}"
    assert second.endswith(f"#{keys[1][1]}")
    assert list(AuditEvent.objects.values_list("action", "actor_label", "reason")) == [
        ("signing_key.created", "cli", ""),
        ("signing_key.rotated", "cli", "yearly"),
    ]
    assert main(["orgs", "rotate-key", "--org", "nowhere"]) == 2


def test_the_installed_entry_point_sets_up_django_itself(tmp_path) -> None:
    """No DJANGO_SETTINGS_MODULE in the environment: the CLI defaults to microcred.settings."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {
        k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE" and not k.startswith("PYTEST")
    }
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'cli.sqlite3'}",
        MICROCRED_SECRET_KEY="cli-test-secret",
        MICROCRED_KEY_ENCRYPTION_KEY="cli-test-key-encryption-key-0123456789",
        MICROCRED_DATA_DIR=str(tmp_path),
        PYTHONPATH=str(root / "src"),
    )

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, *args],
            env=env,
            cwd=root,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    assert run("manage.py", "migrate", "--verbosity", "0").returncode == 0
    listed = run("-m", "microcred", "orgs", "list")
    assert (listed.returncode, listed.stdout) == (0, "")
    refused = run("-m", "microcred", "tokens", "create", "--org", "nowhere")
    assert refused.returncode == 2
    assert "unknown organisation 'nowhere'" in refused.stderr
