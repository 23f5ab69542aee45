"""PNG badge baking: read and write the credential in an ``iTXt`` chunk, validating every chunk's CRC.

- Open Badges 3.0 baking (https://www.imsglobal.org/spec/ob/v3p0/#png-baking): one ``iTXt`` chunk with keyword
  ``openbadgecredential``; its text is the credential JSON or the compact JWS; compression MUST NOT be used.
- Open Badges 2.0 baking (https://www.imsglobal.org/sites/default/files/Badges/OBv2p0Final/baking/index.html):
  an ``iTXt`` (or legacy ``tEXt``) chunk with keyword ``openbadges`` holding the assertion, its URL or a JWS.
- PNG structure, chunk layout and CRC: https://www.w3.org/TR/png-3/#5Chunk-layout ; ``iTXt``:
  https://www.w3.org/TR/png-3/#11iTXt

Compressed text is refused, never inflated, so a crafted image cannot become a decompression bomb.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

from credcore.formats.errors import MalformedImageError, NoBakedCredentialError

__all__ = [
    "OB2_KEYWORD",
    "OB3_KEYWORD",
    "PNG_SIGNATURE",
    "BakedText",
    "bake_png",
    "extract_png",
    "iter_chunks",
]

PNG_SIGNATURE: Final = b"\x89PNG\r\n\x1a\n"
OB3_KEYWORD: Final = "openbadgecredential"
OB2_KEYWORD: Final = "openbadges"
_MAX_CHUNKS: Final = 100_000
_MAX_CHUNK_LENGTH: Final = 2**31 - 1


@dataclass(frozen=True, slots=True)
class Chunk:
    type: bytes
    data: bytes
    raw: bytes  # length + type + data + CRC, as found


@dataclass(frozen=True, slots=True)
class BakedText:
    """The text found in a badge image and the keyword (or SVG element) that carried it."""

    keyword: str
    text: str


def iter_chunks(png: bytes) -> Iterator[Chunk]:
    """Split a PNG datastream into chunks, checking the signature, lengths, types and every CRC
    (https://www.w3.org/TR/png-3/#5Chunk-layout); IHDR first, IEND last, nothing after IEND."""
    if not png.startswith(PNG_SIGNATURE):
        raise MalformedImageError("not a PNG file (bad signature)")
    position = len(PNG_SIGNATURE)
    count = 0
    while True:
        if position + 12 > len(png):
            raise MalformedImageError("truncated PNG chunk")
        (length,) = struct.unpack(">I", png[position : position + 4])
        chunk_type = png[position + 4 : position + 8]
        end = position + 12 + length
        if length > _MAX_CHUNK_LENGTH or end > len(png):
            raise MalformedImageError("PNG chunk length runs past the end of the file")
        if not chunk_type.isalpha() or not chunk_type.isascii():
            raise MalformedImageError(f"invalid PNG chunk type {chunk_type!r}")
        data = png[position + 8 : position + 8 + length]
        (crc,) = struct.unpack(">I", png[end - 4 : end])
        if zlib.crc32(chunk_type + data) != crc:
            raise MalformedImageError(f"CRC mismatch in PNG chunk {chunk_type.decode('ascii')}")
        if count == 0 and chunk_type != b"IHDR":
            raise MalformedImageError("the first PNG chunk must be IHDR")
        count += 1
        if count > _MAX_CHUNKS:
            raise MalformedImageError("too many PNG chunks")
        yield Chunk(chunk_type, data, png[position:end])
        position = end
        if chunk_type == b"IEND":
            if position != len(png):
                raise MalformedImageError("data after the PNG IEND chunk")
            return


def _text_chunk(chunk: Chunk) -> BakedText | None:
    """Decode a ``tEXt`` (Latin-1) or uncompressed ``iTXt`` (UTF-8) chunk whose keyword is a badge keyword."""
    keyword_bytes, separator, rest = chunk.data.partition(b"\x00")
    if not separator:
        raise MalformedImageError(f"{chunk.type.decode('ascii')} chunk without a keyword terminator")
    keyword = keyword_bytes.decode("latin-1")
    if keyword not in (OB3_KEYWORD, OB2_KEYWORD):
        return None
    if chunk.type == b"tEXt":
        return BakedText(keyword, rest.decode("latin-1"))
    if len(rest) < 2:
        raise MalformedImageError("truncated iTXt chunk")
    compressed, method = rest[0], rest[1]
    if compressed != 0:
        raise MalformedImageError("the baked credential is compressed; the baking rules forbid compression")
    if method != 0:
        raise MalformedImageError("invalid iTXt compression method")
    parts = rest[2:].split(b"\x00", 2)
    if len(parts) != 3:
        raise MalformedImageError("truncated iTXt chunk")
    try:
        text = parts[2].decode("utf-8", errors="strict")
    except UnicodeDecodeError as error:
        raise MalformedImageError("the iTXt text is not valid UTF-8") from error
    return BakedText(keyword, text)


def extract_png(png: bytes) -> BakedText:
    """The credential baked into a PNG: exactly one ``openbadgecredential`` chunk (OB 3.0), else exactly one
    ``openbadges`` chunk (OB 2.0). https://www.imsglobal.org/spec/ob/v3p0/#png-baking"""
    found: list[BakedText] = []
    for chunk in iter_chunks(png):
        if chunk.type in (b"iTXt", b"tEXt"):
            baked = _text_chunk(chunk)
            if baked is not None:
                found.append(baked)
    for keyword in (OB3_KEYWORD, OB2_KEYWORD):
        matches = [baked for baked in found if baked.keyword == keyword]
        if len(matches) > 1:
            raise MalformedImageError(f"more than one {keyword!r} chunk")
        if matches:
            return matches[0]
    raise NoBakedCredentialError("no openbadgecredential or openbadges chunk in the PNG")


def _chunk(chunk_type: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + chunk_type + data + struct.pack(">I", zlib.crc32(chunk_type + data))


def itxt_chunk(keyword: str, text: str) -> bytes:
    """An uncompressed ``iTXt`` chunk (https://www.w3.org/TR/png-3/#11iTXt): keyword, NUL, compression flag 0,
    method 0, empty language tag, NUL, empty translated keyword, NUL, UTF-8 text."""
    return _chunk(b"iTXt", keyword.encode("latin-1") + b"\x00\x00\x00\x00\x00" + text.encode("utf-8"))


def bake_png(png: bytes, text: str) -> bytes:
    """Bake ``text`` (credential JSON or compact JWS) into ``png``: any earlier badge chunk is removed and one
    ``openbadgecredential`` iTXt chunk is written just before IEND
    (https://www.imsglobal.org/spec/ob/v3p0/#png-baking)."""
    out = [PNG_SIGNATURE]
    for chunk in iter_chunks(png):
        if chunk.type == b"IEND":
            out.append(itxt_chunk(OB3_KEYWORD, text))
        elif chunk.type in (b"iTXt", b"tEXt") and _is_badge_chunk(chunk):
            continue
        out.append(chunk.raw)
    return b"".join(out)


def _is_badge_chunk(chunk: Chunk) -> bool:
    keyword = chunk.data.partition(b"\x00")[0]
    return keyword in (OB3_KEYWORD.encode(), OB2_KEYWORD.encode())
