"""The audit log's writer (DESIGN.md §3): who did what to which subject, and why — append-only, and written
inside the transaction of the change it records (so a rolled-back change leaves no event)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction

from microcred.accounts.models import Organization, User
from microcred.issuance.models import AuditEvent

__all__ = ["audit_record", "lock_organization"]


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


def lock_organization(organization: Organization) -> Organization:
    """The organisation row, locked: first in the locking order everywhere (then its status lists by pk)."""
    return Organization.objects.select_for_update().get(pk=organization.pk)
