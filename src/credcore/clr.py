"""Comprehensive Learner Record 2.0: bundle a learner's achievement credentials in one ClrCredential.

Data model: https://www.imsglobal.org/spec/clr/v2p0/#clrcredential and #clrsubject; contexts
``https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json`` and the OB 3.0 context it builds on (both
bundled). The 1EdTech CLR JSON Schema is not among the shipped standards, so :func:`clr_problems` checks the
data model's required properties itself, and every embedded credential against the bundled OB 3.0 schema.
The record is returned unsigned; the caller signs it with :func:`credcore.sign_credential` (the issuer's key).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any, Final

from credcore._internal.values import is_absolute_uri
from credcore.errors import InvalidDocumentError
from credcore.openbadges.schema import is_date_time, schema_name_for, validate_schema

__all__ = ["CLR_CONTEXT", "CLR_CONTEXTS", "build_clr_credential", "clr_problems"]

CLR_CONTEXT: Final = "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json"
CLR_CONTEXTS: Final = (
    "https://www.w3.org/ns/credentials/v2",
    CLR_CONTEXT,
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
)
_EMBEDDABLE: Final = frozenset({"OpenBadgeCredential", "AchievementCredential", "ClrCredential"})


def _types(node: Mapping[str, Any]) -> list[object]:
    value = node.get("type")
    return value if isinstance(value, list) else [value]


def _profile(issuer: Mapping[str, Any]) -> dict[str, Any]:
    """The issuer as a CLR/OB Profile (https://www.imsglobal.org/spec/ob/v3p0/#profile)."""
    profile = dict(issuer)
    types = _types(profile)
    profile["type"] = [item for item in types if item is not None] or ["Profile"]
    if "Profile" not in profile["type"]:
        profile["type"].append("Profile")
    return profile


def _subject_problems(subject: object) -> list[str]:
    """ClrSubject (https://www.imsglobal.org/spec/clr/v2p0/#clrsubject): typed, identified, ≥ 1 credential."""
    if not isinstance(subject, Mapping):
        return ["credentialSubject must be an object"]
    problems = []
    if "ClrSubject" not in _types(subject):
        problems.append("credentialSubject.type must include ClrSubject")
    if not is_absolute_uri(subject.get("id")) and not subject.get("identifier"):
        problems.append("credentialSubject needs an id (an absolute URI) or an identifier")
    credentials = subject.get("verifiableCredential")
    if not isinstance(credentials, list) or not credentials:
        return [*problems, "credentialSubject.verifiableCredential must be a non-empty array"]
    for index, credential in enumerate(credentials):
        problems.extend(f"verifiableCredential[{index}]: {p}" for p in _embedded_problems(credential))
    return problems


def _embedded_problems(credential: object) -> list[str]:
    if not isinstance(credential, Mapping) or not _EMBEDDABLE.intersection(map(str, _types(credential))):
        return ["must be an OpenBadgeCredential, AchievementCredential or ClrCredential object"]
    if "ClrCredential" in _types(credential):
        return clr_problems(credential)
    name = schema_name_for(credential)
    return [f"{v.path or '/'}: {v.message}" for v in validate_schema(credential, name)[:10]]


def clr_problems(document: Mapping[str, Any]) -> list[str]:
    """What keeps ``document`` from being a CLR 2.0 ClrCredential (empty when it is one)
    (https://www.imsglobal.org/spec/clr/v2p0/#clrcredential)."""
    problems = []
    context = document.get("@context")
    if not isinstance(context, list) or context[:1] != [CLR_CONTEXTS[0]] or CLR_CONTEXT not in context:
        problems.append(f"@context must start with {CLR_CONTEXTS[0]} and include {CLR_CONTEXT}")
    if "VerifiableCredential" not in _types(document) or "ClrCredential" not in _types(document):
        problems.append("type must include VerifiableCredential and ClrCredential")
    if not is_absolute_uri(document.get("id")):
        problems.append("id must be an absolute URI")
    issuer = document.get("issuer")
    is_profile = isinstance(issuer, Mapping) and "Profile" in _types(issuer)
    if not (is_profile and isinstance(issuer, Mapping) and is_absolute_uri(issuer.get("id"))):
        problems.append("issuer must be a Profile with an absolute id")
    if not isinstance(document.get("name"), str) or not document["name"].strip():
        problems.append("name is required")
    if not is_date_time(document.get("validFrom")):
        problems.append("validFrom must be a date-time with a time zone")
    return problems + _subject_problems(document.get("credentialSubject"))


def build_clr_credential(
    *,
    issuer: Mapping[str, Any],
    learner_id: str,
    credentials: Sequence[Mapping[str, Any]],
    name: str,
    valid_from: str,
    credential_id: str | None = None,
    description: str | None = None,
) -> dict[str, Any]:
    """An unsigned CLR 2.0 ClrCredential by ``issuer`` (a Profile) for ``learner_id`` holding ``credentials``
    (signed OB 3.0 credentials, embedded as they are). Raises :class:`InvalidDocumentError` listing what is
    wrong when the result would not be a valid ClrCredential."""
    document: dict[str, Any] = {
        "@context": list(CLR_CONTEXTS),
        "id": credential_id or f"urn:uuid:{uuid.uuid4()}",
        "type": ["VerifiableCredential", "ClrCredential"],
        "issuer": _profile(issuer),
        "name": name,
        "validFrom": valid_from,
        "credentialSubject": {
            "id": learner_id,
            "type": ["ClrSubject"],
            "verifiableCredential": [dict(credential) for credential in credentials],
        },
    }
    if description:
        document["description"] = description
    problems = clr_problems(document)
    if problems:
        raise InvalidDocumentError("; ".join(problems[:10]))
    return document
