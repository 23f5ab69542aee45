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


_B58_BYTES: Final = _B58_ALPHABET.encode("ascii")
_B58_DIGITS: Final = bytes.maketrans(_B58_BYTES, bytes(range(58)))  # character → digit value
_B58_TRIPLES: Final = [a + b + c for a in _B58_ALPHABET for b in _B58_ALPHABET for c in _B58_ALPHABET]
_58_3: Final = 58**3
_58_5: Final = 58**5
_58_6: Final = 58**6


def b58encode(data: bytes) -> str:
    """Encode bytes in the Bitcoin base58 alphabet (leading zero bytes become ``1``).

    The number is cut into base-58⁶ limbs (one big-integer division per six digits instead of one per
    digit), each written as two three-character groups from a table."""
    zeros = len(data) - len(data.lstrip(b"\0"))
    number = int.from_bytes(data, "big")
    limbs: list[int] = []
    while number:
        number, limb = divmod(number, _58_6)
        limbs.append(limb)
    triples = _B58_TRIPLES
    parts: list[str] = []
    for limb in reversed(limbs):
        high, low = divmod(limb, _58_3)
        parts.append(triples[high])
        parts.append(triples[low])
    return "1" * zeros + "".join(parts).lstrip("1")


def b58decode(text: str) -> bytes:
    """Decode Bitcoin base58; any character outside the alphabet raises :class:`KeyFormatError`.

    Characters become digit values in one ``bytes.translate``; the number is then built five digits at a
    time (one big-integer step per five digits instead of one per digit)."""
    if not text.isascii() or text.encode("ascii").translate(None, _B58_BYTES):
        bad = next((char for char in text if char not in _B58_INDEX), text[:1])
        raise KeyFormatError(f"invalid base58btc character {bad!r}")
    digits = text.encode("ascii").translate(_B58_DIGITS)
    head = len(digits) % 5
    number = 0
    for digit in digits[:head]:
        number = number * 58 + digit
    for index in range(head, len(digits), 5):
        a, b, c, d, e = digits[index : index + 5]
        number = number * _58_5 + ((((a * 58 + b) * 58 + c) * 58 + d) * 58 + e)
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
