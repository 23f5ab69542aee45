"""Fixtures for the catalog tests: a tiny ESCO framework, organisations, personas and a seeded catalog."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from microcred.accounts.models import Membership, Organization, User
from microcred.catalog import seeding, services
from microcred.catalog.inputs import AssessmentInput, OutcomeInput, VersionInput
from microcred.frameworks.models import Competency, Framework, Occupation

GMP = "http://data.europa.eu/esco/skill/4d4a239a-0000-4000-8000-000000000001"
BATCH = "http://data.europa.eu/esco/skill/d774946e-0000-4000-8000-000000000002"


@pytest.fixture
def esco(db: None) -> Framework:
    framework = Framework.objects.create(slug="esco", kind="esco", name_en="ESCO", version="1.1.1")
    Competency.objects.create(
        framework=framework,
        uri=GMP,
        label_en="good manufacturing practices",
        label_fr="bonnes pratiques de fabrication",
    )
    Competency.objects.create(
        framework=framework, uri=BATCH, label_en="write batch record documentation", label_fr=""
    )
    return framework


@pytest.fixture
def org(db: None) -> Organization:
    return Organization.objects.create(
        slug="algonquin-college",
        kind="college",
        name_en="Algonquin College",
        name_fr="Collège Algonquin",
        region="Eastern Ontario",
    )


@pytest.fixture
def partner(db: None) -> Organization:
    return Organization.objects.create(
        slug="biocanrx",
        kind="industry_body",
        name_en="BioCanRx",
        name_fr="BioCanRx",
        region="Eastern Ontario",
    )


def make_user(email: str, org: Organization | None = None, role: str | None = None) -> User:
    user = User.objects.create_user(email, "pw-for-tests-only")
    if org is not None and role is not None:
        Membership.objects.create(user=user, organization=org, role=role)
    return user


@pytest.fixture
def admin_user(org: Organization) -> User:
    return make_user("admin@example.org", org, Membership.Role.ORG_ADMIN)


@pytest.fixture
def designer(org: Organization) -> User:
    return make_user("designer@example.org", org, Membership.Role.DESIGNER)


@pytest.fixture
def outsider(db: None) -> User:
    other = Organization.objects.create(slug="other", kind="college", name_en="Other", name_fr="Autre")
    return make_user("outsider@example.org", other, Membership.Role.ORG_ADMIN)


def outcome(
    summative: bool = True, indicator: str = "competence", uris: tuple[str, ...] = (GMP,)
) -> OutcomeInput:
    return OutcomeInput(
        text_en="Apply good manufacturing practices to a batch record.",
        text_fr="Appliquer les bonnes pratiques de fabrication à un dossier de lot.",
        competencies=tuple((uri, "skill") for uri in uris),
        assessment=AssessmentInput(
            method="practical",
            evidence_required_en="A batch record.",
            evidence_required_fr="Un dossier de lot.",
            indicator=indicator,
            summative=summative,
            rubric_levels=({"en": "Novice", "fr": "Novice"}, {"en": "Competent", "fr": "Compétent"}),
            required_level=1,
        ),
    )


def version_input(org: Organization, **overrides: object) -> VersionInput:
    values: dict[str, object] = {
        "title_en": "Good Manufacturing Practices",
        "title_fr": "Bonnes pratiques de fabrication",
        "description_en": "GMP for biologics.",
        "description_fr": "BPF pour les produits biologiques.",
        "purpose": "technical",
        "delivery_mode": "online",
        "pace": "self_paced",
        "interaction": "independent",
        "credential_form": "digital",
        "effort_hours": 24,
        "effort_weeks": 4,
        "cost_cad": Decimal("395.00"),
        "languages": ("en",),
        "issuer_ids": (org.pk,),
        "ministry_approved": True,
        "quality_assured": True,
        "quality_assurance_body": "Ontario College Quality Assurance Service",
        "outcomes": (outcome(), outcome(uris=(BATCH,))),
    }
    values.update(overrides)
    return VersionInput(**values)  # type: ignore[arg-type]


@pytest.fixture
def draft(esco: Framework, org: Organization):  # type: ignore[no-untyped-def]
    return services.microcredential_create(owner=org, slug="gmp", data=version_input(org), actor=None)


@pytest.fixture
def published(draft):  # type: ignore[no-untyped-def]
    services.version_submit_for_review(version=draft, actor=None)
    return services.version_publish(version=draft, actor=None)


@pytest.fixture
def seeded(db: None) -> dict:
    """The real demo catalog, on stand-in competencies (the full ESCO import is the frameworks tests' job)."""
    document = seeding.load_document()
    framework = Framework.objects.create(slug="esco", kind="esco", name_en="ESCO", version="1.1.1")
    Competency.objects.bulk_create(
        Competency(
            framework=framework, uri=uri, label_en=f"skill {uri[-8:]}", label_fr=f"compétence {uri[-8:]}"
        )
        for uri in sorted(seeding.competency_uris(document))
    )
    noc = Framework.objects.create(slug="noc-2021", kind="noc", name_en="NOC 2021", version="1.0")
    Occupation.objects.create(
        framework=noc,
        code="73300",
        label_en="Transport truck drivers",
        label_fr="Conducteurs de camions de transport",
    )
    seeding.seed_catalog(document)
    return document


@pytest.fixture
def csrf_client() -> Client:
    return Client(enforce_csrf_checks=True)
