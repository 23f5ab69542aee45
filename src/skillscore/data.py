"""Loaders for the ESCO v1.1.1 and NOC 2021 extracts shipped in ``skillscore/data`` (see its SOURCE.md).

Each loader parses at the boundary into the immutable records of ``skillscore.records`` and caches the result
per process. ``data_dir`` may be given to read the same file layout elsewhere (small test slices).
"""

from __future__ import annotations

import csv
import gzip
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from skillscore.records import (
    BroaderRelation,
    EscoOccupation,
    EscoSkill,
    EscoSkillGroup,
    Labels,
    NocUnitGroup,
    OccupationSkills,
    ReuseLevel,
    SkillType,
)

__all__ = [
    "DATA_DIR",
    "SKILL_URI_PREFIX",
    "DataFileError",
    "data_fingerprint",
    "load_esco_occupation_skills",
    "load_esco_occupations",
    "load_esco_skill_broader",
    "load_esco_skill_groups",
    "load_esco_skills",
    "load_noc_unit_groups",
]

DATA_DIR = Path(__file__).resolve().parent / "data"
SKILL_URI_PREFIX = "http://data.europa.eu/esco/skill/"

ESCO_SKILLS = "esco_skills.csv.gz"
ESCO_SKILL_GROUPS = "esco_skill_groups.csv.gz"
ESCO_SKILL_BROADER = "esco_skill_broader.csv.gz"
ESCO_OCCUPATIONS = "esco_occupations.csv.gz"
ESCO_OCCUPATION_SKILLS = "esco_occupation_skills.csv.gz"
NOC_UNIT_GROUPS = "noc_2021_unit_groups.csv.gz"


class DataFileError(ValueError):
    """A shipped data file is missing a column or holds a malformed row."""


def _rows(data_dir: Path, name: str, required: tuple[str, ...]) -> Iterator[dict[str, str]]:
    path = data_dir / name
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [column for column in required if column not in (reader.fieldnames or ())]
        if missing:
            raise DataFileError(f"{path}: missing columns {missing}")
        yield from reader


def _split(cell: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in cell.split("\n") if item.strip())


def _labels(row: dict[str, str], lang: str, with_description: bool = True) -> Labels:
    description = row.get(f"description_{lang}", "") if with_description else ""
    return Labels(row[f"label_{lang}"].strip(), _split(row[f"alt_labels_{lang}"]), description.strip())


@cache
def load_esco_skills(data_dir: Path = DATA_DIR) -> tuple[EscoSkill, ...]:
    columns = ("uri", "skill_type", "reuse_level", "label_en", "alt_labels_en", "description_en", "label_fr")
    skills = []
    for row in _rows(data_dir, ESCO_SKILLS, (*columns, "alt_labels_fr")):
        try:
            skills.append(
                EscoSkill(
                    uri=row["uri"],
                    skill_type=SkillType(row["skill_type"]),
                    reuse_level=ReuseLevel(row["reuse_level"]),
                    en=_labels(row, "en"),
                    fr=_labels(row, "fr"),
                    hidden_en=_split(row.get("hidden_labels_en", "")),
                )
            )
        except ValueError as exc:
            raise DataFileError(f"{ESCO_SKILLS}: {exc}") from exc
    return tuple(skills)


@cache
def load_esco_skill_groups(data_dir: Path = DATA_DIR) -> tuple[EscoSkillGroup, ...]:
    columns = ("uri", "code", "label_en", "alt_labels_en", "description_en", "label_fr", "alt_labels_fr")
    return tuple(
        EscoSkillGroup(uri=row["uri"], code=row["code"], en=_labels(row, "en"), fr=_labels(row, "fr"))
        for row in _rows(data_dir, ESCO_SKILL_GROUPS, columns)
    )


@cache
def load_esco_skill_broader(data_dir: Path = DATA_DIR) -> tuple[BroaderRelation, ...]:
    return tuple(
        BroaderRelation(uri=row["uri"], broader_uri=row["broader_uri"])
        for row in _rows(data_dir, ESCO_SKILL_BROADER, ("uri", "broader_uri"))
    )


@cache
def load_esco_occupations(data_dir: Path = DATA_DIR) -> tuple[EscoOccupation, ...]:
    columns = ("uri", "code", "isco_group", "label_en", "alt_labels_en", "description_en", "label_fr")
    return tuple(
        EscoOccupation(
            uri=row["uri"],
            code=row["code"],
            isco_group=row["isco_group"],
            en=_labels(row, "en"),
            fr=_labels(row, "fr", with_description=False),
        )
        for row in _rows(data_dir, ESCO_OCCUPATIONS, (*columns, "alt_labels_fr"))
    )


@cache
def load_esco_occupation_skills(data_dir: Path = DATA_DIR) -> tuple[OccupationSkills, ...]:
    columns = ("occupation_uri", "essential_skill_ids", "optional_skill_ids")
    return tuple(
        OccupationSkills(
            occupation_uri=row["occupation_uri"],
            essential=tuple(SKILL_URI_PREFIX + ident for ident in row["essential_skill_ids"].split()),
            optional=tuple(SKILL_URI_PREFIX + ident for ident in row["optional_skill_ids"].split()),
        )
        for row in _rows(data_dir, ESCO_OCCUPATION_SKILLS, columns)
    )


@cache
def load_noc_unit_groups(data_dir: Path = DATA_DIR) -> tuple[NocUnitGroup, ...]:
    columns = ("code", "title_en", "title_fr", "teer", "broad_category_code", "major_group_code")
    groups = []
    for row in _rows(data_dir, NOC_UNIT_GROUPS, (*columns, "minor_group_code", "description_en")):
        try:
            groups.append(
                NocUnitGroup(
                    code=row["code"],
                    title_en=row["title_en"].strip(),
                    title_fr=row["title_fr"].strip(),
                    teer=int(row["teer"]),
                    broad_category_code=row["broad_category_code"],
                    major_group_code=row["major_group_code"],
                    minor_group_code=row["minor_group_code"],
                    description_en=row["description_en"].strip(),
                )
            )
        except ValueError as exc:
            raise DataFileError(f"{NOC_UNIT_GROUPS}: {exc}") from exc
    return tuple(groups)


def data_fingerprint(data_dir: Path = DATA_DIR) -> str:
    """A short digest of the shipped skills file: cache keys change when the data does."""
    import hashlib

    digest = hashlib.sha256((data_dir / ESCO_SKILLS).read_bytes())
    return digest.hexdigest()[:16]
