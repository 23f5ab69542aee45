"""Bulk issuance (DESIGN.md §7.7): an ``IssuanceBatch`` of rows, worked by background jobs in bounded chunks.

A worker loop, per chunk:

1. ``batch_claim`` — one short transaction: claim up to ``chunk_size`` rows that are pending or whose lease
   ran out (``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL, so workers never wait on each other's rows; a
   conditional UPDATE either way), in primary-key order, and give each claimed row a status slot unless it
   has one from an earlier, crashed attempt (so a crash leaks nothing).
2. Build and sign every credential outside any transaction: signing is per row and independent, so the
   throughput grows with the number of worker processes.
3. ``batch_finish`` — one transaction: insert the credentials of the rows the worker still owns (a row
   whose lease expired and was reclaimed belongs to the other worker now), mark them done, advance the
   batch's progress and write one audit event.

Idempotent: a row's credential id and status slot are fixed once claimed, and the unique
(organisation, idempotency key) of ``IssuedCredential`` means a re-run, a re-upload of the same CSV or a
reclaimed row never issues twice. A killed worker leaves claimed rows behind; they are reclaimed when their
lease (``IssuanceBatch.lease_seconds``) expires.
"""

from __future__ import annotations

import csv
import io
import os
import socket
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import connection, transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone

from credcore.dataintegrity import add_proof
from microcred.accounts.models import Organization, User
from microcred.catalog.models import MicroCredentialVersion
from microcred.issuance import errors, services
from microcred.issuance.builder import AchievementTemplate, EvidenceItem, normalize_email
from microcred.issuance.credential_services import (
    STATUS_PURPOSE,
    achievement_template,
    status_entry_for,
    validity_for,
)
from microcred.issuance.keyring import CRYPTOSUITE, signer_for
from microcred.issuance.models import AuditEvent, IssuanceBatch, IssuanceRow, IssuedCredential

__all__ = [
    "RowInput",
    "batch_claim",
    "batch_create",
    "batch_finish",
    "batch_work",
    "csv_line",
    "default_row_key",
    "parse_csv",
    "worker_name",
]

Action = AuditEvent.Action
MAX_ROWS = 200_000
CSV_COLUMNS = ("email", "idempotency_key", "evidence_url", "narrative")


@dataclass(frozen=True)
class RowInput:
    email: str
    idempotency_key: str = ""
    evidence_url: str = ""
    narrative: str = ""


def csv_line(*values: str) -> str:
    out = io.StringIO()
    csv.writer(out).writerow(values)
    return out.getvalue()


def default_row_key(version: MicroCredentialVersion, email: str) -> str:
    """Re-uploading the same learners for the same version never issues twice."""
    return f"bulk:{version.pk}:{normalize_email(email)}"


def parse_csv(text: str) -> list[RowInput]:
    """Rows of a CSV with an ``email`` header (optional: idempotency_key, evidence_url, narrative).

    Every problem is reported at once, with its line, as ``InvalidBatch`` details."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [name.strip().lower() for name in reader.fieldnames or []]
    if "email" not in header:
        raise errors.InvalidBatch("the CSV header needs an 'email' column")
    reader.fieldnames = header
    rows: list[RowInput] = []
    problems: list[str] = []
    url_ok = URLValidator(schemes=["https", "http"])
    for line, record in enumerate(reader, start=2):
        values = {name: (record.get(name) or "").strip() for name in CSV_COLUMNS}
        try:
            validate_email(values["email"])
            if values["evidence_url"]:
                url_ok(values["evidence_url"])
        except ValidationError:
            problems.append(f"line {line}: invalid email or evidence_url")
            continue
        rows.append(RowInput(**values))
        if len(rows) > MAX_ROWS:
            raise errors.InvalidBatch(f"more than {MAX_ROWS} rows")
    if problems:
        raise errors.InvalidBatch("; ".join(problems[:20]))
    if not rows:
        raise errors.InvalidBatch("no rows")
    return rows


@transaction.atomic
def batch_create(
    *,
    organization: Organization,
    version: MicroCredentialVersion,
    rows: Iterable[RowInput],
    source: str,
    actor: User | None = None,
    actor_label: str = "",
    chunk_size: int = 500,
    lease_seconds: int = 120,
    workers: int = 1,
    enqueue: bool = True,
) -> IssuanceBatch:
    """Store the rows and enqueue ``workers`` jobs once the transaction commits."""
    achievement_template(version=version, organization=organization)  # refuses what cannot be issued
    batch = IssuanceBatch.objects.create(
        organization=organization,
        version=version,
        source=source,
        created_by=actor,
        actor_label=actor_label,
        chunk_size=max(1, min(chunk_size, 5_000)),
        lease_seconds=max(1, lease_seconds),
    )
    seen: set[str] = set()
    objects: list[IssuanceRow] = []
    for line, row in enumerate(rows, start=1):
        key = row.idempotency_key or default_row_key(version, row.email)
        if key in seen:
            continue  # the same learner twice in one upload: one credential
        seen.add(key)
        objects.append(
            IssuanceRow(
                batch=batch,
                line=line,
                email=normalize_email(row.email),
                idempotency_key=key,
                evidence_url=row.evidence_url,
                narrative=row.narrative,
            )
        )
    IssuanceRow.objects.bulk_create(objects, batch_size=2_000)
    batch.total = len(objects)
    batch.save(update_fields=["total"])
    services.audit_record(
        organization=organization,
        action=Action.BATCH_CREATED,
        subject_type="issuance_batch",
        subject_ids=[batch.pk],
        actor=actor,
        actor_label=actor_label,
        details={"version_id": version.pk, "rows": batch.total, "source": source},
    )
    if enqueue:
        from microcred.issuance.tasks import enqueue_on_commit, issuance_batch_run_job

        for _ in range(max(1, workers)):
            enqueue_on_commit(issuance_batch_run_job, batch.pk)
    return batch


def worker_name() -> str:
    return f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _claimable(batch: IssuanceBatch, now: Any) -> Any:
    return IssuanceRow.objects.filter(batch=batch).filter(
        Q(state=IssuanceRow.State.PENDING) | Q(state=IssuanceRow.State.CLAIMED, lease_until__lt=now)
    )


@transaction.atomic
def batch_claim(*, batch: IssuanceBatch, worker: str) -> list[int]:
    """Claim the next bounded chunk of rows (pk order) for ``worker``; give each a status slot."""
    now = timezone.now()
    candidates = _claimable(batch, now).order_by("pk")
    if connection.vendor == "postgresql":
        candidates = candidates.select_for_update(skip_locked=True, of=("self",))
    ids = list(candidates.values_list("pk", flat=True)[: batch.chunk_size])
    if not ids:
        return []
    claimed = _claimable(batch, now).filter(pk__in=ids)
    claimed.update(
        state=IssuanceRow.State.CLAIMED,
        claimed_by=worker,
        lease_until=now + timedelta(seconds=batch.lease_seconds),
        attempts=F("attempts") + 1,
    )
    rows = list(IssuanceRow.objects.filter(pk__in=ids, claimed_by=worker).order_by("pk"))
    needing = [row for row in rows if row.status_slot_id is None]
    if needing:
        slots = services.status_slots_allocate(
            organization=batch.organization, purpose=STATUS_PURPOSE, count=len(needing)
        )
        table = IssuanceRow._meta.db_table
        with connection.cursor() as cursor:  # one prepared statement, many rows: far cheaper than bulk_update
            cursor.executemany(
                f"UPDATE {table} SET status_slot_id = %s WHERE id = %s",  # noqa: S608 - our own table name
                [(slot.pk, row.pk) for row, slot in zip(needing, slots, strict=True)],
            )
    IssuanceBatch.objects.filter(pk=batch.pk, started_at__isnull=True).update(
        started_at=now, state=IssuanceBatch.State.RUNNING
    )
    return [row.pk for row in rows]


def _sign_rows(
    batch: IssuanceBatch, template: AchievementTemplate, rows: list[IssuanceRow]
) -> list[tuple[IssuanceRow, dict[str, Any]]]:
    """Build and sign each row's credential; no transaction is held (signing dominates the time)."""
    key = signer_for(batch.organization)
    now = timezone.now().replace(microsecond=0)
    valid_until = validity_for(batch.version, now)
    signed = []
    for row in rows:
        evidence = (
            [EvidenceItem(url=row.evidence_url or None, narrative=row.narrative or None)]
            if row.evidence_url or row.narrative
            else []
        )
        unsigned = template.credential_fast(
            credential_id=f"urn:uuid:{row.credential_uuid}",
            email=row.email,
            issued_at=now,
            valid_from=now,
            valid_until=valid_until,
            status_entry=status_entry_for(row.status_slot),
            evidence=evidence,
        )
        signed.append((row, add_proof(unsigned, key, cryptosuite=CRYPTOSUITE)))
    return signed


_INSERTED = (
    "organization", "version", "award", "batch", "replaces", "recipient_email", "credential_id",
    "idempotency_key", "request_hash", "status_slot", "document", "inputs", "state", "issued_at",
    "valid_from", "valid_until", "state_changed_at", "state_reason", "actor", "actor_label",
)  # fmt: skip


@dataclass(frozen=True)
class _Prepared:
    """A row's credential with its column values already converted for the database (outside the lock)."""

    row: IssuanceRow
    credential_id: str
    values: tuple[Any, ...]


def _prepare(batch: IssuanceBatch, signed: list[tuple[IssuanceRow, dict[str, Any]]]) -> list[_Prepared]:
    fields = [IssuedCredential._meta.get_field(name) for name in _INSERTED]
    prepared = []
    for row, document in signed:
        credential = IssuedCredential(
            organization_id=batch.organization_id,
            version_id=batch.version_id,
            batch_id=batch.pk,
            recipient_email=row.email,
            credential_id=document["id"],
            idempotency_key=row.idempotency_key,
            status_slot_id=row.status_slot_id,
            document=document,
            inputs={
                "evidence": [
                    {"url": row.evidence_url or None, "name": None, "narrative": row.narrative or None}
                ]
            }
            if row.evidence_url or row.narrative
            else {},
            issued_at=document["validFrom"],
            valid_from=document["validFrom"],
            valid_until=document.get("validUntil"),
            actor_id=batch.created_by_id,
            actor_label=batch.actor_label or f"batch:{batch.pk}",
        )
        values = tuple(
            field.get_db_prep_save(getattr(credential, field.attname), connection)  # type: ignore[union-attr]
            for field in fields
        )
        prepared.append(_Prepared(row, document["id"], values))
    return prepared


def _insert(prepared: list[_Prepared]) -> None:
    """One prepared INSERT executed for many rows: Django's bulk_create would build the statement, field by
    field, while holding the (on SQLite, database-wide) write lock."""
    columns = [IssuedCredential._meta.get_field(name).column for name in _INSERTED]  # type: ignore[union-attr]
    sql = (
        f"INSERT INTO {IssuedCredential._meta.db_table} ({', '.join(columns)}) "  # noqa: S608 - our own names
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, [item.values for item in prepared])


def batch_finish(
    *, batch: IssuanceBatch, worker: str, signed: list[tuple[IssuanceRow, dict[str, Any]]]
) -> int:
    """Store the credentials of the rows ``worker`` still owns; returns how many rows it completed."""
    return _finish(batch, worker, _prepare(batch, signed))


@transaction.atomic
def _finish(batch: IssuanceBatch, worker: str, prepared: list[_Prepared]) -> int:
    ids = [item.row.pk for item in prepared]
    owned = set(
        IssuanceRow.objects.select_for_update()
        .filter(pk__in=ids, claimed_by=worker, state=IssuanceRow.State.CLAIMED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    mine = [item for item in prepared if item.row.pk in owned]
    if not mine:
        return 0
    existing = set(
        IssuedCredential.objects.filter(
            organization=batch.organization, idempotency_key__in=[item.row.idempotency_key for item in mine]
        ).values_list("idempotency_key", flat=True)
    )
    fresh = [item for item in mine if item.row.idempotency_key not in existing]
    if fresh:
        _insert(fresh)
    credential = IssuedCredential.objects.filter(
        organization=batch.organization, idempotency_key=OuterRef("idempotency_key")
    ).values("pk")[:1]
    IssuanceRow.objects.filter(pk__in=[item.row.pk for item in mine]).update(
        state=IssuanceRow.State.DONE, lease_until=None, credential=Subquery(credential)
    )
    IssuanceBatch.objects.filter(pk=batch.pk).update(done=F("done") + len(mine))
    if fresh:
        services.audit_record(
            organization=batch.organization,
            action=Action.BATCH_ISSUED,
            subject_type="credential",
            subject_ids=[item.credential_id for item in fresh],
            actor=batch.created_by,
            actor_label=batch.actor_label or f"batch:{batch.pk}",
            details={"batch_id": batch.pk, "worker": worker},
        )
    return len(mine)


def _complete_if_done(batch: IssuanceBatch) -> None:
    open_rows = IssuanceRow.objects.filter(
        batch=batch, state__in=[IssuanceRow.State.PENDING, IssuanceRow.State.CLAIMED]
    )
    if not open_rows.exists():
        IssuanceBatch.objects.filter(pk=batch.pk).exclude(state=IssuanceBatch.State.COMPLETED).update(
            state=IssuanceBatch.State.COMPLETED, finished_at=timezone.now()
        )


def batch_work(*, batch_id: int, worker: str | None = None, max_chunks: int | None = None) -> int:
    """Work a batch until no row is left to claim (or ``max_chunks``); returns the rows this call completed.

    Safe to run in any number of processes at once, and again after a crash."""
    worker = worker or worker_name()
    batch = IssuanceBatch.objects.select_related("organization", "version__micro_credential").get(pk=batch_id)
    template = achievement_template(
        version=batch.version, organization=batch.organization, require_published=False
    )
    completed = chunks = 0
    while max_chunks is None or chunks < max_chunks:
        ids = batch_claim(batch=batch, worker=worker)
        if not ids:
            break
        rows = list(
            IssuanceRow.objects.filter(pk__in=ids)
            .select_related("status_slot__status_list__organization")
            .order_by("pk")
        )
        completed += batch_finish(batch=batch, worker=worker, signed=_sign_rows(batch, template, rows))
        chunks += 1
    _complete_if_done(batch)
    return completed


def batch_get(*, organization: Organization, batch_id: int) -> IssuanceBatch:
    batch = IssuanceBatch.objects.filter(organization=organization, pk=batch_id).first()
    if batch is None:
        raise errors.BatchNotFound(str(batch_id))
    return batch
