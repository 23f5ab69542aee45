"""Open Badges 3.0 (https://www.imsglobal.org/spec/ob/v3p0/): model builders and JSON Schema validation."""

from __future__ import annotations

from credcore.openbadges.achievement import (
    ACHIEVEMENT_TYPES,
    ALIGNMENT_TARGET_TYPES,
    ESCO_FRAMEWORK,
    RESULT_TYPES,
    Achievement,
    Alignment,
    Criteria,
    ResultDescription,
    RubricCriterionLevel,
)
from credcore.openbadges.credentials import (
    OB_CONTEXT,
    VC_CONTEXT,
    AchievementCredential,
    EndorsementCredential,
    EndorsementSubject,
    OpenBadgeCredential,
    Profile,
)
from credcore.openbadges.schema import (
    SchemaViolation,
    normalize_for_schema,
    schema_for_url,
    schema_name_for,
    validate_schema,
)
from credcore.openbadges.subject import (
    IDENTIFIER_TYPES,
    RESULT_STATUSES,
    AchievementSubject,
    Evidence,
    IdentityObject,
    Result,
    identity_hash,
    identity_matches,
)

__all__ = [
    "ACHIEVEMENT_TYPES",
    "ALIGNMENT_TARGET_TYPES",
    "ESCO_FRAMEWORK",
    "IDENTIFIER_TYPES",
    "OB_CONTEXT",
    "RESULT_STATUSES",
    "RESULT_TYPES",
    "VC_CONTEXT",
    "Achievement",
    "AchievementCredential",
    "AchievementSubject",
    "Alignment",
    "Criteria",
    "EndorsementCredential",
    "EndorsementSubject",
    "Evidence",
    "IdentityObject",
    "OpenBadgeCredential",
    "Profile",
    "Result",
    "ResultDescription",
    "RubricCriterionLevel",
    "SchemaViolation",
    "identity_hash",
    "identity_matches",
    "normalize_for_schema",
    "schema_for_url",
    "schema_name_for",
    "validate_schema",
]
