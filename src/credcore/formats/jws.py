"""Compact JWS (RFC 7515 §7.1, https://www.rfc-editor.org/rfc/rfc7515#section-7.1): read without trusting,
find the key, verify with an algorithm allow-list.

Signature checking is PyJWT's (``jwt.PyJWS``); this module decides which algorithms and keys are acceptable:
never ``none``, never an HMAC, the algorithm must match the key type (EdDSA ↔ Ed25519, ES256 ↔ P-256,
RS256 ↔ RSA ≥ 2048 bits), and the header's ``alg`` is checked against the caller's allow-list before anything
else is done with the token.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Mapping
from typing import Any, Final

import jwt
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from credcore._internal.multibase import decode_multibase
from credcore.errors import CryptoError, InvalidDocumentError, KeyFormatError
from credcore.formats.jsontext import load_json
from credcore.keys import Ed25519Multikey

__all__ = [
    "COMPACT",
    "PublicKey",
    "alg_matches_key",
    "b64url_decode",
    "key_from_jwk",
    "key_from_method",
    "peek",
    "verify_jws",
]

COMPACT: Final = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$")
PublicKey = Ed25519PublicKey | ec.EllipticCurvePublicKey | rsa.RSAPublicKey
_P256_MULTICODEC: Final = b"\x80\x24"
_MIN_RSA_BITS: Final = 2048


def b64url_decode(segment: str) -> bytes:
    """Base64url without padding (RFC 7515 §2), strictly: no padding, no other alphabet, canonical."""
    if "=" in segment or len(segment) % 4 == 1:
        raise InvalidDocumentError("invalid base64url in the JWS")
    try:
        data = base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
    except (binascii.Error, ValueError) as error:
        raise InvalidDocumentError("invalid base64url in the JWS") from error
    if base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii") != segment:
        raise InvalidDocumentError("non-canonical base64url in the JWS")
    return data


def _json_object(segment: str, what: str) -> dict[str, Any]:
    try:
        text = b64url_decode(segment).decode("utf-8", errors="strict")
    except UnicodeDecodeError as error:
        raise InvalidDocumentError(f"the JWS {what} is not UTF-8") from error
    value = load_json(text)
    if not isinstance(value, dict):
        raise InvalidDocumentError(f"the JWS {what} is not a JSON object")
    return value


def peek(token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The protected header and the payload of a compact JWS, decoded but NOT verified."""
    if not COMPACT.match(token):
        raise InvalidDocumentError("not a compact JWS")
    header_segment, payload_segment, signature_segment = token.split(".")
    b64url_decode(signature_segment)
    header = _json_object(header_segment, "header")
    if header.get("b64") is False or "crit" in header:
        raise InvalidDocumentError("JWS extensions (crit, b64) are not supported")
    return header, _json_object(payload_segment, "payload")


def alg_matches_key(alg: str, key: PublicKey) -> bool:
    """RFC 7518 §3.1 / RFC 8037 §3.1: each algorithm with its own key type only."""
    if alg == "EdDSA":
        return isinstance(key, Ed25519PublicKey)
    if alg == "ES256":
        return isinstance(key, ec.EllipticCurvePublicKey) and isinstance(key.curve, ec.SECP256R1)
    if alg == "RS256":
        return isinstance(key, rsa.RSAPublicKey) and key.key_size >= _MIN_RSA_BITS
    return False


def key_from_jwk(jwk_value: object) -> PublicKey:
    """A public key from a JWK (RFC 7517): OKP/Ed25519, EC/P-256 or RSA; private members are ignored."""
    if not isinstance(jwk_value, Mapping) or jwk_value.get("kty") not in ("OKP", "EC", "RSA"):
        raise KeyFormatError("unsupported JWK")
    public = {
        name: value for name, value in jwk_value.items() if name not in ("d", "p", "q", "dp", "dq", "qi")
    }
    try:
        key = jwt.PyJWK(public).key
    except Exception as error:  # PyJWT raises several exception types for a bad JWK
        raise KeyFormatError(f"invalid JWK: {type(error).__name__}") from error
    if not isinstance(key, Ed25519PublicKey | ec.EllipticCurvePublicKey | rsa.RSAPublicKey):
        raise KeyFormatError("the JWK is not a supported public key")
    return key


def key_from_method(method: Mapping[str, Any]) -> PublicKey:
    """The public key of a verification method: ``publicKeyJwk``, or ``publicKeyMultibase`` (Ed25519 or P-256
    Multikey, https://www.w3.org/TR/cid-1.0/#Multikey)."""
    if "publicKeyJwk" in method:
        return key_from_jwk(method["publicKeyJwk"])
    value = method.get("publicKeyMultibase")
    if not isinstance(value, str):
        raise KeyFormatError("the verification method has no public key")
    if value.startswith("zDn"):
        return _p256_multikey(value)
    return Ed25519PublicKey.from_public_bytes(Ed25519Multikey.from_multibase(value).public_key_bytes)


def _p256_multikey(value: str) -> ec.EllipticCurvePublicKey:
    raw = decode_multibase(value)
    if not raw.startswith(_P256_MULTICODEC) or len(raw) != len(_P256_MULTICODEC) + 33:
        raise KeyFormatError("not a compressed P-256 Multikey")
    try:
        return ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), raw[len(_P256_MULTICODEC) :])
    except ValueError as error:
        raise KeyFormatError("invalid P-256 point") from error


def verify_jws(token: str, key: PublicKey, *, allowed: frozenset[str]) -> bool:
    """True when the JWS verifies under ``key`` with its header's algorithm, which must be in ``allowed`` and
    match the key type. https://www.rfc-editor.org/rfc/rfc7515#section-5.2"""
    header, _ = peek(token)
    alg = header.get("alg")
    if not isinstance(alg, str) or alg not in allowed or not alg_matches_key(alg, key):
        return False
    try:
        jwt.PyJWS().decode_complete(token, key=key, algorithms=[alg])
    except jwt.InvalidSignatureError:
        return False
    except jwt.PyJWTError as error:
        raise CryptoError(f"the JWS could not be verified: {type(error).__name__}") from error
    return True
