"""Fixtures for the assessment tests: a published micro-credential with a partner, personas for every role,
an offering with an enrolled learner, and a fetcher that serves our own did:web documents via the test
client."""

from __future__ import annotations

import datetime as dt
import json
import urllib.parse
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from microcred.accounts.models import Membership, Organization, User
from microcred.assessment import services
from microcred.assessment.models import Enrollment, Offering
from microcred.catalog import services as catalog_services
from microcred.catalog.inputs import AssessmentInput, OutcomeInput, VersionInput
from microcred.catalog.models import MicroCredentialVersion, OutcomeCompetency
from microcred.frameworks.models import Competency, Framework

GMP = "http://data.europa.eu/esco/skill/4d4a239a-0000-4000-8000-000000000001"
BATCH = "http://data.europa.eu/esco/skill/d774946e-0000-4000-8000-000000000002"
PASSWORD = "pw-for-tests-only"


@pytest.fixture
def esco(db: None) -> Framework:
    framework = Framework.objects.create(slug="esco", kind="esco", name_en="ESCO", version="1.1.1")
    Competency.objects.create(
        framework=framework, uri=GMP, label_en="good manufacturing practices",
        label_fr="bonnes pratiques de fabrication",
    )  # fmt: skip
    Competency.objects.create(
        framework=framework, uri=BATCH, label_en="write batch record documentation",
        label_fr="rédiger la documentation des dossiers de lot",
    )  # fmt: skip
    return framework


def make_org(slug: str, kind: str = "college", name: str = "") -> Organization:
    name = name or slug.replace("-", " ").title()
    return Organization.objects.create(slug=slug, kind=kind, name_en=name, name_fr=f"{name} (fr)")


@pytest.fixture
def org(db: None) -> Organization:
    return make_org("algonquin-college", name="Algonquin College")


@pytest.fixture
def partner(db: None) -> Organization:
    return make_org("biopharma-employer", kind="employer", name="BioPharma Employer")


@pytest.fixture
def other_org(db: None) -> Organization:
    return make_org("other-college", name="Other College")


def make_user(email: str, org: Organization | None = None, role: str | None = None) -> User:
    user = User.objects.create_user(email, PASSWORD)
    if org is not None and role is not None:
        Membership.objects.create(user=user, organization=org, role=role)
    return user


@pytest.fixture
def people(org: Organization, partner: Organization, other_org: Organization) -> dict[str, User | None]:
    """Every persona of the authorization matrix (``None`` = anonymous)."""
    R = Membership.Role
    return {
        "org_admin": make_user("admin@algonquin.example", org, R.ORG_ADMIN),
        "designer": make_user("designer@algonquin.example", org, R.DESIGNER),
        "assessor": make_user("assessor@algonquin.example", org, R.ASSESSOR),
        "registrar": make_user("registrar@algonquin.example", org, R.REGISTRAR),
        "partner_endorser": make_user("endorser@employer.example", partner, R.ENDORSER),
        "partner_assessor": make_user("assessor@employer.example", partner, R.ASSESSOR),
        "other_org_admin": make_user("admin@other.example", other_org, R.ORG_ADMIN),
        "anonymous": None,
    }


def rubric_outcome(uri: str = GMP) -> OutcomeInput:
    return OutcomeInput(
        text_en="Apply good manufacturing practices to a batch record.",
        text_fr="Appliquer les bonnes pratiques de fabrication à un dossier de lot.",
        competencies=((uri, "skill"),),
        assessment=AssessmentInput(
            method="practical", evidence_required_en="A batch record.",
            evidence_required_fr="Un dossier de lot.",
            indicator="competence",
            rubric_levels=(
                {"en": "Novice", "fr": "Novice"},
                {"en": "Competent", "fr": "Compétent"},
                {"en": "Expert", "fr": "Expert"},
            ),
            required_level=1,
        ),
    )  # fmt: skip


def status_outcome(uri: str = BATCH) -> OutcomeInput:
    return OutcomeInput(
        text_en="Document a batch.",
        text_fr="Documenter un lot.",
        competencies=((uri, "knowledge"),),
        assessment=AssessmentInput(
            method="written_exam", evidence_required_en="An exam.", evidence_required_fr="Un examen.",
            indicator="competence",
        ),
    )  # fmt: skip


def version_input(org: Organization, partner: Organization, **overrides: Any) -> VersionInput:
    values: dict[str, Any] = {
        "title_en": "Good Manufacturing Practices", "title_fr": "Bonnes pratiques de fabrication",
        "description_en": "GMP for biologics.", "description_fr": "BPF pour les produits biologiques.",
        "purpose": "technical", "delivery_mode": "online", "pace": "self_paced", "interaction": "independent",
        "credential_form": "digital", "effort_hours": 24, "effort_weeks": 4, "cost_cad": Decimal("395.00"),
        "languages": ("en", "fr"), "issuer_ids": (org.pk,), "partner_ids": (partner.pk,),
        "outcomes": (rubric_outcome(), status_outcome()),
    }  # fmt: skip
    values.update(overrides)
    return VersionInput(**values)


@pytest.fixture
def draft(esco: Framework, org: Organization, partner: Organization) -> MicroCredentialVersion:
    return catalog_services.microcredential_create(
        owner=org, slug="gmp", data=version_input(org, partner), actor=None
    )


@pytest.fixture
def in_review(draft: MicroCredentialVersion) -> MicroCredentialVersion:
    return catalog_services.version_submit_for_review(version=draft, actor=None)


@pytest.fixture
def published(in_review: MicroCredentialVersion) -> MicroCredentialVersion:
    return catalog_services.version_publish(version=in_review, actor=None)


def links(version: MicroCredentialVersion) -> dict[str, OutcomeCompetency]:
    """The version's competency links by competency URI."""
    found = OutcomeCompetency.objects.filter(outcome__version=version).select_related("competency")
    return {link.competency.uri: link for link in found}


@pytest.fixture
def offering(published: MicroCredentialVersion, org: Organization) -> Offering:
    return services.offering_create(
        version=published, organization=org, start_date=dt.date(2026, 1, 12), end_date=dt.date(2026, 2, 20),
        delivery_mode="online", seats=2, actor=None,
    )  # fmt: skip


@pytest.fixture
def enrollment(offering: Offering) -> Enrollment:
    return services.enrollment_create(offering=offering, email="Learner@Example.org", actor=None)


@pytest.fixture
def csrf_client() -> Client:
    return Client(enforce_csrf_checks=True)


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def fetch_json(client: Client) -> Callable[[str], dict[str, Any]]:
    """``fetcher(url)`` for credcore's DidResolver: our own public URLs through the Django test client."""

    def fetch(url: str) -> dict[str, Any]:
        response = client.get(urllib.parse.urlsplit(url).path)
        if response.status_code != 200:
            raise LookupError(f"{url} answered {response.status_code}")
        document: dict[str, Any] = json.loads(response.content)
        return document

    return fetch
