"""A lexical text → ESCO skill index: BM25F over labels and descriptions, plus a label-coverage boost.

Scoring, for a query's distinct terms ``q``:

* **BM25F** (Robertson & Zaragoza 2009, §5): per skill, field-weighted, length-normalised term
  frequencies over the preferred label, the alternative (and hidden) labels and the description,
  saturated once with ``k1``.
* **Label coverage**: for each label of a skill (parenthetical qualifier removed), the IDF-weighted
  share of the label's terms found in the query; a skill takes its best label. A short label fully
  present in an outcome sentence ("apply GMP", "JavaScript") is strong evidence even when BM25
  spreads its mass over longer texts. A fully covered label whose word pairs also appear in the query's
  word order (a phrase match) gets up to ``phrase_weight`` more coverage before squaring.
* **Prior**: ``log(1 + n)`` where ``n`` is how many ESCO occupations list the skill, a mild tie-breaker.

The parameters were tuned on the Decorte ESCO-labelled validation sets (``bench/skills_suggest.py``).
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from skillscore.records import EscoSkill
from skillscore.text import Analyzer, Language, strip_parenthetical

__all__ = ["Match", "MatchIndex", "Parameters"]


@dataclass(frozen=True, slots=True)
class Parameters:
    """Scoring weights; the defaults are the values tuned on the validation sets."""

    k1: float = 2.0
    label_weight: float = 8.0
    alt_weight: float = 0.6
    description_weight: float = 0.2
    label_b: float = 0.6
    alt_b: float = 0.9
    description_b: float = 0.75
    coverage_weight: float = 10.0
    coverage_power: float = 2.0
    prior_weight: float = 0.4
    phrase_weight: float = 1.0


@dataclass(frozen=True, slots=True)
class Match:
    """One suggested skill: URI, preferred label in the index's language, score (higher is better)."""

    uri: str
    label: str
    score: float


@dataclass(slots=True)
class _Document:
    uri: str
    label: str
    fields: tuple[list[str], list[str], list[str]]


@dataclass(slots=True)
class MatchIndex:
    """An in-memory index for one language. Build with ``MatchIndex.build``; query with ``search``."""

    language: Language
    parameters: Parameters
    uris: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    postings: dict[str, list[tuple[int, float]]] = field(default_factory=dict)
    idf: dict[str, float] = field(default_factory=dict)
    label_postings: dict[str, list[int]] = field(default_factory=dict)
    label_owner: list[int] = field(default_factory=list)
    label_mass: list[float] = field(default_factory=list)
    label_bigrams: dict[int, frozenset[tuple[str, str]]] = field(default_factory=dict)
    prior: list[float] = field(default_factory=list)

    @classmethod
    def build(
        cls,
        skills: Iterable[EscoSkill],
        language: Language,
        *,
        occupation_counts: dict[str, int] | None = None,
        parameters: Parameters | None = None,
    ) -> MatchIndex:
        analyzer = Analyzer(language)
        index = cls(language=language, parameters=parameters or Parameters())
        documents = [doc for skill in skills if (doc := _document(skill, language, analyzer)) is not None]
        index._add_documents(documents)
        index._add_labels(
            skills_labels(skills, language), analyzer, {d.uri: i for i, d in enumerate(documents)}
        )
        counts = occupation_counts or {}
        index.prior = [math.log1p(counts.get(uri, 0)) for uri in index.uris]
        return index

    def _add_documents(self, documents: Sequence[_Document]) -> None:
        p = self.parameters
        weights = (p.label_weight, p.alt_weight, p.description_weight)
        slopes = (p.label_b, p.alt_b, p.description_b)
        averages = [
            max(1e-9, sum(len(d.fields[f]) for d in documents) / max(1, len(documents))) for f in range(3)
        ]
        frequency: dict[str, int] = defaultdict(int)
        postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for number, document in enumerate(documents):
            self.uris.append(document.uri)
            self.labels.append(document.label)
            pseudo: dict[str, float] = defaultdict(float)
            for f, terms in enumerate(document.fields):
                norm = 1.0 - slopes[f] + slopes[f] * len(terms) / averages[f]
                for term in terms:
                    pseudo[term] += weights[f] / norm
            for term, value in pseudo.items():
                frequency[term] += 1
                postings[term].append((number, value * (p.k1 + 1) / (p.k1 + value)))
        total = len(documents)
        self.idf = {t: math.log(1 + (total - n + 0.5) / (n + 0.5)) for t, n in frequency.items()}
        self.postings = dict(postings)

    def _add_labels(
        self, labels: Iterable[tuple[str, str]], analyzer: Analyzer, numbers: dict[str, int]
    ) -> None:
        label_postings: dict[str, list[int]] = defaultdict(list)
        for uri, label in labels:
            sequence = analyzer.terms(strip_parenthetical(label))
            terms = set(sequence)
            if not terms or uri not in numbers:
                continue
            label_id = len(self.label_owner)
            if len(sequence) > 1:
                self.label_bigrams[label_id] = frozenset(itertools.pairwise(sequence))
            self.label_owner.append(numbers[uri])
            self.label_mass.append(sum(self.idf.get(t, 0.0) for t in terms))
            for term in terms:
                label_postings[term].append(label_id)
        self.label_postings = dict(label_postings)

    def search(self, text: str, top: int = 10) -> list[Match]:
        """The ``top`` best skills for ``text``, best first; empty when no query term is in the index."""
        return self.search_terms(_analyzer(self.language).terms(text), top)

    def search_terms(self, sequence: Sequence[str], top: int) -> list[Match]:
        """Rank for already-analysed query terms, in text order (the order matters for phrase matches)."""
        p = self.parameters
        terms = set(sequence)
        bigrams = set(itertools.pairwise(sequence))
        scores: dict[int, float] = defaultdict(float)
        for term in terms:
            idf = self.idf.get(term)
            if idf is None:
                continue
            for number, saturated in self.postings[term]:
                scores[number] += idf * saturated
        if not scores:
            return []
        matched: dict[int, float] = defaultdict(float)
        for term in terms:
            for label_id in self.label_postings.get(term, ()):
                matched[label_id] += self.idf.get(term, 0.0)
        coverage: dict[int, float] = {}
        for label_id, mass in matched.items():
            share = mass / self.label_mass[label_id] if self.label_mass[label_id] else 0.0
            pairs = self.label_bigrams.get(label_id)
            if pairs and share > 0.999:  # every term present: reward the label's word order as a phrase
                share += p.phrase_weight * len(pairs & bigrams) / len(pairs)
            owner = self.label_owner[label_id]
            coverage[owner] = max(coverage.get(owner, 0.0), share)
        for number, share in coverage.items():
            scores[number] += p.coverage_weight * share**p.coverage_power
        for number in scores:
            scores[number] += p.prior_weight * self.prior[number]
        best = sorted(scores.items(), key=lambda item: (-item[1], self.uris[item[0]]))[:top]
        return [Match(self.uris[n], self.labels[n], round(score, 4)) for n, score in best]


@lru_cache(maxsize=2)
def _analyzer(language: Language) -> Analyzer:
    return Analyzer(language)


def _document(skill: EscoSkill, language: Language, analyzer: Analyzer) -> _Document | None:
    labels = skill.en if language == "en" else skill.fr
    if not labels.preferred:
        return None
    alternatives = labels.alternatives + (skill.hidden_en if language == "en" else ())
    return _Document(
        uri=skill.uri,
        label=labels.preferred,
        fields=(
            analyzer.terms(labels.preferred),
            [t for alt in alternatives for t in analyzer.terms(alt)],
            analyzer.terms(labels.description),
        ),
    )


def skills_labels(skills: Iterable[EscoSkill], language: Language) -> Iterable[tuple[str, str]]:
    for skill in skills:
        labels = skill.en if language == "en" else skill.fr
        for label in labels.all_labels():
            yield skill.uri, label
