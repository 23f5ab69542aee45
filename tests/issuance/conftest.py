"""Fixtures for the issuance infrastructure: organisations, keys, and fetchers that resolve the platform's own
public documents (did:web, status lists) through the Django test client instead of the network."""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Callable
from typing import Any

import pytest

from microcred.accounts.models import Organization
from microcred.issuance import services
from microcred.issuance.models import SigningKey


def make_org(slug: str, name: str = "") -> Organization:
    return Organization.objects.create(
        slug=slug, kind=Organization.Kind.COLLEGE, name_en=name or slug.title(), name_fr=name or slug.title()
    )


@pytest.fixture
def org(db: Any) -> Organization:
    return make_org("algonquin", "Algonquin College")


@pytest.fixture
def other_org(db: Any) -> Organization:
    return make_org("fanshawe", "Fanshawe College")


@pytest.fixture
def signing_key(org: Organization) -> SigningKey:
    return services.signing_key_create(organization=org, actor_label="test")


@pytest.fixture
def fetch_json(client: Any) -> Callable[[str], dict[str, Any]]:
    """``fetcher(url)`` for credcore: serves our own public URLs from the test client, refuses others."""

    def fetch(url: str) -> dict[str, Any]:
        parts = urllib.parse.urlsplit(url)
        response = client.get(parts.path)
        if response.status_code != 200:
            raise LookupError(f"{url} answered {response.status_code}")
        document: dict[str, Any] = json.loads(response.content)
        return document

    return fetch


# -- micro-credential versions to issue ------------------------------------------------------------------

GMP = "http://data.europa.eu/esco/skill/bf7a45c4-0d72-4e6e-9da7-127b2b6656b7"
HACCP = "http://data.europa.eu/esco/skill/5ba1d5b9-3f8d-46ca-bf9f-2e9ca65d1350"


def publish_version(organization: Organization, slug: str = "gmp", validity_months: int | None = 24) -> Any:
    """A published micro-credential version issued by ``organization``: two ESCO competencies, rubrics."""
    from decimal import Decimal

    from microcred.catalog import services as catalog
    from microcred.catalog.inputs import AssessmentInput, OutcomeInput, VersionInput
    from microcred.frameworks.models import Competency, Framework

    framework, _ = Framework.objects.get_or_create(
        slug="esco", defaults={"kind": "esco", "name_en": "ESCO", "version": "1.1.1"}
    )
    for uri, label in ((GMP, "apply GMP"), (HACCP, "apply HACCP")):
        Competency.objects.get_or_create(framework=framework, uri=uri, defaults={"label_en": label})

    def outcome(uri: str) -> OutcomeInput:
        return OutcomeInput(
            text_en=f"Demonstrate {uri.rsplit('/', 1)[-1][:8]} in a production setting.",
            text_fr="Démontrer la compétence en production.",
            competencies=((uri, "skill"),),
            assessment=AssessmentInput(
                method="practical",
                evidence_required_en="A batch record.",
                evidence_required_fr="Un dossier de lot.",
                indicator="competence",
                rubric_levels=(
                    {"en": "Developing", "fr": "En développement"},
                    {"en": "Competent", "fr": "Compétent"},
                ),
                required_level=1,
            ),
        )

    data = VersionInput(
        title_en="Good Manufacturing Practices",
        title_fr="Bonnes pratiques de fabrication",
        description_en="GMP for food and biologics production.",
        description_fr="BPF pour la production alimentaire et biologique.",
        purpose="technical",
        delivery_mode="online",
        pace="self_paced",
        interaction="independent",
        credential_form="digital",
        effort_hours=40,
        effort_weeks=6,
        cost_cad=Decimal("450.00"),
        languages=("en", "fr"),
        issuer_ids=(organization.pk,),
        credits=Decimal("1.5"),
        validity_months=validity_months,
        ministry_approved=True,
        quality_assured=True,
        quality_assurance_body="OCQAS",
        outcomes=(outcome(GMP), outcome(HACCP)),
    )
    draft = catalog.microcredential_create(owner=organization, slug=slug, data=data, actor=None)
    catalog.version_submit_for_review(version=draft, actor=None)
    return catalog.version_publish(version=draft, actor=None)


@pytest.fixture
def version(org: Organization, signing_key: SigningKey) -> Any:
    return publish_version(org)
