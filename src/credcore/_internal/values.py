"""Parse-at-the-boundary helpers shared by the credential builders: URIs, text, timestamps.

Builders call these in ``__post_init__`` so that an invalid object cannot be constructed; each raises
:class:`credcore.errors.InvalidDocumentError` naming the offending field.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Final

from credcore.errors import InvalidDocumentError

__all__ = [
    "format_datetime",
    "is_absolute_uri",
    "parse_datetime",
    "require_datetime",
    "require_text",
    "require_uri",
]

# RFC 3986 §3: scheme ":" then something, no whitespace or controls anywhere (an absolute URI/IRI).
_ABSOLUTE_URI: Final = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s\x00-\x1f\x7f<>\"{}|\\^`]+$")
# XML Schema dateTimeStamp (https://www.w3.org/TR/xmlschema11-2/#dateTimeStamp): time zone mandatory.
_DATE_TIME_STAMP: Final = re.compile(r"^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def is_absolute_uri(value: object) -> bool:
    """True for an absolute URI/IRI (RFC 3986 §4.3 / RFC 3987), the only kind of id a credential may use."""
    return isinstance(value, str) and bool(_ABSOLUTE_URI.match(value))


def require_uri(field: str, value: object) -> str:
    if not isinstance(value, str) or not _ABSOLUTE_URI.match(value):
        raise InvalidDocumentError(f"{field} must be an absolute URI, got {value!r}")
    return value


def require_text(field: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidDocumentError(f"{field} must be a non-empty string")
    return value


def require_datetime(field: str, value: object) -> datetime:
    if not isinstance(value, datetime) or value.tzinfo is None or value.utcoffset() is None:
        raise InvalidDocumentError(f"{field} must be a timezone-aware datetime")
    return value


def format_datetime(value: datetime) -> str:
    """A VC DM 2.0 ``dateTimeStamp`` in UTC, e.g. ``2024-05-01T12:00:00Z`` (microseconds kept if present)."""
    text = value.astimezone(UTC).isoformat()
    return text.replace("+00:00", "Z")


def parse_datetime(value: object) -> datetime | None:
    """Parse an XML Schema ``dateTimeStamp`` (https://www.w3.org/TR/vc-data-model-2.0/#validity-period).

    Returns None for anything else (no time zone, wrong shape, impossible date).
    """
    if not isinstance(value, str) or not _DATE_TIME_STAMP.match(value):
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None
