"""Fixtures: a registered organisation with a key, a published version and credentials it issued."""

from __future__ import annotations

from typing import Any

import pytest
from tests.issuance.conftest import make_org, publish_version

from microcred.accounts.models import Organization
from microcred.issuance import credential_lifecycle, credential_services, services
from microcred.issuance.builder import EvidenceItem


@pytest.fixture(autouse=True)
def _fresh_verification_cache() -> None:
    """A rolled-back test database sends no signals: start every test with verification's cache empty."""
    from microcred.verification.localcache import invalidate

    invalidate()


@pytest.fixture
def org(db: Any) -> Organization:
    organization = make_org("algonquin", "Algonquin College")
    organization.name_fr = "Collège Algonquin"
    organization.save()
    services.signing_key_create(organization=organization, actor_label="test")
    return organization


@pytest.fixture
def version(org: Organization) -> Any:
    return publish_version(org)


def issue(org: Organization, version: Any, n: int = 0, **extra: Any) -> dict[str, Any]:
    issued = credential_services.credential_issue(
        organization=org,
        idempotency_key=f"verify-test-{n}",
        version=version,
        email=f"learner{n}@example.ca",
        actor_label="test",
        **extra,
    )
    return dict(issued.document)


@pytest.fixture
def credential(org: Organization, version: Any) -> dict[str, Any]:
    return issue(
        org,
        version,
        evidence=(
            EvidenceItem(url="https://portfolio.example/batch-42", name="Batch record", narrative="Lot 42"),
        ),
    )


def revoke(org: Organization, credential_id: str) -> None:
    issued = credential_services.credential_for(organization=org, credential_id=credential_id)
    credential_lifecycle.credential_revoke(credential=issued, reason="test", actor_label="test")
