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
