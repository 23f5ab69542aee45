"""The text normalisation shared by the search index and the search query (no Django: pure functions).

Both sides go through ``normalise``: lower case, accents and ligatures folded (``é`` → ``e``, ``œ`` → ``oe``),
every run of characters that is not a letter or a digit turned into one space. The database's full-text index
(SQLite FTS5, PostgreSQL ``tsvector`` with the ``simple`` configuration) therefore sees plain space-separated
words, the same on both engines, and a French query matches with or without its accents (ADR 0031).
"""

from __future__ import annotations

import re
import unicodedata

MAX_QUERY_WORDS = 8
_FOLD = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss", "ø": "o", "Ø": "o"})
_WORD = re.compile(r"[^\W_]+")


def normalise(text: str) -> str:
    """Lower-case, accent-free words separated by single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD).lower())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_WORD.findall(stripped))


def query_words(query: str) -> list[str]:
    """The words of a keyword query, normalised like the index, duplicates dropped, at most eight."""
    out: list[str] = []
    for word in normalise(query).split():
        if word not in out:
            out.append(word)
    return out[:MAX_QUERY_WORDS]


def fts5_match(words: list[str]) -> str:
    """An FTS5 MATCH expression: every word, as a prefix (``"care"*`` matches caregiver)."""
    return " ".join(f'"{word}"*' for word in words)


def tsquery(words: list[str]) -> str:
    """A PostgreSQL ``to_tsquery('simple', …)`` expression: every word, as a prefix."""
    return " & ".join(f"{word}:*" for word in words)
