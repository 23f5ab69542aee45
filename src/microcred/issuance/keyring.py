"""Sealing and unsealing organisation keys, and signing with them. The only module that sees secret keys.

A secret key lives unsealed only inside :func:`signer_for` / :func:`sign_document` calls, as an
:class:`credcore.keys.Ed25519Multikey` (whose ``repr`` never shows it); it is never logged or returned.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from credcore.keys import Ed25519Multikey
from microcred.accounts.models import Organization
from microcred.issuance.envelope import KeyEncryptionKey, SealedSecret, open_secret, seal_secret
from microcred.issuance.errors import KeyDecryptionFailed, NoActiveSigningKey
from microcred.issuance.identity import organization_did, verification_method_id
from microcred.issuance.models import SigningKey

__all__ = ["CRYPTOSUITE", "current_kek", "new_sealed_key", "sign_document", "signer_for", "unseal"]

CRYPTOSUITE = "eddsa-rdfc-2022"  # what 1EdTech conformance and most wallets accept (DESIGN.md §4)


def current_kek() -> KeyEncryptionKey:
    """The KEK from ``MICROCRED_KEY_ENCRYPTION_KEY`` (read through the typed config on every call)."""
    return KeyEncryptionKey(settings.CONFIG.key_encryption_key)


def new_sealed_key(organization: Organization) -> SigningKey:
    """An unsaved :class:`SigningKey` holding a freshly generated key pair, sealed under the current KEK."""
    key = Ed25519Multikey.generate()
    row = SigningKey(
        organization=organization,
        status=SigningKey.Status.ACTIVE,
        public_key_multibase=key.public_key_multibase,
    )
    sealed = seal_secret(
        key.secret_key_multibase().encode("ascii"), kek=current_kek(), associated_data=row.associated_data()
    )
    row.wrapped_data_key = sealed.wrapped_data_key
    row.sealed_secret_key = sealed.ciphertext
    row.kek_fingerprint = sealed.kek_fingerprint
    return row


def unseal(signing_key: SigningKey, *, kek: KeyEncryptionKey | None = None) -> Ed25519Multikey:
    """The key pair bound to the organisation's did:web (controller and stable key id). Fails closed."""
    sealed = SealedSecret(
        wrapped_data_key=bytes(signing_key.wrapped_data_key),
        ciphertext=bytes(signing_key.sealed_secret_key),
        kek_fingerprint=signing_key.kek_fingerprint,
    )
    secret = open_secret(sealed, kek=kek or current_kek(), associated_data=signing_key.associated_data())
    organization = signing_key.organization
    try:
        return Ed25519Multikey.from_multibase(
            signing_key.public_key_multibase,
            secret.decode("ascii"),
            controller=organization_did(organization),
            key_id=verification_method_id(organization, signing_key.public_key_multibase),
        )
    except Exception:  # a sealed secret that opens but is not this key pair is still a failure to unseal
        raise KeyDecryptionFailed("the sealed secret does not match the public key") from None


def signer_for(organization: Organization) -> Ed25519Multikey:
    """The organisation's current (active) key, ready to sign."""
    signing_key = (
        SigningKey.objects.select_related("organization")
        .filter(organization=organization, status=SigningKey.Status.ACTIVE)
        .first()
    )
    if signing_key is None:
        raise NoActiveSigningKey(organization.slug)
    return unseal(signing_key)


def sign_document(document: dict[str, Any], *, organization: Organization) -> dict[str, Any]:
    """``document`` with a Data Integrity proof (assertionMethod) by the organisation's current key."""
    from credcore.dataintegrity import add_proof

    return add_proof(document, signer_for(organization), cryptosuite=CRYPTOSUITE)
