"""Reads of the assessment app: the award rule, the results an award is built from, signed endorsements.

The award rule (``award_decision``): every competency linked to an outcome of the version is required. Its
level is judged by that outcome's assessment design: with a rubric, the latest record's rubric level must
be at least the design's ``required_level`` (rubric levels are ordered lowest first); without a rubric (or
without a design), the latest record must be "met". The latest record is the one assessed last (then created
last), so a reassessment replaces an earlier result, higher or lower.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils import translation

from microcred.assessment.models import AssessmentRecord, Award, Endorsement, Enrollment
from microcred.catalog.models import AssessmentDesign, MicroCredentialVersion, OutcomeCompetency
from microcred.issuance.identity import public_url

__all__ = [
    "AwardDecision",
    "CompetencyResult",
    "EvidenceRef",
    "MissingItem",
    "Requirement",
    "achievement_id",
    "award_decision",
    "award_results",
    "endorsements_for_version",
    "requirements_for_version",
    "version_digest",
]

MET_LABELS = {"en": "met", "fr": "atteint"}


def achievement_id(version: MicroCredentialVersion) -> str:
    """The OB 3.0 Achievement id of a version: endorsements are about it; credentials for it carry it."""
    return public_url(f"achievements/{version.micro_credential.slug}/v{version.number}")


@dataclass(frozen=True)
class Requirement:
    """One (outcome, competency) pair of a version and the level it must reach."""

    link: OutcomeCompetency
    design: AssessmentDesign | None

    @property
    def has_rubric(self) -> bool:
        return bool(self.design and self.design.rubric_levels)

    def level_label(self, index: int | None, language: str) -> str:
        if index is None or not self.design or not 0 <= index < len(self.design.rubric_levels):
            return MET_LABELS["fr" if language.startswith("fr") else "en"]
        level = self.design.rubric_levels[index]
        return str(level.get("fr") if language.startswith("fr") and level.get("fr") else level.get("en", ""))

    def required_label(self, language: str) -> str:
        return self.level_label(self.design.required_level if self.has_rubric else None, language)  # type: ignore[union-attr]

    @property
    def required_label_en(self) -> str:
        return self.required_label("en")

    @property
    def required_label_fr(self) -> str:
        return self.required_label("fr")

    def is_met_by(self, record: AssessmentRecord | None) -> bool:
        if record is None:
            return False
        if self.has_rubric:
            return record.rubric_level is not None and record.rubric_level >= self.design.required_level  # type: ignore[union-attr]
        return record.status == AssessmentRecord.ResultStatus.MET

    def recorded_label(self, record: AssessmentRecord, language: str) -> str:
        if self.has_rubric and record.rubric_level is not None:
            return self.level_label(record.rubric_level, language)
        not_met = {"en": "not met", "fr": "non atteint"}
        met = record.status == AssessmentRecord.ResultStatus.MET
        return (MET_LABELS if met else not_met)["fr" if language.startswith("fr") else "en"]


def requirements_for_version(version: MicroCredentialVersion) -> list[Requirement]:
    links = (
        OutcomeCompetency.objects.filter(outcome__version=version)
        .select_related("competency", "outcome__assessment")
        .order_by("outcome__position", "outcome_id", "pk")
    )
    return [Requirement(link, getattr(link.outcome, "assessment", None)) for link in links]


def latest_records(enrollment: Enrollment) -> dict[int, AssessmentRecord]:
    """The record that counts for each competency link: assessed last, then created last."""
    latest: dict[int, AssessmentRecord] = {}
    records = enrollment.records.select_related("assessor_organization").prefetch_related("evidence")
    for record in records.order_by("assessed_on", "pk"):
        latest[record.competency_link_id] = record
    return latest


@dataclass(frozen=True)
class MissingItem:
    """What keeps one required competency from meeting its level, in both languages."""

    outcome_en: str
    outcome_fr: str
    competency_uri: str
    competency_en: str
    competency_fr: str
    required_en: str
    required_fr: str
    recorded_en: str | None = None  # None: not assessed
    recorded_fr: str | None = None

    def outcome(self, language: str) -> str:
        return self.outcome_fr if language.startswith("fr") and self.outcome_fr else self.outcome_en

    def competency(self, language: str) -> str:
        return self.competency_fr if language.startswith("fr") and self.competency_fr else self.competency_en

    def required(self, language: str) -> str:
        return self.required_fr if language.startswith("fr") else self.required_en

    def recorded(self, language: str) -> str:
        french = language.startswith("fr")
        if self.recorded_en is None:
            return "non évaluée" if french else "not assessed"
        return str(self.recorded_fr if french else self.recorded_en)

    def describe(self, language: str = "en") -> str:
        if language.startswith("fr"):
            return (
                f"Résultat « {self.outcome('fr')} » : la compétence « {self.competency('fr')} » "
                f"exige le niveau "
                f"« {self.required('fr')} »; résultat consigné : {self.recorded('fr')}."
            )
        return (
            f"Outcome “{self.outcome('en')}”: competency “{self.competency('en')}” needs level "
            f"“{self.required('en')}”; recorded: {self.recorded('en')}."
        )


@dataclass(frozen=True)
class AwardDecision:
    eligible: bool
    missing: list[MissingItem] = field(default_factory=list)
    reason: str = ""  # a stable code when something other than a competency blocks the award

    def describe(self, language: str = "en") -> list[str]:
        return [item.describe(language) for item in self.missing]


def award_decision(enrollment: Enrollment) -> AwardDecision:
    """May a credential be issued for this enrollment? If not, exactly what is missing."""
    if enrollment.status == Enrollment.Status.WITHDRAWN:
        return AwardDecision(False, [], "enrollment_withdrawn")
    requirements = requirements_for_version(enrollment.offering.version)
    if not requirements:
        return AwardDecision(False, [], "no_competencies")
    latest = latest_records(enrollment)
    missing = [_missing(req, latest.get(req.link.pk)) for req in requirements]
    missing_items = [item for item in missing if item is not None]
    return AwardDecision(not missing_items, missing_items)


def _missing(req: Requirement, record: AssessmentRecord | None) -> MissingItem | None:
    if req.is_met_by(record):
        return None
    outcome, competency = req.link.outcome, req.link.competency
    return MissingItem(
        outcome_en=outcome.text_en,
        outcome_fr=outcome.text_fr,
        competency_uri=competency.uri,
        competency_en=competency.label_en,
        competency_fr=competency.label_fr,
        required_en=req.required_label("en"),
        required_fr=req.required_label("fr"),
        recorded_en=req.recorded_label(record, "en") if record else None,
        recorded_fr=req.recorded_label(record, "fr") if record else None,
    )


# -- award results (what the issuance app builds the credential from) --------------------------------------


@dataclass(frozen=True)
class EvidenceRef:
    kind: str  # "file" | "url"
    url: str  # the permission-checked download URL of a file, or the external link
    name: str = ""
    content_type: str = ""
    sha256: str = ""


@dataclass(frozen=True)
class CompetencyResult:
    outcome_en: str
    outcome_fr: str
    competency_uri: str
    label_en: str
    label_fr: str
    kind: str  # knowledge | skill | attitude
    level_index: int | None  # into ``rubric_levels``; None without a rubric
    level_en: str
    level_fr: str
    required_level_index: int | None
    rubric_levels: tuple[dict[str, str], ...]
    status: str  # "met"
    score: Decimal | None
    assessed_on: date
    assessor_organization: str  # slug
    narrative: str = ""
    evidence: tuple[EvidenceRef, ...] = ()

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CompetencyResult:
        values = dict(data)
        values["rubric_levels"] = tuple(values["rubric_levels"])
        values["score"] = Decimal(values["score"]) if values["score"] is not None else None
        values["assessed_on"] = date.fromisoformat(values["assessed_on"])
        values["evidence"] = tuple(EvidenceRef(**ref) for ref in values["evidence"])
        return cls(**values)


def evidence_download_path(public_id: object) -> str:
    with translation.override("en"):
        return reverse("assessment:evidence", kwargs={"public_id": public_id})


def results_snapshot(enrollment: Enrollment) -> list[dict[str, Any]]:
    """JSON of every required competency's counting result; stored on the Award when it is granted."""
    latest = latest_records(enrollment)
    out = []
    for req in requirements_for_version(enrollment.offering.version):
        record = latest[req.link.pk]
        design = req.design
        refs = [
            {
                "kind": ev.kind,
                "url": public_url(evidence_download_path(ev.public_id)) if ev.kind == "file" else ev.url,
                "name": ev.original_name,
                "content_type": ev.content_type,
                "sha256": ev.sha256,
            }
            for ev in record.evidence.all()
        ]
        out.append(
            {
                "outcome_en": req.link.outcome.text_en,
                "outcome_fr": req.link.outcome.text_fr,
                "competency_uri": req.link.competency.uri,
                "label_en": req.link.competency.label_en,
                "label_fr": req.link.competency.label_fr,
                "kind": req.link.kind,
                "level_index": record.rubric_level if req.has_rubric else None,
                "level_en": req.recorded_label(record, "en"),
                "level_fr": req.recorded_label(record, "fr"),
                "required_level_index": design.required_level if req.has_rubric and design else None,
                "rubric_levels": list(design.rubric_levels) if design else [],
                "status": AssessmentRecord.ResultStatus.MET.value,
                "score": str(record.score) if record.score is not None else None,
                "assessed_on": record.assessed_on.isoformat(),
                "assessor_organization": record.assessor_organization.slug,
                "narrative": record.narrative,
                "evidence": refs,
            }
        )
    return out


def award_results(award: Award) -> list[CompetencyResult]:
    """Per required competency: what was achieved, at which level, with which evidence, as granted."""
    return [CompetencyResult.from_json(item) for item in award.results]


# -- endorsements -------------------------------------------------------------------------------------------


def version_digest(version: MicroCredentialVersion) -> str:
    """A fingerprint of what a partner reviews: titles, descriptions, outcomes, competencies, assessment."""
    outcomes = []
    rows = version.outcomes.select_related("assessment").prefetch_related("competency_links__competency")
    for outcome in rows.order_by("position", "pk"):
        design = getattr(outcome, "assessment", None)
        outcomes.append(
            {
                "text": [outcome.text_en, outcome.text_fr],
                "competencies": [[link.competency.uri, link.kind] for link in outcome.competency_links.all()],
                "assessment": None
                if design is None
                else [
                    design.method,
                    design.evidence_required_en,
                    design.evidence_required_fr,
                    design.rubric_levels,
                    design.required_level,
                    design.indicator,
                    design.summative,
                ],
            }
        )
    content = {
        "title": [version.title_en, version.title_fr],
        "description": [version.description_en, version.description_fr],
        "outcomes": outcomes,
    }
    encoded = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
    return hashlib.sha256(encoded).hexdigest()


def endorsements_for_version(version: MicroCredentialVersion) -> list[dict[str, Any]]:
    """The signed EndorsementCredentials (JSON) partners gave this version, as it now reads, oldest first."""
    digest = version_digest(MicroCredentialVersion.objects.get(pk=version.pk))  # as stored, not as cached
    rows = Endorsement.objects.filter(version=version, content_digest=digest).order_by("created_at", "pk")
    return [row.credential for row in rows]
