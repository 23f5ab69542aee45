"""Shared fixtures for the credential core tests: W3C vectors copied under tests/fixtures/w3c."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "w3c"
VECTORS = FIXTURES / "vc-di-eddsa"


def load_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def read_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.fixture
def vector_key_pair() -> dict[str, str]:
    data: dict[str, str] = load_json(VECTORS / "keyPair.json")
    return data
