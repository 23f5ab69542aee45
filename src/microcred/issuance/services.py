"""Writes of the issuance infrastructure (DESIGN.md §7.6): ``<noun>_<verb>``, keyword-only, one transaction
each, the audit event written inside that same transaction.

credcore's status and proof modules are imported where used, so the rest of the platform loads without them.

Locking order, everywhere: the organisation row, then its status lists by primary key. On PostgreSQL rows are
locked with ``SELECT … FOR UPDATE``; on SQLite every transaction is ``BEGIN IMMEDIATE`` (settings.py), which
serialises writers for the whole database.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from collections.abc import Sequence
from datetime import timedelta
from typing import Any, Final

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from microcred.accounts.models import Organization, User
from microcred.issuance import errors
from microcred.issuance.identity import organization_did, status_list_url
from microcred.issuance.keyring import new_sealed_key, sign_document
from microcred.issuance.models import (
    DEFAULT_STATUS_LIST_SIZE,
    ApiToken,
    AuditEvent,
    SigningKey,
    StatusList,
    StatusPurpose,
    StatusSlot,
)
from microcred.issuance.permutation import permuted_index

__all__ = [
    "TOKEN_SCHEME",
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
    "status_slots_allocate",
]

TOKEN_SCHEME: Final = "mct"  # noqa: S105 - the token prefix, not a secret
_TOKEN_SHAPE: Final = re.compile(r"^mct_([0-9a-f]{12})_[A-Za-z0-9_-]{43}$")
_LAST_USED_GRANULARITY: Final = timedelta(minutes=1)
Action = AuditEvent.Action


# -- audit -----------------------------------------------------------------------------------------------


def audit_record(
    *,
    organization: Organization,
    action: str,
    subject_type: str,
    subject_ids: Sequence[int | str],
    actor: User | None = None,
    actor_label: str = "",
    reason: str = "",
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append an audit event. Only inside the transaction of the change it records: refused outside one."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit events are written inside the transaction of the change they record")
    return AuditEvent.objects.create(
        organization=organization,
        actor=actor,
        actor_label=actor_label,
        action=action,
        subject_type=subject_type,
        subject_ids=list(subject_ids),
        reason=reason,
        details=details or {},
    )


def _lock_organization(organization: Organization) -> Organization:
    return Organization.objects.select_for_update().get(pk=organization.pk)


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
    organization = _lock_organization(organization)
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
    organization = _lock_organization(organization)
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
    organization = _lock_organization(signing_key.organization)
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


# -- status lists ----------------------------------------------------------------------------------------


def _publish(status_list: StatusList) -> None:
    """Sign the list's current bits with the organisation's current key; cache the credential on the row."""
    from credcore.status import BitstringStatusList, build_status_list_credential

    organization = status_list.organization
    unsigned = build_status_list_credential(
        id=status_list_url(organization, status_list.purpose, status_list.sequence),
        issuer=organization_did(organization),
        status_list=BitstringStatusList(bytes(status_list.bits)),
        status_purpose=status_list.purpose,
        valid_from=timezone.now().replace(microsecond=0),
    )
    status_list.credential = sign_document(unsigned, organization=organization)
    status_list.published_revision = status_list.revision
    status_list.published_at = timezone.now()
    status_list.save(update_fields=["credential", "published_revision", "published_at"])


@transaction.atomic
def status_list_publish(*, status_list_id: int) -> StatusList:
    """(Re)sign a list whose bits changed since it was last published. Idempotent."""
    status_list = StatusList.objects.select_for_update().select_related("organization").get(pk=status_list_id)
    if status_list.credential is None or status_list.published_revision != status_list.revision:
        _publish(status_list)
    return status_list


def _status_list_create(organization: Organization, purpose: str) -> StatusList:
    from credcore.status import BitstringStatusList

    last = StatusList.objects.filter(organization=organization, purpose=purpose).order_by("-sequence").first()
    status_list = StatusList.objects.create(
        organization=organization,
        purpose=purpose,
        sequence=1 if last is None else last.sequence + 1,
        size=DEFAULT_STATUS_LIST_SIZE,
        bits=BitstringStatusList.create(DEFAULT_STATUS_LIST_SIZE).bits,
        permutation_key=os.urandom(32),
    )
    _publish(status_list)
    return status_list


@transaction.atomic
def status_slots_allocate(*, organization: Organization, purpose: str, count: int = 1) -> list[StatusSlot]:
    """Claim ``count`` free slots in the organisation's ``purpose`` lists, opening a new list when one fills.

    Safe under concurrency: the organisation row is locked first (so two callers never open the same next
    list), then the open list; ``allocated`` only grows through a conditional UPDATE, and the unique
    (list, index) constraint backs it all up.
    """
    if purpose not in StatusPurpose.values:
        raise errors.WrongStatusPurpose(purpose)
    if count < 1:
        raise ValueError("count must be at least 1")
    organization = _lock_organization(organization)
    slots: list[StatusSlot] = []
    while len(slots) < count:
        status_list = (
            StatusList.objects.select_for_update()
            .filter(organization=organization, purpose=purpose, allocated__lt=F("size"))
            .order_by("pk")
            .first()
        ) or _status_list_create(organization, purpose)
        start = status_list.allocated
        take = min(count - len(slots), status_list.size - start)
        key = bytes(status_list.permutation_key)
        batch = [
            StatusSlot(status_list=status_list, index=permuted_index(n, key=key, size=status_list.size))
            for n in range(start, start + take)
        ]
        claimed = StatusList.objects.filter(pk=status_list.pk, allocated=start).update(allocated=start + take)
        if claimed != 1:  # cannot happen while the row is locked; refuse rather than risk a duplicate
            raise RuntimeError("status list allocation raced; retry")
        slots.extend(StatusSlot.objects.bulk_create(batch))
    return slots


# (purpose the list must serve, bit value afterwards, error when already so, audit action)
_CHANGES: Final[dict[str, tuple[str, int, type[errors.IssuanceError], str]]] = {
    "revoke": (StatusPurpose.REVOCATION, 1, errors.AlreadyRevoked, Action.CREDENTIAL_REVOKED),
    "suspend": (StatusPurpose.SUSPENSION, 1, errors.AlreadySuspended, Action.CREDENTIAL_SUSPENDED),
    "unsuspend": (StatusPurpose.SUSPENSION, 0, errors.NotSuspended, Action.CREDENTIAL_UNSUSPENDED),
}
MAX_ENTRIES_PER_CHANGE: Final = 5_000


@transaction.atomic
def status_entries_change(
    *,
    status_list: StatusList,
    indexes: Sequence[int],
    change: str,
    reason: str = "",
    actor: User | None = None,
    actor_label: str = "",
) -> StatusList:
    """Apply one lifecycle ``change`` (revoke, suspend, unsuspend) to entries of a list, then re-sign the list
    once and audit it — all or nothing. Revocation is permanent. A bounded batch: callers with more entries
    (bulk lifecycle jobs) loop over batches of at most ``MAX_ENTRIES_PER_CHANGE``."""
    from credcore.status import BitstringStatusList

    purpose, value, unchanged_error, action = _CHANGES[change]
    wanted = sorted(set(indexes))
    if not wanted or len(wanted) > MAX_ENTRIES_PER_CHANGE:
        raise ValueError(f"between 1 and {MAX_ENTRIES_PER_CHANGE} distinct indexes per change")
    locked = StatusList.objects.select_for_update().select_related("organization").get(pk=status_list.pk)
    if locked.purpose != purpose:
        raise errors.WrongStatusPurpose(f"list {locked.pk} is a {locked.purpose} list")
    allocated = set(
        StatusSlot.objects.filter(status_list=locked, index__in=wanted).values_list("index", flat=True)
    )
    if missing := [index for index in wanted if index not in allocated]:
        raise errors.UnknownStatusEntry(f"{locked.pk}#{missing[0]}")
    bits = BitstringStatusList(bytes(locked.bits))
    if unchanged := [index for index in wanted if bits.get(index) == value]:
        raise unchanged_error(f"{locked.pk}#{unchanged[0]}")
    for index in wanted:
        bits = bits.with_status(index, value)
    locked.bits = bits.bits
    locked.revision += 1
    locked.save(update_fields=["bits", "revision"])
    _publish(locked)
    audit_record(
        organization=locked.organization,
        action=action,
        subject_type="status_entry",
        subject_ids=[f"{locked.purpose}/{locked.sequence}#{index}" for index in wanted],
        actor=actor,
        actor_label=actor_label,
        reason=reason,
        details={"status_list_id": locked.pk, "indexes": wanted, "revision": locked.revision},
    )
    return locked


def status_entry_revoke(
    *, status_list: StatusList, index: int, reason: str, actor: User | None = None, actor_label: str = ""
) -> StatusList:
    """Set a revocation bit (permanent) and republish the signed list."""
    return status_entries_change(
        status_list=status_list,
        indexes=[index],
        change="revoke",
        reason=reason,
        actor=actor,
        actor_label=actor_label,
    )


def status_entry_suspend(
    *, status_list: StatusList, index: int, reason: str = "", actor: User | None = None, actor_label: str = ""
) -> StatusList:
    return status_entries_change(
        status_list=status_list,
        indexes=[index],
        change="suspend",
        reason=reason,
        actor=actor,
        actor_label=actor_label,
    )


def status_entry_unsuspend(
    *, status_list: StatusList, index: int, reason: str = "", actor: User | None = None, actor_label: str = ""
) -> StatusList:
    return status_entries_change(
        status_list=status_list,
        indexes=[index],
        change="unsuspend",
        reason=reason,
        actor=actor,
        actor_label=actor_label,
    )


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
