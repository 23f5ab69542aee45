"""JSON Canonicalization Scheme (RFC 8785, https://www.rfc-editor.org/rfc/rfc8785) via the pinned
``rfc8785`` package, which rejects what JavaScript cannot represent instead of rounding it."""

from __future__ import annotations

from typing import Any

import rfc8785

from credcore.errors import InvalidDocumentError, SafeModeError
from credcore.jsonld import check_safe_numbers

__all__ = ["canonicalize"]


def canonicalize(value: Any) -> bytes:
    """The RFC 8785 canonical UTF-8 bytes of ``value``; integers beyond ±(2^53−1) and non-finite
    numbers raise :class:`SafeModeError` (https://www.rfc-editor.org/rfc/rfc8785#section-3.2.2.3)."""
    check_safe_numbers(value)
    try:
        return rfc8785.dumps(value)
    except (rfc8785.IntegerDomainError, rfc8785.FloatDomainError) as error:
        raise SafeModeError(str(error)) from error
    except (rfc8785.CanonicalizationError, TypeError, ValueError, RecursionError) as error:
        raise InvalidDocumentError(f"not canonicalizable JSON: {error}") from error
