"""Bulk issuance, one chunk at a time (``bulk.batch_work`` drives the loop; docs/adr/0023, 0024).

1. :func:`batch_claim` — one short transaction: claim up to ``chunk_size`` rows that are pending or whose
   lease ran out, in primary-key order, and give each a status slot unless it has one from an earlier,
   crashed attempt (so a crash leaks nothing). Everything signing needs is read here, once.
2. :func:`sign_rows` — build and sign outside any transaction: per row and independent, so throughput grows
   with the number of worker processes.
3. :func:`batch_finish` — one transaction: insert the credentials of the rows the worker still owns (a row
   whose lease expired and was reclaimed belongs to another worker now), mark them done, advance progress,
   one audit event for the chunk.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone

from credcore.dataintegrity import add_proof
from credcore.keys import Ed25519Multikey
from credcore.status import BitstringStatusListEntry
from microcred.accounts.models import Organization
from microcred.issuance import services
from microcred.issuance.builder import AchievementTemplate, EvidenceItem
from microcred.issuance.credential_services import STATUS_PURPOSE, validity_for
from microcred.issuance.identity import status_list_url
from microcred.issuance.keyring import CRYPTOSUITE
from microcred.issuance.models import AuditEvent, IssuanceBatch, IssuanceRow, IssuedCredential, StatusSlot

__all__ = ["ClaimedRow", "batch_claim", "batch_finish", "sign_rows"]

Action = AuditEvent.Action

try:
    import orjson as _orjson
except ImportError:  # pragma: no cover - pinned in pyproject; json's encoder otherwise
    _orjson = None  # type: ignore[assignment]


def _claimable(batch: IssuanceBatch, now: Any) -> Any:
    return IssuanceRow.objects.filter(batch=batch).filter(
        Q(state=IssuanceRow.State.PENDING) | Q(state=IssuanceRow.State.CLAIMED, lease_until__lt=now)
    )


@dataclass(frozen=True)
class ClaimedRow:
    """What signing and storing one claimed row need, read once at claim (no query per row later)."""

    pk: int
    email: str
    idempotency_key: str
    evidence_url: str
    narrative: str
    credential_uuid: uuid.UUID
    slot_id: int
    status_entry: BitstringStatusListEntry


_ROW_FIELDS = (
    "pk", "email", "idempotency_key", "evidence_url", "narrative", "credential_uuid", "status_slot",
)  # fmt: skip


def _entry(organization: Organization, purpose: str, sequence: int, index: int) -> BitstringStatusListEntry:
    url = status_list_url(organization, purpose, sequence)
    return BitstringStatusListEntry(url, index, purpose, f"{url}#{index}")


def _status_entries(organization: Organization, slot_ids: list[int]) -> dict[int, BitstringStatusListEntry]:
    """The credentialStatus entries of slots allocated earlier (rows reclaimed after a crash): one query."""
    slots = StatusSlot.objects.filter(pk__in=slot_ids).values_list(
        "pk", "index", "status_list__purpose", "status_list__sequence"
    )
    return {pk: _entry(organization, purpose, sequence, index) for pk, index, purpose, sequence in slots}


def _claim_rows(batch: IssuanceBatch, worker: str, now: Any, ids: list[int], slots: dict[int, int]) -> int:
    """One conditional UPDATE claims the chunk and gives the rows needing one their slot (``CASE id …``)."""
    lease = connection.ops.adapt_datetimefield_value(now + timedelta(seconds=batch.lease_seconds))
    cases = " ".join(f"WHEN {int(pk)} THEN {int(slot_id)}" for pk, slot_id in slots.items())
    slot_sql = f", status_slot_id = CASE id {cases} ELSE status_slot_id END" if slots else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {IssuanceRow._meta.db_table} SET state = %s, claimed_by = %s, lease_until = %s, "  # noqa: S608
            f"attempts = attempts + 1{slot_sql} WHERE id IN ({', '.join(str(int(pk)) for pk in ids)}) "
            "AND (state = %s OR (state = %s AND lease_until < %s))",  # our own table, integers we formatted
            [IssuanceRow.State.CLAIMED, worker, lease, IssuanceRow.State.PENDING, IssuanceRow.State.CLAIMED,
             connection.ops.adapt_datetimefield_value(now)],
        )  # fmt: skip
        return int(cursor.rowcount)


@transaction.atomic
def batch_claim(*, batch: IssuanceBatch, worker: str) -> list[ClaimedRow]:
    """Claim the next bounded chunk of rows (pk order) for ``worker``; give each a status slot unless it has
    one from an earlier, crashed attempt. The rows read are locked (``FOR UPDATE SKIP LOCKED`` on PostgreSQL;
    on SQLite the transaction holds the write lock from its start), so the UPDATE claims all of them."""
    now = timezone.now()
    candidates = _claimable(batch, now).order_by("pk")
    if connection.vendor == "postgresql":
        candidates = candidates.select_for_update(skip_locked=True, of=("self",))
    rows = list(candidates.values_list(*_ROW_FIELDS)[: batch.chunk_size])
    if not rows:
        return []
    needing = [row[0] for row in rows if row[-1] is None]
    entries = _status_entries(batch.organization, [row[-1] for row in rows if row[-1] is not None])
    given: dict[int, int] = {}
    if needing:
        allocated = services.status_slot_rows_allocate(
            organization=batch.organization, purpose=STATUS_PURPOSE, count=len(needing)
        )
        for pk, slot in zip(needing, allocated, strict=True):
            given[pk] = slot.pk
            entries[slot.pk] = _entry(batch.organization, slot.status_list.purpose,
                                      slot.status_list.sequence, slot.index)  # fmt: skip
    if _claim_rows(batch, worker, now, [row[0] for row in rows], given) != len(rows):
        raise RuntimeError("rows changed under the claim lock; nothing claimed")  # rolls back the slots too
    IssuanceBatch.objects.filter(pk=batch.pk, started_at__isnull=True).update(
        started_at=now, state=IssuanceBatch.State.RUNNING
    )
    claimed = []
    for pk, email, key, evidence_url, narrative, credential_uuid, slot_id in rows:
        slot_id = given.get(pk, slot_id)
        claimed.append(ClaimedRow(pk, email, key, evidence_url, narrative, credential_uuid, slot_id,
                                  entries[slot_id]))  # fmt: skip
    return claimed


def _evidence(row: ClaimedRow) -> list[EvidenceItem]:
    if not (row.evidence_url or row.narrative):
        return []
    return [EvidenceItem(url=row.evidence_url or None, narrative=row.narrative or None)]


def sign_rows(
    batch: IssuanceBatch, template: AchievementTemplate, key: Ed25519Multikey, rows: list[ClaimedRow]
) -> list[tuple[ClaimedRow, dict[str, Any]]]:
    """Build and sign each row's credential; no transaction is held (signing dominates the time). The
    template (everything the same for every learner) was built once for the batch, the key unsealed once."""
    now = timezone.now().replace(microsecond=0)
    valid_until = validity_for(batch.version, now)
    signed = []
    for row in rows:
        unsigned = template.credential_fast(
            credential_id=f"urn:uuid:{row.credential_uuid}",
            email=row.email,
            issued_at=now,
            valid_from=now,
            valid_until=valid_until,
            status_entry=row.status_entry,
            evidence=_evidence(row),
        )
        signed.append((row, add_proof(unsigned, key, cryptosuite=CRYPTOSUITE)))
    return signed


_INSERTED = (
    "organization", "version", "batch", "recipient_email", "credential_id", "idempotency_key", "request_hash",
    "status_slot", "document", "inputs", "state", "issued_at", "valid_from", "valid_until", "state_reason",
    "actor", "actor_label",
)  # fmt: skip


def _insert(values: list[tuple[Any, ...]]) -> None:
    """Store a chunk of credentials with values converted beforehand. PostgreSQL: ``COPY`` (no statement to
    parse and plan per row); SQLite: one prepared INSERT run for every row. Django's bulk_create would build
    model instances and convert them field by field while holding the write lock."""
    table = IssuedCredential._meta.db_table
    columns = ", ".join(IssuedCredential._meta.get_field(name).column for name in _INSERTED)  # type: ignore[union-attr,misc]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for value in values:
                    copy.write_row(value)
        else:
            placeholders = ", ".join(["%s"] * len(_INSERTED))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", values)  # noqa: S608


def _dumps(value: Any) -> str:
    """Compact JSON for the document columns: orjson (a dependency) is ≈ 10× json's C encoder on a signed
    credential; both write the same compact UTF-8 JSON that the JSON field reads back."""
    if _orjson is None:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return _orjson.dumps(value).decode("utf-8")


def _prepare(batch: IssuanceBatch, signed: list[tuple[ClaimedRow, dict[str, Any]]]) -> list[tuple[Any, ...]]:
    """Every row's column values, converted for the database before any lock is taken."""
    adapt = connection.ops.adapt_datetimefield_value
    moments: dict[str, Any] = {}

    def moment(text: str | None) -> Any:
        if text is None:
            return None
        if text not in moments:
            moments[text] = adapt(datetime.fromisoformat(text))
        return moments[text]

    actor_label = batch.actor_label or f"batch:{batch.pk}"
    values = []
    for row, document in signed:
        inputs = {"evidence": [asdict(item) for item in _evidence(row)]} if _evidence(row) else {}
        valid_from = moment(document["validFrom"])
        values.append((
            batch.organization_id, batch.version_id, batch.pk, row.email, document["id"],
            row.idempotency_key, "", row.slot_id, _dumps(document), _dumps(inputs),
            IssuedCredential.State.ACTIVE, valid_from, valid_from, moment(document.get("validUntil")), "",
            batch.created_by_id, actor_label,
        ))  # fmt: skip
    return values


def batch_finish(
    *, batch: IssuanceBatch, worker: str, signed: list[tuple[ClaimedRow, dict[str, Any]]]
) -> int:
    """Store the credentials of the rows ``worker`` still owns; returns how many rows it completed."""
    return _finish(batch, worker, signed, _prepare(batch, signed))


@transaction.atomic
def _finish(
    batch: IssuanceBatch,
    worker: str,
    signed: list[tuple[ClaimedRow, dict[str, Any]]],
    values: list[tuple[Any, ...]],
) -> int:
    owned = set(
        IssuanceRow.objects.select_for_update()
        .filter(pk__in=[row.pk for row, _ in signed], claimed_by=worker, state=IssuanceRow.State.CLAIMED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    mine = [(row, value) for (row, _), value in zip(signed, values, strict=True) if row.pk in owned]
    if not mine:
        return 0
    existing = set(
        IssuedCredential.objects.filter(
            organization=batch.organization, idempotency_key__in=[row.idempotency_key for row, _ in mine]
        ).values_list("idempotency_key", flat=True)
    )
    fresh = [(row, value) for row, value in mine if row.idempotency_key not in existing]
    if fresh:
        _insert([value for _, value in fresh])
    credential = IssuedCredential.objects.filter(
        organization=batch.organization, idempotency_key=OuterRef("idempotency_key")
    ).values("pk")[:1]
    IssuanceRow.objects.filter(pk__in=[row.pk for row, _ in mine]).update(
        state=IssuanceRow.State.DONE, lease_until=None, credential=Subquery(credential)
    )
    IssuanceBatch.objects.filter(pk=batch.pk).update(done=F("done") + len(mine))
    if fresh:
        services.audit_record(
            organization=batch.organization,
            action=Action.BATCH_ISSUED,
            subject_type="credential",
            subject_ids=[f"urn:uuid:{row.credential_uuid}" for row, _ in fresh],
            actor=batch.created_by,
            actor_label=batch.actor_label or f"batch:{batch.pk}",
            details={"batch_id": batch.pk, "worker": worker},
        )
    return len(mine)
