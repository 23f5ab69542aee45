"""Writes of sharing: create and revoke share links, count views; talent-search settings; account deletion.

``<noun>_<verb>``, keyword-only, one transaction each (DESIGN.md §7.6)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from microcred.wallet import errors, passport
from microcred.wallet.models import LearnerProfile, ShareLink, TalentSkill, WalletCredential
from microcred.wallet.selectors import share_token, token_hash

__all__ = ["account_delete", "share_create", "share_record_view", "share_revoke", "talent_update"]

MAX_EXPIRY_DAYS = 365


@transaction.atomic
def share_create(
    *,
    user: Any,
    credential_ids: Sequence[int],
    include_evidence: bool,
    expires_in_days: int | None,
    label: str = "",
) -> tuple[ShareLink, str]:
    """A new link to the chosen credentials of ``user``; returns it with its token (for the URL)."""
    wanted = {int(pk) for pk in credential_ids}
    if not wanted:
        raise errors.NothingChosen()
    chosen = list(WalletCredential.objects.filter(owner=user, pk__in=wanted))
    if len(chosen) != len(wanted):
        raise errors.NotFound()
    if expires_in_days is not None and not 1 <= int(expires_in_days) <= MAX_EXPIRY_DAYS:
        raise errors.InvalidExpiry()
    share = ShareLink(
        owner=user,
        public_id=uuid.uuid4(),
        label=label.strip()[:200],
        include_evidence=bool(include_evidence),
        expires_at=timezone.now() + timedelta(days=int(expires_in_days)) if expires_in_days else None,
    )
    token = share_token(share)
    share.token_hash = token_hash(token)
    share.save()
    share.credentials.set(chosen)
    return share, token


@transaction.atomic
def share_revoke(*, user: Any, share_id: int) -> ShareLink:
    share = ShareLink.objects.select_for_update().filter(owner=user, pk=share_id).first()
    if share is None:
        raise errors.NotFound()
    if share.revoked_at is not None:
        raise errors.AlreadyRevoked()
    share.revoked_at = timezone.now()
    share.save(update_fields=["revoked_at"])
    return share


def share_record_view(*, share: ShareLink) -> None:
    """Count one view (a single conditional UPDATE: concurrent views are all counted)."""
    ShareLink.objects.filter(pk=share.pk, revoked_at__isnull=True).update(
        view_count=F("view_count") + 1, last_viewed_at=timezone.now()
    )


@transaction.atomic
def talent_update(*, user: Any, opt_in: bool, headline: str, skill_uris: Sequence[str]) -> LearnerProfile:
    """Whether employers may find the learner, and by which of their verified skills (others are dropped)."""
    from microcred.wallet.services import profile_ensure

    profile = profile_ensure(user=user)
    offered = {entry.uri for entry in passport.verified_skills(user)}
    chosen = sorted({uri for uri in skill_uris if uri in offered})
    profile.talent_opt_in = bool(opt_in)
    profile.talent_headline = headline.strip()[:200]
    profile.save(update_fields=["talent_opt_in", "talent_headline"])
    TalentSkill.objects.filter(owner=user).exclude(uri__in=chosen).delete()
    existing = set(TalentSkill.objects.filter(owner=user).values_list("uri", flat=True))
    TalentSkill.objects.bulk_create(TalentSkill(owner=user, uri=uri) for uri in chosen if uri not in existing)
    return profile


@transaction.atomic
def account_delete(*, user: Any, password: str) -> None:
    """Erase the person's data — email, names, wallet, shares, talent settings, holder key — and close the
    account. Credentials issued to them stay verifiable: the issuer's records and status bits are untouched
    (docs/adr/0068). The row stays (anonymised) because audit trails and enrolments point at it."""
    from microcred.accounts.models import User

    locked = User.objects.select_for_update().filter(pk=user.pk, is_active=True).first()
    if locked is None or not locked.check_password(password):
        raise errors.WrongPassword()
    ShareLink.objects.filter(owner=locked).delete()
    WalletCredential.objects.filter(owner=locked).delete()
    TalentSkill.objects.filter(owner=locked).delete()
    LearnerProfile.objects.filter(user=locked).delete()
    locked.memberships.all().delete()
    locked.email = f"deleted-{uuid.uuid4().hex}@invalid.example"
    locked.display_name = ""
    locked.is_active = False
    locked.set_unusable_password()
    locked.save(update_fields=["email", "display_name", "is_active", "password"])
