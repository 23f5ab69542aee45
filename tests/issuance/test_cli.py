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
