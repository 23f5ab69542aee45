"""Build the unsigned OpenBadgeCredential for one learner and one micro-credential version (DESIGN.md §4).

``AchievementTemplate.for_version`` reads the version once (outcomes, competencies, rubrics, label,
endorsements) and builds the OB 3.0 Achievement; ``AchievementTemplate.credential`` then makes each learner's
credential from it, cheaply — bulk issuance builds the template once per batch. The builders of credcore
validate every part as it is built (an invalid credential cannot exist).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from credcore.openbadges import (
    OB_CONTEXT,
    VC_CONTEXT,
    Achievement,
    AchievementCredential,
    AchievementSubject,
    Alignment,
    Criteria,
    Evidence,
    IdentityObject,
    Profile,
    Result,
    ResultDescription,
    RubricCriterionLevel,
)
from credcore.status import BitstringStatusListEntry
from microcred.accounts.models import Organization
from microcred.catalog.models import MicroCredentialVersion, OutcomeCompetency
from microcred.issuance.identity import organization_did, public_url
from microcred.issuance.label import NutritionLabel, nutrition_label

__all__ = ["AchievementTemplate", "CompetencyResult", "EvidenceItem", "achievement_id", "normalize_email"]

_ESCO_PREFIX = "http://data.europa.eu/esco/"


def format_datetime(value: datetime) -> str:
    """As credcore writes VC 2.0 dateTimeStamps: UTC, ``Z``."""
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def normalize_email(email: str) -> str:
    return email.strip().lower()


def achievement_id(version: MicroCredentialVersion) -> str:
    return public_url(f"achievements/{version.micro_credential.slug}/v{version.number}")


@dataclass(frozen=True)
class CompetencyResult:
    """A learner's result for one competency: the rubric level reached (index, 0 = lowest) or a status."""

    competency_uri: str
    level: int | None = None
    status: str | None = None
    value: str | None = None


@dataclass(frozen=True)
class EvidenceItem:
    url: str | None = None
    name: str | None = None
    narrative: str | None = None

    def to_evidence(self) -> Evidence:
        return Evidence(id=self.url or None, name=self.name or None, narrative=self.narrative or None)


@dataclass(frozen=True)
class _Competency:
    uri: str
    description: ResultDescription
    level_ids: tuple[str, ...]
    required_level: int | None


def _alignment(link: OutcomeCompetency) -> Alignment:
    competency = link.competency
    if competency.uri.startswith(_ESCO_PREFIX):
        return Alignment.esco(competency.uri, competency.label_en)
    return Alignment(
        competency.label_en,
        competency.uri,
        competency.framework.name_en,
        "ceasn:Competency",
        competency.code or None,
    )


def _result_description(base: str, position: int, link: OutcomeCompetency) -> _Competency:
    rd_id = f"{base}#competency-{position}"
    design = getattr(link.outcome, "assessment", None)
    levels = tuple(
        RubricCriterionLevel(id=f"{rd_id}-level-{i}", name=level.get("en") or f"Level {i}", level=str(i))
        for i, level in enumerate(design.rubric_levels if design is not None else [])
    )
    required = design.required_level if design is not None and levels else None
    description = ResultDescription(
        id=rd_id,
        name=link.competency.label_en,
        result_type="RubricCriterionLevel" if levels else "Status",
        rubric_levels=levels,
        required_level=levels[required].id if required is not None else None,
        alignments=(_alignment(link),),
    )
    return _Competency(link.competency.uri, description, tuple(level.id for level in levels), required)


@dataclass(frozen=True)
class AchievementTemplate:
    """Everything of a credential that is the same for every learner of one version and issuer."""

    issuer: Profile
    achievement: Achievement
    competencies: tuple[_Competency, ...]
    label: NutritionLabel
    endorsements: tuple[dict[str, Any], ...] = field(default=())
    _json_cache: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def for_version(
        cls,
        version: MicroCredentialVersion,
        organization: Organization,
        endorsements: tuple[dict[str, Any], ...] = (),
    ) -> AchievementTemplate:
        base = achievement_id(version)
        links = (
            OutcomeCompetency.objects.filter(outcome__version=version)
            .select_related("competency__framework", "outcome__assessment")
            .order_by("outcome__position", "outcome_id", "pk")
        )
        seen: set[str] = set()
        competencies: list[_Competency] = []
        for link in links:
            if link.competency.uri not in seen:
                seen.add(link.competency.uri)
                competencies.append(_result_description(base, len(competencies) + 1, link))
        label = nutrition_label(version)
        achievement = Achievement(
            id=base,
            name=version.title_en,
            description=version.description_en,
            criteria=Criteria(
                narrative="Every required competency assessed at or above its required level: "
                + "; ".join(outcome.text_en for outcome in version.outcomes.all())
            ),
            achievement_type="MicroCredential",
            alignments=tuple(c.description.alignments[0] for c in competencies),
            result_descriptions=tuple(c.description for c in competencies),
            credits_available=float(label.credits) if label.credits is not None else None,
            human_code=f"{version.micro_credential.slug}-v{version.number}",
            in_language=label.languages[0] if label.languages else None,
            version=str(version.number),
            tags=tuple(label.tags()),
        )
        issuer = Profile(
            id=organization_did(organization), name=organization.name_en, url=organization.website or None
        )
        return cls(issuer, achievement, tuple(competencies), label, tuple(endorsements))

    def default_results(self) -> list[CompetencyResult]:
        """What issuing without an assessment record attests: each competency at its required level."""
        return [
            CompetencyResult(c.uri, level=c.required_level)
            if c.required_level is not None
            else CompetencyResult(c.uri, status="Completed")
            for c in self.competencies
        ]

    def _results(self, results: list[CompetencyResult]) -> tuple[Result, ...]:
        by_uri = {c.uri: c for c in self.competencies}
        out: list[Result] = []
        for result in results:
            competency = by_uri.get(result.competency_uri)
            if competency is None:
                continue  # a competency this version does not assess
            level = None
            if result.level is not None and competency.level_ids:
                level = competency.level_ids[min(result.level, len(competency.level_ids) - 1)]
            status = result.status
            if competency.description.result_type == "Status" and status is None:
                status = "Completed"
            out.append(
                Result(competency.description.id, achieved_level=level, status=status, value=result.value)
            )
        return tuple(out)

    def credential(
        self,
        *,
        credential_id: str,
        email: str,
        issued_at: datetime,
        valid_from: datetime,
        valid_until: datetime | None,
        status_entry: BitstringStatusListEntry | None,
        results: list[CompetencyResult] | None = None,
        evidence: list[EvidenceItem] = (),  # type: ignore[assignment]
        salt: str | None = None,
    ) -> dict[str, Any]:
        """One learner's unsigned credential: the email is hashed with a fresh salt (OB IdentityHash)."""
        identity = IdentityObject.hashed_identity(
            normalize_email(email), identity_type="emailAddress", salt=salt or secrets.token_hex(16)
        )
        subject = AchievementSubject(
            achievement=self.achievement,
            identifiers=(identity,),
            results=self._results(results if results is not None else self.default_results()),
        )
        built = AchievementCredential(
            id=credential_id,
            name=self.achievement.name,
            issuer=self.issuer,
            subject=subject,
            valid_from=valid_from,
            valid_until=valid_until,
            description=self.label.summary("en"),
            awarded_date=issued_at,
            evidence=tuple(item.to_evidence() for item in evidence),
            credential_status=status_entry,
            endorsements=self.endorsements,
        ).to_json()
        return built

    def credential_fast(
        self,
        *,
        credential_id: str,
        email: str,
        issued_at: datetime,
        valid_from: datetime,
        valid_until: datetime | None,
        status_entry: BitstringStatusListEntry | None,
        evidence: list[EvidenceItem] = (),  # type: ignore[assignment]
    ) -> dict[str, Any]:
        """The same JSON as :meth:`credential` with the default results (proven equal in the tests), built
        without re-serialising the Achievement for every learner: bulk issuance's path. The Achievement,
        issuer and endorsement objects are shared between the documents it returns: never mutate them."""
        cache = self._cache()
        identity = IdentityObject.hashed_identity(
            normalize_email(email), identity_type="emailAddress", salt=secrets.token_hex(16)
        )
        subject: dict[str, Any] = {
            "type": ["AchievementSubject"],
            "achievement": cache["achievement"],
            "identifier": [identity.to_json()],
        }
        if cache["results"]:
            subject["result"] = cache["results"]
        out: dict[str, Any] = {
            "@context": [VC_CONTEXT, OB_CONTEXT],
            "id": credential_id,
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "name": self.achievement.name,
            "description": cache["description"],
            "issuer": cache["issuer"],
            "validFrom": format_datetime(valid_from),
        }
        if valid_until is not None:
            out["validUntil"] = format_datetime(valid_until)
        out["awardedDate"] = format_datetime(issued_at)
        out["credentialSubject"] = subject
        if evidence:
            out["evidence"] = [item.to_evidence().to_json() for item in evidence]
        if status_entry is not None:
            out["credentialStatus"] = status_entry.to_json()
        if self.endorsements:
            out["endorsement"] = cache["endorsements"]
        return out

    def _cache(self) -> dict[str, Any]:
        cached: dict[str, Any] | None = self._json_cache.get("parts")
        if cached is None:
            cached = {
                "achievement": self.achievement.to_json(),
                "results": [result.to_json() for result in self._results(self.default_results())],
                "description": self.label.summary("en"),
                "issuer": self.issuer.to_json(),
                "endorsements": [dict(e) for e in self.endorsements],
            }
            self._json_cache["parts"] = cached
        return cached
