"""Search keys for type-ahead: case- and accent-folded, punctuation as spaces, one key per word start."""

from __future__ import annotations

import re

from skillscore import fold

MAX_KEY = 255
_NOT_WORD = re.compile(r"[^\w+#]+", re.UNICODE)
# Words a type-ahead never starts from (the label's own first word is always kept).
_SKIP = frozenset(
    {"a", "an", "and", "or", "of", "the", "to", "in", "on", "for", "with", "by", "at"}
    | {"de", "des", "du", "la", "le", "les", "et", "ou", "en", "un", "une", "au", "aux", "l", "d"}
)


def normalise(text: str) -> str:
    """``"Gérer l'équipe (RH)"`` → ``"gerer l equipe rh"``."""
    return " ".join(_NOT_WORD.sub(" ", fold(text)).split())


def label_keys(label: str) -> list[tuple[str, int]]:
    """The label's key from each word start: ``"apply GMP"`` → ``[("apply gmp", 0), ("gmp", 1)]``."""
    words = normalise(label).split()
    return [
        (" ".join(words[position:])[:MAX_KEY], position)
        for position, word in enumerate(words)
        if position == 0 or word not in _SKIP
    ]
