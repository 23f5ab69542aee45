"""Reads of the issuance infrastructure (DESIGN.md §7.6). Nothing here returns or touches secret keys."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from credcore.dids import DID_CONTEXT
from credcore.keys import MULTIKEY_CONTEXT, Ed25519Multikey
from microcred.accounts.models import Organization
from microcred.issuance.errors import UnknownOrganization
from microcred.issuance.identity import organization_did, verification_method_id
from microcred.issuance.models import SigningKey, StatusList

__all__ = [
    "did_document",
    "organization_get",
    "organization_slugs",
    "published_keys",
    "status_list_get",
]


def organization_get(*, slug: str) -> Organization:
    organization = Organization.objects.filter(slug=slug).first()
    if organization is None:
        raise UnknownOrganization(slug)
    return organization


def organization_slugs() -> list[str]:
    return list(Organization.objects.order_by("slug").values_list("slug", flat=True))


def published_keys(*, organization: Organization) -> QuerySet[SigningKey]:
    """Active and retired keys (never revoked ones), oldest first: those that appear in the DID document."""
    return (
        SigningKey.objects.filter(organization=organization)
        .exclude(status=SigningKey.Status.REVOKED)
        .order_by("created_at", "pk")
        .only("pk", "organization_id", "status", "public_key_multibase", "created_at")
    )


def did_document(*, organization: Organization) -> dict[str, Any] | None:
    """The organisation's did:web document (https://w3c-ccg.github.io/did-method-web/), or None with no key.

    Every active or retired key is a Multikey verification method in ``assertionMethod`` (so credentials
    signed before a rotation keep verifying); only the active key is in ``authentication``. Key ids use the
    public key as fragment, so they are stable across rotations.
    """
    did = organization_did(organization)
    methods: list[dict[str, Any]] = []
    assertion: list[str] = []
    authentication: list[str] = []
    for signing_key in published_keys(organization=organization):
        key_id = verification_method_id(organization, signing_key.public_key_multibase)
        public = Ed25519Multikey.from_multibase(
            signing_key.public_key_multibase, controller=did, key_id=key_id
        )
        methods.append(public.to_document(with_context=False))
        assertion.append(key_id)
        if signing_key.status == SigningKey.Status.ACTIVE:
            authentication.append(key_id)
    if not methods:
        return None
    return {
        "@context": [DID_CONTEXT, MULTIKEY_CONTEXT],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": assertion,
        "authentication": authentication,
    }


def status_list_get(*, organization: Organization, purpose: str, sequence: int) -> StatusList | None:
    return (
        StatusList.objects.select_related("organization")
        .filter(organization=organization, purpose=purpose, sequence=sequence)
        .first()
    )
