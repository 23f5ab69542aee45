"""Envelope encryption of signing keys at rest (DESIGN.md §5).

Each sealed secret gets its own random AES-256-GCM data key; the data key is wrapped (AES-256-GCM) by a
key-encryption key (KEK) derived with HKDF-SHA256 from the ``MICROCRED_KEY_ENCRYPTION_KEY`` environment value.
Both layers authenticate ``associated_data`` that names the row (organisation and public key), so a sealed
secret copied onto another row does not open. Any failure — wrong KEK, altered bytes, wrong row — raises
:class:`KeyDecryptionFailed`: it fails closed and never says which layer failed.

The KEK and plaintexts never appear in a ``repr``, an exception message or a log line.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from typing import Final

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from microcred.issuance.errors import KeyDecryptionFailed

__all__ = ["KeyEncryptionKey", "SealedSecret", "open_secret", "seal_secret"]

_NONCE_BYTES: Final = 12
_HKDF_SALT: Final = b"microcred/key-encryption-key"
_HKDF_INFO: Final = b"microcred signing-key envelope v1"
_FORMAT: Final = b"\x01"  # version byte in front of each envelope part, so the format can evolve


class KeyEncryptionKey:
    """The KEK derived from the configured environment value. Its bytes never leave this object."""

    __slots__ = ("_key", "fingerprint")

    def __init__(self, configured_value: str) -> None:
        if not configured_value:
            raise KeyDecryptionFailed("MICROCRED_KEY_ENCRYPTION_KEY is not configured")
        material = configured_value.encode("utf-8")
        self._key = HKDF(algorithm=hashes.SHA256(), length=32, salt=_HKDF_SALT, info=_HKDF_INFO).derive(
            material
        )
        # A fingerprint stored with each row says which KEK sealed it (for KEK rotation), reveals nothing.
        self.fingerprint = hashlib.sha256(b"microcred-kek-fingerprint" + self._key).hexdigest()[:16]

    def wrap(self, data_key: bytes, associated_data: bytes) -> bytes:
        nonce = os.urandom(_NONCE_BYTES)
        return _FORMAT + nonce + AESGCM(self._key).encrypt(nonce, data_key, associated_data)

    def unwrap(self, wrapped: bytes, associated_data: bytes) -> bytes:
        return _open(self._key, wrapped, associated_data)

    def __repr__(self) -> str:
        return f"KeyEncryptionKey(fingerprint={self.fingerprint!r})"


@dataclass(frozen=True)
class SealedSecret:
    """What is stored: the wrapped data key, the ciphertext and the fingerprint of the KEK that sealed it."""

    wrapped_data_key: bytes = field(repr=False)
    ciphertext: bytes = field(repr=False)
    kek_fingerprint: str


def _open(key: bytes, blob: bytes, associated_data: bytes) -> bytes:
    if len(blob) < 1 + _NONCE_BYTES + 16 or blob[:1] != _FORMAT:
        raise KeyDecryptionFailed("malformed envelope")
    nonce, body = blob[1 : 1 + _NONCE_BYTES], blob[1 + _NONCE_BYTES :]
    try:
        return AESGCM(key).decrypt(nonce, body, associated_data)
    except InvalidTag:
        raise KeyDecryptionFailed("authentication failed") from None


def seal_secret(plaintext: bytes, *, kek: KeyEncryptionKey, associated_data: bytes) -> SealedSecret:
    """Encrypt ``plaintext`` under a fresh data key, itself wrapped by ``kek``."""
    data_key = AESGCM.generate_key(bit_length=256)
    nonce = os.urandom(_NONCE_BYTES)
    ciphertext = _FORMAT + nonce + AESGCM(data_key).encrypt(nonce, plaintext, associated_data)
    return SealedSecret(
        wrapped_data_key=kek.wrap(data_key, associated_data),
        ciphertext=ciphertext,
        kek_fingerprint=kek.fingerprint,
    )


def open_secret(sealed: SealedSecret, *, kek: KeyEncryptionKey, associated_data: bytes) -> bytes:
    """Decrypt a :class:`SealedSecret`; raises :class:`KeyDecryptionFailed` on any mismatch."""
    data_key = kek.unwrap(sealed.wrapped_data_key, associated_data)
    return _open(data_key, sealed.ciphertext, associated_data)
