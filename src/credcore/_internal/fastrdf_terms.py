"""N-Quads terms for the fast JSON-LD → RDF path, byte-compatible with pyld 3.3's toRDF.

Implements the literal part of "Object to RDF Conversion"
(https://www.w3.org/TR/json-ld11-api/#object-to-rdf-conversion, step 13 of
https://www.w3.org/TR/json-ld11-api/#deserialize-json-ld-to-rdf-algorithm) exactly as pyld does it (number
forms, ``@json`` canonicalisation, ``rdfDirection: 'i18n-datatype'``) and writes each term in RDFC-1.0
canonical N-Quads form (https://www.w3.org/TR/rdf-canon/#canonical-quads), as the credential core's
``Quad`` contract requires. Values that would not survive exactly (integers beyond ±(2^53−1), non-finite
floats, lone surrogates, malformed language tags) raise :class:`Unsupported`.
"""

from __future__ import annotations

import math
import re
from typing import Any, Final

from c14n.Canonicalize import canonicalize

from credcore._internal.fastrdf_contexts import Unsupported

__all__ = ["escape", "json_literal", "literal", "value_key"]

XSD: Final = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING: Final = XSD + "string"
XSD_BOOLEAN: Final = XSD + "boolean"
XSD_INTEGER: Final = XSD + "integer"
XSD_DOUBLE: Final = XSD + "double"
RDF_JSON: Final = "http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON"
I18N: Final = "https://www.w3.org/ns/i18n#"
MAX_SAFE_INT: Final = 2**53 - 1

_NEEDS_ESCAPE: Final = re.compile(r'[\x00-\x1f"\\\x7f]')
_SURROGATE: Final = re.compile(r"[\ud800-\udfff]")
_LANGUAGE: Final = re.compile(r"^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$")
_ESCAPES: Final = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def _escape_char(match: re.Match[str]) -> str:
    char = match.group()
    return _ESCAPES.get(char) or f"\\u{ord(char):04X}"


def escape(text: str) -> str:
    """RDFC-1.0 string escaping (``\\"``, ``\\\\``, ``\\n``, ``\\r``, ``\\t``, ``\\b``, ``\\f``; other
    C0 controls and DEL as upper-case ``\\uXXXX``); rejects lone surrogates (not encodable as UTF-8)."""
    if not text.isascii() and _SURROGATE.search(text) is not None:
        raise Unsupported("lone surrogate")
    if _NEEDS_ESCAPE.search(text) is None:
        return text
    return _NEEDS_ESCAPE.sub(_escape_char, text)


def _canonical_double(value: float) -> str:
    """pyld's ``_canonicalize_double`` (15 fractional digits, trimmed)."""
    return re.sub(r"(\d)0*E\+?(-)?0*(\d)", r"\1E\2\3", f"{value:1.15E}")


def _typed(lexical: str, datatype: str) -> str:
    return f'"{lexical}"' if datatype == XSD_STRING else f'"{lexical}"^^<{datatype}>'


def literal(value: Any, datatype: str | None, language: str | None, direction: str | None) -> str:
    """The canonical N-Quads literal for an expanded value object ``{@value, @type?, @language?,
    @direction?}`` following pyld ``_object_to_rdf`` branch by branch."""
    kind = type(value)
    if kind is str:
        lexical = escape(value)
        if direction is not None:
            return f'"{lexical}"^^<{I18N}{language or ""}_{direction}>'
        if language is not None:
            return f'"{lexical}"@{language}'
        return _typed(lexical, datatype or XSD_STRING)
    if kind is bool:
        return _typed("true" if value else "false", datatype or XSD_BOOLEAN)
    if kind is int:
        if not -MAX_SAFE_INT <= value <= MAX_SAFE_INT:
            raise Unsupported("integer beyond 2^53")
        return _typed(str(value), datatype or XSD_INTEGER)
    if kind is float:
        if not math.isfinite(value):
            raise Unsupported("non-finite number")
        if not value.is_integer() or abs(value) >= 1e21:
            return _typed(_canonical_double(value), datatype or XSD_DOUBLE)
        return _typed(str(int(value)), datatype or XSD_INTEGER)
    raise Unsupported("not a JSON scalar")


def check_language(language: Any) -> str:
    """Validate a ``@language`` value and lower-case it as pyld's expansion does."""
    if type(language) is not str or _LANGUAGE.match(language) is None:
        raise Unsupported("language tag")
    return language.lower()


def _check_json(value: Any) -> Any:
    """Validate a JSON value for JCS and return a hashable image with Python's equality semantics (the
    node map compares ``@json`` values with ``==``)."""
    kind = type(value)
    if kind is dict:
        items = []
        for key, item in value.items():
            if type(key) is not str:
                raise Unsupported("JSON key")
            escape(key)
            items.append((key, _check_json(item)))
        return ("object", frozenset(items))
    if kind is list:
        return ("array", tuple(_check_json(item) for item in value))
    if kind is str:
        escape(value)
        return value
    if kind is int and not -MAX_SAFE_INT <= value <= MAX_SAFE_INT:
        raise Unsupported("integer beyond 2^53")
    if kind is float and not math.isfinite(value):
        raise Unsupported("non-finite number")
    if value is None or kind in (bool, int, float):
        return value
    raise Unsupported("not JSON")


def json_literal(value: Any) -> tuple[str, Any]:
    """An ``rdf:JSON`` literal (JCS canonical form, as pyld's c14n produces it) and its node-map key."""
    if value is None:
        raise Unsupported("null @json value")  # the safe path rejects a null @value
    image = _check_json(value)
    lexical = canonicalize(value).decode("utf-8")
    return f'"{escape(lexical)}"^^<{RDF_JSON}>', (image, type(value) is bool, "@json", None)


def value_key(value: Any, datatype: str | None, language: str | None) -> tuple[Any, ...]:
    """The node map's duplicate test for value objects (pyld ``compare_values``: same ``@value`` with
    ``==`` but booleans only equal booleans, same ``@type``, same ``@language``; ``@direction`` ignored)."""
    return (value, type(value) is bool, datatype, language)
