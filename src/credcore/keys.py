"""Ed25519 keys expressed as Multikey documents (https://www.w3.org/TR/cid-1.0/#Multikey).

An :class:`Ed25519Multikey` is valid by construction: it always holds a 32-byte Ed25519 public key, an
absolute ``id`` and ``controller``, and, when it can sign, the matching private key. Secret material
never appears in ``repr`` or in :meth:`Ed25519Multikey.to_document` unless asked for explicitly.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any, Final

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

from credcore._internal.multibase import (
    ED25519_PRIV_HEADER,
    ED25519_PUB_HEADER,
    decode_multibase,
    decode_multicodec,
    encode_multibase_base58btc,
)
from credcore.errors import CryptoError, KeyFormatError

__all__ = ["MULTIKEY_CONTEXT", "Ed25519Multikey", "did_key_from_public_key_multibase"]

MULTIKEY_CONTEXT: Final = "https://w3id.org/security/multikey/v1"
_ACCEPTED_CONTEXTS: Final = frozenset({MULTIKEY_CONTEXT, "https://www.w3.org/ns/cid/v1"})
_ABSOLUTE_URI: Final = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:\S+$")
_KEY_LENGTH: Final = 32
_MAX_MULTIBASE_LENGTH: Final = 64  # 34 bytes are at most 47 base58 characters; bound before decoding


def did_key_from_public_key_multibase(public_key_multibase: str) -> str:
    """The ``did:key`` DID of an Ed25519 key (https://w3c-ccg.github.io/did-key-spec/#format)."""
    return f"did:key:{public_key_multibase}"


def _public_bytes(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def _require_absolute(name: str, value: object) -> str:
    if not isinstance(value, str) or not _ABSOLUTE_URI.match(value):
        raise KeyFormatError(f"{name} must be an absolute URI")
    return value


def _decode_public(public_key_multibase: object) -> Ed25519PublicKey:
    if not isinstance(public_key_multibase, str) or not public_key_multibase.startswith("z6Mk"):
        raise KeyFormatError("publicKeyMultibase must be a base58btc ed25519-pub Multikey (z6Mk…)")
    return _decode_public_text(public_key_multibase)


@lru_cache(maxsize=4096)
def _public_multibase(public_raw: bytes) -> str:
    """base58btc is quadratic pure Python, and a busy verifier encodes the same issuer key again and again."""
    return encode_multibase_base58btc(ED25519_PUB_HEADER + public_raw)


@lru_cache(maxsize=4096)
def _decode_public_text(public_key_multibase: str) -> Ed25519PublicKey:
    """Decoding is a pure function of the text and public keys are immutable, so a verifier that sees the same
    issuer key many times (a batch, a busy endpoint) decodes base58 once; failures are never cached."""
    if len(public_key_multibase) > _MAX_MULTIBASE_LENGTH:
        raise KeyFormatError("publicKeyMultibase is too long")
    raw = decode_multicodec(decode_multibase(public_key_multibase), ED25519_PUB_HEADER, _KEY_LENGTH)
    try:
        return Ed25519PublicKey.from_public_bytes(raw)
    except ValueError as error:
        raise KeyFormatError("invalid Ed25519 public key bytes") from error


def _public_multikey(public_multibase: object, controller: object, key_id: object) -> Ed25519Multikey:
    if (
        type(public_multibase) is str
        and (controller is None or type(controller) is str)
        and (key_id is None or type(key_id) is str)
    ):
        return _cached_public_multikey(public_multibase, controller, key_id)
    public = _decode_public(public_multibase)  # KeyFormatError here or for controller / key_id
    return Ed25519Multikey(public, controller=controller, key_id=key_id)  # type: ignore[arg-type]


@lru_cache(maxsize=4096)
def _cached_public_multikey(
    public_multibase: str, controller: str | None, key_id: str | None
) -> Ed25519Multikey:
    """A public-only key is immutable and a pure function of its text, controller and id, so a verifier
    that resolves the same issuer key again and again (did:key resolution builds it twice per proof)
    builds it once. Secret keys are never cached; failures are never cached."""
    return Ed25519Multikey(_decode_public(public_multibase), controller=controller, key_id=key_id)


@lru_cache(maxsize=4096)
def _verification_key(public_key: bytes, controller: str, key_id: str) -> Ed25519Multikey:
    if not isinstance(public_key, bytes) or len(public_key) != _KEY_LENGTH:
        raise KeyFormatError("an Ed25519 public key is exactly 32 bytes")
    try:
        public = Ed25519PublicKey.from_public_bytes(public_key)
    except ValueError as error:
        raise KeyFormatError("invalid Ed25519 public key bytes") from error
    return Ed25519Multikey(public, controller=controller, key_id=key_id)


def _decode_secret(secret_key_multibase: object) -> Ed25519PrivateKey:
    if not isinstance(secret_key_multibase, str) or not secret_key_multibase.startswith("z"):
        raise KeyFormatError("secretKeyMultibase must be a base58btc ed25519-priv Multikey (z3u2…)")
    if len(secret_key_multibase) > _MAX_MULTIBASE_LENGTH:
        raise KeyFormatError("secretKeyMultibase is too long")
    raw = decode_multicodec(decode_multibase(secret_key_multibase), ED25519_PRIV_HEADER, _KEY_LENGTH)
    return Ed25519PrivateKey.from_private_bytes(raw)


class Ed25519Multikey:
    """An Ed25519 verification method in Multikey form, optionally able to sign."""

    __slots__ = ("_controller", "_id", "_private", "_public", "_public_multibase", "_public_raw")

    def __init__(
        self,
        public_key: Ed25519PublicKey,
        *,
        private_key: Ed25519PrivateKey | None = None,
        controller: str | None = None,
        key_id: str | None = None,
    ) -> None:
        public_raw = _public_bytes(public_key)
        if private_key is not None and _public_bytes(private_key.public_key()) != public_raw:
            raise KeyFormatError("the secret key does not match the public key")
        self._public = public_key
        self._private = private_key
        self._public_raw = public_raw
        self._public_multibase = _public_multibase(public_raw)
        did = did_key_from_public_key_multibase(self._public_multibase)
        self._controller = _require_absolute("controller", controller if controller is not None else did)
        default_id = f"{self._controller}#{self._public_multibase}"
        self._id = _require_absolute("id", key_id if key_id is not None else default_id)

    # -- construction -------------------------------------------------------------------------------

    @classmethod
    def generate(cls, *, controller: str | None = None, key_id: str | None = None) -> Ed25519Multikey:
        """A fresh key pair; without ``controller`` it is a ``did:key`` key."""
        private = Ed25519PrivateKey.generate()
        return cls(private.public_key(), private_key=private, controller=controller, key_id=key_id)

    @classmethod
    def from_seed(
        cls, seed: bytes, *, controller: str | None = None, key_id: str | None = None
    ) -> Ed25519Multikey:
        """A key pair from its 32-byte Ed25519 secret seed (RFC 8032 §5.1.5)."""
        if not isinstance(seed, bytes) or len(seed) != _KEY_LENGTH:
            raise KeyFormatError("an Ed25519 seed is exactly 32 bytes")
        private = Ed25519PrivateKey.from_private_bytes(seed)
        return cls(private.public_key(), private_key=private, controller=controller, key_id=key_id)

    @classmethod
    def from_multibase(
        cls,
        public_key_multibase: str,
        secret_key_multibase: str | None = None,
        *,
        controller: str | None = None,
        key_id: str | None = None,
    ) -> Ed25519Multikey:
        """A key from ``publicKeyMultibase`` (z6Mk…) and optionally ``secretKeyMultibase`` (z3u2…)."""
        if secret_key_multibase is None and cls is Ed25519Multikey:
            return _public_multikey(public_key_multibase, controller, key_id)
        public = _decode_public(public_key_multibase)
        private = _decode_secret(secret_key_multibase) if secret_key_multibase is not None else None
        return cls(public, private_key=private, controller=controller, key_id=key_id)

    @staticmethod
    def for_verification(public_key: bytes, *, controller: str, key_id: str) -> Ed25519Multikey:
        """A verification-only key from the 32 raw public key bytes of a resolved verification method
        (cached like :meth:`from_multibase`: an issuer's key is built once, not once per proof)."""
        return _verification_key(public_key, controller, key_id)

    @classmethod
    def from_document(cls, document: Mapping[str, Any]) -> Ed25519Multikey:
        """Parse a Multikey document (https://www.w3.org/TR/cid-1.0/#Multikey)."""
        if not isinstance(document, Mapping):
            raise KeyFormatError("a Multikey document must be a JSON object")
        if document.get("type") != "Multikey":
            raise KeyFormatError("type must be 'Multikey'")
        context = document.get("@context")
        if context is not None:
            contexts = context if isinstance(context, list) else [context]
            if not any(item in _ACCEPTED_CONTEXTS for item in contexts if isinstance(item, str)):
                raise KeyFormatError("@context must include the Multikey or CID v1 context")
        secret = document.get("secretKeyMultibase")
        if secret is not None and not isinstance(secret, str):
            raise KeyFormatError("secretKeyMultibase must be a string")
        return cls.from_multibase(
            document.get("publicKeyMultibase"),  # type: ignore[arg-type]  # validated in _decode_public
            secret,
            controller=_require_absolute("controller", document.get("controller")),
            key_id=_require_absolute("id", document.get("id")),
        )

    # -- views ----------------------------------------------------------------------------------------

    @property
    def id(self) -> str:
        return self._id

    @property
    def controller(self) -> str:
        return self._controller

    @property
    def public_key_multibase(self) -> str:
        return self._public_multibase

    @property
    def public_key_bytes(self) -> bytes:
        return self._public_raw

    @property
    def can_sign(self) -> bool:
        return self._private is not None

    @property
    def did_key(self) -> str:
        """``did:key:z6Mk…`` for this public key, whatever the configured controller."""
        return did_key_from_public_key_multibase(self._public_multibase)

    @property
    def did_key_verification_method(self) -> str:
        """``did:key:z6Mk…#z6Mk…``: the verification method id of this key under did:key."""
        return f"{self.did_key}#{self._public_multibase}"

    def secret_key_multibase(self) -> str:
        """The secret key as ``secretKeyMultibase`` (z3u2…). Handle with care: never log it."""
        if self._private is None:
            raise KeyFormatError("this key has no secret part")
        seed = self._private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        return encode_multibase_base58btc(ED25519_PRIV_HEADER + seed)

    def public_only(self) -> Ed25519Multikey:
        """The same verification method without the secret key."""
        return Ed25519Multikey(self._public, controller=self._controller, key_id=self._id)

    def bound_to(self, *, controller: str, key_id: str) -> Ed25519Multikey:
        """The same key pair (secret included, if any) under another controller and id (e.g. did:web)."""
        return Ed25519Multikey(self._public, private_key=self._private, controller=controller, key_id=key_id)

    def to_document(self, *, include_secret: bool = False, with_context: bool = True) -> dict[str, Any]:
        """The Multikey document; the secret key only with ``include_secret=True``."""
        document: dict[str, Any] = {}
        if with_context:
            document["@context"] = MULTIKEY_CONTEXT
        document.update(
            {
                "id": self._id,
                "type": "Multikey",
                "controller": self._controller,
                "publicKeyMultibase": self._public_multibase,
            }
        )
        if include_secret:
            document["secretKeyMultibase"] = self.secret_key_multibase()
        return document

    # -- operations -----------------------------------------------------------------------------------

    def sign(self, data: bytes) -> bytes:
        """Pure Ed25519 signature (RFC 8032) of ``data``: 64 bytes."""
        if self._private is None:
            raise CryptoError("this key has no secret part and cannot sign")
        return self._private.sign(data)

    def verify(self, signature: bytes, data: bytes) -> bool:
        """True when ``signature`` is a valid Ed25519 signature of ``data`` by this key."""
        if len(signature) != 64:
            return False
        try:
            self._public.verify(signature, data)
        except InvalidSignature:
            return False
        return True

    def __repr__(self) -> str:
        secret = ", can_sign=True" if self._private is not None else ""
        return f"Ed25519Multikey(id={self._id!r}, controller={self._controller!r}{secret})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Ed25519Multikey):
            return NotImplemented
        return (self._id, self._controller, self._public_multibase) == (
            other._id,
            other._controller,
            other._public_multibase,
        )

    def __hash__(self) -> int:
        return hash((self._id, self._controller, self._public_multibase))
