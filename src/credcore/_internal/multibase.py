"""Multibase and multicodec encodings used by Multikey and Data Integrity proofs.

- base58btc with the ``z`` prefix: https://www.w3.org/TR/cid-1.0/#multibase-0
- base64url without padding with the ``u`` prefix: https://www.w3.org/TR/cid-1.0/#multibase-0
- multicodec varint headers: https://www.w3.org/TR/cid-1.0/#multikey (ed25519-pub 0xed, ed25519-priv 0x1300)
"""

from __future__ import annotations

import base64
import binascii
from typing import Final

from credcore.errors import KeyFormatError

__all__ = [
    "ED25519_PRIV_HEADER",
    "ED25519_PUB_HEADER",
    "b58decode",
    "b58encode",
    "decode_multibase",
    "decode_multicodec",
    "encode_multibase_base58btc",
    "encode_multibase_base64url",
    "encode_multicodec",
    "varint_encode",
]

_B58_ALPHABET: Final = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_B58_INDEX: Final = {char: index for index, char in enumerate(_B58_ALPHABET)}

ED25519_PUB_HEADER: Final = b"\xed\x01"  # varint(0xed)
ED25519_PRIV_HEADER: Final = b"\x80\x26"  # varint(0x1300)


def b58encode(data: bytes) -> str:
    """Encode bytes in the Bitcoin base58 alphabet (leading zero bytes become ``1``)."""
    zeros = len(data) - len(data.lstrip(b"\0"))
    number = int.from_bytes(data, "big")
    digits: list[str] = []
    while number:
        number, remainder = divmod(number, 58)
        digits.append(_B58_ALPHABET[remainder])
    return "1" * zeros + "".join(reversed(digits))


def b58decode(text: str) -> bytes:
    """Decode Bitcoin base58; any character outside the alphabet raises :class:`KeyFormatError`."""
    number = 0
    for char in text:
        index = _B58_INDEX.get(char)
        if index is None:
            raise KeyFormatError(f"invalid base58btc character {char!r}")
        number = number * 58 + index
    zeros = len(text) - len(text.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * zeros + body


def encode_multibase_base58btc(data: bytes) -> str:
    """Multibase base58btc: ``z`` followed by base58btc."""
    return "z" + b58encode(data)


def encode_multibase_base64url(data: bytes) -> str:
    """Multibase base64url without padding: ``u`` followed by base64url (RFC 4648 §5, no ``=``)."""
    return "u" + base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def decode_multibase(text: str) -> bytes:
    """Decode a ``z`` (base58btc) or ``u`` (base64url, no padding) multibase string."""
    if not isinstance(text, str) or len(text) < 2:
        raise KeyFormatError("multibase value must be a non-empty string")
    prefix, body = text[0], text[1:]
    if prefix == "z":
        return b58decode(body)
    if prefix == "u":
        if "=" in body or any(char in body for char in "+/"):
            raise KeyFormatError("base64url multibase must not be padded or use '+' or '/'")
        try:
            return base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        except (binascii.Error, ValueError) as error:
            raise KeyFormatError("invalid base64url multibase value") from error
    raise KeyFormatError(f"unsupported multibase prefix {prefix!r}")


def varint_encode(value: int) -> bytes:
    """Unsigned LEB128 varint, as multicodec uses (https://github.com/multiformats/unsigned-varint)."""
    if value < 0:
        raise ValueError("varint must be non-negative")
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def encode_multicodec(header: bytes, payload: bytes) -> bytes:
    """Prefix ``payload`` with a multicodec varint ``header``."""
    return header + payload


def decode_multicodec(data: bytes, header: bytes, length: int) -> bytes:
    """Strip the expected multicodec ``header``; the payload must be exactly ``length`` bytes."""
    if not data.startswith(header):
        raise KeyFormatError("unexpected multicodec header")
    payload = data[len(header) :]
    if len(payload) != length:
        raise KeyFormatError(f"expected {length} key bytes, got {len(payload)}")
    return payload
