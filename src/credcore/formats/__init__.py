"""Import and bake credentials in every format a learner may bring: parse at the boundary, then verify.

- :func:`parse_credential_input` — bytes (JSON, compact JWS, baked PNG or SVG) → :class:`ParsedCredential`;
- :func:`verify_imported` — a :class:`~credcore.results.VerificationResult` with named checks, for
  OB 3.0 JSON, VC-JWT and OB 2.0 hosted / signed assertions;
- :func:`bake_png`, :func:`bake_svg`, :func:`extract_baked` — Open Badges 3.0 baking
  (https://www.imsglobal.org/spec/ob/v3p0/#baking).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from credcore.formats import jws
from credcore.formats.errors import (
    InputTooLargeError,
    MalformedImageError,
    NoBakedCredentialError,
    UnsupportedFormatError,
)
from credcore.formats.parse import MAX_INPUT_BYTES, CredentialFormat, ParsedCredential, parse_credential_input
from credcore.formats.png import PNG_SIGNATURE, extract_png
from credcore.formats.png import bake_png as _bake_png_text
from credcore.formats.svg import bake_svg as _bake_svg_text
from credcore.formats.svg import extract_svg
from credcore.formats.verify import verify_imported

__all__ = [
    "CredentialFormat",
    "InputTooLargeError",
    "MalformedImageError",
    "NoBakedCredentialError",
    "ParsedCredential",
    "UnsupportedFormatError",
    "bake_png",
    "bake_svg",
    "extract_baked",
    "parse_credential_input",
    "verify_imported",
]


def _credential_text(credential: Mapping[str, Any] | str) -> str:
    """A credential as baked text: a compact JWS as is, a JSON object serialised (UTF-8, unescaped)."""
    if isinstance(credential, str):
        text = credential.strip()
        if not jws.COMPACT.match(text) and not text.startswith("{"):
            raise UnsupportedFormatError("only credential JSON or a compact JWS can be baked")
        return text
    return json.dumps(dict(credential), ensure_ascii=False, indent=2)


def bake_png(png: bytes, credential: Mapping[str, Any] | str) -> bytes:
    """``png`` with ``credential`` (a dict, JSON text or compact JWS) in an ``openbadgecredential`` iTXt chunk
    (https://www.imsglobal.org/spec/ob/v3p0/#png-baking)."""
    return _bake_png_text(bytes(png), _credential_text(credential))


def bake_svg(svg: str, credential: Mapping[str, Any] | str) -> str:
    """``svg`` with ``credential`` in ``<openbadges:credential>`` (https://www.imsglobal.org/spec/ob/v3p0/#svg-baking)."""
    text = _credential_text(credential)
    return _bake_svg_text(svg, text, is_jws=not text.startswith("{"))


def extract_baked(data: bytes) -> str:
    """The credential text baked into a PNG or SVG badge; raises InvalidDocumentError (or a subclass)."""
    data = bytes(data)
    if len(data) > MAX_INPUT_BYTES:
        raise InputTooLargeError(f"more than {MAX_INPUT_BYTES} bytes")
    if data.startswith(PNG_SIGNATURE):
        return extract_png(data).text
    try:
        text = data.decode("utf-8", errors="strict").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        raise MalformedImageError("neither a PNG nor a UTF-8 SVG") from error
    return extract_svg(text).text
