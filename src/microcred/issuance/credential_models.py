"""Issued credentials and bulk issuance batches (DESIGN.md §3). Imported by ``models.py``.

An ``IssuedCredential`` is never edited in place except for its lifecycle ``state`` (which mirrors the status
list bits verifiers check); a change to what it says is a new credential (renew, re-award).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from microcred.accounts.models import Organization


class IssuedCredential(models.Model):
    class State(models.TextChoices):
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        REVOKED = "revoked", _("Revoked")
        EXPIRED = "expired", _("Expired")

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="issued_credentials"
    )
    version = models.ForeignKey(
        "catalog.MicroCredentialVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issued_credentials",
        help_text="Empty for credentials signed through the VC-API from a client-supplied document.",
    )
    # The assessment Award it was issued for (API and bulk issuance come without one).
    award = models.ForeignKey(
        "assessment.Award", null=True, blank=True, on_delete=models.PROTECT, related_name="credentials"
    )
    batch = models.ForeignKey(
        "IssuanceBatch", null=True, blank=True, on_delete=models.SET_NULL, related_name="credentials"
    )
    replaces = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by"
    )
    recipient_email = models.EmailField(blank=True)
    credential_id = models.CharField(max_length=255, unique=True)
    idempotency_key = models.CharField(max_length=200)
    request_hash = models.CharField(max_length=64, blank=True)
    # Its suspension-purpose entry: set and cleared by suspend/unsuspend. An Open Badges credential carries
    # only this one (OB 3.0 allows one credentialStatus), so revoking sets it for good; other credentials also
    # carry ``revocation_slot``, a revocation-purpose entry (docs/adr/0023-issued-credentials.md).
    status_slot = models.OneToOneField("StatusSlot", on_delete=models.PROTECT, related_name="credential")
    revocation_slot = models.OneToOneField(
        "StatusSlot", null=True, blank=True, on_delete=models.PROTECT, related_name="revoked_credential"
    )
    document = models.JSONField(editable=False)
    inputs = models.JSONField(default=dict, blank=True, editable=False)  # results, evidence: for renewals
    state = models.CharField(max_length=10, choices=State.choices, default=State.ACTIVE)
    issued_at = models.DateTimeField()
    valid_from = models.DateTimeField()
    valid_until = models.DateTimeField(null=True, blank=True)
    state_changed_at = models.DateTimeField(null=True, blank=True)
    state_reason = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["organization_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "idempotency_key"], name="issuance_credential_idempotency_key"
            )
        ]
        indexes = [
            models.Index(fields=["organization", "state", "valid_until"], name="issuance_cred_state_until"),
            models.Index(fields=["version", "recipient_email"], name="issuance_cred_version_email"),
        ]

    def __str__(self) -> str:
        return f"{self.credential_id} ({self.state})"


class IssuanceBatch(models.Model):
    """A bulk issuance job: rows from a CSV upload or the API, worked by background jobs in bounded chunks."""

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        RUNNING = "running", _("Running")
        COMPLETED = "completed", _("Completed")

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="issuance_batches")
    version = models.ForeignKey(
        "catalog.MicroCredentialVersion", on_delete=models.PROTECT, related_name="issuance_batches"
    )
    source = models.CharField(max_length=8)  # csv, api, cli
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    chunk_size = models.PositiveIntegerField(default=500)
    lease_seconds = models.PositiveIntegerField(default=120)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"batch {self.pk}: {self.done}/{self.total} ({self.state})"

    @property
    def progress(self) -> float:
        return 1.0 if not self.total else (self.done + self.failed) / self.total


class IssuanceRow(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        CLAIMED = "claimed", _("Claimed")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    batch = models.ForeignKey(IssuanceBatch, on_delete=models.CASCADE, related_name="rows")
    line = models.PositiveIntegerField()
    email = models.EmailField()
    idempotency_key = models.CharField(max_length=200)
    evidence_url = models.URLField(max_length=500, blank=True)
    narrative = models.TextField(blank=True)
    state = models.CharField(max_length=8, choices=State.choices, default=State.PENDING)
    claimed_by = models.CharField(max_length=64, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    credential_uuid = models.UUIDField(default=uuid.uuid4, editable=False)
    status_slot = models.OneToOneField(
        "StatusSlot", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    credential = models.ForeignKey(
        IssuedCredential, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    error = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["batch_id", "line"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "line"], name="issuance_row_line"),
            models.UniqueConstraint(fields=["batch", "idempotency_key"], name="issuance_row_key"),
        ]
        indexes = [models.Index(fields=["batch", "state", "id"], name="issuance_row_claim")]

    def __str__(self) -> str:
        return f"batch {self.batch_id} line {self.line} ({self.state})"
