"""What a person needs to see about one verified credential: a :class:`VerificationReport`.

Built from the credential document and its :class:`~credcore.results.VerificationResult` (with the
issuer-trust check); read-only. The texts of checks are in English and French (``wording``); the
credential's own texts are shown as the issuer wrote them. ``templates/verification/_report.html`` renders it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from credcore.results import Check, VerificationResult
from microcred.verification import wording
from microcred.verification.trust import IssuerTrust

__all__ = ["CheckLine", "CompetencyLine", "VerificationReport", "build_report", "check_lines"]

LABEL_SCHEME_TAG = "microcred-label:1"  # issuance.label.LABEL_SCHEME_TAG (the label travels as tags)
_LABEL_FACETS: dict[str, tuple[str, str]] = {
    "hours": ("Effort (hours)", "Effort (heures)"),
    "weeks": ("Duration (weeks)", "Durée (semaines)"),
    "cost-cad": ("Cost (CAD)", "Coût ($ CA)"),
    "purpose": ("Purpose", "Objectif"),
    "delivery": ("Delivery", "Mode de prestation"),
    "pace": ("Pace", "Rythme"),
    "interaction": ("Interaction", "Interaction"),
    "form": ("Credential form", "Forme du titre"),
    "indicator": ("Indicator of achievement", "Indicateur de réussite"),
    "language": ("Languages", "Langues"),
    "quality": ("Quality markers met", "Marqueurs de qualité atteints"),
    "osap": ("OSAP", "RAFEO"),
}


@dataclass(frozen=True)
class CheckLine:
    name: str
    status: str
    title: str
    sentence: str
    problems: tuple[str, ...] = ()
    detail: str | None = None


@dataclass(frozen=True)
class CompetencyLine:
    name: str
    framework: str
    target_url: str | None
    achieved: str | None
    required: str | None
    status: str | None


@dataclass(frozen=True)
class VerificationReport:
    """Everything a verify page shows for one credential, in one language (``language``)."""

    result: VerificationResult
    document: Mapping[str, Any] | None
    language: str
    trust: IssuerTrust
    checks: tuple[CheckLine, ...]
    outcome: str  # "verified" | "warning" | "failed"
    outcome_text: str
    credential_name: str = ""
    issuer_name: str = ""
    issuer_url: str | None = None
    subject_name: str = ""
    valid_from: str | None = None
    valid_until: str | None = None
    achievement: Mapping[str, Any] = field(default_factory=dict)
    label: tuple[tuple[str, str], ...] = ()
    competencies: tuple[CompetencyLine, ...] = ()
    evidence: tuple[Mapping[str, Any], ...] = ()
    endorsements: tuple[Mapping[str, Any], ...] = ()
    format: str = "ob3-json"

    @property
    def verified(self) -> bool:
        return self.result.verified

    @property
    def anchor(self) -> str:
        """A DOM id unique within one page (several reports can show the same credential)."""
        return f"report-{id(self):x}"

    def to_json(self) -> dict[str, Any]:
        out = self.result.to_json()
        out["issuerTrust"] = {"issuer": self.trust.issuer_id, "basis": self.trust.basis}
        out["format"] = self.format
        return out


def _text(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):  # a JSON-LD language map or value object
        for key in ("@value", "en", "fr"):
            if isinstance(value.get(key), str):
                return str(value[key])
    return ""


def _safe_url(value: object) -> str | None:
    """Only http(s) links are rendered: a credential is untrusted input (no ``javascript:`` hrefs)."""
    return value if isinstance(value, str) and value.startswith(("https://", "http://")) else None


def _as_list(value: object) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def check_lines(checks: Sequence[Check], language: str) -> tuple[CheckLine, ...]:
    """Each check as a title, a plain sentence and its problems, in ``language``."""
    french = language.startswith("fr")
    lines = []
    for check in checks:
        problems = tuple(p.detail_fr if french else p.detail for p in check.problems)
        lines.append(
            CheckLine(
                check.name,
                check.status,
                wording.check_title(check.name, language),
                wording.check_sentence(check.name, check.status, language),
                problems,
                check.detail,
            )
        )
    return tuple(lines)


def _label(achievement: Mapping[str, Any], language: str) -> tuple[tuple[str, str], ...]:
    tags = [tag for tag in _as_list(achievement.get("tag")) if isinstance(tag, str)]
    if LABEL_SCHEME_TAG not in tags:
        return ()
    facets: dict[str, list[str]] = {}
    for tag in tags:
        if tag != LABEL_SCHEME_TAG and ":" in tag:
            facet, _, value = tag.partition(":")
            facets.setdefault(facet, []).append(value)
    rows = [
        (wording.pick(words, language), ", ".join(facets[facet]))
        for facet, words in _LABEL_FACETS.items()
        if facet in facets
    ]
    if achievement.get("creditsAvailable") is not None:
        rows.append((wording.pick(("Credits", "Crédits"), language), str(achievement["creditsAvailable"])))
    return tuple(rows)


def _competencies(subject: Mapping[str, Any], achievement: Mapping[str, Any]) -> tuple[CompetencyLine, ...]:
    descriptions = {
        item.get("id"): item
        for item in _as_list(achievement.get("resultDescription"))
        if isinstance(item, Mapping)
    }
    lines = []
    for result in _as_list(subject.get("result")):
        if not isinstance(result, Mapping):
            continue
        description = descriptions.get(result.get("resultDescription"), {})
        levels = {
            level.get("id"): _text(level.get("name"))
            for level in _as_list(description.get("rubricCriterionLevel"))
            if isinstance(level, Mapping)
        }
        alignment = next((a for a in _as_list(description.get("alignment")) if isinstance(a, Mapping)), {})
        achieved = levels.get(result.get("achievedLevel")) or _text(result.get("value")) or None
        lines.append(
            CompetencyLine(
                name=_text(description.get("name")) or _text(alignment.get("targetName")) or "—",
                framework=_text(alignment.get("targetFramework")),
                target_url=_safe_url(alignment.get("targetUrl")),
                achieved=achieved,
                required=levels.get(description.get("requiredLevel")),
                status=_text(result.get("status")) or None,
            )
        )
    return tuple(lines)


def _endorsements(result: VerificationResult, document: Mapping[str, Any]) -> tuple[Mapping[str, Any], ...]:
    found: list[Any] = []
    subject = document.get("credentialSubject")
    achievement = subject.get("achievement") if isinstance(subject, Mapping) else None
    for holder in (document, document.get("issuer"), achievement):
        if isinstance(holder, Mapping):
            found.extend(_as_list(holder.get("endorsement")))
    check = next((c for c in result.checks if c.name == "endorsements"), None)
    verdicts = [r.verified for r in check.results] if check is not None else []
    out = []
    for index, endorsement in enumerate(found):
        if not isinstance(endorsement, Mapping):
            continue
        issuer = endorsement.get("issuer")
        endorsed_subject = endorsement.get("credentialSubject")
        out.append(
            {
                "endorser": _text(issuer.get("name")) if isinstance(issuer, Mapping) else str(issuer or ""),
                "comment": _text(endorsed_subject.get("endorsementComment"))
                if isinstance(endorsed_subject, Mapping)
                else "",
                "verified": verdicts[index] if index < len(verdicts) else False,
            }
        )
    return tuple(out)


def build_report(
    document: object,
    result: VerificationResult,
    trust: IssuerTrust,
    *,
    language: str,
    format: str = "ob3-json",
) -> VerificationReport:
    lines = check_lines(result.checks, language)
    if not result.verified:
        outcome = "failed"
    elif any(check.status == "warning" for check in result.checks):
        outcome = "warning"
    else:
        outcome = "verified"
    common = {
        "result": result,
        "language": language,
        "trust": trust,
        "checks": lines,
        "outcome": outcome,
        "outcome_text": wording.pick(wording.OUTCOME_WORDS[outcome], language),
        "format": format,
    }
    if not isinstance(document, Mapping):
        return VerificationReport(document=None, **common)  # type: ignore[arg-type]
    issuer = document.get("issuer")
    issuer_map = issuer if isinstance(issuer, Mapping) else {}
    subject = document.get("credentialSubject")
    subject = subject if isinstance(subject, Mapping) else {}
    achievement = subject.get("achievement")
    achievement = achievement if isinstance(achievement, Mapping) else {}
    criteria = achievement.get("criteria")
    return VerificationReport(
        document=document,
        credential_name=_text(document.get("name")) or _text(achievement.get("name")),
        issuer_name=trust.name(language) or _text(issuer_map.get("name")) or str(trust.issuer_id or ""),
        issuer_url=_safe_url(issuer_map.get("url")),
        subject_name=_text(subject.get("name")),
        valid_from=_text(document.get("validFrom")) or None,
        valid_until=_text(document.get("validUntil")) or None,
        achievement={
            "name": _text(achievement.get("name")),
            "description": _text(achievement.get("description")),
            "criteria": _text(criteria.get("narrative")) if isinstance(criteria, Mapping) else "",
            "type": _text(achievement.get("achievementType")),
            "code": _text(achievement.get("humanCode")),
        },
        label=_label(achievement, language),
        competencies=_competencies(subject, achievement),
        evidence=tuple(
            {
                "name": _text(e.get("name")),
                "narrative": _text(e.get("narrative")),
                "url": _safe_url(e.get("id")),
            }
            for e in _as_list(document.get("evidence"))
            if isinstance(e, Mapping)
        ),
        endorsements=_endorsements(result, document),
        **common,  # type: ignore[arg-type]
    )
