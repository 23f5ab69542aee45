"""Typed, already-validated inputs for the catalog services (parse at the boundary, DESIGN.md §7.2).

Forms, the seed loader and tests build these; services trust their shapes and check only what needs the
database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from microcred.catalog import choices as c


class InputError(ValueError):
    """An input object could not be built: the value is of the wrong shape."""


@dataclass(frozen=True)
class AssessmentInput:
    method: str
    evidence_required_en: str
    evidence_required_fr: str
    indicator: str
    rubric_levels: tuple[dict[str, str], ...] = ()
    required_level: int = 0
    summative: bool = True

    def __post_init__(self) -> None:
        if self.method not in c.AssessmentMethod.values:
            raise InputError(f"unknown assessment method {self.method!r}")
        if self.indicator not in c.Indicator.values:
            raise InputError(f"unknown indicator of achievement {self.indicator!r}")
        if self.rubric_levels and not 0 <= self.required_level < len(self.rubric_levels):
            raise InputError("the required level must be one of the rubric levels")
        for level in self.rubric_levels:
            if not (isinstance(level, dict) and level.get("en") and level.get("fr")):
                raise InputError("each rubric level needs an English and a French description")


@dataclass(frozen=True)
class OutcomeInput:
    text_en: str
    text_fr: str
    competencies: tuple[tuple[str, str], ...] = ()  # (competency URI, knowledge|skill|attitude)
    assessment: AssessmentInput | None = None

    def __post_init__(self) -> None:
        if not self.text_en.strip() or not self.text_fr.strip():
            raise InputError("an outcome needs English and French text")
        for _uri, kind in self.competencies:
            if kind not in c.CompetencyKind.values:
                raise InputError(f"unknown competency kind {kind!r}")


@dataclass(frozen=True)
class VersionInput:
    title_en: str
    title_fr: str
    description_en: str
    description_fr: str
    purpose: str
    delivery_mode: str
    pace: str
    interaction: str
    credential_form: str
    effort_hours: int
    effort_weeks: int
    cost_cad: Decimal
    languages: tuple[str, ...]
    issuer_ids: tuple[int, ...]
    partner_ids: tuple[int, ...] = ()
    occupation_ids: tuple[int, ...] = ()
    subject_webpage: str = ""
    credits: Decimal | None = None
    transcript_equivalence_en: str = ""
    transcript_equivalence_fr: str = ""
    validity_months: int | None = None
    ministry_approved: bool = False
    quality_assured: bool = False
    quality_assurance_body: str = ""
    accreditation_body: str = ""
    stacks_into_id: int | None = None
    stacks_into_name_en: str = ""
    stacks_into_name_fr: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    outcomes: tuple[OutcomeInput, ...] | None = None  # None: keep the outcomes as they are

    def __post_init__(self) -> None:
        for name, enum in (
            ("purpose", c.Purpose),
            ("delivery_mode", c.DeliveryMode),
            ("pace", c.Pace),
            ("interaction", c.Interaction),
            ("credential_form", c.CredentialForm),
        ):
            if getattr(self, name) not in enum.values:
                raise InputError(f"unknown {name} {getattr(self, name)!r}")
        if not self.title_en.strip() or not self.title_fr.strip():
            raise InputError("a title is needed in English and French")
        if self.effort_hours < 1 or self.effort_weeks < 1:
            raise InputError("hours and weeks must be at least 1")
        if self.cost_cad < 0:
            raise InputError("the cost cannot be negative")
        if not self.languages or any(code not in c.Language.values for code in self.languages):
            raise InputError("languages must be a non-empty list of 'en'/'fr'")
        if not self.issuer_ids:
            raise InputError("at least one issuer is needed")
