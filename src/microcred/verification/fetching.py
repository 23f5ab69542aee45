"""The platform's resolver and status fetcher for verification.

Documents of organisations hosted here (their did:web DID documents, their status list credentials) are read
from the database — never by HTTP to ourselves. ``did:key`` resolves locally (credcore). Anything else
(another host's did:web, an external status list) goes through :func:`https_fetch` only when the operator
enables ``MICROCRED_VERIFY_NETWORK``; otherwise, or when the fetch fails, it is unavailable and the check that
needed it fails closed ("unknown", never "passed"). One :class:`PlatformDocuments` is meant for one request
or one batch: it memoises what it has read, so a batch reads each DID document and status list once.
"""

from __future__ import annotations

import json
import re
import threading
import time
import urllib.parse
import urllib.request
from typing import Any, Final

from django.conf import settings

from credcore.dids import DidResolver
from credcore.status_validation import StatusListCache
from microcred.verification.localcache import cached

__all__ = [
    "FETCH_MAX_BYTES",
    "FETCH_TIMEOUT_SECONDS",
    "PlatformDocuments",
    "https_fetch",
    "network_enabled",
]

FETCH_TIMEOUT_SECONDS: Final = 5.0
SHARED_SECONDS: Final = (
    60.0  # how long one thread reuses status list proof verdicts (a key revocation's delay)
)
FETCH_MAX_BYTES: Final = (
    2 * 1024 * 1024
)  # a status list of 131,072 entries is ~20 kB; DID documents are small
_ORG_PATH: Final = re.compile(
    r"^/orgs/(?P<slug>[-a-zA-Z0-9_]+)/(?P<rest>did\.json|status/(?P<purpose>[a-z]+)/(?P<seq>\d+))$"
)


_THREAD = threading.local()


class DocumentUnavailable(LookupError):
    """A document could not be obtained (unknown here, network disabled, or the fetch failed)."""


def network_enabled() -> bool:
    return bool(getattr(settings, "MICROCRED_VERIFY_NETWORK", False))


def _get(url: str, accept: str) -> bytes:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme != "https" or not parts.netloc:
        raise DocumentUnavailable(f"only https URLs are fetched: {url}")
    request = urllib.request.Request(url, headers={"Accept": accept})  # noqa: S310 - scheme checked above
    with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT_SECONDS) as response:  # noqa: S310
        body: bytes = response.read(FETCH_MAX_BYTES + 1)
    if len(body) > FETCH_MAX_BYTES:
        raise DocumentUnavailable(f"{url} is larger than {FETCH_MAX_BYTES} bytes")
    return body


def https_fetch(url: str) -> dict[str, Any]:
    """GET an https URL as a JSON object, with a timeout and a size limit; raises on anything else."""
    document = json.loads(_get(url, "application/did+json, application/vc, application/json"))
    if not isinstance(document, dict):
        raise DocumentUnavailable(f"{url} is not a JSON object")
    return document


def fetch_bytes(url: str) -> bytes:
    """Raw bytes of an https URL (OB 2.0 hosted assertions), only when network retrieval is enabled."""
    if not network_enabled():
        raise DocumentUnavailable(f"{url} is not retrieved: network retrieval is disabled")
    return _get(url, "application/json")


def _local_prefix() -> tuple[str, str]:
    base = urllib.parse.urlsplit(settings.MICROCRED_PUBLIC_BASE_URL)
    return base.netloc.lower(), base.path.rstrip("/")


class PlatformDocuments:
    """Fetches for credcore: ``fetch(url)`` for DID documents, ``status(url)`` for status list credentials."""

    def __init__(self, *, network: bool | None = None) -> None:
        self._network = network_enabled() if network is None else network
        self._memo: dict[str, dict[str, Any] | DocumentUnavailable] = {}
        self._host, self._prefix = _local_prefix()
        self.resolver = DidResolver(fetcher=self.fetch)
        self.status_cache = StatusListCache()
        self.created = time.monotonic()

    @classmethod
    def for_request(cls) -> PlatformDocuments:
        """This thread's instance, with its fetched documents forgotten: every request reads the current DID
        documents and status lists, while the verdict on an unchanged status list's proof (kept by
        :class:`StatusListCache` by exact content) is reused for up to ``SHARED_SECONDS``."""
        current: PlatformDocuments | None = getattr(_THREAD, "documents", None)
        if (
            current is None
            or time.monotonic() - current.created > SHARED_SECONDS
            or current._network != network_enabled()
            or (current._host, current._prefix) != _local_prefix()
        ):
            current = cls()
            _THREAD.documents = current
        current._memo.clear()
        return current

    def fetch(self, url: str) -> dict[str, Any]:
        found = self._memo.get(url)
        if found is None:
            try:
                found = self._load(url)
            except DocumentUnavailable as error:
                found = error
            except Exception as error:  # any failure to obtain a document makes it unavailable
                found = DocumentUnavailable(f"{url}: {type(error).__name__}")
            self._memo[url] = found
        if isinstance(found, DocumentUnavailable):
            raise found
        return found

    status = fetch  # status list credentials come through the same local-or-network path

    def local_match(self, url: str) -> re.Match[str] | None:
        parts = urllib.parse.urlsplit(url)
        if parts.netloc.lower() != self._host or not parts.path.startswith(self._prefix):
            return None
        return _ORG_PATH.match(parts.path[len(self._prefix) :])

    def _load(self, url: str) -> dict[str, Any]:
        match = self.local_match(url)
        if match is not None:
            return cached(("document", match.group(0)), lambda: _local_document(match))
        if not self._network:
            raise DocumentUnavailable(f"{url} is not hosted here and network retrieval is disabled")
        return https_fetch(url)


def _local_document(match: re.Match[str]) -> dict[str, Any]:
    from microcred.issuance import selectors, services
    from microcred.issuance.errors import UnknownOrganization

    try:
        organization = selectors.organization_get(slug=match["slug"])
    except UnknownOrganization:
        raise DocumentUnavailable(f"no organisation {match['slug']!r} here") from None
    if match["rest"] == "did.json":
        document = selectors.did_document(organization=organization)
        if document is None:
            raise DocumentUnavailable(f"{organization.slug} has no published key")
        return document
    status_list = selectors.status_list_get(
        organization=organization, purpose=match["purpose"], sequence=int(match["seq"])
    )
    if status_list is None:
        raise DocumentUnavailable("no such status list")
    if status_list.credential is None or status_list.published_revision != status_list.revision:
        # the same (idempotent) publication the public status list URL performs on a GET
        status_list = services.status_list_publish(status_list_id=status_list.pk)
    assert status_list.credential is not None
    return dict(status_list.credential)
