"""Alignment suggestions: outcome text → ranked ESCO skills, in English or French.

``Suggester.load()`` builds the English and French indexes from the shipped data once, and keeps them
in a pickle cache (``$SKILLSCORE_CACHE_DIR``, else ``$XDG_CACHE_HOME/skillscore``, else
``~/.cache/skillscore``) keyed by the data's fingerprint and the scoring parameters, so later processes
start in well under a second.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from dataclasses import dataclass
from pathlib import Path

from skillscore.data import DATA_DIR, data_fingerprint, load_esco_occupation_skills, load_esco_skills
from skillscore.index import Match, MatchIndex, Parameters
from skillscore.text import Language, guess_language

__all__ = ["MAX_TOP", "Suggester", "default_cache_dir"]

MAX_TOP = 100
_FORMAT = 2  # bump when the index layout changes


def default_cache_dir() -> Path:
    explicit = os.environ.get("SKILLSCORE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "skillscore"


@dataclass(frozen=True, slots=True)
class Suggester:
    english: MatchIndex
    french: MatchIndex

    @classmethod
    def build(cls, data_dir: Path = DATA_DIR, parameters: Parameters | None = None) -> Suggester:
        skills = load_esco_skills(data_dir)
        counts: dict[str, int] = {}
        for occupation in load_esco_occupation_skills(data_dir):
            for uri in occupation.essential + occupation.optional:
                counts[uri] = counts.get(uri, 0) + 1
        return cls(
            english=MatchIndex.build(skills, "en", occupation_counts=counts, parameters=parameters),
            french=MatchIndex.build(skills, "fr", occupation_counts=counts, parameters=parameters),
        )

    @classmethod
    def load(
        cls,
        data_dir: Path = DATA_DIR,
        parameters: Parameters | None = None,
        cache_dir: Path | None = None,
    ) -> Suggester:
        """The suggester from the pickle cache when it matches the data and parameters, else built and cached.

        The cache is a file this library wrote in the user's own cache directory; an unreadable or stale file
        is rebuilt, and an unwritable directory only costs the build time.
        """
        parameters = parameters or Parameters()
        key = hashlib.sha256(f"{_FORMAT}|{data_fingerprint(data_dir)}|{parameters!r}".encode()).hexdigest()[
            :20
        ]
        path = (cache_dir or default_cache_dir()) / f"suggester-{key}.pickle"
        try:
            with path.open("rb") as handle:
                cached = pickle.load(handle)  # noqa: S301 - our own cache file, in a per-user directory
            if isinstance(cached, cls):
                return cached
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError):
            pass
        suggester = cls.build(data_dir, parameters)
        _write_atomically(path, suggester)
        return suggester

    def index(self, language: Language) -> MatchIndex:
        return self.french if language == "fr" else self.english

    def suggest(self, text: str, top: int = 10, language: Language | None = None) -> list[Match]:
        """The ``top`` (1-100) best ESCO skills for ``text``, best first. Language guessed when not given."""
        if not 1 <= top <= MAX_TOP:
            raise ValueError(f"top must be between 1 and {MAX_TOP}, got {top}")
        return self.index(language or guess_language(text)).search(text, top)


def _write_atomically(path: Path, suggester: Suggester) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as handle:
            pickle.dump(suggester, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(handle.name, path)
        for stale in path.parent.glob("suggester-*.pickle"):  # older data or parameters: ~14 MB each
            if stale != path:
                stale.unlink(missing_ok=True)
    except OSError:
        return
