"""W3C Bitstring Status List v1.0: revocation and suspension lists and the entries that point into them.

Spec: https://www.w3.org/TR/vc-bitstring-status-list/. A list is a bitstring of at least 131,072 entries
(herd privacy), GZIP-compressed and multibase-base64url encoded (``u…``) in ``encodedList`` of a
``BitstringStatusListCredential``. Index 0 is the left-most (most significant) bit of the first byte.

Checking a credential against a list (the Validate algorithm) is :mod:`credcore.status_validation`.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from credcore._internal.multibase import decode_multibase, encode_multibase_base64url
from credcore._internal.values import format_datetime, require_text, require_uri
from credcore.errors import CredcoreError, InvalidDocumentError

__all__ = [
    "MIN_ENTRIES",
    "BitstringStatusList",
    "BitstringStatusListEntry",
    "StatusListFetcher",
    "build_status_list_credential",
    "expand_bitstring",
    "static_status_fetcher",
]

MIN_ENTRIES: Final = 131_072  # §2.2 / §6.1: at least 16KB of bits for herd privacy
_MAX_BITS: Final = 8 * 64 * 1024 * 1024  # refuse to inflate more than 64 MiB (decompression bombs)
VC_V2_CONTEXT: Final = "https://www.w3.org/ns/credentials/v2"

StatusListFetcher = Callable[[str], Mapping[str, Any]]


@dataclass(frozen=True, slots=True)
class BitstringStatusList:
    """An immutable status bitstring; ``with_status`` returns a new list (§2.2, §3.3, §7.1)."""

    bits: bytes
    status_size: int = 1

    def __post_init__(self) -> None:
        if self.status_size < 1:
            raise InvalidDocumentError("statusSize must be an integer greater than zero")
        if len(self.bits) * 8 // self.status_size < MIN_ENTRIES:
            raise InvalidDocumentError(f"a status list needs at least {MIN_ENTRIES} entries")

    @classmethod
    def create(cls, entries: int = MIN_ENTRIES, *, status_size: int = 1) -> BitstringStatusList:
        """A list of ``entries`` zero entries (at least 131,072)."""
        if entries < MIN_ENTRIES:
            raise InvalidDocumentError(f"a status list needs at least {MIN_ENTRIES} entries")
        return cls(bytes((entries * status_size + 7) // 8), status_size)

    @classmethod
    def decode(cls, encoded_list: str, *, status_size: int = 1) -> BitstringStatusList:
        """Bitstring Expansion Algorithm (§3.4): multibase-decode, then GZIP-decompress."""
        return cls(expand_bitstring(encoded_list), status_size)

    def __len__(self) -> int:
        return len(self.bits) * 8 // self.status_size

    def get(self, index: int) -> int:
        """The status value at ``index`` (the bits ``index*size`` … ``index*size + size - 1``)."""
        if not 0 <= index < len(self):
            raise IndexError(f"status list index {index} outside 0..{len(self) - 1}")
        value = 0
        for bit in range(index * self.status_size, (index + 1) * self.status_size):
            value = (value << 1) | ((self.bits[bit // 8] >> (7 - bit % 8)) & 1)
        return value

    def with_status(self, index: int, value: int = 1) -> BitstringStatusList:
        """A copy with entry ``index`` set to ``value`` (1 revokes/suspends, 0 clears a suspension)."""
        if not 0 <= index < len(self):
            raise IndexError(f"status list index {index} outside 0..{len(self) - 1}")
        if not 0 <= value < (1 << self.status_size):
            raise ValueError(f"status value {value} does not fit in {self.status_size} bit(s)")
        data = bytearray(self.bits)
        for offset in range(self.status_size):
            bit = index * self.status_size + offset
            mask = 1 << (7 - bit % 8)
            on = (value >> (self.status_size - 1 - offset)) & 1
            data[bit // 8] = data[bit // 8] | mask if on else data[bit // 8] & ~mask
        return BitstringStatusList(bytes(data), self.status_size)

    def set(self, index: int) -> BitstringStatusList:
        """Revoke or suspend entry ``index`` (status value 1)."""
        return self.with_status(index, 1)

    def clear(self, index: int) -> BitstringStatusList:
        return self.with_status(index, 0)

    def encode(self) -> str:
        """Bitstring Generation Algorithm (§3.3): GZIP, then multibase base64url (no padding)."""
        return encode_multibase_base64url(_gzip(self.bits))


# RFC 1952 member header: magic, deflate, no flags, mtime 0, no extra flags, OS 3 (Unix) — what Node's zlib
# (and so the JavaScript reference) writes, making our encodedList byte-identical to the spec's examples.
_GZIP_HEADER: Final = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03"


def _gzip(data: bytes) -> bytes:
    """GZIP (https://www.rfc-editor.org/rfc/rfc1952), reproducible: fixed header, default deflate level."""
    deflater = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -zlib.MAX_WBITS)
    body = deflater.compress(data) + deflater.flush()
    trailer = struct.pack("<II", zlib.crc32(data), len(data) & 0xFFFFFFFF)
    return _GZIP_HEADER + body + trailer


def expand_bitstring(encoded_list: str) -> bytes:
    """Bitstring Expansion Algorithm (https://www.w3.org/TR/vc-bitstring-status-list/#bitstring-expansion-algorithm)."""
    if not isinstance(encoded_list, str) or not encoded_list.startswith("u"):
        raise InvalidDocumentError("encodedList must be multibase base64url ('u' prefix)")
    try:
        compressed = decode_multibase(encoded_list)
        inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)  # GZIP container only
        bits = inflater.decompress(compressed, _MAX_BITS // 8)
        if inflater.unconsumed_tail or not inflater.eof:
            raise InvalidDocumentError("encodedList is truncated or larger than 64 MiB")
    except InvalidDocumentError:
        raise
    except CredcoreError as error:  # the multibase layer speaks of keys; here it is the list
        raise InvalidDocumentError(f"encodedList is not multibase base64url: {error.detail}") from error
    except zlib.error as error:
        raise InvalidDocumentError("encodedList is not GZIP data") from error
    return bits


@dataclass(frozen=True, slots=True)
class BitstringStatusListEntry:
    """A credential's ``credentialStatus`` entry (§2.1). ``id`` defaults to ``<list URL>#<index>``."""

    status_list_credential: str
    status_list_index: int
    status_purpose: str = "revocation"
    id: str | None = None

    def __post_init__(self) -> None:
        require_uri("statusListCredential", self.status_list_credential)
        require_text("statusPurpose", self.status_purpose)
        if isinstance(self.status_list_index, bool) or not isinstance(self.status_list_index, int):
            raise InvalidDocumentError("statusListIndex must be an integer")
        if self.status_list_index < 0:
            raise InvalidDocumentError("statusListIndex must be >= 0")
        if self.id is not None:
            require_uri("credentialStatus id", self.id)
            if self.id == self.status_list_credential:
                raise InvalidDocumentError("the entry id must not be the status list URL (§2.1)")

    @classmethod
    def from_json(cls, entry: Mapping[str, Any]) -> BitstringStatusListEntry:
        """Parse an entry; ``statusListIndex`` as a base-10 string (spec) or an integer (seen in the wild)."""
        if entry.get("type") != "BitstringStatusListEntry":
            raise InvalidDocumentError("credentialStatus type must be BitstringStatusListEntry")
        raw = entry.get("statusListIndex")
        if isinstance(raw, str) and raw.isascii() and raw.isdigit():
            index = int(raw)
        elif isinstance(raw, int) and not isinstance(raw, bool):
            index = raw
        else:
            raise InvalidDocumentError("statusListIndex must be a non-negative base-10 integer")
        size = entry.get("statusSize", 1)
        if size != 1:
            raise InvalidDocumentError("only statusSize 1 is supported")
        url, purpose, entry_id = (entry.get(k) for k in ("statusListCredential", "statusPurpose", "id"))
        if not isinstance(url, str) or not isinstance(purpose, str):
            raise InvalidDocumentError("statusListCredential and statusPurpose must be strings")
        if entry_id is not None and not isinstance(entry_id, str):
            raise InvalidDocumentError("credentialStatus id must be a string")
        return cls(url, index, purpose, entry_id)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id or f"{self.status_list_credential}#{self.status_list_index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": self.status_purpose,
            "statusListIndex": str(self.status_list_index),
            "statusListCredential": self.status_list_credential,
        }


def build_status_list_credential(
    *,
    id: str,
    issuer: str,
    status_list: BitstringStatusList,
    status_purpose: str = "revocation",
    valid_from: datetime | None = None,
    valid_until: datetime | None = None,
    ttl_ms: int | None = None,
) -> dict[str, Any]:
    """Generate Algorithm (§3.1): the unsigned ``BitstringStatusListCredential`` (sign it with add_proof)."""
    require_uri("status list credential id", id)
    require_uri("status list issuer", issuer)
    require_text("statusPurpose", status_purpose)
    subject: dict[str, Any] = {
        "id": f"{id}#list",
        "type": "BitstringStatusList",
        "statusPurpose": status_purpose,
        "encodedList": status_list.encode(),
    }
    if ttl_ms is not None:
        if isinstance(ttl_ms, bool) or not isinstance(ttl_ms, int) or ttl_ms <= 0:
            raise InvalidDocumentError("ttl must be a positive number of milliseconds")
        subject["ttl"] = ttl_ms
    credential: dict[str, Any] = {
        "@context": [VC_V2_CONTEXT],
        "id": id,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer,
    }
    if valid_from is not None:
        credential["validFrom"] = format_datetime(valid_from)
    if valid_until is not None:
        credential["validUntil"] = format_datetime(valid_until)
    credential["credentialSubject"] = subject
    return credential


def static_status_fetcher(lists: Mapping[str, Mapping[str, Any]]) -> StatusListFetcher:
    """A fetcher over status list credentials already at hand (keyed by URL); unknown URLs fail."""

    def fetch(url: str) -> Mapping[str, Any]:
        if url not in lists:
            raise LookupError(f"no status list for {url}")
        return lists[url]

    return fetch
