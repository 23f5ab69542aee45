"""Quality markers and OSAP eligibility are computed from the data, each with its EN/FR reason."""

from __future__ import annotations

from decimal import Decimal

from microcred.catalog import services
from microcred.catalog.markers import compute_markers, compute_osap

from .conftest import outcome, version_input


def _markers(version):
    return {m.code: m for m in compute_markers(version)}


def test_assessed_reason_counts_outcomes(draft):
    assessed = _markers(draft)["assessed"]
    assert assessed.met
    assert assessed.reason["en"] == (
        "assessed: 2 of 2 outcomes have a summative assessment at competence level or above"
    )
    assert assessed.reason["fr"] != assessed.reason["en"]


def test_assessed_not_met_when_one_outcome_is_participation_only(esco, org):
    data = version_input(
        org, outcomes=(outcome(), outcome(indicator="participation"), outcome(summative=False))
    )
    version = services.microcredential_create(owner=org, slug="p", data=data, actor=None)
    assessed = _markers(version)["assessed"]
    assert not assessed.met
    assert "only 1 of 3 outcomes" in assessed.reason["en"]
    assert "assessed" not in version.marker_codes


def test_relevant_comes_from_partners_and_endorsements(esco, org, partner):
    version = services.microcredential_create(owner=org, slug="r", data=version_input(org), actor=None)
    assert not _markers(version)["relevant"].met
    services.version_update_draft(
        version=version, data=version_input(org, partner_ids=(partner.pk,)), actor=None
    )
    relevant = _markers(version)["relevant"]
    assert relevant.met and "BioCanRx" in relevant.reason["en"]


def test_other_markers(esco, org):
    data = version_input(
        org,
        accreditation_body="OBOA",
        pace="fixed",
        delivery_mode="in_person",
        interaction="cohort",
        stacks_into_name_en="PSW certificate",
        stacks_into_name_fr="Certificat de PSSP",
        ministry_approved=False,
        quality_assured=False,
        quality_assurance_body="",
    )
    version = services.microcredential_create(owner=org, slug="o", data=data, actor=None)
    m = _markers(version)
    assert m["accredited"].met and "OBOA" in m["accredited"].reason["en"]
    assert not m["flexible"].met and not m["standardized"].met
    assert m["stackable"].met and "Certificat de PSSP" in m["stackable"].reason["fr"]


def test_osap_eligible_with_reason(draft):
    osap = compute_osap(draft)
    assert osap.eligible
    assert "4 weeks of study" in osap.reason["en"]


def test_osap_not_eligible_lists_every_missing_condition(esco, org):
    data = version_input(org, effort_weeks=13, ministry_approved=False, cost_cad=Decimal(0))
    version = services.microcredential_create(owner=org, slug="long", data=data, actor=None)
    osap = compute_osap(version)
    assert not osap.eligible and not version.derived_osap_eligible
    assert "not ministry-approved" in osap.reason["en"]
    assert "13 weeks of study (more than 12)" in osap.reason["en"]
    assert "13" in osap.reason["fr"] and osap.reason["fr"] != osap.reason["en"]
