"""Each learner's holder key: an Ed25519 did:key, sealed at rest with the same envelope encryption as
organisation keys (``issuance.envelope``), bound to the profile row by the associated data.

The only module that sees a holder's secret key; it is unsealed inside :func:`holder_key` callers only.
"""

from __future__ import annotations

from credcore.keys import Ed25519Multikey
from microcred.issuance.envelope import SealedSecret, open_secret, seal_secret
from microcred.issuance.errors import KeyDecryptionFailed
from microcred.issuance.keyring import current_kek
from microcred.wallet.models import LearnerProfile

__all__ = ["holder_key", "install_holder_key"]


def install_holder_key(profile: LearnerProfile) -> None:
    """Give ``profile`` a fresh sealed key pair (unsaved: the caller saves it in its transaction)."""
    key = Ed25519Multikey.generate()
    profile.holder_public_key = key.public_key_multibase
    profile.holder_did = key.did_key
    sealed = seal_secret(
        key.secret_key_multibase().encode("ascii"),
        kek=current_kek(),
        associated_data=profile.holder_associated_data(),
    )
    profile.holder_wrapped_data_key = sealed.wrapped_data_key
    profile.holder_sealed_secret = sealed.ciphertext
    profile.holder_kek_fingerprint = sealed.kek_fingerprint


def holder_key(profile: LearnerProfile) -> Ed25519Multikey:
    """The profile's key pair, ready to sign as its did:key; fails closed on any mismatch."""
    if not profile.holder_public_key:
        raise KeyDecryptionFailed("no holder key")
    sealed = SealedSecret(
        wrapped_data_key=bytes(profile.holder_wrapped_data_key),
        ciphertext=bytes(profile.holder_sealed_secret),
        kek_fingerprint=profile.holder_kek_fingerprint,
    )
    secret = open_secret(sealed, kek=current_kek(), associated_data=profile.holder_associated_data())
    try:  # without a controller, the key is its own did:key (did:key:z6Mk…#z6Mk…)
        return Ed25519Multikey.from_multibase(profile.holder_public_key, secret.decode("ascii"))
    except Exception:
        raise KeyDecryptionFailed("the sealed secret does not match the public key") from None
