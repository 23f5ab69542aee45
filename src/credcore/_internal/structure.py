"""Structural checks of a credential before anything else (OB 3.0 §Verification step 1).

https://www.imsglobal.org/spec/ob/v3p0/#verification and VC DM 2.0 §4 (https://www.w3.org/TR/vc-data-model-2.0/#basic-concepts):
the base context first, an OB 3.0 context, only contexts bundled with the platform (an unknown remote
context fails closed), the required types, an identified issuer, and a subject identified by ``id``
and/or ``identifier``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final

from credcore._internal.values import is_absolute_uri
from credcore.contexts import CONTEXT_URLS
from credcore.problems import MALFORMED_VALUE_ERROR, PARSING_ERROR, Problem

__all__ = ["CREDENTIAL_TYPES", "structure_problems"]

VC2_CONTEXT: Final = "https://www.w3.org/ns/credentials/v2"
VC1_CONTEXT: Final = "https://www.w3.org/2018/credentials/v1"
_OB_CONTEXT: Final = re.compile(r"^https://purl\.imsglobal\.org/spec/ob/v3p0/context(-3\.\d\.\d)?\.json$")
CREDENTIAL_TYPES: Final = frozenset({"OpenBadgeCredential", "AchievementCredential", "EndorsementCredential"})


def _problem(code: str, title: str, detail: str, detail_fr: str, type_: str = PARSING_ERROR) -> Problem:
    return Problem(type=type_, code=code, title=title, detail=detail, detail_fr=detail_fr)


def _context_problems(document: Mapping[str, Any]) -> list[Problem]:
    context = document.get("@context")
    if not isinstance(context, list) or not context:
        return [
            _problem(
                "missing_context",
                "Missing @context",
                "@context must be a non-empty array",
                "@context doit être un tableau non vide",
            )
        ]
    problems: list[Problem] = []
    if context[0] not in (VC2_CONTEXT, VC1_CONTEXT):
        problems.append(
            _problem(
                "missing_base_context",
                "Wrong first context",
                f"the first context must be {VC2_CONTEXT}, got {context[0]!r}",
                f"le premier contexte doit être {VC2_CONTEXT}, reçu {context[0]!r}",
            )
        )
    if not any(isinstance(item, str) and _OB_CONTEXT.match(item) for item in context):
        problems.append(
            _problem(
                "missing_ob_context",
                "No Open Badges context",
                "no Open Badges 3.0 context (https://purl.imsglobal.org/spec/ob/v3p0/context-3.x.x.json)",
                "aucun contexte Open Badges 3.0",
            )
        )
    for item in context:
        if isinstance(item, str) and item not in CONTEXT_URLS:
            problems.append(
                _problem(
                    "unknown_context",
                    "Unknown context",
                    f"{item} is not bundled with the platform and is never fetched",
                    f"{item} n'est pas fourni avec la plateforme et n'est jamais téléchargé",
                )
            )
        elif not isinstance(item, str | Mapping):
            problems.append(
                _problem(
                    "invalid_context",
                    "Invalid context",
                    "a context must be a URL or an object",
                    "un contexte doit être une URL ou un objet",
                )
            )
    return problems


def _type_problems(document: Mapping[str, Any]) -> list[Problem]:
    types = document.get("type")
    types = types if isinstance(types, list) else [types]
    if "VerifiableCredential" in types and CREDENTIAL_TYPES.intersection(
        t for t in types if isinstance(t, str)
    ):
        return []
    return [
        _problem(
            "wrong_type",
            "Not an Open Badges credential",
            "type must include VerifiableCredential and OpenBadgeCredential, AchievementCredential "
            f"or EndorsementCredential, got {document.get('type')!r}",
            "type doit inclure VerifiableCredential et OpenBadgeCredential, AchievementCredential "
            "ou EndorsementCredential",
            MALFORMED_VALUE_ERROR,
        )
    ]


def _party_problems(document: Mapping[str, Any]) -> list[Problem]:
    problems: list[Problem] = []
    issuer = document.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, Mapping) else issuer
    if not is_absolute_uri(issuer_id):
        problems.append(
            _problem(
                "missing_issuer",
                "Issuer not identified",
                "issuer (or issuer.id) must be an absolute URI",
                "issuer (ou issuer.id) doit être une URI absolue",
                MALFORMED_VALUE_ERROR,
            )
        )
    if "id" in document and not is_absolute_uri(document["id"]):
        problems.append(
            _problem(
                "invalid_id",
                "Invalid credential id",
                "the credential id must be an absolute URI",
                "l'identifiant du titre doit être une URI absolue",
                MALFORMED_VALUE_ERROR,
            )
        )
    subject = document.get("credentialSubject")
    raw_subjects = subject if isinstance(subject, list) else [subject]
    subjects = [item for item in raw_subjects if isinstance(item, Mapping)]
    if not subjects or len(subjects) != len(raw_subjects):
        problems.append(
            _problem(
                "missing_subject",
                "No credential subject",
                "credentialSubject must be an object",
                "credentialSubject doit être un objet",
                MALFORMED_VALUE_ERROR,
            )
        )
        return problems
    types = document.get("type")
    if isinstance(types, list) and "EndorsementCredential" not in types:
        for item in subjects:
            if "id" not in item and not item.get("identifier"):
                problems.append(
                    _problem(
                        "missing_subject_identifier",
                        "Recipient not identified",
                        "the credentialSubject has neither an id nor an identifier",
                        "le credentialSubject n'a ni id ni identifier",
                        MALFORMED_VALUE_ERROR,
                    )
                )
    return problems


def structure_problems(document: Mapping[str, Any]) -> tuple[Problem, ...]:
    """Everything structurally wrong with ``document`` (empty: the structure is sound)."""
    return tuple(_context_problems(document) + _type_problems(document) + _party_problems(document))
