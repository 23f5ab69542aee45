"""Reads for verification (DESIGN.md §7.6): verify a credential or presentation with the platform's resolver,
status lists and issuer-trust check. Nothing here writes, except the idempotent status list publication the
public status list URL also performs (``fetching``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.utils import translation

from credcore.presentations import PresentationResult, verify_presentation
from credcore.results import VerificationResult
from credcore.verifier import verify_credential
from microcred.verification.fetching import PlatformDocuments, fetch_bytes, network_enabled
from microcred.verification.report import VerificationReport, build_report
from microcred.verification.trust import issuer_id_of, issuer_trust, trust_check

if TYPE_CHECKING:
    from credcore.formats import ParsedCredential

__all__ = [
    "PlatformDocuments",
    "VerificationReport",
    "credential_result",
    "presentation_result",
    "verify_document",
]


def _language(language: str | None) -> str:
    chosen = language or translation.get_language() or "en"
    return "fr" if chosen.startswith("fr") else "en"


def credential_result(
    document: object, *, documents: PlatformDocuments, now: datetime | None = None
) -> VerificationResult:
    """The credcore result for an OB 3.0 / VC JSON credential, plus the ``issuer_trust`` check."""
    result = verify_credential(
        document,
        resolver=documents.resolver,
        status_fetcher=documents.status,
        now=now,
        status_cache=documents.status_cache,
    )
    return _with_trust(result, document, documents)


def _with_trust(
    result: VerificationResult, document: object, documents: PlatformDocuments
) -> VerificationResult:
    issuer = issuer_id_of(document) if isinstance(document, Mapping) else None
    return result.with_check(trust_check(result, issuer_trust(issuer, documents)))


def _parsed_result(
    parsed: ParsedCredential, documents: PlatformDocuments, now: datetime | None
) -> VerificationResult:
    """VC-JWT and OB 2.0 imports: credcore.formats verifies them; the trust check is the same."""
    from credcore.formats import verify_imported

    fetcher = fetch_bytes if network_enabled() else None
    result = verify_imported(
        parsed,
        resolver=documents.resolver,
        fetcher=fetcher,
        status_fetcher=documents.status,
        now=now,
        status_cache=documents.status_cache,
    )
    return _with_trust(result, parsed.document, documents)


def verify_document(
    document: Mapping[str, Any] | ParsedCredential,
    *,
    now: datetime | None = None,
    language: str | None = None,
    documents: PlatformDocuments | None = None,
) -> VerificationReport:
    """Verify one credential (JSON, or any format the import parsers produce) into a page-ready report."""
    documents = documents or PlatformDocuments()
    if isinstance(document, Mapping) or not hasattr(document, "format"):
        result = credential_result(document, documents=documents, now=now)
        body: object = document
        kind = "ob3-json"
    elif document.format == "ob3-json":
        result = credential_result(document.document, documents=documents, now=now)
        body, kind = document.document, document.format
    else:
        result = _parsed_result(document, documents, now)
        body, kind = document.document, document.format
    issuer = issuer_id_of(body) if isinstance(body, Mapping) else None
    return build_report(
        body, result, issuer_trust(issuer, documents), language=_language(language), format=kind
    )


def presentation_result(
    presentation: object,
    *,
    challenge: str | None,
    domain: str | None,
    documents: PlatformDocuments | None = None,
    now: datetime | None = None,
) -> tuple[PresentationResult, tuple[VerificationResult, ...]]:
    """The presentation's result and, per embedded credential, its result with the issuer-trust check."""
    documents = documents or PlatformDocuments()
    result = verify_presentation(
        presentation,
        resolver=documents.resolver,
        challenge=challenge,
        domain=domain,
        status_fetcher=documents.status,
        now=now,
        status_cache=documents.status_cache,
    )
    items = presentation.get("verifiableCredential", []) if isinstance(presentation, Mapping) else []
    items = items if isinstance(items, list) else [items]
    with_trust = tuple(
        credential.with_check(
            trust_check(
                credential, issuer_trust(issuer_id_of(item) if isinstance(item, Mapping) else None, documents)
            )
        )
        for credential, item in zip(result.credentials, items, strict=False)
    )
    return result, with_trust
