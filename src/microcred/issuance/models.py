"""Signing keys, status lists and their slots, API tokens and the audit log (DESIGN.md §3, §5)."""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from microcred.accounts.models import Organization

DEFAULT_STATUS_LIST_SIZE = 131_072  # the Bitstring Status List minimum (https://www.w3.org/TR/vc-bitstring-status-list/#bitstringstatuslist)


class SigningKey(models.Model):
    """An organisation's Ed25519 Multikey. The secret key exists only sealed (see ``envelope.py``).

    ``active``: signs new credentials (at most one per organisation). ``retired``: replaced by a rotation,
    still published in the DID document so credentials it signed keep verifying. ``revoked``: compromised,
    withdrawn from the DID document.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        RETIRED = "retired", _("Retired")
        REVOKED = "revoked", _("Revoked")

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="signing_keys")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.ACTIVE)
    public_key_multibase = models.CharField(max_length=64, unique=True, editable=False)
    wrapped_data_key = models.BinaryField(editable=False)
    sealed_secret_key = models.BinaryField(editable=False)
    kek_fingerprint = models.CharField(max_length=16, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organization_id", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization"],
                condition=models.Q(status="active"),
                name="issuance_one_active_signing_key_per_org",
            )
        ]

    def __str__(self) -> str:
        return f"{self.public_key_multibase} ({self.status})"

    def __repr__(self) -> str:  # never the sealed bytes
        return f"<SigningKey {self.pk} org={self.organization_id} {self.public_key_multibase} {self.status}>"

    def associated_data(self) -> bytes:
        """Binds the sealed secret to this organisation and public key (authenticated by AES-GCM)."""
        return f"microcred:signing-key:v1:{self.organization_id}:{self.public_key_multibase}".encode()


class StatusPurpose(models.TextChoices):
    REVOCATION = "revocation", _("Revocation")
    SUSPENSION = "suspension", _("Suspension")


class StatusList(models.Model):
    """One Bitstring Status List of an organisation for one purpose; ``sequence`` is the ``<n>`` in its URL.

    Slots are handed out in a keyed pseudo-random order (``permutation.permuted_index``) so an index says
    nothing about when, or after whom, a credential was issued. ``revision`` grows on every bit change;
    the signed credential cached in ``credential`` is current when ``published_revision == revision``.
    """

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="status_lists")
    purpose = models.CharField(max_length=10, choices=StatusPurpose.choices)
    sequence = models.PositiveIntegerField()
    size = models.PositiveIntegerField(default=DEFAULT_STATUS_LIST_SIZE)
    bits = models.BinaryField(editable=False)
    permutation_key = models.BinaryField(editable=False)
    allocated = models.PositiveIntegerField(default=0)
    revision = models.PositiveIntegerField(default=0)
    published_revision = models.IntegerField(default=-1)
    credential = models.JSONField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organization_id", "purpose", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "purpose", "sequence"], name="issuance_status_list_sequence"
            ),
            models.CheckConstraint(
                condition=models.Q(size__gte=DEFAULT_STATUS_LIST_SIZE), name="issuance_status_list_min_size"
            ),
            models.CheckConstraint(
                condition=models.Q(allocated__lte=models.F("size")), name="issuance_status_list_not_overfull"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization_id}/{self.purpose}/{self.sequence}"

    @property
    def is_full(self) -> bool:
        return self.allocated >= self.size


class StatusSlot(models.Model):
    """An allocated index in a status list. The unique constraint is the database's proof of no duplicates."""

    status_list = models.ForeignKey(StatusList, on_delete=models.PROTECT, related_name="slots")
    index = models.PositiveIntegerField()
    allocated_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["status_list", "index"], name="issuance_status_slot_unique_index")
        ]

    def __str__(self) -> str:
        return f"{self.status_list}#{self.index}"


class ApiToken(models.Model):
    """A bearer token for an organisation's integrations. Only its SHA-256 is stored; ``prefix`` finds it."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100, blank=True)
    prefix = models.CharField(max_length=16, unique=True, editable=False)
    token_hash = models.CharField(max_length=64, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organization_id", "-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.organization_id})"

    def __repr__(self) -> str:  # never the hash
        return f"<ApiToken {self.prefix} org={self.organization_id} revoked={self.revoked_at is not None}>"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class AppendOnlyError(RuntimeError):
    """Audit events are never changed or deleted."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit events are append-only")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("audit events are append-only")


class AuditEvent(models.Model):
    """Who did what to which subject, and why. Written in the same transaction as the change it records."""

    class Action(models.TextChoices):
        KEY_CREATED = "signing_key.created", _("Signing key created")
        KEY_ROTATED = "signing_key.rotated", _("Signing key rotated")
        KEY_REVOKED = "signing_key.revoked", _("Signing key revoked")
        CREDENTIAL_ISSUED = "credential.issued", _("Credential issued")
        CREDENTIAL_REVOKED = "credential.revoked", _("Credential revoked")
        CREDENTIAL_SUSPENDED = "credential.suspended", _("Credential suspended")
        CREDENTIAL_UNSUSPENDED = "credential.unsuspended", _("Credential unsuspended")
        CREDENTIAL_EXPIRED = "credential.expired", _("Credential expired")
        CREDENTIAL_RENEWED = "credential.renewed", _("Credential renewed")
        CREDENTIAL_REAWARDED = "credential.reawarded", _("Credential re-awarded")
        BATCH_CREATED = "batch.created", _("Issuance batch created")
        BATCH_ISSUED = "batch.issued", _("Issuance batch chunk issued")
        TOKEN_CREATED = "api_token.created", _("API token created")
        TOKEN_REVOKED = "api_token.revoked", _("API token revoked")

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="audit_events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=100, blank=True)  # "cli", "api-token:<prefix>", …
    action = models.CharField(max_length=32, choices=Action.choices)
    subject_type = models.CharField(max_length=32)
    subject_ids = models.JSONField(default=list)
    reason = models.TextField(blank=True)
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["organization", "created_at"], name="issuance_audit_org_time")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.action} {self.subject_type}:{self.subject_ids}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit events are append-only")


# Issued credentials and bulk issuance live in their own module; Django finds models through this one.
from microcred.issuance.credential_models import (  # noqa: E402
    IssuanceBatch,
    IssuanceRow,
    IssuedCredential,
)

__all__ = [
    "DEFAULT_STATUS_LIST_SIZE",
    "ApiToken",
    "AppendOnlyError",
    "AuditEvent",
    "IssuanceBatch",
    "IssuanceRow",
    "IssuedCredential",
    "SigningKey",
    "StatusList",
    "StatusPurpose",
    "StatusSlot",
]
