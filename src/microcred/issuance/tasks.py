"""Background jobs of the issuance app (docs/adr/0020-background-jobs.md).

Jobs take ids, are enqueued after commit (:func:`enqueue_on_commit`), and are idempotent: running one twice
leaves the same state as running it once.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from microcred.issuance import services

__all__ = [
    "credentials_expire_due_job",
    "enqueue_on_commit",
    "issuance_batch_run_job",
    "status_list_publish_job",
    "worker_heartbeat",
]


def enqueue_on_commit(job: Any, *args: Any, **kwargs: Any) -> None:
    """Enqueue ``job`` once the current transaction commits (never for a change that rolled back)."""
    enqueue: Callable[..., Any] = job.enqueue
    transaction.on_commit(lambda: enqueue(*args, **kwargs))


@task()
def status_list_publish_job(status_list_id: int) -> int:
    """Re-sign a status list whose bits changed; a no-op when it is already current. Returns its revision."""
    return services.status_list_publish(status_list_id=status_list_id).published_revision


@task()
def worker_heartbeat(note: str) -> dict[str, Any]:
    """Proves a worker consumes the queue: returns which process ran it, and when."""
    return {"note": note, "pid": os.getpid(), "ran_at": timezone.now().isoformat()}


@task()
def issuance_batch_run_job(batch_id: int) -> int:
    """Work an issuance batch until no row is left to claim; returns the rows this run completed.

    Idempotent and safe in parallel (rows are claimed with leases): enqueue it once per worker wanted, and
    again to resume after a crash."""
    from microcred.issuance.bulk import batch_work

    return batch_work(batch_id=batch_id)


@task()
def credentials_expire_due_job(organization_id: int) -> int:
    """Mark an organisation's credentials past their ``validUntil`` expired, in bounded batches of 1,000
    (schedule it daily, e.g. from cron: ``credentials_expire_due_job.enqueue(org_id)``). Idempotent."""
    from microcred.accounts.models import Organization
    from microcred.issuance.credential_lifecycle import credentials_expire_due

    organization = Organization.objects.get(pk=organization_id)
    total = 0
    while changed := credentials_expire_due(organization=organization):
        total += changed
    return total
