"""The nutrition label (DESIGN.md §1) as it travels inside a credential: standard Open Badges 3.0 fields only.

docs/adr/0023-issued-credentials.md records why: every term used here is defined by the OB 3.0
context, so the credential verifies offline in any verifier that preloads only the standard contexts, and it
stays on credcore's fast canonicalization path (an inline ``@context`` object would not).

Machine-readable facts are Achievement ``tag`` values ``<facet>:<value>`` in a fixed order, opened by the
scheme tag ``microcred-label:1`` (its presence says an absent ``quality:<marker>`` tag means the marker is
not met). ``creditsAvailable``, ``inLanguage``, ``humanCode`` and ``version`` carry what OB defines itself;
the human-readable label is the credential's ``description``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from microcred.catalog import choices as c
from microcred.catalog.markers import compute_markers, compute_osap
from microcred.catalog.models import MicroCredentialVersion

__all__ = ["LABEL_SCHEME_TAG", "NutritionLabel", "nutrition_label", "parse_label_tags"]

LABEL_SCHEME_TAG: Final = "microcred-label:1"


@dataclass(frozen=True)
class NutritionLabel:
    purpose: str
    delivery_mode: str
    pace: str
    interaction: str
    credential_form: str
    indicator: str | None
    hours: int
    weeks: int
    cost_cad: Decimal
    languages: tuple[str, ...]
    markers_met: tuple[str, ...]
    osap_eligible: bool
    credits: Decimal | None

    def tags(self) -> list[str]:
        """The label as Achievement ``tag`` values, scheme tag first, facets in a fixed order."""
        tags = [
            LABEL_SCHEME_TAG,
            f"purpose:{self.purpose}",
            f"delivery:{self.delivery_mode}",
            f"pace:{self.pace}",
            f"interaction:{self.interaction}",
            f"form:{self.credential_form}",
        ]
        if self.indicator:
            tags.append(f"indicator:{self.indicator}")
        tags += [f"hours:{self.hours}", f"weeks:{self.weeks}", f"cost-cad:{self.cost_cad:.2f}"]
        tags += [f"language:{code}" for code in self.languages]
        tags += [f"quality:{code}" for code in self.markers_met]
        tags.append("osap:eligible" if self.osap_eligible else "osap:not-eligible")
        return tags

    def summary(self, language: str = "en") -> str:
        """One human-readable line, e.g. for the credential's ``description``."""
        french = language.startswith("fr")
        markers = ", ".join(self.markers_met) or ("aucun" if french else "none")
        if french:
            osap = "admissible au RAFEO" if self.osap_eligible else "non admissible au RAFEO"
            return (
                f"Étiquette : {self.hours} h sur {self.weeks} semaines · {self.cost_cad:.2f} $ CA · "
                f"{self.delivery_mode}, {self.pace}, {self.interaction} · objectif {self.purpose} · "
                f"marqueurs de qualité : {markers} · {osap}"
            )
        osap = "OSAP eligible" if self.osap_eligible else "not OSAP eligible"
        return (
            f"Label: {self.hours} hours over {self.weeks} weeks · CAD {self.cost_cad:.2f} · "
            f"{self.delivery_mode}, {self.pace}, {self.interaction} · purpose {self.purpose} · "
            f"quality markers: {markers} · {osap}"
        )


def _weakest_indicator(version: MicroCredentialVersion) -> str | None:
    """The indicator of achievement the whole credential guarantees: the weakest of its summative designs."""
    indicators = [
        c.Indicator(outcome.assessment.indicator)
        for outcome in version.outcomes.select_related("assessment")
        if hasattr(outcome, "assessment") and outcome.assessment.summative
    ]
    if not indicators:
        return None
    return str(min(indicators, key=lambda indicator: c.INDICATOR_RANK[indicator]).value)


def nutrition_label(version: MicroCredentialVersion) -> NutritionLabel:
    """Computed from the version's data (markers and OSAP by ``catalog.markers``, never typed in)."""
    return NutritionLabel(
        purpose=version.purpose,
        delivery_mode=version.delivery_mode,
        pace=version.pace,
        interaction=version.interaction,
        credential_form=version.credential_form,
        indicator=_weakest_indicator(version),
        hours=version.effort_hours,
        weeks=version.effort_weeks,
        cost_cad=Decimal(version.cost_cad),
        languages=tuple(version.language_codes),
        markers_met=tuple(marker.code for marker in compute_markers(version) if marker.met),
        osap_eligible=compute_osap(version).eligible,
        credits=Decimal(version.credits) if version.credits is not None else None,
    )


def parse_label_tags(tags: list[str]) -> dict[str, list[str]] | None:
    """A verifier's reading of the label tags: facet -> values, or None without the scheme tag."""
    if LABEL_SCHEME_TAG not in tags:
        return None
    facets: dict[str, list[str]] = {}
    for tag in tags:
        if tag == LABEL_SCHEME_TAG or ":" not in tag:
            continue
        facet, _, value = tag.partition(":")
        facets.setdefault(facet, []).append(value)
    return facets
