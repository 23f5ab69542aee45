"""Status lists (docs/adr/0021-status-list-allocation.md, 0023): allocating slots, changing bits, publishing
the signed list credential. Writes (DESIGN.md §7.6): keyword-only, one transaction each, audit event inside.

Locking order, everywhere: the organisation row, then its status lists by primary key. On PostgreSQL rows are
locked with ``SELECT … FOR UPDATE``; on SQLite every transaction is ``BEGIN IMMEDIATE`` (settings.py), which
serialises writers for the whole database.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from microcred.accounts.models import Organization, User
from microcred.issuance import errors
from microcred.issuance.audit import audit_record, lock_organization
from microcred.issuance.identity import organization_did, status_list_url
from microcred.issuance.keyring import sign_document
from microcred.issuance.models import (
    DEFAULT_STATUS_LIST_SIZE,
    AuditEvent,
    StatusList,
    StatusPurpose,
    StatusSlot,
)
from microcred.issuance.permutation import permuted_index

__all__ = [
    "MAX_ENTRIES_PER_CHANGE",
    "AllocatedSlot",
    "status_entries_change",
    "status_entry_revoke",
    "status_entry_suspend",
    "status_entry_unsuspend",
    "status_list_publish",
    "status_slot_rows_allocate",
    "status_slots_allocate",
]

Action = AuditEvent.Action


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


@dataclass(frozen=True)
class AllocatedSlot:
    """A slot just allocated: its row id, its list and its index (bulk issuance needs no model instance)."""

    pk: int
    status_list: StatusList
    index: int


def _insert_slots(status_list: StatusList, indexes: list[int]) -> list[AllocatedSlot]:
    """One multi-row INSERT … RETURNING for the slots (far cheaper than bulk_create's model instances)."""
    if not indexes:
        return []
    table, index_column = StatusSlot._meta.db_table, connection.ops.quote_name("index")
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    values = ", ".join(["(%s, %s, %s)"] * len(indexes))
    params = [item for index in indexes for item in (status_list.pk, index, now)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (status_list_id, {index_column}, allocated_at) VALUES {values} "  # noqa: S608
            f"RETURNING id, {index_column}",
            params,
        )
        ids = {index: pk for pk, index in cursor.fetchall()}
    return [AllocatedSlot(ids[index], status_list, index) for index in indexes]


@transaction.atomic
def status_slot_rows_allocate(*, organization: Organization, purpose: str, count: int) -> list[AllocatedSlot]:
    """Claim ``count`` free slots in the organisation's ``purpose`` lists, opening a new list when one fills.

    Safe under concurrency: the organisation row is locked first (so two callers never open the same next
    list), then the open list; ``allocated`` only grows through a conditional UPDATE, and the unique
    (list, index) constraint backs it all up. A range of the list's counter is taken at once; each counter
    value maps to its index through the list's keyed permutation.
    """
    if purpose not in StatusPurpose.values:
        raise errors.WrongStatusPurpose(purpose)
    if count < 1:
        raise ValueError("count must be at least 1")
    organization = lock_organization(organization)
    slots: list[AllocatedSlot] = []
    while len(slots) < count:
        status_list = (
            StatusList.objects.select_for_update()
            .filter(organization=organization, purpose=purpose, allocated__lt=F("size"))
            .order_by("pk")
            .first()
        ) or _status_list_create(organization, purpose)
        start = status_list.allocated
        take = min(count - len(slots), status_list.size - start)
        claimed = StatusList.objects.filter(pk=status_list.pk, allocated=start).update(allocated=start + take)
        if claimed != 1:  # cannot happen while the row is locked; refuse rather than risk a duplicate
            raise RuntimeError("status list allocation raced; retry")
        key, size = bytes(status_list.permutation_key), status_list.size
        indexes = [permuted_index(n, key=key, size=size) for n in range(start, start + take)]
        slots.extend(_insert_slots(status_list, indexes))
    return slots


def status_slots_allocate(*, organization: Organization, purpose: str, count: int = 1) -> list[StatusSlot]:
    """:func:`status_slot_rows_allocate` as ``StatusSlot`` instances (one transaction as well)."""
    slots = []
    for allocated in status_slot_rows_allocate(organization=organization, purpose=purpose, count=count):
        slot = StatusSlot(pk=allocated.pk, status_list=allocated.status_list, index=allocated.index)
        slot._state.adding, slot._state.db = False, "default"
        slots.append(slot)
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
