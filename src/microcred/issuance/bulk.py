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
import json
import os
import socket
import uuid
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import connection, transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone

from credcore.dataintegrity import add_proof
from credcore.keys import Ed25519Multikey
from credcore.status import BitstringStatusListEntry
from microcred.accounts.models import Organization, User
from microcred.catalog.models import MicroCredentialVersion
from microcred.issuance import errors, services
from microcred.issuance.builder import AchievementTemplate, EvidenceItem, normalize_email
from microcred.issuance.credential_services import STATUS_PURPOSE, achievement_template, validity_for
from microcred.issuance.identity import status_list_url
from microcred.issuance.keyring import CRYPTOSUITE, signer_for
from microcred.issuance.models import AuditEvent, IssuanceBatch, IssuanceRow, IssuedCredential, StatusSlot

__all__ = [
    "ClaimedRow",
    "RowInput",
    "batch_claim",
    "batch_create",
    "batch_finish",
    "batch_work",
    "csv_line",
    "default_row_key",
    "parse_csv",
    "sign_rows",
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


def _status_entries(organization: Organization, slot_ids: list[int]) -> dict[int, BitstringStatusListEntry]:
    """Each slot's credentialStatus entry, with one query for the chunk."""
    slots = StatusSlot.objects.filter(pk__in=slot_ids).values_list(
        "pk", "index", "status_list__purpose", "status_list__sequence"
    )
    entries = {}
    for pk, index, purpose, sequence in slots:
        url = status_list_url(organization, purpose, sequence)
        entries[pk] = BitstringStatusListEntry(url, index, purpose, f"{url}#{index}")
    return entries


def _rows_set_slots(given: dict[int, int]) -> None:
    """One UPDATE for the chunk (``CASE id WHEN … THEN …``): a statement per row costs a round trip (and, on
    PostgreSQL, a parse and plan) each."""
    cases = " ".join(f"WHEN {int(pk)} THEN {int(slot_id)}" for pk, slot_id in given.items())
    ids = ", ".join(str(int(pk)) for pk in given)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {IssuanceRow._meta.db_table} SET status_slot_id = CASE id {cases} END "  # noqa: S608
            f"WHERE id IN ({ids})"  # integers we formatted ourselves, our own table name
        )


@transaction.atomic
def batch_claim(*, batch: IssuanceBatch, worker: str) -> list[ClaimedRow]:
    """Claim the next bounded chunk of rows (pk order) for ``worker``; give each a status slot."""
    now = timezone.now()
    candidates = _claimable(batch, now).order_by("pk")
    if connection.vendor == "postgresql":
        candidates = candidates.select_for_update(skip_locked=True, of=("self",))
    ids = list(candidates.values_list("pk", flat=True)[: batch.chunk_size])
    if not ids:
        return []
    _claimable(batch, now).filter(pk__in=ids).update(
        state=IssuanceRow.State.CLAIMED,
        claimed_by=worker,
        lease_until=now + timedelta(seconds=batch.lease_seconds),
        attempts=F("attempts") + 1,
    )
    rows = list(
        IssuanceRow.objects.filter(pk__in=ids, claimed_by=worker).order_by("pk").values_list(*_ROW_FIELDS)
    )
    needing = [row[0] for row in rows if row[-1] is None]
    if needing:
        slots = services.status_slots_allocate(
            organization=batch.organization, purpose=STATUS_PURPOSE, count=len(needing)
        )
        slot_ids = [slot.pk for slot in slots]
        given = dict(zip(needing, slot_ids, strict=True))
        _rows_set_slots(given)
        rows = [(*row[:-1], given.get(row[0], row[-1])) for row in rows]
    IssuanceBatch.objects.filter(pk=batch.pk, started_at__isnull=True).update(
        started_at=now, state=IssuanceBatch.State.RUNNING
    )
    entries = _status_entries(batch.organization, [row[-1] for row in rows])
    return [ClaimedRow(*row, status_entry=entries[row[-1]]) for row in rows]


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
    columns = ", ".join(IssuedCredential._meta.get_field(name).column for name in _INSERTED)  # type: ignore[union-attr]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for value in values:
                    copy.write_row(value)
        else:
            placeholders = ", ".join(["%s"] * len(_INSERTED))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", values)  # noqa: S608


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


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

    Safe to run in any number of processes at once, and again after a crash. The template and the unsealed
    key are made once per call, not per chunk or row."""
    worker = worker or worker_name()
    batch = IssuanceBatch.objects.select_related("organization", "version__micro_credential").get(pk=batch_id)
    template = achievement_template(
        version=batch.version, organization=batch.organization, require_published=False
    )
    key = signer_for(batch.organization)
    completed = chunks = 0
    while max_chunks is None or chunks < max_chunks:
        rows = batch_claim(batch=batch, worker=worker)
        if not rows:
            break
        completed += batch_finish(batch=batch, worker=worker, signed=sign_rows(batch, template, key, rows))
        chunks += 1
    _complete_if_done(batch)
    return completed


def batch_get(*, organization: Organization, batch_id: int) -> IssuanceBatch:
    batch = IssuanceBatch.objects.filter(organization=organization, pk=batch_id).first()
    if batch is None:
        raise errors.BatchNotFound(str(batch_id))
    return batch
