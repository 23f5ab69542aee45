"""HEQCO quality markers and OSAP eligibility, computed from a version's data (DESIGN.md §1).

Every result carries its reason in English and French, written from the same facts that decided it, so the
nutrition
label can show *why* ("assessed: 6 of 6 outcomes have a summative assessment at competence level or above").
Nothing here is typed in by a designer; nothing here writes to the database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext, ngettext

from microcred.catalog import choices as c
from microcred.catalog.models import MicroCredentialVersion

OSAP_MAX_WEEKS = 12
LANGUAGES = ("en", "fr")


@dataclass(frozen=True)
class MarkerResult:
    code: str
    met: bool
    reason: dict[str, str]  # language code -> sentence

    def reason_in(self, language: str) -> str:
        return self.reason["fr" if language.startswith("fr") else "en"]


@dataclass(frozen=True)
class OsapResult:
    eligible: bool
    reason: dict[str, str]

    def reason_in(self, language: str) -> str:
        return self.reason["fr" if language.startswith("fr") else "en"]


def _bilingual(render: Callable[[str], str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for language in LANGUAGES:
        with translation.override(language):
            out[language] = render(language)
    return out


def _names(orgs: list, language: str) -> str:  # type: ignore[type-arg]
    return ", ".join(org.name(language) for org in orgs)


def _relevant(version: MicroCredentialVersion) -> MarkerResult:
    consulted = {org.pk: org for org in version.partners.all()}
    for endorsement in version.endorsements.all():
        consulted.setdefault(endorsement.organization_id, endorsement.organization)
    orgs = sorted(consulted.values(), key=lambda org: org.name_en)
    if orgs:
        return MarkerResult(
            "relevant",
            True,
            _bilingual(
                lambda lang: (
                    ngettext(
                        "relevant: %(count)d industry or community partner consulted (%(names)s)",
                        "relevant: %(count)d industry or community partners consulted (%(names)s)",
                        len(orgs),
                    )
                    % {"count": len(orgs), "names": _names(orgs, lang)}
                )
            ),
        )
    return MarkerResult(
        "relevant", False, _bilingual(lambda lang: gettext("no industry or community partner is recorded"))
    )


def _accredited(version: MicroCredentialVersion) -> MarkerResult:
    body = version.accreditation_body.strip()
    if body:
        return MarkerResult(
            "accredited",
            True,
            _bilingual(lambda lang: gettext("accredited: recognised by %(body)s") % {"body": body}),
        )
    return MarkerResult(
        "accredited",
        False,
        _bilingual(lambda lang: gettext("no professional or accrediting body recognises it")),
    )


def _standardized(version: MicroCredentialVersion) -> MarkerResult:
    if version.quality_assured or version.ministry_approved:

        def render(lang: str) -> str:
            parts = []
            if version.ministry_approved:
                parts.append(gettext("approved by the Ontario Ministry of Colleges and Universities"))
            if version.quality_assured:
                body = version.quality_assurance_body.strip()
                parts.append(
                    gettext("quality-assured by %(body)s") % {"body": body}
                    if body
                    else gettext("quality-assured")
                )
            return gettext("standardized: %(facts)s") % {"facts": "; ".join(parts)}

        return MarkerResult("standardized", True, _bilingual(render))
    return MarkerResult(
        "standardized",
        False,
        _bilingual(
            lambda lang: gettext(
                "neither ministry-approved nor quality-assured against a government standard"
            )
        ),
    )


def _assessed(version: MicroCredentialVersion) -> MarkerResult:
    outcomes = list(version.outcomes.all())
    total = len(outcomes)
    strong = sum(1 for outcome in outcomes if _has_competence_assessment(outcome))
    met = total > 0 and strong == total
    if total == 0:
        return MarkerResult(
            "assessed", False, _bilingual(lambda lang: gettext("no learning outcome is recorded"))
        )

    def render(lang: str) -> str:
        values = {"strong": strong, "total": total}
        if met:
            return (
                gettext(
                    "assessed: %(strong)d of %(total)d outcomes have a summative "
                    "assessment at competence level or above"
                )
                % values
            )
        return (
            gettext(
                "only %(strong)d of %(total)d outcomes have a summative assessment at "
                "competence level or above"
            )
            % values
        )

    return MarkerResult("assessed", met, _bilingual(render))


def _has_competence_assessment(outcome: object) -> bool:
    try:
        design = outcome.assessment  # type: ignore[attr-defined]
    except Exception:  # RelatedObjectDoesNotExist: no design recorded for this outcome
        return False
    return bool(design.summative) and c.INDICATOR_RANK[c.Indicator(design.indicator)] >= 1


def _flexible(version: MicroCredentialVersion) -> MarkerResult:
    self_paced = version.pace == c.Pace.SELF_PACED
    remote = version.delivery_mode in (c.DeliveryMode.ONLINE, c.DeliveryMode.HYBRID)
    independent = version.interaction in (c.Interaction.INDEPENDENT, c.Interaction.BOTH)
    met = self_paced or (remote and independent)

    def render(lang: str) -> str:
        facts = ", ".join(
            str(x)
            for x in (
                c.Pace(version.pace).label,
                c.DeliveryMode(version.delivery_mode).label,
                c.Interaction(version.interaction).label,
            )
        ).lower()
        if met:
            return gettext("flexible: pace or structure can be personalised (%(facts)s)") % {"facts": facts}
        return gettext("fixed pace and structure (%(facts)s)") % {"facts": facts}

    return MarkerResult("flexible", met, _bilingual(render))


def _stackable(version: MicroCredentialVersion) -> MarkerResult:
    target_version = version.stacks_into.current_version if version.stacks_into_id else None  # type: ignore[union-attr]

    def target_name(lang: str) -> str:
        if target_version is not None:
            return target_version.title(lang)
        return version.stacks_into_name(lang)

    if version.stacks_into_id or version.stacks_into_name_en:
        return MarkerResult(
            "stackable",
            True,
            _bilingual(
                lambda lang: gettext("stackable: counts toward %(target)s") % {"target": target_name(lang)}
            ),
        )
    if version.credits:
        return MarkerResult(
            "stackable",
            True,
            _bilingual(
                lambda lang: (
                    gettext("stackable: carries %(credits)s transcript credits")
                    % {"credits": version.credits}
                )
            ),
        )
    return MarkerResult(
        "stackable",
        False,
        _bilingual(lambda lang: gettext("no larger credential or credit value is recorded")),
    )


_COMPUTERS = (_relevant, _accredited, _standardized, _assessed, _flexible, _stackable)


def compute_markers(version: MicroCredentialVersion) -> list[MarkerResult]:
    """The six HEQCO markers in their canonical order, each met or not, with its reason."""
    return [compute(version) for compute in _COMPUTERS]


def compute_osap(version: MicroCredentialVersion) -> OsapResult:
    """OSAP: ministry-approved AND quality-assured AND at most 12 weeks of study."""
    weeks = version.effort_weeks
    eligible = version.ministry_approved and version.quality_assured and weeks <= OSAP_MAX_WEEKS

    def render(lang: str) -> str:
        if eligible:
            return gettext(
                "eligible for OSAP: ministry-approved, quality-assured and %(weeks)d weeks of "
                "study (12 at most)"
            ) % {"weeks": weeks}
        missing = []
        if not version.ministry_approved:
            missing.append(gettext("not ministry-approved"))
        if not version.quality_assured:
            missing.append(gettext("not quality-assured"))
        if weeks > OSAP_MAX_WEEKS:
            missing.append(gettext("%(weeks)d weeks of study (more than 12)") % {"weeks": weeks})
        return gettext("not eligible for OSAP: %(reasons)s") % {"reasons": "; ".join(missing)}

    return OsapResult(eligible, _bilingual(render))
