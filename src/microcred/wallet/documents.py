"""Reading what a stored credential says: its name, issuer and competencies (with level and evidence), for
Open Badges 3.0 credentials (VC-JWT claims included) and Open Badges 2.0 assertions.

Documents are untrusted input already parsed by ``credcore.formats``; every accessor here tolerates missing
or oddly typed members and never raises (a credential that says nothing useful yields empty values).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["CompetencyClaim", "Summary", "competency_claims", "evidence_items", "summary"]

ESCO_PREFIX = "http://data.europa.eu/esco/"


@dataclass(frozen=True)
class Summary:
    name: str
    issuer_name: str
    issuer_id: str
    credential_id: str
    issued_on: str


@dataclass(frozen=True)
class CompetencyClaim:
    uri: str
    label: str
    framework: str
    level: str = ""
    status: str = ""
    evidence: tuple[dict[str, str], ...] = field(default=())

    @property
    def is_esco(self) -> bool:
        return self.uri.startswith(ESCO_PREFIX)


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):  # a language map or a value object
        for key in ("en", "@value", "fr"):
            if isinstance(value.get(key), str):
                return str(value[key])
    return ""


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _subject(document: Mapping[str, Any]) -> Mapping[str, Any]:
    subjects = _as_list(document.get("credentialSubject"))
    return _mapping(subjects[0]) if subjects else {}


def _is_ob2(document: Mapping[str, Any]) -> bool:
    return "badge" in document and "credentialSubject" not in document


def _issuer(document: Mapping[str, Any]) -> tuple[str, str]:
    issuer = document.get("issuer")
    if _is_ob2(document):
        issuer = _mapping(document.get("badge")).get("issuer")
    if isinstance(issuer, str):
        return "", issuer
    issuer = _mapping(issuer)
    return _text(issuer.get("name")), _text(issuer.get("id"))


def summary(document: Mapping[str, Any]) -> Summary:
    issuer_name, issuer_id = _issuer(document)
    if _is_ob2(document):
        badge = _mapping(document.get("badge"))
        name = _text(badge.get("name"))
        issued = _text(document.get("issuedOn"))
    else:
        achievement = _mapping(_subject(document).get("achievement"))
        name = _text(document.get("name")) or _text(achievement.get("name"))
        issued = _text(document.get("validFrom")) or _text(document.get("issuanceDate"))
    return Summary(
        name=(name or _text(document.get("id")) or "?")[:300],
        issuer_name=(issuer_name or issuer_id)[:300],
        issuer_id=issuer_id[:500],
        credential_id=_text(document.get("id"))[:500],
        issued_on=issued[:40],
    )


def evidence_items(document: Mapping[str, Any]) -> list[dict[str, str]]:
    items = []
    for item in _as_list(document.get("evidence")):
        if isinstance(item, str):
            items.append({"id": item, "name": item, "narrative": ""})
        elif isinstance(item, Mapping):
            ident = _text(item.get("id"))
            items.append(
                {
                    "id": ident,
                    "name": _text(item.get("name")) or ident,
                    "narrative": _text(item.get("narrative")),
                }
            )
    return items


def _alignment_claims(alignments: Any) -> list[tuple[str, str, str]]:
    out = []
    for alignment in _as_list(alignments):
        alignment = _mapping(alignment)
        uri = _text(alignment.get("targetUrl"))
        if uri:
            out.append((uri, _text(alignment.get("targetName")), _text(alignment.get("targetFramework"))))
    return out


def _ob3_claims(document: Mapping[str, Any]) -> list[CompetencyClaim]:
    subject = _subject(document)
    achievement = _mapping(subject.get("achievement"))
    evidence = tuple(evidence_items(document))
    results = {
        _text(_mapping(r).get("resultDescription")): _mapping(r) for r in _as_list(subject.get("result"))
    }
    claims: dict[str, CompetencyClaim] = {}
    for description in _as_list(achievement.get("resultDescription")):
        description = _mapping(description)
        result = results.get(_text(description.get("id")), {})
        levels = {
            _text(_mapping(lv).get("id")): _text(_mapping(lv).get("name"))
            for lv in _as_list(description.get("rubricCriterionLevel"))
        }
        level = levels.get(_text(result.get("achievedLevel")), "")
        for uri, label, framework in _alignment_claims(description.get("alignment")):
            claims.setdefault(
                uri,
                CompetencyClaim(
                    uri,
                    label or _text(description.get("name")),
                    framework,
                    level=level,
                    status=_text(result.get("status")),
                    evidence=evidence,
                ),
            )
    for uri, label, framework in _alignment_claims(achievement.get("alignment")):
        claims.setdefault(uri, CompetencyClaim(uri, label, framework, evidence=evidence))
    return list(claims.values())


def competency_claims(document: Mapping[str, Any]) -> list[CompetencyClaim]:
    """Every competency the credential attests, once per URI (result descriptions first: they have levels)."""
    if _is_ob2(document):
        badge = _mapping(document.get("badge"))
        evidence = tuple(evidence_items(document))
        return [
            CompetencyClaim(uri, label, framework, evidence=evidence)
            for uri, label, framework in _alignment_claims(badge.get("alignment"))
        ]
    return _ob3_claims(document)
