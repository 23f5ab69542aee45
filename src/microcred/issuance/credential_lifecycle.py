"""Lifecycle of issued credentials: revoke, suspend, unsuspend, expire, renew and re-award.

Every change flips the credential's status-list bit (so outside verifiers see it), writes its audit event in
the same transaction, and refuses transitions that make no sense with a stable error code (ADR 0023). Issuing
itself lives in ``credential_services``.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from microcred.accounts.models import Organization, User
from microcred.issuance import errors, services
from microcred.issuance.builder import CompetencyResult, EvidenceItem
from microcred.issuance.credential_services import credential_issue
from microcred.issuance.models import AuditEvent, IssuedCredential, StatusSlot

__all__ = [
    "credential_expire",
    "credential_reaward",
    "credential_renew",
    "credential_revoke",
    "credential_suspend",
    "credential_unsuspend",
    "credentials_expire_due",
]

Action = AuditEvent.Action
State = IssuedCredential.State

def _lock(credential: IssuedCredential) -> IssuedCredential:
    # of=("self",): PostgreSQL refuses FOR UPDATE on the nullable side of the outer join to revocation_slot;
    # the credential row is what serialises lifecycle changes.
    return (
        IssuedCredential.objects.select_for_update(of=("self",))
        .select_related("status_slot__status_list", "revocation_slot__status_list", "organization")
        .get(pk=credential.pk)
    )


def _withdrawal(credential: IssuedCredential) -> tuple[StatusSlot | None, str | None]:
    """The entry and change that withdraw a credential for good (revoke, early expiry, superseded): its
    revocation entry when it carries one; else its one suspension entry, set and never cleared again (an
    Open Badges credential carries a single entry: docs/adr/0023-issued-credentials.md)."""
    if credential.revocation_slot_id is not None:
        return credential.revocation_slot, "revoke"
    return (credential.status_slot, "suspend") if credential.state == State.ACTIVE else (None, None)


def _transition(
    credential: IssuedCredential,
    *,
    state: str,
    action: str,
    reason: str,
    bit: str | None,
    actor: User | None,
    actor_label: str,
    slot: StatusSlot | None = None,
) -> IssuedCredential:
    """Change a status bit (``"suspend"``/``"unsuspend"`` on the suspension entry, or ``bit`` on ``slot``;
    None leaves the bits alone), record the new state and audit it, all in the caller's transaction."""
    if bit is not None:
        slot = slot or credential.status_slot
        services.status_entries_change(
            status_list=slot.status_list,
            indexes=[slot.index],
            change=bit,
            reason=reason,
            actor=actor,
            actor_label=actor_label,
        )
    credential.state = state
    credential.state_changed_at = timezone.now()
    credential.state_reason = reason
    credential.save(update_fields=["state", "state_changed_at", "state_reason"])
    services.audit_record(
        organization=credential.organization,
        action=action,
        subject_type="credential",
        subject_ids=[credential.credential_id],
        actor=actor,
        actor_label=actor_label,
        reason=reason,
    )
    return credential


@transaction.atomic
def credential_revoke(
    *, credential: IssuedCredential, reason: str, actor: User | None = None, actor_label: str = ""
) -> IssuedCredential:
    """Revoke for good: the status bit is set (or stays set, when suspended) and is never cleared again."""
    locked = _lock(credential)
    if locked.state == State.REVOKED:
        raise errors.AlreadyRevoked(locked.credential_id)
    slot, bit = _withdrawal(locked)
    return _transition(
        locked, state=State.REVOKED, action=Action.CREDENTIAL_REVOKED, reason=reason, bit=bit, slot=slot,
        actor=actor, actor_label=actor_label,
    )  # fmt: skip


@transaction.atomic
def credential_suspend(
    *, credential: IssuedCredential, reason: str = "", actor: User | None = None, actor_label: str = ""
) -> IssuedCredential:
    locked = _lock(credential)
    if locked.state == State.SUSPENDED:
        raise errors.AlreadySuspended(locked.credential_id)
    if locked.state != State.ACTIVE:
        raise errors.InvalidTransition(f"{locked.credential_id} is {locked.state}")
    return _transition(
        locked, state=State.SUSPENDED, action=Action.CREDENTIAL_SUSPENDED, reason=reason, bit="suspend",
        actor=actor, actor_label=actor_label,
    )  # fmt: skip


@transaction.atomic
def credential_unsuspend(
    *, credential: IssuedCredential, reason: str = "", actor: User | None = None, actor_label: str = ""
) -> IssuedCredential:
    locked = _lock(credential)
    if locked.state != State.SUSPENDED:
        raise errors.NotSuspended(locked.credential_id)
    return _transition(
        locked, state=State.ACTIVE, action=Action.CREDENTIAL_UNSUSPENDED, reason=reason, bit="unsuspend",
        actor=actor, actor_label=actor_label,
    )  # fmt: skip


@transaction.atomic
def credential_expire(
    *, credential: IssuedCredential, reason: str = "expired", actor: User | None = None, actor_label: str = ""
) -> IssuedCredential:
    """Expire now. Past ``validUntil`` verifiers already refuse it (only the state changes); before it, the
    signed ``validUntil`` cannot change, so the status bit is set for good."""
    locked = _lock(credential)
    if locked.state in (State.REVOKED, State.EXPIRED):
        raise errors.InvalidTransition(f"{locked.credential_id} is {locked.state}")
    early = locked.valid_until is None or locked.valid_until > timezone.now()
    slot, bit = _withdrawal(locked) if early else (None, None)
    return _transition(
        locked, state=State.EXPIRED, action=Action.CREDENTIAL_EXPIRED, reason=reason, bit=bit, slot=slot,
        actor=actor, actor_label=actor_label,
    )  # fmt: skip


@transaction.atomic
def credentials_expire_due(
    *, organization: Organization, now: datetime | None = None, limit: int = 1000
) -> int:
    """Mark up to ``limit`` credentials past ``validUntil`` expired (a bounded batch, one audit event)."""
    now = now or timezone.now()
    due = list(
        IssuedCredential.objects.filter(
            organization=organization, state__in=[State.ACTIVE, State.SUSPENDED], valid_until__lte=now
        )
        .order_by("pk")
        .values_list("pk", "credential_id")[:limit]
    )
    if not due:
        return 0
    IssuedCredential.objects.filter(pk__in=[pk for pk, _ in due]).update(
        state=State.EXPIRED, state_changed_at=now, state_reason="validUntil passed"
    )
    services.audit_record(
        organization=organization,
        action=Action.CREDENTIAL_EXPIRED,
        subject_type="credential",
        subject_ids=[credential_id for _, credential_id in due],
        actor_label="system",
        reason="validUntil passed",
    )
    return len(due)


def _again(
    old: IssuedCredential, *, idempotency_key: str, action: str, actor: User | None, actor_label: str
) -> IssuedCredential:
    if old.version is None:
        raise errors.InvalidTransition(f"{old.credential_id} was not issued for a micro-credential version")
    inputs = old.inputs or {}
    return credential_issue(
        organization=old.organization,
        idempotency_key=idempotency_key,
        version=old.version,
        email=old.recipient_email,
        award=old.award,
        results=[CompetencyResult(**r) for r in inputs.get("results", [])] or None,
        evidence=[EvidenceItem(**x) for x in inputs.get("evidence", [])],
        actor=actor,
        actor_label=actor_label,
        replaces=old,
        action=action,
        require_published=False,
    )


@transaction.atomic
def credential_renew(
    *, credential: IssuedCredential, idempotency_key: str, actor: User | None = None, actor_label: str = ""
) -> IssuedCredential:
    """A new credential with a new validity window, same recipient and results; the old one, if still
    live, is revoked ("superseded by renewal") so one credential at a time verifies."""
    old = _lock(credential)
    if old.state == State.REVOKED:
        raise errors.InvalidTransition(f"{old.credential_id} is revoked: re-award it instead")
    renewed = _again(
        old,
        idempotency_key=idempotency_key,
        action=Action.CREDENTIAL_RENEWED,
        actor=actor,
        actor_label=actor_label,
    )
    if old.state in (State.ACTIVE, State.SUSPENDED) and renewed.replaces_id == old.pk:
        slot, bit = _withdrawal(old)
        _transition(
            old, state=State.REVOKED, action=Action.CREDENTIAL_REVOKED, reason="superseded by renewal",
            bit=bit, slot=slot, actor=actor, actor_label=actor_label,
        )  # fmt: skip
    return renewed


@transaction.atomic
def credential_reaward(
    *, credential: IssuedCredential, idempotency_key: str, actor: User | None = None, actor_label: str = ""
) -> IssuedCredential:
    """After a revocation (which is permanent), award again: a new credential with new status entries."""
    old = _lock(credential)
    if old.state != State.REVOKED:
        raise errors.InvalidTransition(f"{old.credential_id} is {old.state}, not revoked")
    return _again(
        old,
        idempotency_key=idempotency_key,
        action=Action.CREDENTIAL_REAWARDED,
        actor=actor,
        actor_label=actor_label,
    )

