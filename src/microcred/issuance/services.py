"""Writes of the issuance infrastructure (DESIGN.md §7.6): ``<noun>_<verb>``, keyword-only, one transaction
each, the audit event written inside that same transaction. Signing keys and API tokens here; status lists in
``status_lists`` and the audit writer in ``audit`` (both re-exported, so ``services.<name>`` keeps working).

Locking order, everywhere: the organisation row, then its status lists by primary key.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import timedelta
from typing import Final

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from microcred.accounts.models import Organization, User
from microcred.issuance import errors
from microcred.issuance.audit import audit_record, lock_organization
from microcred.issuance.keyring import new_sealed_key
from microcred.issuance.models import ApiToken, AuditEvent, SigningKey
from microcred.issuance.status_lists import (
    MAX_ENTRIES_PER_CHANGE,
    AllocatedSlot,
    status_entries_change,
    status_entry_revoke,
    status_entry_suspend,
    status_entry_unsuspend,
    status_list_publish,
    status_slot_rows_allocate,
    status_slots_allocate,
)

__all__ = [
    "MAX_ENTRIES_PER_CHANGE",
    "TOKEN_SCHEME",
    "AllocatedSlot",
    "api_token_authenticate",
    "api_token_create",
    "api_token_revoke",
    "audit_record",
    "signing_key_create",
    "signing_key_revoke",
    "signing_key_rotate",
    "status_entries_change",
    "status_entry_revoke",
    "status_entry_suspend",
    "status_entry_unsuspend",
    "status_list_publish",
    "status_slot_rows_allocate",
    "status_slots_allocate",
]

TOKEN_SCHEME: Final = "mct"  # noqa: S105 - the token prefix, not a secret
_TOKEN_SHAPE: Final = re.compile(r"^mct_([0-9a-f]{12})_[A-Za-z0-9_-]{43}$")
_LAST_USED_GRANULARITY: Final = timedelta(minutes=1)
Action = AuditEvent.Action


# -- signing keys ----------------------------------------------------------------------------------------


def _install_new_key(organization: Organization) -> SigningKey:
    signing_key = new_sealed_key(organization)
    signing_key.save()
    return signing_key


@transaction.atomic
def signing_key_create(
    *, organization: Organization, actor: User | None = None, actor_label: str = ""
) -> SigningKey:
    """The organisation's first signing key (an organisation that has an active key rotates instead)."""
    organization = lock_organization(organization)
    if SigningKey.objects.filter(organization=organization, status=SigningKey.Status.ACTIVE).exists():
        return signing_key_rotate(organization=organization, actor=actor, actor_label=actor_label)
    signing_key = _install_new_key(organization)
    audit_record(
        organization=organization,
        action=Action.KEY_CREATED,
        subject_type="signing_key",
        subject_ids=[signing_key.pk],
        actor=actor,
        actor_label=actor_label,
        details={"public_key_multibase": signing_key.public_key_multibase},
    )
    return signing_key


@transaction.atomic
def signing_key_rotate(
    *, organization: Organization, actor: User | None = None, actor_label: str = "", reason: str = ""
) -> SigningKey:
    """Retire the active key (it stays in the DID document, so what it signed keeps verifying); a new key
    signs from now on."""
    organization = lock_organization(organization)
    now = timezone.now()
    retired = list(
        SigningKey.objects.filter(organization=organization, status=SigningKey.Status.ACTIVE).values_list(
            "pk", flat=True
        )
    )
    SigningKey.objects.filter(pk__in=retired).update(status=SigningKey.Status.RETIRED, retired_at=now)
    signing_key = _install_new_key(organization)
    audit_record(
        organization=organization,
        action=Action.KEY_ROTATED,
        subject_type="signing_key",
        subject_ids=[signing_key.pk, *retired],
        actor=actor,
        actor_label=actor_label,
        reason=reason,
        details={"public_key_multibase": signing_key.public_key_multibase, "retired": retired},
    )
    return signing_key


@transaction.atomic
def signing_key_revoke(
    *, signing_key: SigningKey, reason: str, actor: User | None = None, actor_label: str = ""
) -> SigningKey:
    """Withdraw a (compromised) key from the DID document: what it signed no longer verifies."""
    organization = lock_organization(signing_key.organization)
    locked = SigningKey.objects.select_for_update().get(pk=signing_key.pk, organization=organization)
    if locked.status != SigningKey.Status.REVOKED:
        locked.status = SigningKey.Status.REVOKED
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["status", "revoked_at"])
        audit_record(
            organization=organization,
            action=Action.KEY_REVOKED,
            subject_type="signing_key",
            subject_ids=[locked.pk],
            actor=actor,
            actor_label=actor_label,
            reason=reason,
        )
    return locked


# -- API tokens ------------------------------------------------------------------------------------------


def _token_hash(raw_token: str) -> str:
    # Tokens carry 256 random bits, so a fast hash is enough (no dictionary to slow down).
    return hashlib.sha256(raw_token.encode("utf-8")).hexdigest()


@transaction.atomic
def api_token_create(
    *, organization: Organization, name: str = "", created_by: User | None = None, actor_label: str = ""
) -> tuple[ApiToken, str]:
    """A new token; the raw value is returned once, here, and never stored."""
    prefix = secrets.token_hex(6)
    raw_token = f"{TOKEN_SCHEME}_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        organization=organization,
        name=name,
        prefix=prefix,
        token_hash=_token_hash(raw_token),
        created_by=created_by,
    )
    audit_record(
        organization=organization,
        action=Action.TOKEN_CREATED,
        subject_type="api_token",
        subject_ids=[token.pk],
        actor=created_by,
        actor_label=actor_label,
        details={"prefix": prefix, "name": name},
    )
    return token, raw_token


@transaction.atomic
def api_token_revoke(
    *, token: ApiToken, actor: User | None = None, actor_label: str = "", reason: str = ""
) -> ApiToken:
    updated = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    token.refresh_from_db()
    if updated:
        audit_record(
            organization=token.organization,
            action=Action.TOKEN_REVOKED,
            subject_type="api_token",
            subject_ids=[token.pk],
            actor=actor,
            actor_label=actor_label,
            reason=reason,
        )
    return token


def api_token_authenticate(*, raw_token: str) -> ApiToken:
    """The live token matching ``raw_token``; unknown, malformed and revoked tokens all raise
    :class:`InvalidToken`."""
    match = _TOKEN_SHAPE.match(raw_token)
    if match is None:
        raise errors.InvalidToken()
    token = ApiToken.objects.select_related("organization").filter(prefix=match.group(1)).first()
    if token is None or not hmac.compare_digest(token.token_hash, _token_hash(raw_token)) or token.is_revoked:
        raise errors.InvalidToken()
    now = timezone.now()
    stale = Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - _LAST_USED_GRANULARITY)
    ApiToken.objects.filter(stale, pk=token.pk).update(last_used_at=now)  # at most one write a minute
    return token
