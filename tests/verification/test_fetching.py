"""The platform's document fetcher: our own documents from the database, nothing from the network unless the
operator enables it, and then only https with a size limit."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings

from microcred.verification import fetching
from microcred.verification.fetching import DocumentUnavailable, PlatformDocuments


def test_local_documents_come_from_the_database(org: Any, credential: dict[str, Any]) -> None:
    documents = PlatformDocuments(network=False)
    did = credential["issuer"]["id"]
    assert documents.resolver.resolve(did)["id"] == did
    status_url = credential["credentialStatus"]["statusListCredential"]
    assert "BitstringStatusListCredential" in documents.status(status_url)["type"]
    with pytest.raises(DocumentUnavailable):
        documents.fetch(status_url.rsplit("/", 1)[0] + "/999")  # no such list


def test_unknown_local_organisation_and_foreign_hosts_are_unavailable(db: Any) -> None:
    documents = PlatformDocuments(network=False)
    for url in ("http://localhost:8000/orgs/nobody/did.json", "https://college.example/orgs/x/did.json"):
        with pytest.raises(DocumentUnavailable):
            documents.fetch(url)


def test_network_is_off_by_default_and_https_only(monkeypatch: Any) -> None:
    assert fetching.network_enabled() is False
    with pytest.raises(DocumentUnavailable):
        fetching.fetch_bytes("https://college.example/assertion.json")
    with override_settings(MICROCRED_VERIFY_NETWORK=True):
        assert fetching.network_enabled() is True
        with pytest.raises(DocumentUnavailable):
            fetching.fetch_bytes("http://college.example/assertion.json")  # plain http is refused


def test_size_limit(monkeypatch: Any) -> None:
    class Big:
        def __enter__(self) -> Big:
            return self

        def __exit__(self, *args: object) -> None:
            return None

        def read(self, limit: int) -> bytes:
            return b"{" + b" " * limit

    monkeypatch.setattr(fetching.urllib.request, "urlopen", lambda request, timeout: Big())
    with pytest.raises(DocumentUnavailable, match="larger than"):
        fetching.https_fetch("https://college.example/did.json")


def test_failures_are_remembered_within_one_request(db: Any) -> None:
    documents = PlatformDocuments(network=False)
    for _ in range(2):
        with pytest.raises(DocumentUnavailable):
            documents.fetch("https://college.example/.well-known/did.json")
    assert len(documents._memo) == 1
