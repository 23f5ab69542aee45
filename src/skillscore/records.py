"""Typed, immutable records for the shipped ESCO and NOC data. Built only through the loaders in ``data``."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class SkillType(Enum):
    """ESCO's ``skillType``: a skill/competence or a knowledge concept (six ESCO concepts have none)."""

    SKILL = "skill/competence"
    KNOWLEDGE = "knowledge"
    UNSPECIFIED = ""


class ReuseLevel(Enum):
    TRANSVERSAL = "transversal"
    CROSS_SECTOR = "cross-sector"
    SECTOR_SPECIFIC = "sector-specific"
    OCCUPATION_SPECIFIC = "occupation-specific"
    UNSPECIFIED = ""


@dataclass(frozen=True, slots=True)
class Labels:
    """A concept's labels in one language. ``preferred`` may be empty when the language has no label."""

    preferred: str
    alternatives: tuple[str, ...] = ()
    description: str = ""

    def all_labels(self) -> tuple[str, ...]:
        return ((self.preferred,) if self.preferred else ()) + self.alternatives


@dataclass(frozen=True, slots=True)
class EscoSkill:
    uri: str
    skill_type: SkillType
    reuse_level: ReuseLevel
    en: Labels
    fr: Labels
    hidden_en: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.uri.startswith("http://data.europa.eu/esco/"):
            raise ValueError(f"not an ESCO URI: {self.uri!r}")
        if not self.en.preferred:
            raise ValueError(f"ESCO skill {self.uri} has no English preferred label")


@dataclass(frozen=True, slots=True)
class EscoSkillGroup:
    uri: str
    code: str
    en: Labels
    fr: Labels


@dataclass(frozen=True, slots=True)
class BroaderRelation:
    """``uri`` is narrower than ``broader_uri`` (a skill group or a broader skill)."""

    uri: str
    broader_uri: str


@dataclass(frozen=True, slots=True)
class EscoOccupation:
    uri: str
    code: str
    isco_group: str
    en: Labels
    fr: Labels


@dataclass(frozen=True, slots=True)
class OccupationSkills:
    """The essential and optional skills ESCO lists for one occupation (full skill URIs)."""

    occupation_uri: str
    essential: tuple[str, ...]
    optional: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class NocUnitGroup:
    code: str
    title_en: str
    title_fr: str
    teer: int
    broad_category_code: str
    major_group_code: str
    minor_group_code: str
    description_en: str

    def __post_init__(self) -> None:
        if len(self.code) != 5 or not self.code.isdigit():
            raise ValueError(f"NOC 2021 unit group codes have 5 digits, got {self.code!r}")
        if not 0 <= self.teer <= 5:
            raise ValueError(f"TEER must be 0-5, got {self.teer}")
