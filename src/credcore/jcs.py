"""JSON Canonicalization Scheme (RFC 8785, https://www.rfc-editor.org/rfc/rfc8785).

The pinned ``rfc8785`` package is the reference implementation here: it rejects what JavaScript cannot
represent instead of rounding it. For the common case — no floating-point numbers and object keys in the Basic
Multilingual Plane — RFC 8785 output equals Python's C-accelerated ``json.dumps`` with sorted keys and no
whitespace:

* §3.2.2.2 strings: both escape only ``"``, ``\\`` and U+0000–U+001F, using ``\\b \\f \\n \\r \\t`` and
  otherwise ``\\u00xx`` in lower case, and write every other character as UTF-8;
* §3.2.2.3 numbers: integers (already limited to ±(2^53−1)) are written in decimal by both; floats need the
  ECMAScript algorithm, so any float takes the reference path;
* §3.2.3 sorting: keys sort by UTF-16 code units, which equals code-point order when no key holds a character
  beyond U+FFFF (or a lone surrogate), so such keys take the reference path too.

The fast path is proven byte-identical to ``rfc8785.dumps`` by property tests (tests/core/test_jcs.py).
"""

from __future__ import annotations

import json
from typing import Any

import rfc8785

from credcore.errors import InvalidDocumentError, SafeModeError
from credcore.jsonld import check_safe_numbers

__all__ = ["canonicalize"]

_FAST_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)


def _bmp_without_surrogates(text: str) -> bool:
    return all(ord(ch) < 0xD800 or 0xE000 <= ord(ch) <= 0xFFFF for ch in text)


def _fast_path_applies(value: Any) -> bool:
    """True when ``value`` holds only JSON types, no floats, no lone surrogates, and keys whose code-point
    order is their UTF-16 order."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, child in item.items():
                if not isinstance(key, str) or (not key.isascii() and not _bmp_without_surrogates(key)):
                    return False
                stack.append(child)
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str):
            # astral characters are fine as UTF-8, but a lone surrogate cannot be encoded: reference path
            if not item.isascii() and any(0xD800 <= ord(ch) <= 0xDFFF for ch in item):
                return False
        elif isinstance(item, float) or not (item is None or isinstance(item, (bool, int))):
            return False
    return True


def canonicalize(value: Any) -> bytes:
    """The RFC 8785 canonical UTF-8 bytes of ``value``; integers beyond ±(2^53−1) and non-finite
    numbers raise :class:`SafeModeError` (https://www.rfc-editor.org/rfc/rfc8785#section-3.2.2.3)."""
    check_safe_numbers(value)
    if _fast_path_applies(value):
        return _FAST_ENCODER.encode(value).encode("utf-8")
    try:
        return rfc8785.dumps(value)
    except (rfc8785.IntegerDomainError, rfc8785.FloatDomainError) as error:
        raise SafeModeError(str(error)) from error
    except (rfc8785.CanonicalizationError, TypeError, ValueError, RecursionError) as error:
        raise InvalidDocumentError(f"not canonicalizable JSON: {error}") from error
