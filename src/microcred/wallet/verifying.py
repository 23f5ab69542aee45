"""Verifying wallet credentials through the verification app (``verification.selectors.verify_document``),
and the short summary the wallet stores: whether it verified and each check's name and status.

Status can change after import (revocation, suspension, expiry), so a stored result is re-checked when it is
older than ``WALLET_RECHECK_SECONDS`` (default 300 s) and a credential is shown or shared.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

__all__ = ["is_stale", "report_for", "summarize", "verify"]

logger = logging.getLogger(__name__)


def recheck_interval() -> timedelta:
    return timedelta(seconds=int(getattr(settings, "WALLET_RECHECK_SECONDS", 300)))


def verify(subject: Mapping[str, Any] | Any) -> Any:
    """The verification app's report for a credential document or a ``credcore.formats.ParsedCredential``."""
    from microcred.verification.selectors import verify_document

    return verify_document(subject)


def _check_summary(check: Any) -> dict[str, str]:
    if isinstance(check, Mapping):
        return {"name": str(check.get("name", "")), "status": str(check.get("status", ""))}
    return {"name": str(getattr(check, "name", "")), "status": str(getattr(check, "status", ""))}


def summarize(report: Any) -> dict[str, Any]:
    """What the wallet keeps of a report: JSON-safe, small, no document copy."""
    checks = getattr(report, "checks", None) or ()
    verified = bool(getattr(report, "verified", False))
    outcome = str(getattr(report, "outcome", "verified" if verified else "failed"))
    return {"verified": verified, "outcome": outcome, "checks": [_check_summary(c) for c in checks]}


def is_stale(checked_at: Any, *, now: Any = None) -> bool:
    return checked_at is None or (now or timezone.now()) - checked_at >= recheck_interval()


def report_for(credential: Any) -> Any:
    """A fresh-enough report for a :class:`WalletCredential`: cached per credential for the recheck interval
    (the share page and the wallet page may show the same credential many times a minute)."""
    from django.utils import translation

    language = (translation.get_language() or "en")[:2]
    key = f"wallet:report:{credential.pk}:{credential.fingerprint}:{language}"
    report = cache.get(key)
    if report is None:
        report = verify(_subject(credential))
        try:
            cache.set(key, report, int(recheck_interval().total_seconds()))
        except Exception:  # a report that cannot be pickled is simply not cached
            logger.debug("verification report for wallet credential %s not cached", credential.pk)
    return report


def _subject(credential: Any) -> Any:
    """Imported credentials are re-verified from their original text (a VC-JWT's signature covers the JWS,
    not the decoded JSON); issued-here ones from the stored document."""
    if credential.origin == "imported" and credential.format != "ob3-json":
        from credcore.formats import parse_credential_input

        return parse_credential_input(credential.raw.encode("utf-8"), media_type=None)
    return credential.document
