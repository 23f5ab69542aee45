"""Reads of the wallet: confirmed email, claimable credentials, the wallet's credentials, share links
(and the public view of one). The skills passport is in ``passport``, talent search in ``talent``."""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from microcred.issuance.models import IssuedCredential
from microcred.wallet.models import LearnerProfile, ShareLink, WalletCredential

__all__ = [
    "claimable_credentials",
    "credential_get",
    "email_verified",
    "share_for_token",
    "share_shows_evidence",
    "share_token",
    "shared_documents",
    "shares_of",
    "wallet_credentials",
]


def email_verified(user: Any) -> bool:
    """Confirmed by the emailed link, or by claiming an enrolment invitation sent to that address."""
    if not getattr(user, "is_authenticated", False):
        return False
    if LearnerProfile.objects.filter(user=user, email_verified_at__isnull=False).exists():
        return True
    from django.apps import apps

    if not apps.is_installed("microcred.assessment"):
        return False
    from microcred.assessment.models import Enrollment

    return Enrollment.objects.filter(user=user, email__iexact=user.email, claimed_at__isnull=False).exists()


def claimable_credentials(user: Any) -> QuerySet[IssuedCredential]:
    """Credentials issued here to the user's confirmed address and not yet in their wallet."""
    if not email_verified(user):
        return IssuedCredential.objects.none()
    held = WalletCredential.objects.filter(owner=user, issued__isnull=False).values("issued_id")
    return (
        IssuedCredential.objects.filter(recipient_email__iexact=user.email)
        .exclude(pk__in=held)
        .select_related("organization", "version")
        .order_by("-issued_at", "-pk")
    )


def wallet_credentials(user: Any) -> QuerySet[WalletCredential]:
    return WalletCredential.objects.filter(owner=user)


def credential_get(user: Any, pk: int) -> WalletCredential | None:
    return WalletCredential.objects.filter(owner=user, pk=pk).first()


# -- share links --------------------------------------------------------------------------------------------


def share_token(share: ShareLink) -> str:
    """The link's secret: HMAC of its public id under the server secret (only its hash is stored)."""
    mac = hmac.new(settings.SECRET_KEY.encode(), b"wallet-share:" + share.public_id.bytes, hashlib.sha256)
    return base64.urlsafe_b64encode(mac.digest()).decode("ascii").rstrip("=")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def shares_of(user: Any) -> QuerySet[ShareLink]:
    return ShareLink.objects.filter(owner=user).prefetch_related("credentials")


def live_shares() -> QuerySet[ShareLink]:
    now = timezone.now()
    return ShareLink.objects.filter(revoked_at__isnull=True).filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=now)
    )


def share_for_token(token: str) -> ShareLink | None:
    """The live link for ``token``; ``None`` for unknown, expired and revoked links alike."""
    if not isinstance(token, str) or not 20 <= len(token) <= 64:
        return None
    share = live_shares().filter(token_hash=token_hash(token)).select_related("owner").first()
    if share is None or not hmac.compare_digest(share_token(share), token):
        return None
    return share


def shared_credentials(share: ShareLink) -> list[WalletCredential]:
    return list(share.credentials.order_by("pk"))


def without_evidence(document: dict[str, Any]) -> dict[str, Any]:
    """The document minus its evidence, for links shared without it (a signed document changes, so the
    proof no longer covers it: pages show that copy, never verify it)."""
    return {key: value for key, value in document.items() if key != "evidence"}


def shared_documents(token: str) -> list[dict[str, Any]] | None:
    """The documents a live share link shows (for the verify page); ``None`` when the link is not live.

    Documents are returned as signed (evidence included): verification needs the exact signed document,
    and the evidence choice governs what pages display (``show_evidence``)."""
    share = share_for_token(token)
    if share is None:
        return None
    return [dict(credential.document) for credential in shared_credentials(share)]


def share_shows_evidence(token: str) -> bool:
    """Whether the learner chose to show evidence on this link (``False`` for a link that is not live)."""
    share = share_for_token(token)
    return bool(share and share.include_evidence)
