"""The learner's wallet (DESIGN.md §3): profile (verified email, holder key, talent opt-in), credentials
claimed here or imported, share links and the skills a learner lets employers find.

Writes go through ``services``; reads through ``selectors``. Nothing here stores a secret in plain text:
the holder key is envelope-encrypted like organisation keys, and share links keep only a hash of their token.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LearnerProfile(models.Model):
    """Wallet-side facts about a person: whether their email is verified, their holder key, talent search."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="wallet_profile"
    )
    email_verified_at = models.DateTimeField(null=True, blank=True)
    holder_did = models.CharField(max_length=255, blank=True)
    holder_public_key = models.CharField(max_length=100, blank=True)
    holder_wrapped_data_key = models.BinaryField(blank=True, editable=False)
    holder_sealed_secret = models.BinaryField(blank=True, editable=False)
    holder_kek_fingerprint = models.CharField(max_length=16, blank=True, editable=False)
    talent_opt_in = models.BooleanField(_("let employers find me"), default=False)
    talent_headline = models.CharField(_("headline"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __repr__(self) -> str:  # never the sealed key
        return f"<LearnerProfile user={self.user_id} holder={self.holder_did!r}>"

    def holder_associated_data(self) -> bytes:
        return f"wallet-holder:{self.user_id}:{self.holder_public_key}".encode()


class WalletCredential(models.Model):
    class Origin(models.TextChoices):
        ISSUED_HERE = "issued_here", _("Issued on this platform")
        IMPORTED = "imported", _("Imported")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="wallet_credentials"
    )
    origin = models.CharField(max_length=12, choices=Origin.choices)
    issued = models.ForeignKey(
        "issuance.IssuedCredential", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    format = models.CharField(max_length=12)  # ob3-json, vc-jwt, ob2-hosted, ob2-signed
    container = models.CharField(max_length=5)  # json, png, svg, jwt
    raw = models.TextField()
    document = models.JSONField()
    fingerprint = models.CharField(max_length=64)  # sha256 of the raw text: duplicates
    credential_id = models.CharField(max_length=500, blank=True)
    name = models.CharField(max_length=300)
    issuer_name = models.CharField(max_length=300, blank=True)
    issuer_id = models.CharField(max_length=500, blank=True)
    verified = models.BooleanField(default=False)
    verification = models.JSONField(default=dict)  # the last result (summary), see ``verifying``
    checked_at = models.DateTimeField()
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-added_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "fingerprint"], name="wallet_credential_unique_raw"),
        ]
        indexes = [models.Index(fields=["owner", "credential_id"], name="wallet_cred_owner_id")]

    def __str__(self) -> str:
        return self.name


class ShareLink(models.Model):
    """A link to chosen credentials. The token is derived from ``public_id`` with the server secret (HMAC);
    only its hash is stored, so the database alone does not reveal working links (docs/adr/0067)."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="share_links")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    label = models.CharField(_("label"), max_length=200, blank=True)
    credentials = models.ManyToManyField(WalletCredential, related_name="share_links")
    include_evidence = models.BooleanField(_("include evidence"), default=False)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    view_count = models.PositiveIntegerField(default=0)
    last_viewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __repr__(self) -> str:  # never the token hash
        return f"<ShareLink {self.pk} owner={self.owner_id}>"


class TalentSkill(models.Model):
    """One skill (ESCO URI) a learner lets employers find them by. Shown only while a verified credential
    in their wallet attests it (``selectors.talent_search`` checks that every time)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="talent_skills"
    )
    uri = models.CharField(max_length=500)

    class Meta:
        ordering = ["owner_id", "uri"]
        constraints = [models.UniqueConstraint(fields=["owner", "uri"], name="wallet_talent_skill_unique")]
        indexes = [models.Index(fields=["uri"], name="wallet_talent_uri")]
