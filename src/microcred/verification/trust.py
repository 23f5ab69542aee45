"""The issuer-trust check (issue 5): is the issuer known to the platform?

Known means either an organisation registered here (its DID is this platform's did:web for that
organisation, resolved from our database) or an active entry of the operator's trust list
(:class:`~microcred.verification.models.TrustedIssuer`). The check is reported on its own:

- ``passed`` — the signature verified and the issuer is known (which of the two ways is in ``detail``);
- ``warning`` — the signature verified but the issuer is unknown: verified, never silently trusted;
- ``skipped`` — the issuer's signature did not verify, so who issued the credential is not established
  (the result already fails on the proof; the trust check neither rescues nor hides that).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal

from credcore.dids import did_web_to_url
from credcore.problems import Problem
from credcore.results import Check, VerificationResult
from microcred.verification.fetching import PlatformDocuments
from microcred.verification.localcache import cached

__all__ = [
    "ISSUER_NOT_KNOWN",
    "IssuerTrust",
    "issuer_id_of",
    "issuer_trust",
    "signature_established",
    "trust_check",
    "trust_check_for",
]

ISSUER_NOT_KNOWN: Final = "urn:microcred:problem:issuer-not-known"
_CRYPTO_CHECKS: Final = ("proof", "issuer_key")

TrustBasis = Literal["organization", "trust_list"]


@dataclass(frozen=True)
class IssuerTrust:
    """Who the issuer is to this platform: ``basis`` is None for an unknown issuer."""

    issuer_id: str | None
    basis: TrustBasis | None = None
    name_en: str = ""
    name_fr: str = ""
    organization_slug: str | None = None

    def name(self, language: str) -> str:
        return self.name_fr if language.startswith("fr") and self.name_fr else self.name_en


def issuer_id_of(credential: Mapping[str, Any]) -> str | None:
    issuer = credential.get("issuer")
    if isinstance(issuer, Mapping):
        issuer = issuer.get("id")
    return issuer if isinstance(issuer, str) else None


def _hosted_slug(issuer_id: str, documents: PlatformDocuments) -> str | None:
    if not issuer_id.startswith("did:web:"):
        return None
    try:
        url = did_web_to_url(issuer_id)
    except Exception:  # not a well-formed did:web: not one of ours
        return None
    match = documents.local_match(url)
    return match["slug"] if match is not None and match["rest"] == "did.json" else None


def issuer_trust(issuer_id: str | None, documents: PlatformDocuments) -> IssuerTrust:
    """Look the issuer up: a registered organisation first, then the operator's trust list."""
    if issuer_id is None:
        return IssuerTrust(None)
    return cached(("trust", issuer_id), lambda: _lookup(issuer_id, documents))


def _lookup(issuer_id: str, documents: PlatformDocuments) -> IssuerTrust:
    from microcred.accounts.models import Organization
    from microcred.verification.models import TrustedIssuer

    slug = _hosted_slug(issuer_id, documents)
    if slug is not None:
        organization = Organization.objects.filter(slug=slug).first()
        if organization is not None:
            return IssuerTrust(issuer_id, "organization", organization.name_en, organization.name_fr, slug)
    entry = TrustedIssuer.objects.filter(issuer_id=issuer_id, active=True).first()
    if entry is not None:
        return IssuerTrust(issuer_id, "trust_list", entry.name_en, entry.name_fr)
    return IssuerTrust(issuer_id)


def signature_established(checks: Sequence[Check]) -> bool:
    """The proof verified and its key belongs to the named issuer: only then is "who issued it" known."""
    crypto = [check for check in checks if check.name in _CRYPTO_CHECKS]
    return bool(crypto) and all(check.status == "passed" for check in crypto)


def trust_check(result: VerificationResult, trust: IssuerTrust) -> Check:
    """The ``issuer_trust`` check for a credential verified as ``result``."""
    return trust_check_for(signature_established(result.checks), trust)


def trust_check_for(signature_ok: bool, trust: IssuerTrust) -> Check:
    if not signature_ok:
        return Check("issuer_trust", "skipped", (), "the issuer's signature did not verify")
    if trust.basis == "organization":
        return Check("issuer_trust", "passed", (), f"registered organisation {trust.organization_slug}")
    if trust.basis == "trust_list":
        return Check("issuer_trust", "passed", (), "on the operator's trust list")
    problem = Problem(
        type=ISSUER_NOT_KNOWN,
        code="issuer_not_known",
        title="Issuer not known to this platform",
        detail=(
            f"the signature of {trust.issuer_id} is valid, but this issuer is neither registered on this "
            "platform nor on its trust list"
        ),
        detail_fr=(
            f"la signature de {trust.issuer_id} est valide, mais cet émetteur n'est ni inscrit sur cette "
            "plateforme ni sur sa liste de confiance"
        ),
    )
    return Check("issuer_trust", "warning", (problem,))
