"""Load the demo catalog (``seed/demo_catalog.json``) through the catalog services. Idempotent and
deterministic.

Organisations are upserted by slug. A micro-credential whose slug already exists is left alone (a published
version
is immutable; the seed never edits it). ESCO alignments are the URIs stored in the data file: seeding never
runs the
matcher, so the same file always gives the same catalog.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction

from microcred.accounts.models import Organization
from microcred.catalog import services
from microcred.catalog.inputs import AssessmentInput, OutcomeInput, VersionInput
from microcred.catalog.models import MicroCredential

DEMO_CATALOG = Path(__file__).resolve().parent / "seed" / "demo_catalog.json"


@dataclass
class SeedReport:
    organizations: int = 0
    created: int = 0
    skipped: int = 0
    missing_occupations: int = 0


def load_document(path: Path = DEMO_CATALOG) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        document: dict[str, Any] = json.load(handle)
    return document


def competency_uris(document: dict[str, Any]) -> set[str]:
    return {
        comp["uri"]
        for mc in document["micro_credentials"]
        for outcome in mc["outcomes"]
        for comp in outcome["competencies"]
    }


def missing_competencies(document: dict[str, Any]) -> set[str]:
    from microcred.frameworks.models import Competency

    wanted = competency_uris(document)
    return wanted - set(Competency.objects.filter(uri__in=wanted).values_list("uri", flat=True))


def seed_catalog(document: dict[str, Any]) -> SeedReport:
    report = SeedReport()
    with transaction.atomic():
        orgs = _upsert_organizations(document["organizations"])
        report.organizations = len(orgs)
    for mc in document["micro_credentials"]:
        if MicroCredential.objects.filter(slug=mc["slug"]).exists():
            report.skipped += 1
            continue
        with transaction.atomic():
            occupations, missing = _occupations(mc.get("target_occupations", {}))
            report.missing_occupations += missing
            version = services.microcredential_create(
                owner=orgs[mc["owner"]],
                slug=mc["slug"],
                data=_version_input(mc, orgs, occupations),
                actor=None,
            )
            for endorsement in mc.get("endorsements", []):
                services.endorsement_record(
                    version=version,
                    organization=orgs[endorsement["organization"]],
                    statement_en=endorsement["statement_en"],
                    statement_fr=endorsement["statement_fr"],
                    endorsed_on=date.fromisoformat(endorsement["endorsed_on"]),
                    actor=None,
                )
            services.version_submit_for_review(version=version, actor=None)
            services.version_publish(version=version, actor=None)
        report.created += 1
    return report


def _upsert_organizations(rows: list[dict[str, Any]]) -> dict[str, Organization]:
    orgs = {}
    for row in rows:
        org, _created = Organization.objects.update_or_create(
            slug=row["slug"],
            defaults={
                "kind": row["kind"],
                "name_en": row["name_en"],
                "name_fr": row["name_fr"],
                "website": row.get("website", ""),
                "region": row.get("region", ""),
            },
        )
        orgs[org.slug] = org
    return orgs


def _occupations(targets: dict[str, list[str]]) -> tuple[tuple[int, ...], int]:
    from microcred.frameworks.models import Occupation

    esco = list(Occupation.objects.filter(uri__in=targets.get("esco", [])).values_list("pk", flat=True))
    noc = list(
        Occupation.objects.filter(framework__kind="noc", code__in=targets.get("noc", [])).values_list(
            "pk", flat=True
        )
    )
    wanted = len(targets.get("esco", [])) + len(targets.get("noc", []))
    return tuple(esco + noc), wanted - len(esco) - len(noc)


def _version_input(
    mc: dict[str, Any], orgs: dict[str, Organization], occupations: tuple[int, ...]
) -> VersionInput:
    return VersionInput(
        title_en=mc["title_en"],
        title_fr=mc["title_fr"],
        description_en=mc["description_en"],
        description_fr=mc["description_fr"],
        purpose=mc["purpose"],
        delivery_mode=mc["delivery_mode"],
        pace=mc["pace"],
        interaction=mc["interaction"],
        credential_form=mc["credential_form"],
        effort_hours=mc["effort_hours"],
        effort_weeks=mc["effort_weeks"],
        cost_cad=Decimal(mc["cost_cad"]),
        languages=tuple(mc["languages"]),
        issuer_ids=tuple(orgs[slug].pk for slug in mc["issuers"]),
        partner_ids=tuple(orgs[slug].pk for slug in mc["partners"]),
        occupation_ids=occupations,
        subject_webpage=mc.get("subject_webpage", ""),
        credits=Decimal(mc["credits"]) if mc.get("credits") else None,
        transcript_equivalence_en=mc.get("transcript_equivalence_en", ""),
        transcript_equivalence_fr=mc.get("transcript_equivalence_fr", ""),
        validity_months=mc.get("validity_months"),
        ministry_approved=mc["ministry_approved"],
        quality_assured=mc["quality_assured"],
        quality_assurance_body=mc.get("quality_assurance_body", ""),
        accreditation_body=mc.get("accreditation_body", ""),
        stacks_into_name_en=mc.get("stacks_into_name_en", ""),
        stacks_into_name_fr=mc.get("stacks_into_name_fr", ""),
        outcomes=tuple(_outcome_input(o) for o in mc["outcomes"]),
    )


def _outcome_input(outcome: dict[str, Any]) -> OutcomeInput:
    a = outcome["assessment"]
    return OutcomeInput(
        text_en=outcome["text_en"],
        text_fr=outcome["text_fr"],
        competencies=tuple((c["uri"], c["kind"]) for c in outcome["competencies"]),
        assessment=AssessmentInput(
            method=a["method"],
            evidence_required_en=a["evidence_required_en"],
            evidence_required_fr=a["evidence_required_fr"],
            indicator=a["indicator"],
            rubric_levels=tuple(a["rubric_levels"]),
            required_level=a["required_level"],
            summative=a["summative"],
        ),
    )
