"""The demo catalog's ESCO alignments, checked against the platform's own suggester in both languages.

Issue 3 asks for a seed "aligned to ESCO by the platform's own suggestions (reviewed)". The alignments were
chosen on the English outcome texts; this runs the French texts through the French suggester too. Each outcome
must have at least one of its aligned competencies in the suggester's top 10 (the API's default list) for its
English text and for its French text, and at least 75 % of all aligned competencies must be in the French
top 20 (ADR 0032 explains the thresholds and why not every competency can rank in French).
"""

from __future__ import annotations

from typing import Any

import pytest

from microcred.catalog.seeding import load_document
from skillscore import Suggester

TOP = 10  # an outcome must be supported within the API's default list
SHARE_TOP = 20


def _outcomes() -> list[tuple[str, int, dict[str, Any]]]:
    return [
        (mc["slug"], i, outcome)
        for mc in load_document()["micro_credentials"]
        for i, outcome in enumerate(mc["outcomes"])
    ]


def _ranks(
    suggester: Suggester, text: str, language: str, uris: list[str], top: int = TOP
) -> dict[str, int | None]:
    ranked = [match.uri for match in suggester.suggest(text, top=top, language=language)]  # type: ignore[arg-type]
    return {uri: (ranked.index(uri) + 1 if uri in ranked else None) for uri in uris}


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_outcome_has_a_suggested_alignment_in_its_own_language(
    suggester: Suggester, language: str
) -> None:
    unsupported = []
    for slug, i, outcome in _outcomes():
        uris = [comp["uri"] for comp in outcome["competencies"]]
        ranks = _ranks(suggester, outcome[f"text_{language}"], language, uris)
        if not any(ranks.values()):
            unsupported.append(f"{slug} #{i}: {outcome[f'text_{language}']}")
    assert not unsupported, "\n".join(unsupported)


def test_most_french_alignments_are_suggested_by_the_french_text(suggester: Suggester) -> None:
    found = total = 0
    for _slug, _i, outcome in _outcomes():
        uris = [comp["uri"] for comp in outcome["competencies"]]
        ranks = _ranks(suggester, outcome["text_fr"], "fr", uris, top=SHARE_TOP)
        found += sum(1 for rank in ranks.values() if rank)
        total += len(uris)
    assert total >= 90
    assert found / total >= 0.75, f"{found} of {total} aligned competencies in the French top {SHARE_TOP}"
