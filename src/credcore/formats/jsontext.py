"""Strict, bounded JSON for untrusted input (RFC 8259, https://www.rfc-editor.org/rfc/rfc8259).

Limits: text size, nesting depth (checked without recursion), strict UTF-8 (no lone surrogates from ``\\u``
escapes), no NaN/Infinity, no duplicate member names (RFC 8259 §4 leaves them undefined; a signature over one
reading must not be shown with another).
"""

from __future__ import annotations

import json
from typing import Any, Final

from credcore.errors import CredcoreError, InvalidDocumentError
from credcore.formats.errors import InputTooLargeError

__all__ = ["MAX_DEPTH", "MAX_TEXT_BYTES", "load_json"]

MAX_TEXT_BYTES: Final = 2 * 1024 * 1024  # a credential's JSON or JWS text
MAX_DEPTH: Final = 64


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise InvalidDocumentError(f"duplicate JSON key {key!r}")
        result[key] = value
    return result


def _reject_constant(name: str) -> Any:
    raise InvalidDocumentError(f"{name} is not valid JSON")


def _check_tree(value: object) -> None:
    """Depth cap and strict UTF-8 (a ``\\ud800`` escape decodes to a lone surrogate) without recursion."""
    stack: list[tuple[object, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            _check_string(item)
            continue
        if not isinstance(item, dict | list):
            continue
        if depth > MAX_DEPTH:
            raise InputTooLargeError(f"JSON nested deeper than {MAX_DEPTH} levels")
        if isinstance(item, dict):
            for key, child in item.items():
                _check_string(key)
                stack.append((child, depth + 1))
        else:
            stack.extend((child, depth + 1) for child in item)


def _check_string(text: str) -> None:
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as error:
            raise InvalidDocumentError("the JSON contains an unpaired surrogate") from error


def load_json(text: str) -> Any:
    """Strict JSON (RFC 8259) within the size and depth limits."""
    if len(text) > MAX_TEXT_BYTES:
        raise InputTooLargeError(f"more than {MAX_TEXT_BYTES} characters of JSON")
    try:
        value = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_reject_constant)
    except RecursionError as error:
        raise InputTooLargeError("JSON nested too deeply") from error
    except CredcoreError:
        raise
    except ValueError as error:
        raise InvalidDocumentError(f"not valid JSON: {error}") from error
    _check_tree(value)
    return value
