"""Validated, database-free descriptions of what an import writes: parsers build, services persist."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

KINDS = ("knowledge", "skill", "attitude", "competence")


@dataclass(frozen=True, slots=True)
class FrameworkSpec:
    slug: str
    kind: str
    name_en: str
    name_fr: str = ""
    version: str = ""
    source_url: str = ""
    attribution: str = ""


@dataclass(frozen=True, slots=True)
class CompetencySpec:
    uri: str
    label_en: str
    kind: str = "skill"
    code: str = ""
    is_group: bool = False
    reuse_level: str = ""
    label_fr: str = ""
    alt_labels_en: tuple[str, ...] = ()
    alt_labels_fr: tuple[str, ...] = ()
    description_en: str = ""
    description_fr: str = ""
    broader: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.uri or not self.label_en:
            raise ValueError("a competency needs a URI and an English label")
        if self.kind not in KINDS:
            raise ValueError(f"unknown competency kind {self.kind!r}")

    def values(self) -> dict[str, Any]:
        """Column values as stored (lists for the JSON columns), for create and change detection."""
        return {
            "code": self.code,
            "kind": self.kind,
            "is_group": self.is_group,
            "reuse_level": self.reuse_level,
            "label_en": self.label_en[:500],
            "label_fr": self.label_fr[:500],
            "alt_labels_en": list(self.alt_labels_en),
            "alt_labels_fr": list(self.alt_labels_fr),
            "description_en": self.description_en,
            "description_fr": self.description_fr,
        }


@dataclass(frozen=True, slots=True)
class OccupationSpec:
    code: str
    label_en: str
    uri: str = ""
    label_fr: str = ""
    alt_labels_en: tuple[str, ...] = ()
    alt_labels_fr: tuple[str, ...] = ()
    description_en: str = ""
    isco_group: str = ""
    teer: int | None = None
    essential: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()

    def values(self) -> dict[str, Any]:
        return {
            "uri": self.uri,
            "label_en": self.label_en[:500],
            "label_fr": self.label_fr[:500],
            "alt_labels_en": list(self.alt_labels_en),
            "alt_labels_fr": list(self.alt_labels_fr),
            "description_en": self.description_en,
            "isco_group": self.isco_group,
            "teer": self.teer,
        }
