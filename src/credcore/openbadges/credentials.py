"""Open Badges 3.0 credentials: OpenBadgeCredential (AchievementCredential), EndorsementCredential, Profile.

Data model: https://www.imsglobal.org/spec/ob/v3p0/#achievementcredential,
https://www.imsglobal.org/spec/ob/v3p0/#endorsementcredential, https://www.imsglobal.org/spec/ob/v3p0/#profile,
on the W3C VC Data Model 2.0 (https://www.w3.org/TR/vc-data-model-2.0/). ``to_json()`` returns the unsigned
credential; sign it with :func:`credcore.dataintegrity.add_proof`.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from credcore._internal.values import format_datetime, require_datetime, require_text, require_uri
from credcore.errors import InvalidDocumentError
from credcore.openbadges.achievement import _put
from credcore.openbadges.subject import AchievementSubject, Evidence
from credcore.status import BitstringStatusListEntry

__all__ = [
    "OB_CONTEXT",
    "VC_CONTEXT",
    "AchievementCredential",
    "EndorsementCredential",
    "EndorsementSubject",
    "OpenBadgeCredential",
    "Profile",
]

VC_CONTEXT: Final = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT: Final = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"


@dataclass(frozen=True, slots=True)
class Profile:
    """An issuer, endorser or other organisation/person (OB 3.0 §Profile)."""

    id: str
    name: str
    url: str | None = None
    email: str | None = None
    description: str | None = None
    image: str | None = None

    def __post_init__(self) -> None:
        require_uri("profile id", self.id)
        require_text("profile name", self.name)
        if self.url is not None:
            require_uri("profile url", self.url)
        if self.image is not None:
            require_uri("profile image", self.image)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "type": ["Profile"], "name": self.name}
        _put(out, "url", self.url)
        _put(out, "email", self.email)
        _put(out, "description", self.description)
        if self.image is not None:
            out["image"] = {"id": self.image, "type": "Image"}
        return out


def _check_window(valid_from: datetime, valid_until: datetime | None) -> None:
    require_datetime("validFrom", valid_from)
    if valid_until is not None and require_datetime("validUntil", valid_until) <= valid_from:
        raise InvalidDocumentError("validUntil must be after validFrom")


def _check_endorsements(endorsements: tuple[Mapping[str, Any], ...]) -> None:
    for endorsement in endorsements:
        types = endorsement.get("type")
        if not isinstance(types, list) or "EndorsementCredential" not in types:
            raise InvalidDocumentError("an embedded endorsement must be an EndorsementCredential")
        if "proof" not in endorsement:
            raise InvalidDocumentError("an embedded endorsement must be signed (carry a proof)")


def _envelope(
    *,
    id: str,
    types: list[str],
    name: str,
    description: str | None,
    issuer: Profile,
    valid_from: datetime,
    valid_until: datetime | None,
) -> dict[str, Any]:
    out: dict[str, Any] = {"@context": [VC_CONTEXT, OB_CONTEXT], "id": id, "type": types, "name": name}
    _put(out, "description", description)
    out["issuer"] = issuer.to_json()
    out["validFrom"] = format_datetime(valid_from)
    if valid_until is not None:
        out["validUntil"] = format_datetime(valid_until)
    return out


@dataclass(frozen=True, slots=True)
class AchievementCredential:
    """An OpenBadgeCredential: one learner's achievement, with results, evidence, status and endorsements.

    ``endorsements`` are signed EndorsementCredentials (JSON), embedded as they are.
    """

    id: str
    name: str
    issuer: Profile
    subject: AchievementSubject
    valid_from: datetime
    valid_until: datetime | None = None
    description: str | None = None
    awarded_date: datetime | None = None
    evidence: tuple[Evidence, ...] = ()
    credential_status: BitstringStatusListEntry | None = None
    endorsements: tuple[Mapping[str, Any], ...] = ()

    def __post_init__(self) -> None:
        require_uri("credential id", self.id)
        require_text("credential name", self.name)
        _check_window(self.valid_from, self.valid_until)
        if self.awarded_date is not None:
            require_datetime("awardedDate", self.awarded_date)
        _check_endorsements(self.endorsements)

    def to_json(self) -> dict[str, Any]:
        out = _envelope(
            id=self.id,
            types=["VerifiableCredential", "OpenBadgeCredential"],
            name=self.name,
            description=self.description,
            issuer=self.issuer,
            valid_from=self.valid_from,
            valid_until=self.valid_until,
        )
        if self.awarded_date is not None:
            out["awardedDate"] = format_datetime(self.awarded_date)
        out["credentialSubject"] = self.subject.to_json()
        _put(out, "evidence", [item.to_json() for item in self.evidence])
        if self.credential_status is not None:
            out["credentialStatus"] = self.credential_status.to_json()
        _put(out, "endorsement", [copy.deepcopy(dict(e)) for e in self.endorsements])
        return out


OpenBadgeCredential = AchievementCredential


@dataclass(frozen=True, slots=True)
class EndorsementSubject:
    """What is endorsed (an achievement, a profile or a credential, by id) and the endorser's comment."""

    id: str
    endorsement_comment: str | None = None

    def __post_init__(self) -> None:
        require_uri("endorsed id", self.id)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "type": ["EndorsementSubject"]}
        _put(out, "endorsementComment", self.endorsement_comment)
        return out


@dataclass(frozen=True, slots=True)
class EndorsementCredential:
    """A partner's endorsement of an achievement, issuer or credential (OB 3.0 §EndorsementCredential)."""

    id: str
    name: str
    issuer: Profile
    subject: EndorsementSubject
    valid_from: datetime
    valid_until: datetime | None = None
    description: str | None = None
    credential_status: BitstringStatusListEntry | None = None

    def __post_init__(self) -> None:
        require_uri("credential id", self.id)
        require_text("credential name", self.name)
        _check_window(self.valid_from, self.valid_until)

    def to_json(self) -> dict[str, Any]:
        out = _envelope(
            id=self.id,
            types=["VerifiableCredential", "EndorsementCredential"],
            name=self.name,
            description=self.description,
            issuer=self.issuer,
            valid_from=self.valid_from,
            valid_until=self.valid_until,
        )
        out["credentialSubject"] = self.subject.to_json()
        if self.credential_status is not None:
            out["credentialStatus"] = self.credential_status.to_json()
        return out
