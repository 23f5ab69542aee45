"""Reads for the frameworks domain: type-ahead over competency labels, lookups, alignment suggestions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.functions import Length

from microcred.frameworks.keys import MAX_KEY, normalise
from microcred.frameworks.models import Competency, CompetencyLabel, Framework
from skillscore import MAX_TOP, Suggester

MIN_QUERY = 2
SHORT_QUERY = 3
SHORT_CANDIDATES = 500
MAX_LIMIT = 50
LANGUAGES = ("en", "fr")


@dataclass(frozen=True, slots=True)
class CompetencyHit:
    """A type-ahead hit: the competency and the label (in ``language``) that matched the query."""

    uri: str
    label: str
    matched_label: str
    language: str
    kind: str
    framework: str


@dataclass(frozen=True, slots=True)
class Suggestion:
    uri: str
    label: str
    score: float


def _prefix(key: str) -> Q:
    if connection.vendor == "postgresql":
        return Q(key__startswith=key)  # LIKE 'key%' on the varchar_pattern_ops index
    # SQLite compares text bytewise: a range scan on the key index is an exact prefix match.
    return Q(key__gte=key, key__lt=key + "\U0010ffff")


def competency_typeahead(
    *, q: str, language: str | None = None, limit: int = 10, framework: str | None = None
) -> list[CompetencyHit]:
    """Competencies whose preferred or alternative label (EN, FR or both) has a word starting with ``q``.

    Case and accents are ignored. Whole-label prefixes rank before word prefixes, preferred labels before
    alternatives, shorter labels before longer ones. Grouping nodes are not offered.
    """
    key = normalise(q)[:MAX_KEY]
    if len(key) < MIN_QUERY:
        return []
    limit = max(1, min(limit, MAX_LIMIT))
    rows: QuerySet[CompetencyLabel] = CompetencyLabel.objects.filter(_prefix(key))
    if language in LANGUAGES:
        rows = rows.filter(language=language)
    if framework:
        rows = rows.filter(framework__slug=framework)
    columns = ("competency_id", "label", "language", "word_position", "is_preferred", "key")
    if len(key) < SHORT_QUERY:
        # Thousands of keys share a 2-letter prefix: rank the first ones in index order (no sort in the DB).
        candidates = sorted(rows.order_by("key").values_list(*columns)[:SHORT_CANDIDATES], key=_rank)
    else:
        ranked = rows.order_by("word_position", "-is_preferred", Length("key"), "key")
        candidates = list(ranked.values_list(*columns)[: limit * 8])
    best: dict[int, tuple[str, str]] = {}
    for competency_id, label, label_language, *_ in candidates:
        best.setdefault(competency_id, (label, label_language))
        if len(best) >= limit:
            break
    competencies = Competency.objects.select_related("framework").in_bulk(list(best))
    hits = []
    for competency_id, (matched, label_language) in best.items():
        competency = competencies[competency_id]
        hits.append(
            CompetencyHit(
                uri=competency.uri,
                label=competency.label(language or label_language),
                matched_label=matched,
                language=label_language,
                kind=competency.kind,
                framework=competency.framework.slug,
            )
        )
    return hits


def _rank(row: tuple[int, str, str, int, bool, str]) -> tuple[int, bool, int, str]:
    _id, _label, _language, position, preferred, key = row
    return (position, not preferred, len(key), key)


def competencies_by_uri(uris: Iterable[str], framework: str | None = None) -> dict[str, Competency]:
    found = Competency.objects.filter(uri__in=list(uris)).select_related("framework")
    if framework:
        found = found.filter(framework__slug=framework)
    return {competency.uri: competency for competency in found}


def framework_list() -> list[Framework]:
    return list(Framework.objects.all())


@lru_cache(maxsize=1)
def suggester() -> Suggester:
    """The process-wide suggestion index (pickle-cached by skillscore; built in a few seconds otherwise)."""
    return Suggester.load()


def competency_suggestions(*, text: str, top: int = 10, language: str | None = None) -> list[Suggestion]:
    """ESCO skills best matching an outcome ``text``, best first, from the shipped ESCO data.

    Works whether or not ESCO has been imported into the database; the URIs are the ESCO concept URIs that
    ``import_esco`` stores in ``Competency.uri``. ``language`` is ``en``, ``fr`` or ``None`` (guessed).
    """
    top = max(1, min(top, MAX_TOP))
    lang = "fr" if language == "fr" else "en" if language == "en" else None
    return [Suggestion(m.uri, m.label, m.score) for m in suggester().suggest(text, top=top, language=lang)]
