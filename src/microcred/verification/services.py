"""Writes of the verification app (DESIGN.md §7.6): the operator's trust list. Verification itself writes
nothing."""

from __future__ import annotations

from django.db import transaction

from credcore.dids import did_web_to_url
from microcred.verification.localcache import invalidate
from microcred.verification.models import TrustedIssuer

__all__ = ["TrustListError", "trusted_issuer_add", "trusted_issuer_remove"]


class TrustListError(ValueError):
    """The issuer identifier is not one the trust list can hold (EN / FR messages)."""

    def __init__(self, en: str, fr: str) -> None:
        super().__init__(en)
        self.message_en, self.message_fr = en, fr


def _check_identifier(issuer_id: str) -> str:
    issuer_id = issuer_id.strip()
    if issuer_id.startswith("did:web:"):
        try:
            did_web_to_url(issuer_id)
        except Exception:
            raise TrustListError("not a valid did:web DID", "DID did:web non valide") from None
    elif not issuer_id.startswith(("did:key:", "https://")) or len(issuer_id) > 500:
        raise TrustListError(
            "an issuer is identified by a did:web or did:key DID, or an https URL",
            "un émetteur est identifié par un DID did:web ou did:key, ou une URL https",
        )
    return issuer_id


@transaction.atomic
def trusted_issuer_add(
    *, issuer_id: str, name_en: str, name_fr: str = "", note: str = "", added_by: str = ""
) -> TrustedIssuer:
    """Trust ``issuer_id`` (or re-activate and rename it). Idempotent."""
    issuer_id = _check_identifier(issuer_id)
    if not name_en.strip():
        raise TrustListError("the English name is required", "le nom anglais est obligatoire")
    entry, _created = TrustedIssuer.objects.update_or_create(
        issuer_id=issuer_id,
        defaults={
            "name_en": name_en.strip(),
            "name_fr": name_fr.strip(),
            "note": note,
            "active": True,
            "added_by": added_by[:200],
        },
    )
    return entry


@transaction.atomic
def trusted_issuer_remove(*, issuer_id: str) -> bool:
    """Stop trusting ``issuer_id`` (kept, inactive, for the record). False when it was not listed."""
    changed = TrustedIssuer.objects.filter(issuer_id=issuer_id.strip(), active=True).update(active=False) > 0
    invalidate()  # a bulk update sends no signal; again once committed, for readers in between
    transaction.on_commit(invalidate)
    return changed
