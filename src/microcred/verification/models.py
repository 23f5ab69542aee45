"""The operator's trust list (DESIGN.md §2, operators): issuers from elsewhere the platform vouches for.

Organisations registered on the platform are known by construction (their DIDs are ours); a
:class:`TrustedIssuer` row adds an external issuer — a DID or an https issuer URL — that the operator has
checked. An issuer on neither list still verifies when its signature does, but with a warning.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class TrustedIssuer(models.Model):
    """An external issuer the operator trusts, by its exact issuer id (DID or URL)."""

    issuer_id = models.CharField(_("issuer identifier (DID or URL)"), max_length=500, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    note = models.TextField(_("why it is trusted"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    added_by = models.CharField(_("added by"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("trusted issuer")
        verbose_name_plural = _("trusted issuers")

    def __str__(self) -> str:
        return f"{self.name_en} ({self.issuer_id})"

    def name(self, language: str) -> str:
        return self.name_fr if language.startswith("fr") and self.name_fr else self.name_en
