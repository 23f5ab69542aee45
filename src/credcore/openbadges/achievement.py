"""Open Badges 3.0 Achievement and what describes it: criteria, alignments, result descriptions, rubrics.

Data model: https://www.imsglobal.org/spec/ob/v3p0/#achievement (Achievement),
https://www.imsglobal.org/spec/ob/v3p0/#alignment, https://www.imsglobal.org/spec/ob/v3p0/#resultdescription,
https://www.imsglobal.org/spec/ob/v3p0/#rubriccriterionlevel. Every builder validates on construction
(an invalid object cannot exist) and serialises with ``to_json()`` in the OB 3.0 JSON shape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Final

from credcore._internal.values import require_text, require_uri
from credcore.errors import InvalidDocumentError

__all__ = [
    "ACHIEVEMENT_TYPES",
    "ALIGNMENT_TARGET_TYPES",
    "ESCO_FRAMEWORK",
    "RESULT_TYPES",
    "Achievement",
    "Alignment",
    "Criteria",
    "ResultDescription",
    "RubricCriterionLevel",
]

# https://www.imsglobal.org/spec/ob/v3p0/#achievementtype-enumeration
ACHIEVEMENT_TYPES: Final = frozenset(
    [
        "Achievement",
        "ApprenticeshipCertificate",
        "Assessment",
        "Assignment",
        "AssociateDegree",
        "Award",
        "Badge",
        "BachelorDegree",
        "Certificate",
        "CertificateOfCompletion",
        "Certification",
        "CommunityService",
        "Competency",
        "Course",
        "CoCurricular",
        "Degree",
        "Diploma",
        "DoctoralDegree",
        "Fieldwork",
        "GeneralEducationDevelopment",
        "JourneymanCertificate",
        "LearningProgram",
        "License",
        "Membership",
        "ProfessionalDoctorate",
        "QualityAssuranceCredential",
        "MasterCertificate",
        "MasterDegree",
        "MicroCredential",
        "ResearchDoctorate",
        "SecondarySchoolDiploma",
    ]
)
# https://www.imsglobal.org/spec/ob/v3p0/#alignmenttargettype-enumeration
ALIGNMENT_TARGET_TYPES: Final = frozenset(
    [
        "ceasn:Competency",
        "ceterms:Credential",
        "CFItem",
        "CFRubric",
        "CFRubricCriterion",
        "CFRubricCriterionLevel",
        "CTDL",
    ]
)
# https://www.imsglobal.org/spec/ob/v3p0/#resulttype-enumeration
RESULT_TYPES: Final = frozenset(
    [
        "GradePointAverage",
        "LetterGrade",
        "Percent",
        "PerformanceLevel",
        "PredictedScore",
        "RawScore",
        "Result",
        "RubricCriterion",
        "RubricCriterionLevel",
        "RubricScore",
        "ScaledScore",
        "Status",
    ]
)
# Extensible vocabularies accept "ext:" terms (https://www.imsglobal.org/spec/ob/v3p0/#enumext).
_EXTENSION_TERM: Final = re.compile(r"^ext:[A-Za-z0-9._\-]+$")
_LANGUAGE: Final = re.compile(r"^[a-z]{2,4}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$")

ESCO_FRAMEWORK: Final = "ESCO"
_ESCO_PREFIX: Final = "http://data.europa.eu/esco/"
# ESCO concept kinds → OB alignment target type (extension terms: ESCO is not in the OB enumeration).
_ESCO_TARGET_TYPES: Final = {
    "skill": "ext:ESCOSkill",
    "occupation": "ext:ESCOOccupation",
    "isco": "ext:ESCOOccupation",
}


def _require_enum_ext(field_name: str, value: str, allowed: frozenset[str]) -> str:
    if value not in allowed and not _EXTENSION_TERM.match(value):
        raise InvalidDocumentError(f"{field_name} {value!r} is neither a defined term nor an 'ext:' term")
    return value


def _put(out: dict[str, Any], key: str, value: object) -> None:
    if value is not None and value != () and value != []:
        out[key] = value


@dataclass(frozen=True, slots=True)
class Alignment:
    """A link from an achievement, result or rubric level to a node of a framework (OB 3.0 §Alignment)."""

    target_name: str
    target_url: str
    target_framework: str | None = None
    target_type: str | None = None
    target_code: str | None = None
    target_description: str | None = None

    def __post_init__(self) -> None:
        require_text("alignment targetName", self.target_name)
        require_uri("alignment targetUrl", self.target_url)
        if self.target_type is not None:
            _require_enum_ext("alignment targetType", self.target_type, ALIGNMENT_TARGET_TYPES)

    @classmethod
    def esco(cls, uri: str, name: str, *, description: str | None = None) -> Alignment:
        """An alignment to an ESCO concept (``targetFramework`` "ESCO", ``targetUrl`` the ESCO URI).

        Skills, knowledge and competences are ``ext:ESCOSkill``; occupations ``ext:ESCOOccupation``; the
        concept's UUID becomes ``targetCode``.
        """
        if not uri.startswith(_ESCO_PREFIX):
            raise InvalidDocumentError(f"not an ESCO concept URI: {uri!r}")
        kind, _, code = uri.removeprefix(_ESCO_PREFIX).partition("/")
        target_type = _ESCO_TARGET_TYPES.get(kind)
        if target_type is None or not code:
            raise InvalidDocumentError(f"unsupported ESCO concept URI: {uri!r}")
        return cls(name, uri, ESCO_FRAMEWORK, target_type, code.rsplit("/", 1)[-1], description)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": ["Alignment"],
            "targetName": self.target_name,
            "targetUrl": self.target_url,
        }
        _put(out, "targetFramework", self.target_framework)
        _put(out, "targetType", self.target_type)
        _put(out, "targetCode", self.target_code)
        _put(out, "targetDescription", self.target_description)
        return out


@dataclass(frozen=True, slots=True)
class RubricCriterionLevel:
    """One level of a rubric criterion, e.g. "Proficient" (OB 3.0 §RubricCriterionLevel)."""

    id: str
    name: str
    level: str | None = None
    description: str | None = None
    points: str | None = None
    alignments: tuple[Alignment, ...] = ()

    def __post_init__(self) -> None:
        require_uri("rubric level id", self.id)
        require_text("rubric level name", self.name)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "type": ["RubricCriterionLevel"], "name": self.name}
        _put(out, "level", self.level)
        _put(out, "description", self.description)
        _put(out, "points", self.points)
        _put(out, "alignment", [a.to_json() for a in self.alignments])
        return out


@dataclass(frozen=True, slots=True)
class ResultDescription:
    """A possible result, e.g. one assessed competency and its rubric (OB 3.0 §ResultDescription).

    ``required_level`` must be the id of one of ``rubric_levels``; ``required_value`` one of
    ``allowed_values`` when those are given.
    """

    id: str
    name: str
    result_type: str
    rubric_levels: tuple[RubricCriterionLevel, ...] = ()
    required_level: str | None = None
    allowed_values: tuple[str, ...] = ()
    required_value: str | None = None
    value_min: str | None = None
    value_max: str | None = None
    alignments: tuple[Alignment, ...] = ()

    def __post_init__(self) -> None:
        require_uri("resultDescription id", self.id)
        require_text("resultDescription name", self.name)
        _require_enum_ext("resultType", self.result_type, RESULT_TYPES)
        level_ids = [level.id for level in self.rubric_levels]
        if len(set(level_ids)) != len(level_ids):
            raise InvalidDocumentError(f"rubric level ids repeat in result description {self.id}")
        if self.result_type == "RubricCriterionLevel" and not self.rubric_levels:
            raise InvalidDocumentError(
                f"result description {self.id} of type RubricCriterionLevel has no levels"
            )
        if self.required_level is not None and self.required_level not in level_ids:
            raise InvalidDocumentError(f"requiredLevel {self.required_level!r} is not a level of {self.id}")
        if (
            self.required_value is not None
            and self.allowed_values
            and self.required_value not in self.allowed_values
        ):
            raise InvalidDocumentError(f"requiredValue {self.required_value!r} is not an allowed value")

    def level(self, level_id: str) -> RubricCriterionLevel | None:
        return next((level for level in self.rubric_levels if level.id == level_id), None)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "type": ["ResultDescription"],
            "name": self.name,
            "resultType": self.result_type,
        }
        _put(out, "alignment", [a.to_json() for a in self.alignments])
        _put(out, "allowedValue", list(self.allowed_values))
        _put(out, "requiredLevel", self.required_level)
        _put(out, "requiredValue", self.required_value)
        _put(out, "rubricCriterionLevel", [level.to_json() for level in self.rubric_levels])
        _put(out, "valueMin", self.value_min)
        _put(out, "valueMax", self.value_max)
        return out


@dataclass(frozen=True, slots=True)
class Criteria:
    """What a learner must do to earn the achievement: a narrative and/or a page (OB 3.0 §Criteria)."""

    narrative: str | None = None
    id: str | None = None

    def __post_init__(self) -> None:
        if self.narrative is None and self.id is None:
            raise InvalidDocumentError("criteria need a narrative or an id")
        if self.narrative is not None:
            require_text("criteria narrative", self.narrative)
        if self.id is not None:
            require_uri("criteria id", self.id)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        _put(out, "id", self.id)
        _put(out, "narrative", self.narrative)
        return out


@dataclass(frozen=True, slots=True)
class Achievement:
    """The accomplishment a credential recognises, e.g. a micro-credential (OB 3.0 §Achievement)."""

    id: str
    name: str
    description: str
    criteria: Criteria
    achievement_type: str | None = "MicroCredential"
    alignments: tuple[Alignment, ...] = ()
    result_descriptions: tuple[ResultDescription, ...] = ()
    credits_available: float | None = None
    field_of_study: str | None = None
    human_code: str | None = None
    in_language: str | None = None
    version: str | None = None
    tags: tuple[str, ...] = ()
    image: str | None = None

    def __post_init__(self) -> None:
        require_uri("achievement id", self.id)
        require_text("achievement name", self.name)
        require_text("achievement description", self.description)
        if self.achievement_type is not None:
            _require_enum_ext("achievementType", self.achievement_type, ACHIEVEMENT_TYPES)
        ids = [rd.id for rd in self.result_descriptions]
        if len(set(ids)) != len(ids):
            raise InvalidDocumentError(f"result description ids repeat in achievement {self.id}")
        if self.credits_available is not None and not self.credits_available >= 0:
            raise InvalidDocumentError("creditsAvailable must be a non-negative number")
        if self.in_language is not None and not _LANGUAGE.match(self.in_language):
            raise InvalidDocumentError(f"inLanguage {self.in_language!r} is not a BCP 47 language code")
        if self.image is not None:
            require_uri("achievement image", self.image)

    def result_description(self, description_id: str) -> ResultDescription | None:
        return next((rd for rd in self.result_descriptions if rd.id == description_id), None)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "type": ["Achievement"],
            "name": self.name,
            "description": self.description,
            "criteria": self.criteria.to_json(),
        }
        _put(out, "achievementType", self.achievement_type)
        _put(out, "alignment", [a.to_json() for a in self.alignments])
        _put(out, "resultDescription", [rd.to_json() for rd in self.result_descriptions])
        _put(out, "creditsAvailable", self.credits_available)
        _put(out, "fieldOfStudy", self.field_of_study)
        _put(out, "humanCode", self.human_code)
        _put(out, "inLanguage", self.in_language)
        _put(out, "version", self.version)
        _put(out, "tag", list(self.tags))
        if self.image is not None:
            out["image"] = {"id": self.image, "type": "Image"}
        return out
