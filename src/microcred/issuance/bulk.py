"""Bulk issuance (DESIGN.md §7.7): an ``IssuanceBatch`` of rows, worked by background jobs in bounded chunks.

A worker loop (:func:`batch_work`) claims, signs and stores one bounded chunk at a time
(``bulk_chunks``: claim under a short transaction with status slots fixed at claim, sign outside any
transaction, store what the worker still owns).

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

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils import timezone

from microcred.accounts.models import Organization, User
from microcred.catalog.models import MicroCredentialVersion
from microcred.issuance import errors, services
from microcred.issuance.builder import normalize_email
from microcred.issuance.bulk_chunks import ClaimedRow, batch_claim, batch_finish, sign_rows
from microcred.issuance.credential_services import achievement_template
from microcred.issuance.keyring import signer_for
from microcred.issuance.models import AuditEvent, IssuanceBatch, IssuanceRow

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
