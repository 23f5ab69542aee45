"""Bundled JSON-LD contexts and a static document loader that never touches the network.

Every context the platform accepts ships inside this package with its published URL and sha256
(``index.json``; sources listed in ``SOURCES.md``). Loading an unknown URL raises
:class:`UnknownContextError`: the credential core fails closed instead of fetching.
"""

from __future__ import annotations

import copy
import hashlib
import json
from functools import cache
from importlib import resources
from typing import Any, Final

from credcore.errors import UnknownContextError

__all__ = ["CONTEXT_URLS", "UnknownContextError", "document_loader", "load_context"]

_PACKAGE: Final = "credcore.contexts"


@cache
def _index() -> dict[str, dict[str, str]]:
    raw = resources.files(_PACKAGE).joinpath("index.json").read_text(encoding="utf-8")
    index: dict[str, dict[str, str]] = json.loads(raw)
    return index


CONTEXT_URLS: Final[frozenset[str]] = frozenset(_index())


@cache
def _load_verified(url: str) -> dict[str, Any]:
    entry = _index().get(url)
    if entry is None:
        raise UnknownContextError(url)
    data = resources.files(_PACKAGE).joinpath("files", entry["file"]).read_bytes()
    if hashlib.sha256(data).hexdigest() != entry["sha256"]:  # a tampered install must not load
        raise UnknownContextError(url)
    document: dict[str, Any] = json.loads(data)
    return document


def load_context(url: str) -> dict[str, Any]:
    """Return a private copy of the bundled context document published at ``url``."""
    return copy.deepcopy(_load_verified(url))


def document_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """A pyld-compatible document loader over the bundled contexts only (no network, ever)."""
    return {
        "contextUrl": None,
        "documentUrl": url,
        "document": _load_verified(url),
    }
