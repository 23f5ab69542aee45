"""Tokenisation for matching: case and accent folding, stop words, Snowball stemming (EN and FR).

``Analyzer("en").terms("Applying good manufacturing practices")``
→ ``["appli", "good", "manufactur", "practic"]``.
Stems are cached per analyzer, so analysing the whole of ESCO stays fast.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

import snowballstemmer

__all__ = ["Analyzer", "Language", "fold", "guess_language"]

Language = Literal["en", "fr"]

_WORD = re.compile(r"[^\W_][\w+#]*", re.UNICODE)
_PARENTHETICAL = re.compile(r"\s*\([^)]*\)")

_STOP_EN = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "been",
        "being",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "during",
        "each",
        "etc",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "him",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "no",
        "nor",
        "not",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "within",
        "without",
        "would",
        "you",
        "your",
        "e.g",
        "i.e",
        "via",
        "per",
        "using",
        "use",
    ]
)
_STOP_FR = frozenset(
    [
        "a",
        "à",
        "au",
        "aux",
        "avec",
        "ce",
        "ces",
        "cet",
        "cette",
        "dans",
        "de",
        "des",
        "du",
        "elle",
        "en",
        "et",
        "eux",
        "il",
        "ils",
        "je",
        "la",
        "le",
        "les",
        "leur",
        "leurs",
        "lui",
        "ma",
        "mais",
        "me",
        "même",
        "mes",
        "moi",
        "mon",
        "ne",
        "nos",
        "notre",
        "nous",
        "on",
        "ou",
        "où",
        "par",
        "pas",
        "pour",
        "qu",
        "que",
        "qui",
        "sa",
        "se",
        "ses",
        "son",
        "sur",
        "ta",
        "te",
        "tes",
        "toi",
        "ton",
        "tu",
        "un",
        "une",
        "vos",
        "votre",
        "vous",
        "d",
        "l",
        "n",
        "s",
        "t",
        "y",
        "été",
        "être",
        "avoir",
        "ainsi",
        "afin",
        "selon",
        "lors",
        "entre",
        "chez",
        "sans",
        "sous",
        "vers",
    ]
)


def fold(text: str) -> str:
    """Casefold and strip accents: ``"Épargne"`` → ``"epargne"``. Used for stems and type-ahead keys alike."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def strip_parenthetical(label: str) -> str:
    """``"Java (computer programming)"`` → ``"Java"``: the qualifier disambiguates; it is not the name."""
    stripped = _PARENTHETICAL.sub("", label).strip()
    return stripped or label


def guess_language(text: str) -> Language:
    """French when French function words outnumber English ones; English otherwise."""
    words = [word.casefold() for word in _WORD.findall(text)]
    french = sum(word in _STOP_FR and word not in _STOP_EN for word in words)
    french += sum(any(char in "éèêàçùâîôû" for char in word) for word in words)
    english = sum(word in _STOP_EN and word not in _STOP_FR for word in words)
    return "fr" if french > english else "en"


class Analyzer:
    """Turns text into index terms for one language."""

    def __init__(self, language: Language) -> None:
        self.language: Language = language
        self._stemmer = snowballstemmer.stemmer("english" if language == "en" else "french")
        self._stop = _STOP_EN if language == "en" else _STOP_FR
        self._cache: dict[str, str] = {}

    def terms(self, text: str) -> list[str]:
        terms = []
        for word in _WORD.findall(text.casefold()):
            term = self._cache.get(word)
            if term is None:
                term = self._term(word)
                self._cache[word] = term
            if term:
                terms.append(term)
        return terms

    def _term(self, word: str) -> str:
        """The index term for one casefolded word; ``""`` for a stop word."""
        if word in self._stop or fold(word) in self._stop:
            return ""
        if len(word) <= 3 or not word.isalpha():
            return fold(word)
        return fold(str(self._stemmer.stemWord(word)))
