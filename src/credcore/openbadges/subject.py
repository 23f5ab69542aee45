"""Open Badges 3.0 AchievementSubject: who earned it, with per-competency results and evidence.

Data model: https://www.imsglobal.org/spec/ob/v3p0/#achievementsubject,
https://www.imsglobal.org/spec/ob/v3p0/#identityobject, https://www.imsglobal.org/spec/ob/v3p0/#result,
https://www.imsglobal.org/spec/ob/v3p0/#evidence. Results are checked against the achievement's result
descriptions when the subject is built: a result cannot point at a description or level that does not exist.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from credcore._internal.values import require_text, require_uri
from credcore.errors import InvalidDocumentError
from credcore.openbadges.achievement import Achievement, _put

__all__ = [
    "IDENTIFIER_TYPES",
    "RESULT_STATUSES",
    "AchievementSubject",
    "Evidence",
    "IdentityObject",
    "Result",
    "identity_hash",
    "identity_matches",
]

# https://www.imsglobal.org/spec/ob/v3p0/#identifiertypeenum-enumeration
IDENTIFIER_TYPES: Final = frozenset(
    [
        "name",
        "sourcedId",
        "systemId",
        "productId",
        "userName",
        "accountId",
        "emailAddress",
        "nationalIdentityNumber",
        "isbn",
        "issn",
        "lisSourcedId",
        "oneRosterSourcedId",
        "sisSourcedId",
        "ltiContextId",
        "ltiDeploymentId",
        "ltiToolId",
        "ltiPlatformId",
        "ltiUserId",
        "identifier",
    ]
)
# https://www.imsglobal.org/spec/ob/v3p0/#resultstatustype-enumeration
RESULT_STATUSES: Final = frozenset(
    ["Completed", "Enrolled", "Failed", "InProgress", "OnHold", "Provisional", "Withdrew"]
)
_EXTENSION_TERM: Final = re.compile(r"^ext:[A-Za-z0-9._\-]+$")
_HASH: Final = re.compile(r"^(sha256\$[0-9a-fA-F]{64}|md5\$[0-9a-fA-F]{32})$")


def identity_hash(identity: str, salt: str = "") -> str:
    """IdentityHash: ``sha256$`` + hex(sha256(UTF-8(identity + salt))) (https://www.imsglobal.org/spec/ob/v3p0/#identityhash)."""
    return "sha256$" + hashlib.sha256((identity + salt).encode("utf-8")).hexdigest()


def _hash_with(algorithm: str, identity: str, salt: str) -> str:
    digest = hashlib.new(algorithm, (identity + salt).encode("utf-8"), usedforsecurity=False).hexdigest()
    return f"{algorithm}${digest}"


def identity_matches(identifier: Mapping[str, Any], known: str, known_type: str | None = None) -> bool:
    """Verify the recipient with a known identifier (https://www.imsglobal.org/spec/ob/v3p0/#verify-identifier).

    Skips identifiers of another ``identityType`` (when ``known_type`` is given); hashed identifiers are
    compared as IdentityHash(known + salt), in constant time; plaintext ones directly.
    """
    if known_type is not None and identifier.get("identityType") != known_type:
        return False
    stored = identifier.get("identityHash")
    if not isinstance(stored, str):
        return False
    if identifier.get("hashed") is True:
        salt = identifier.get("salt", "")
        algorithm, _, _ = stored.partition("$")
        if not isinstance(salt, str) or algorithm not in ("sha256", "md5") or not _HASH.match(stored):
            return False
        return hmac.compare_digest(_hash_with(algorithm, known, salt).lower(), stored.lower())
    return hmac.compare_digest(stored.encode("utf-8"), known.encode("utf-8"))


@dataclass(frozen=True, slots=True)
class IdentityObject:
    """A (normally hashed and salted) identifier of the recipient (OB 3.0 §IdentityObject)."""

    identity_hash: str
    identity_type: str
    hashed: bool = True
    salt: str | None = None

    def __post_init__(self) -> None:
        if self.identity_type not in IDENTIFIER_TYPES and not _EXTENSION_TERM.match(self.identity_type):
            raise InvalidDocumentError(f"identityType {self.identity_type!r} is not an identifier type")
        if self.hashed and not _HASH.match(self.identity_hash):
            raise InvalidDocumentError("a hashed identityHash must be 'sha256$<64 hex>' or 'md5$<32 hex>'")
        require_text("identityHash", self.identity_hash)

    @classmethod
    def hashed_identity(
        cls, identity: str, *, identity_type: str = "emailAddress", salt: str | None = None
    ) -> IdentityObject:
        """Hash ``identity`` with a salt (a fresh random one unless given): the private default."""
        require_text("identity", identity)
        salt = secrets.token_hex(16) if salt is None else salt
        return cls(identity_hash(identity, salt), identity_type, True, salt)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": "IdentityObject",
            "hashed": self.hashed,
            "identityHash": self.identity_hash,
            "identityType": self.identity_type,
        }
        _put(out, "salt", self.salt)
        return out


@dataclass(frozen=True, slots=True)
class Result:
    """The learner's result for one result description, e.g. one competency (OB 3.0 §Result)."""

    result_description: str
    achieved_level: str | None = None
    status: str | None = None
    value: str | None = None

    def __post_init__(self) -> None:
        require_uri("result resultDescription", self.result_description)
        if self.achieved_level is not None:
            require_uri("result achievedLevel", self.achieved_level)
        if self.status is not None and self.status not in RESULT_STATUSES:
            raise InvalidDocumentError(f"result status {self.status!r} is not a ResultStatusType")

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": ["Result"], "resultDescription": self.result_description}
        _put(out, "achievedLevel", self.achieved_level)
        _put(out, "status", self.status)
        _put(out, "value", self.value)
        return out


@dataclass(frozen=True, slots=True)
class Evidence:
    """Evidence of achievement: a page, a data URI and/or a narrative (OB 3.0 §Evidence)."""

    id: str | None = None
    name: str | None = None
    narrative: str | None = None
    description: str | None = None
    genre: str | None = None
    audience: str | None = None

    def __post_init__(self) -> None:
        if self.id is None and self.narrative is None and self.name is None:
            raise InvalidDocumentError("evidence needs at least an id, a name or a narrative")
        if self.id is not None:
            require_uri("evidence id", self.id)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        _put(out, "id", self.id)
        out["type"] = ["Evidence"]
        _put(out, "name", self.name)
        _put(out, "narrative", self.narrative)
        _put(out, "description", self.description)
        _put(out, "genre", self.genre)
        _put(out, "audience", self.audience)
        return out


@dataclass(frozen=True, slots=True)
class AchievementSubject:
    """The recipient and what they achieved (OB 3.0 §AchievementSubject): ``id`` and/or ``identifiers``."""

    achievement: Achievement
    id: str | None = None
    identifiers: tuple[IdentityObject, ...] = ()
    results: tuple[Result, ...] = ()
    credits_earned: float | None = None
    narrative: str | None = None

    def __post_init__(self) -> None:
        if self.id is None and not self.identifiers:
            raise InvalidDocumentError("the credential subject needs an id or at least one identifier")
        if self.id is not None:
            require_uri("credentialSubject id", self.id)
        for result in self.results:
            self._check_result(result)
        if self.credits_earned is not None and not self.credits_earned >= 0:
            raise InvalidDocumentError("creditsEarned must be a non-negative number")

    def _check_result(self, result: Result) -> None:
        description = self.achievement.result_description(result.result_description)
        if description is None:
            raise InvalidDocumentError(
                f"result refers to unknown resultDescription {result.result_description}"
            )
        if result.achieved_level is not None and description.level(result.achieved_level) is None:
            raise InvalidDocumentError(
                f"achievedLevel {result.achieved_level} is not a level of {description.id}"
            )
        if description.result_type == "Status" and result.status is None:
            raise InvalidDocumentError(f"a result for {description.id} (resultType Status) needs a status")

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        _put(out, "id", self.id)
        out["type"] = ["AchievementSubject"]
        out["achievement"] = self.achievement.to_json()
        _put(out, "identifier", [identifier.to_json() for identifier in self.identifiers])
        _put(out, "result", [result.to_json() for result in self.results])
        _put(out, "creditsEarned", self.credits_earned)
        _put(out, "narrative", self.narrative)
        return out
