"""skillscore without Django: the shipped data loads with the documented counts; suggestions are sensible."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from skillscore import (
    Analyzer,
    NocUnitGroup,
    Parameters,
    Suggester,
    fold,
    guess_language,
    load_esco_occupation_skills,
    load_esco_occupations,
    load_esco_skill_broader,
    load_esco_skill_groups,
    load_esco_skills,
    load_noc_unit_groups,
)
from skillscore.data import DATA_DIR


def test_shipped_data_counts_match_esco_v1_1_1_and_noc_2021() -> None:
    skills = load_esco_skills()
    assert len(skills) == 13_896
    assert sum(1 for s in skills if s.fr.preferred) == 13_379
    assert len(load_esco_skill_groups()) == 640
    assert len(load_esco_skill_broader()) == 20_656
    assert len(load_esco_occupations()) == 3_007
    links = load_esco_occupation_skills()
    assert sum(len(o.essential) for o in links) == 64_946
    assert sum(len(o.optional) for o in links) == 58_909
    noc = load_noc_unit_groups()
    assert len(noc) == 516
    assert {group.teer for group in noc} == {0, 1, 2, 3, 4, 5}


def test_shipped_data_is_attributed_and_small() -> None:
    for name in ("SOURCE.md", "ATTRIBUTION.txt"):  # ATTRIBUTION.txt is the copy that the wheel installs
        text = " ".join((DATA_DIR / name).read_text(encoding="utf-8").split())
        assert "This service uses the ESCO classification of the European Commission." in text
        assert (
            "Source: Statistics Canada, National Occupational Classification (NOC) 2021 Version 1.0" in text
        )
    assert sum(path.stat().st_size for path in DATA_DIR.glob("*.gz")) < 8_000_000


def test_records_refuse_invalid_values() -> None:
    with pytest.raises(ValueError):
        NocUnitGroup("123", "x", "", 1, "1", "12", "123", "")
    with pytest.raises(ValueError):
        NocUnitGroup("12345", "x", "", 9, "1", "12", "123", "")


def test_analyzer_stems_folds_and_drops_stop_words() -> None:
    assert Analyzer("en").terms("Applying the Good Manufacturing Practices") == [
        "appli",
        "good",
        "manufactur",
        "practic",
    ]
    assert Analyzer("fr").terms("Gérer l'équipe") == ["ger", "equip"]
    assert fold("Électricité") == "electricite"


def test_language_guess() -> None:
    assert guess_language("Appliquer les bonnes pratiques de fabrication en salle blanche") == "fr"
    assert guess_language("Apply good manufacturing practices in a cleanroom") == "en"


def _top_labels(suggester: Suggester, text: str, top: int = 5, language: str | None = None) -> list[str]:
    return [m.label for m in suggester.suggest(text, top=top, language=language)]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Apply good manufacturing practices in a cleanroom", {"good manufacturing practices", "apply GMP"}),
        ("Wear a cleanroom suit and follow gowning procedures", {"wear cleanroom suit"}),
        ("Write maintainable JavaScript for web applications", {"JavaScript"}),
        ("Drive heavy trucks safely on highways", {"manoeuvre heavy trucks", "drive vehicles"}),
        ("Administer vaccines and manage the use of vaccines in a clinic", {"manage the use of vaccines"}),
        (
            "Communicate effectively with patients and their families",
            {"communicate in healthcare"},
        ),
    ],
)
def test_suggestions_put_the_right_skill_in_the_top_five(
    suggester: Suggester, text: str, expected: set[str]
) -> None:
    assert expected & set(_top_labels(suggester, text)), _top_labels(suggester, text)


def test_french_suggestions_use_french_labels(suggester: Suggester) -> None:
    labels = _top_labels(suggester, "Appliquer les bonnes pratiques de fabrication")
    assert "bonnes pratiques de fabrication" in labels


def test_suggestions_are_ranked_and_bounded(suggester: Suggester) -> None:
    matches = suggester.suggest("project management and budgeting", top=7)
    assert len(matches) == 7
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)
    assert all(m.uri.startswith("http://data.europa.eu/esco/skill/") for m in matches)
    assert suggester.suggest("zzzzqqqq", top=5) == []
    with pytest.raises(ValueError):
        suggester.suggest("anything", top=0)


def test_index_is_cached_on_disk_and_reloaded(tmp_path: Path, suggester: Suggester) -> None:
    parameters = Parameters()
    # Seed the cache with the already-built index instead of building again (the build takes seconds).
    import hashlib

    from skillscore.data import data_fingerprint
    from skillscore.suggest import _FORMAT

    key = hashlib.sha256(f"{_FORMAT}|{data_fingerprint()}|{parameters!r}".encode()).hexdigest()[:20]
    (tmp_path / f"suggester-{key}.pickle").write_bytes(pickle.dumps(suggester))
    loaded = Suggester.load(cache_dir=tmp_path)
    assert loaded.suggest("JavaScript", top=1) == suggester.suggest("JavaScript", top=1)
