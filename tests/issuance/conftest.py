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
