"""A tiny reader for N-Quads that are already in canonical form (test fixtures only)."""

from __future__ import annotations

import re

from credcore.rdf import Quad

_TERM = r'(<[^>]*>|_:[^\s]+|"(?:[^"\\]|\\.)*"(?:@[A-Za-z0-9-]+|\^\^<[^>]*>)?)'
_LINE = re.compile(rf"^{_TERM} {_TERM} {_TERM}(?: {_TERM})? \.$")


def parse_canonical_nquads(text: str) -> list[Quad]:
    quads: list[Quad] = []
    for line in text.splitlines():
        match = _LINE.match(line)
        if match is None:
            raise ValueError(f"not a canonical N-Quads line: {line!r}")
        subject, predicate, object_, graph = match.groups()
        quads.append((subject, predicate, object_, graph or ""))
    return quads
