"""JSON Canonicalization Scheme (RFC 8785, https://www.rfc-editor.org/rfc/rfc8785).

The pinned ``rfc8785`` package is the reference implementation here: it rejects what JavaScript cannot
represent instead of rounding it. For the common case — no floating-point numbers and object keys in the Basic
Multilingual Plane — RFC 8785 output equals Python's C-accelerated ``json.dumps`` with sorted keys and no
whitespace:

* §3.2.2.2 strings: both escape only ``"``, ``\\`` and U+0000–U+001F, using ``\\b \\f \\n \\r \\t`` and
  otherwise ``\\u00xx`` in lower case, and write every other character as UTF-8;
* §3.2.2.3 numbers: integers (already limited to ±(2^53−1)) are written in decimal by both; floats need the
  ECMAScript algorithm, so each float is written by the reference and put in place;
* §3.2.3 sorting: keys sort by UTF-16 code units, which equals code-point order when no key holds a character
  beyond U+FFFF (or a lone surrogate), so such keys take the reference path too.

The common case takes a shorter "plain" path: one iterative pass over the document checks that ``json.dumps``
already writes every value as RFC 8785 does (floats only where Python's ``repr`` is the ECMAScript form), then
orjson (or, without it, json's C encoder built once) writes it; a character beyond U+FFFF anywhere sends it to
the general fast path.

Both paths are proven byte-identical to ``rfc8785.dumps`` by property tests (tests/core/test_jcs.py).
"""

from __future__ import annotations

import json
import math
import re
from typing import Any, Final

import rfc8785

from credcore.errors import InvalidDocumentError, SafeModeError
from credcore.jsonld import check_safe_numbers

__all__ = ["canonicalize"]

_FAST_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)
# A float is replaced by the string NUL <n> NUL before encoding and its RFC 8785 form put back afterwards.
# NUL is escaped as \u0000 by both serializers, and documents holding a NUL anywhere take the reference path,
# so '"\u0000<n>\u0000"' in the output can only be a placeholder.
_ESCAPED_NUL = "\\u0000"
_PLACEHOLDER = re.compile(r'"\\u0000(\d+)\\u0000"')


_MAX_SAFE = 2**53 - 1
_STR_ONLY: Final = frozenset({str})
# every byte except the UTF-8 lead bytes of characters beyond U+FFFF (F0–F4)
_ALL_BUT_ASTRAL_LEADS: Final = bytes(byte for byte in range(256) if not 0xF0 <= byte <= 0xF4)
try:  # an optional accelerator for the plain path (pinned in pyproject.toml; ADR 0012)
    import orjson as _ORJSON
except ImportError:  # pragma: no cover - the json C encoder below takes over
    _ORJSON = None  # type: ignore[assignment]
# orjson writes what json.dumps(sort_keys=True, ensure_ascii=False, separators=(",", ":")) writes, and raises
# (JSONEncodeError, a TypeError) for integers beyond ±(2^53−1), non-string keys and lone surrogates
_ORJSON_OPTIONS: Final = 0 if _ORJSON is None else _ORJSON.OPT_SORT_KEYS | _ORJSON.OPT_STRICT_INTEGER
# json's C encoder, built once (JSONEncoder.encode builds it per call): sorted keys, no white space,
# characters as UTF-8, NaN refused; no circular-reference markers (a cycle raises RecursionError)
_MAKE_ENCODER = getattr(json.encoder, "c_make_encoder", None)
_C_ENCODER: Final = (
    _MAKE_ENCODER(None, None, json.encoder.encode_basestring, None, ":", ",", True, False, False)
    if _MAKE_ENCODER is not None
    else None
)


class _NotFast(Exception):
    """The document needs the reference serializer."""


def _bmp_without_surrogates(text: str) -> bool:
    return all(ord(ch) < 0xD800 or 0xE000 <= ord(ch) <= 0xFFFF for ch in text)


def _with_placeholders(item: Any, floats: list[float]) -> Any:
    """``item`` with each float replaced by a placeholder string (containers copied only on the path to a
    float); raises ``_NotFast`` for anything ``json.dumps`` cannot render as RFC 8785 does (§3.2.3: keys must
    sort by code point as by UTF-16). Exact type checks: subclasses take the reference path."""
    kind = type(item)
    if kind is str:  # NUL and lone surrogates are caught on the encoded text, in _fast_dumps
        return item
    if kind is dict:
        copied: dict[str, Any] | None = None
        for key, child in item.items():
            if type(key) is not str or (not key.isascii() and not _bmp_without_surrogates(key)):
                raise _NotFast
            new = _with_placeholders(child, floats)
            if new is not child:
                if copied is None:
                    copied = dict(item)
                copied[key] = new
        return item if copied is None else copied
    if kind is list:
        items: list[Any] | None = None
        for index, child in enumerate(item):
            new = _with_placeholders(child, floats)
            if new is not child:
                if items is None:
                    items = list(item)
                items[index] = new
        return item if items is None else items
    if kind is float and math.isfinite(item):
        floats.append(item)
        return f"\x00{len(floats) - 1}\x00"
    if item is None or kind is bool or (kind is int and -_MAX_SAFE <= item <= _MAX_SAFE):
        return item
    raise _NotFast  # unsafe integers and foreign types: the reference path reports them


def _fast_path_applies(value: Any) -> bool:
    return _fast_dumps(value) is not None


def _fast_dumps(value: Any) -> bytes | None:
    floats: list[float] = []
    try:
        prepared = _with_placeholders(value, floats)
        text = _FAST_ENCODER.encode(prepared)
    except (_NotFast, RecursionError):  # the reference path reports what is wrong
        return None
    if text.count(_ESCAPED_NUL) != 2 * len(floats):  # a NUL of the document's own: ambiguous, reference path
        return None
    if floats:
        numbers = [rfc8785.dumps(number).decode("ascii") for number in floats]  # §3.2.2.3, ECMAScript form
        text = _PLACEHOLDER.sub(lambda match: numbers[int(match.group(1))], text)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: the reference path reports it
        return None


def _plain_json(value: Any, check_keys: bool) -> bool:
    """True when the JSON writer's output for ``value`` (a dict or list it has already written, so not
    cyclic) is exactly RFC 8785's, apart from key order beyond the BMP (the caller checks the bytes): only
    exact JSON types, string keys (``check_keys``; orjson refuses any other key itself), integers within
    ±(2^53−1), and floats whose Python ``repr`` is their ECMAScript form — non-integral with
    1e-4 ≤ |x| < 1e16, where both write the same shortest round-trip digits in fixed notation
    (https://tc39.es/ecma262/#sec-numeric-types-number-tostring, step 5–8; Python uses fixed notation
    from 1e-4 up to 1e16). One iterative pass, no copies: the common case of the fast path."""
    if check_keys and type(value) is dict and not _STR_ONLY.issuperset(map(type, value)):
        return False
    stack: list[Any] = [value.values() if type(value) is dict else value]  # iterables of values
    pop, push = stack.pop, stack.append
    while stack:
        for child in pop():
            kind = type(child)
            if kind is str:
                continue
            if kind is dict:
                if check_keys and not _STR_ONLY.issuperset(map(type, child)):
                    return False
                push(child.values())
            elif kind is list:
                push(child)
            elif kind is int:
                if not -_MAX_SAFE <= child <= _MAX_SAFE:
                    return False
            elif kind is float:
                magnitude = abs(child)
                if not 1e-4 <= magnitude < 1e16 or magnitude.is_integer():  # NaN fails the range
                    return False
            elif child is not None and kind is not bool:
                return False
    return True


def _plain_dumps(value: Any) -> bytes | None:
    """Compact JSON with sorted keys in UTF-8, written by orjson when installed (about ten times faster;
    it refuses non-string keys, integers beyond ±(2^53−1), lone surrogates and cycles), else by json's C
    encoder (a cycle raises RecursionError); None unless :func:`_plain_json` then proves it RFC 8785's."""
    if type(value) is not dict and type(value) is not list:
        return None
    try:
        if _ORJSON is not None:
            data: bytes = _ORJSON.dumps(value, option=_ORJSON_OPTIONS)
        elif _C_ENCODER is not None:
            data = "".join(_C_ENCODER(value, 0)).encode("utf-8")
        else:
            return None
    except (RecursionError, ValueError, TypeError):  # the reference path reports what is wrong
        return None
    if not _plain_json(value, check_keys=_ORJSON is None):
        return None
    if not data.isascii() and data.translate(None, _ALL_BUT_ASTRAL_LEADS):
        return None  # a character beyond the BMP, maybe in a key, which sorts by UTF-16 code units
    return data


def canonicalize(value: Any) -> bytes:
    """The RFC 8785 canonical UTF-8 bytes of ``value``; integers beyond ±(2^53−1) and non-finite
    numbers raise :class:`SafeModeError` (https://www.rfc-editor.org/rfc/rfc8785#section-3.2.2.3)."""
    plain = _plain_dumps(value)
    if plain is not None:
        return plain
    fast = _fast_dumps(value)  # refuses unsafe integers itself
    if fast is not None:
        return fast
    check_safe_numbers(value)
    try:
        return rfc8785.dumps(value)
    except (rfc8785.IntegerDomainError, rfc8785.FloatDomainError) as error:
        raise SafeModeError(str(error)) from error
    except (rfc8785.CanonicalizationError, TypeError, ValueError, RecursionError) as error:
        raise InvalidDocumentError(f"not canonicalizable JSON: {error}") from error
