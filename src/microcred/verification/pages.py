"""What the public verify page verifies, whatever the input: pasted text, an uploaded file or badge image, a
presentation, or a share link of this platform's wallet. Read-only; views stay thin.

Each entry point returns a :class:`PageOutcome`: the reports to show (one per credential), the presentation's
own checks when the input was a presentation, or an error in English and French when the input could not be
used at all (the page then says why, and nothing else).
"""

from __future__ import annotations

import json
import re
import urllib.parse
from dataclasses import dataclass
from typing import Any, Final

from django.conf import settings

from credcore.errors import CredcoreError
from microcred.verification import wording
from microcred.verification.fetching import PlatformDocuments, fetch_bytes, network_enabled
from microcred.verification.report import CheckLine, VerificationReport, build_report, check_lines
from microcred.verification.selectors import presentation_result, verify_document
from microcred.verification.trust import issuer_id_of, issuer_trust

__all__ = ["MAX_UPLOAD_BYTES", "PageOutcome", "verify_link", "verify_upload"]

MAX_UPLOAD_BYTES: Final = 5 * 1024 * 1024
_SHARE_PATH: Final = re.compile(r"^/(?:[a-z]{2}/)?wallet/s/(?P<token>[A-Za-z0-9_\-]{20,64})/?$")


@dataclass(frozen=True)
class PageOutcome:
    reports: tuple[VerificationReport, ...] = ()
    presentation_checks: tuple[CheckLine, ...] = ()
    presentation_verified: bool | None = None
    error: str = ""
    show_evidence: bool = True
    source: str = ""


def _error(language: str, en: str, fr: str, source: str) -> PageOutcome:
    return PageOutcome(error=wording.pick((en, fr), language), source=source)


def _presentation(document: dict[str, Any], language: str, documents: PlatformDocuments) -> PageOutcome:
    """A pasted presentation: its proof and holder (no challenge was issued here, so none is checked)."""
    result, credentials = presentation_result(document, challenge=None, domain=None, documents=documents)

    items = document.get("verifiableCredential", [])
    items = items if isinstance(items, list) else [items]
    reports = tuple(
        build_report(
            item,
            credential,
            issuer_trust(issuer_id_of(item) if isinstance(item, dict) else None, documents),
            language=language,
        )
        for item, credential in zip(items, credentials, strict=False)
    )
    lines = check_lines(result.checks, language)
    return PageOutcome(reports, lines, result.verified, source="presentation")


def verify_upload(
    data: bytes,
    *,
    language: str,
    filename: str | None = None,
    media_type: str | None = None,
    source: str = "file",
) -> PageOutcome:
    """Pasted text or an uploaded file: OB 3.0 JSON, VC-JWT, a baked PNG or SVG, OB 2.0, or a presentation."""
    if len(data) > MAX_UPLOAD_BYTES:
        return _error(language, "The file is larger than 5 MB.", "Le fichier dépasse 5 Mo.", source)
    if not data.strip():
        return _error(
            language, "Nothing to verify: the input is empty.", "Rien à vérifier : l'entrée est vide.", source
        )
    documents = PlatformDocuments.for_request()
    try:
        candidate = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        candidate = None
    if isinstance(candidate, dict):
        types = candidate.get("type")
        types = [types] if isinstance(types, str) else types
        if isinstance(types, list) and "VerifiablePresentation" in types:
            return _presentation(candidate, language, documents)
    from credcore.formats import parse_credential_input

    fetcher = fetch_bytes if network_enabled() else None
    try:
        parsed = parse_credential_input(data, filename=filename, media_type=media_type, fetcher=fetcher)
    except CredcoreError as error:
        return PageOutcome(error=error.message(language), source=source)
    report = verify_document(parsed, language=language, documents=documents)
    return PageOutcome((report,), source=source)


def share_token(link: str, host: str | None = None) -> str | None:
    """The token of a share link of this platform (an absolute URL on our public host or on ``host``, the
    host the page was requested on; or a path), else None."""
    parts = urllib.parse.urlsplit(link.strip())
    if parts.scheme or parts.netloc:
        ours = urllib.parse.urlsplit(settings.MICROCRED_PUBLIC_BASE_URL)
        hosts = {ours.netloc.lower(), (host or "").lower()} - {""}
        if parts.scheme not in ("http", "https") or parts.netloc.lower() not in hosts:
            return None
        path = (
            parts.path[len(ours.path.rstrip("/")) :] if parts.path.startswith(ours.path.rstrip("/")) else ""
        )
    else:
        path = parts.path
    match = _SHARE_PATH.match(path)
    return match["token"] if match else None


def verify_link(link: str, *, language: str, host: str | None = None) -> PageOutcome:
    """A share link (typed, pasted or scanned from a QR code): every credential it shares."""
    token = share_token(link, host)
    if token is None:
        return _error(
            language,
            "This is not a share link of this platform.",
            "Ce n'est pas un lien de partage de cette plateforme.",
            "link",
        )
    try:
        from microcred.wallet import selectors as wallet
    except ImportError:
        return _error(
            language, "Share links are not available.", "Les liens de partage ne sont pas offerts.", "link"
        )
    documents_shared = wallet.shared_documents(token)
    if documents_shared is None:
        return _error(
            language,
            "This share link has expired or was revoked: it shows nothing.",
            "Ce lien de partage a expiré ou a été révoqué : il n'affiche rien.",
            "link",
        )
    show_evidence = bool(getattr(wallet, "share_shows_evidence", lambda _token: False)(token))
    documents = PlatformDocuments.for_request()
    reports = tuple(verify_document(doc, language=language, documents=documents) for doc in documents_shared)
    return PageOutcome(reports, show_evidence=show_evidence, source="link")
