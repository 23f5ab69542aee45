"""Parse at the boundary: bytes from an upload, a paste or an API call become a :class:`ParsedCredential`.

Recognised (each in JSON text, a compact JWS, a baked PNG or a baked SVG):
- Open Badges 3.0 JSON with an embedded proof (https://www.imsglobal.org/spec/ob/v3p0/#data-integrity);
- VC-JWT: a VC-JOSE-COSE ``application/vc+jwt`` compact JWS whose payload is the credential
  (https://www.w3.org/TR/vc-jose-cose/#securing-with-jose), or the VC 1.1 JWT with a ``vc`` claim
  (https://www.imsglobal.org/spec/ob/v3p0/#jwt-proof);
- Open Badges 2.0 assertions, hosted (JSON or its URL) and signed (JWS)
  (https://www.imsglobal.org/sites/default/files/Badges/OBv2p0Final/index.html#Assertion).

Limits: input size, JSON nesting depth, strict UTF-8 (no lone surrogates), no NaN/Infinity, no duplicate keys.
Only errors from the credential core's family are raised.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final, Literal

from credcore.errors import CredcoreError, InvalidDocumentError
from credcore.formats import jws
from credcore.formats.errors import InputTooLargeError, UnsupportedFormatError
from credcore.formats.jsontext import MAX_TEXT_BYTES, load_json
from credcore.formats.png import PNG_SIGNATURE, BakedText, extract_png
from credcore.formats.svg import extract_svg
from credcore.formats.vcjwt import decode_vc_claims

__all__ = [
    "MAX_INPUT_BYTES",
    "CredentialFormat",
    "ParsedCredential",
    "parse_credential_input",
]

CredentialFormat = Literal["ob3-json", "vc-jwt", "ob2-hosted", "ob2-signed"]
Container = Literal["json", "png", "svg", "jwt"]

MAX_INPUT_BYTES: Final = 8 * 1024 * 1024  # a badge image
VC_CONTEXTS: Final = frozenset(
    {"https://www.w3.org/ns/credentials/v2", "https://www.w3.org/2018/credentials/v1"}
)
OB2_CONTEXT: Final = "https://w3id.org/openbadges/v2"
_URL: Final = re.compile(r"^https?://[^\s<>\"]{1,2000}$")


@dataclass(frozen=True, slots=True)
class ParsedCredential:
    """A credential as it arrived: its format, its container, the JSON document and the original text.

    ``document`` is the credential (VC-JWT: the VC claims; OB 2.0: the assertion); ``raw`` is the JSON text or
    compact JWS to store and re-verify later.
    """

    format: CredentialFormat
    container: Container
    document: dict[str, Any]
    raw: str


def _decode_text(data: bytes) -> str:
    try:
        text = data.decode("utf-8", errors="strict")
    except UnicodeDecodeError as error:
        raise UnsupportedFormatError("the input is neither an image nor UTF-8 text") from error
    return text.removeprefix("\ufeff").strip()


def _contexts(document: dict[str, Any]) -> list[object]:
    context = document.get("@context")
    return context if isinstance(context, list) else [context]


def _classify_json(document: object, container: Container, raw: str) -> ParsedCredential:
    if not isinstance(document, dict):
        raise UnsupportedFormatError("the JSON is not an object")
    contexts = _contexts(document)
    if any(isinstance(item, str) and item in VC_CONTEXTS for item in contexts):
        return ParsedCredential("ob3-json", container, document, raw)
    if OB2_CONTEXT in contexts:
        return ParsedCredential("ob2-hosted", container, document, raw)
    raise UnsupportedFormatError(
        "the JSON has neither a Verifiable Credentials nor an Open Badges 2.0 @context"
    )


def _classify_jws(token: str, container: Container) -> ParsedCredential:
    _header, payload = jws.peek(token)
    if isinstance(payload.get("vc"), dict):
        document = decode_vc_claims(payload)
        return ParsedCredential("vc-jwt", container, document, token)
    contexts = _contexts(payload)
    if any(isinstance(item, str) and item in VC_CONTEXTS for item in contexts):
        return ParsedCredential("vc-jwt", container, payload, token)
    if OB2_CONTEXT in contexts:
        return ParsedCredential("ob2-signed", container, payload, token)
    raise UnsupportedFormatError("the JWS payload is neither a credential nor an Open Badges 2.0 assertion")


def _from_text(text: str, container: Container, fetcher: Callable[[str], bytes] | None) -> ParsedCredential:
    if text.startswith("{"):
        return _classify_json(load_json(text), "json" if container == "jwt" else container, text)
    if jws.COMPACT.match(text):
        return _classify_jws(text, "jwt" if container == "json" else container)
    if _URL.match(text) and container in ("png", "svg"):
        return _hosted_from_url(text, container, fetcher)
    raise UnsupportedFormatError("the text is neither JSON nor a compact JWS")


def _hosted_from_url(
    url: str, container: Container, fetcher: Callable[[str], bytes] | None
) -> ParsedCredential:
    """An OB 2.0 badge baked with only its assertion's URL: the assertion is fetched (through ``fetcher``)."""
    if fetcher is None:
        raise UnsupportedFormatError("the badge holds only an assertion URL and fetching is not available")
    try:
        fetched = fetcher(url)
    except CredcoreError:
        raise
    except Exception as error:
        raise InvalidDocumentError(f"could not retrieve {url}: {type(error).__name__}") from error
    if len(fetched) > MAX_TEXT_BYTES:
        raise InputTooLargeError(f"{url} returned more than {MAX_TEXT_BYTES} bytes")
    parsed = _classify_json(load_json(_decode_text(fetched)), container, url)
    if parsed.format != "ob2-hosted":
        raise UnsupportedFormatError("the baked URL does not lead to an Open Badges 2.0 assertion")
    return parsed


def _from_baked(
    baked: BakedText, container: Container, fetcher: Callable[[str], bytes] | None
) -> ParsedCredential:
    return _from_text(baked.text.strip(), container, fetcher)


def parse_credential_input(
    data: bytes,
    *,
    filename: str | None = None,
    media_type: str | None = None,
    fetcher: Callable[[str], bytes] | None = None,
) -> ParsedCredential:
    """Recognise and parse one imported credential. The content decides, not the name: ``filename`` and
    ``media_type`` are hints only. ``fetcher(url) -> bytes`` is used only for an OB 2.0 badge whose image
    holds just its assertion URL. Raises :class:`~credcore.errors.InvalidDocumentError` (or a subclass)."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise UnsupportedFormatError("the input is not bytes")
    data = bytes(data)
    if len(data) > MAX_INPUT_BYTES:
        raise InputTooLargeError(f"more than {MAX_INPUT_BYTES} bytes")
    if not data.strip():
        raise UnsupportedFormatError("the input is empty")
    if data.startswith(PNG_SIGNATURE):
        return _from_baked(extract_png(data), "png", fetcher)
    text = _decode_text(data)
    if text.startswith("<"):
        return _from_baked(extract_svg(text), "svg", fetcher)
    if len(data) > MAX_TEXT_BYTES:
        raise InputTooLargeError(f"more than {MAX_TEXT_BYTES} bytes of text")
    return _from_text(text, "json", None)
