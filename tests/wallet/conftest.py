"""Fixtures for the wallet tests: an issuer with a published micro-credential (from the issuance tests), a
credential issued here to the learner's address, personas (the learner, another learner, an employer,
anonymous), and an Open Badges 3.0 credential from another issuer (a did:key, verifiable offline)."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from tests.core.samples import sample_credential
from tests.issuance.conftest import make_org, publish_version

from credcore.dataintegrity import add_proof
from credcore.keys import Ed25519Multikey
from microcred.accounts.models import Membership, Organization, User
from microcred.issuance import credential_services as cs
from microcred.issuance import services as issuance_services
from microcred.wallet import services
from microcred.wallet.models import LearnerProfile

PASSWORD = "a-long-test-password-42"
LEARNER = "learner@example.org"


def make_user(email: str, *, verified: bool = True, name: str = "") -> User:
    user = User.objects.create_user(email, PASSWORD, display_name=name)
    profile = services.profile_ensure(user=user)
    if verified:
        LearnerProfile.objects.filter(pk=profile.pk).update(email_verified_at=timezone.now())
    return user


@pytest.fixture
def org(db: Any) -> Organization:
    organization = make_org("algonquin", "Algonquin College")
    issuance_services.signing_key_create(organization=organization, actor_label="test")
    return organization


@pytest.fixture
def version(org: Organization) -> Any:
    return publish_version(org)


@pytest.fixture
def learner(db: Any) -> User:
    return make_user(LEARNER, name="Ada Learner")


@pytest.fixture
def other_learner(db: Any) -> User:
    return make_user("other@example.org", name="Other Learner")


@pytest.fixture
def employer(db: Any) -> User:
    company = Organization.objects.create(
        slug="biopharma", kind="employer", name_en="BioPharma", name_fr="BioPharma"
    )
    user = make_user("hr@biopharma.example", name="HR")
    Membership.objects.create(user=user, organization=company, role=Membership.Role.ORG_ADMIN)
    return user


def issue(org: Organization, version: Any, email: str = LEARNER, key: str = "k1") -> Any:
    return cs.credential_issue(organization=org, version=version, email=email, idempotency_key=key)


@pytest.fixture
def issued(org: Organization, version: Any) -> Any:
    return issue(org, version)


def signed_in(user: User | None) -> Client:
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    return client


def csrf_post(client: Client, path: str, data: Any = None, **extra: Any) -> Any:
    """POST with a valid CSRF token (fetched from a cookie the way a browser form would carry it)."""
    client.get("/en/accounts/login/")
    token = client.cookies["csrftoken"].value if "csrftoken" in client.cookies else ""
    return client.post(path, data or {}, HTTP_X_CSRFTOKEN=token, **extra)


def external_credential(
    *, seed: bytes = b"\x07" * 32, name: str = "Cleanroom Safety"
) -> tuple[dict[str, Any], str]:
    """A signed OB 3.0 credential from an issuer this platform does not know (did:key), no status entry."""
    key = Ed25519Multikey.from_seed(seed)
    document = copy.deepcopy(sample_credential())
    document["issuer"]["id"] = key.did_key
    document["credentialSubject"]["achievement"]["creator"]["id"] = key.did_key
    document["name"] = name
    document["id"] = f"urn:uuid:5b2a9f3e-8c1d-4e7a-9b6f-{seed.hex()[:12]}"
    document.pop("credentialStatus")
    return add_proof(document, key, cryptosuite="eddsa-rdfc-2022"), key.did_key
