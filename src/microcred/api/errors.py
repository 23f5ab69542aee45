"""The API's one error shape: a stable code, the message in the request's language, both EN and FR texts.

Handlers declare ``response={..., 400: ApiError}`` and ``return 400, error_body(request, ...)``; domain
exceptions carrying ``code``/``en``/``fr`` are turned into that shape here, at the edge.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Schema


class ApiErrorDetail(Schema):
    code: str
    message_en: str
    message_fr: str
    row: int | None = None
    field: str = ""


class ApiError(Schema):
    code: str
    message: str
    message_en: str
    message_fr: str
    details: list[ApiErrorDetail] = []


def request_language(request: HttpRequest, explicit: str | None = None) -> str:
    """``explicit`` if ``en`` or ``fr``, else the language LocaleMiddleware negotiated, else ``en``."""
    if explicit in {"en", "fr"}:
        return explicit
    negotiated = str(getattr(request, "LANGUAGE_CODE", "en") or "en")
    return "fr" if negotiated.startswith("fr") else "en"


def error_body(
    request: HttpRequest,
    *,
    code: str,
    en: str,
    fr: str,
    details: list[dict[str, Any]] | None = None,
    language: str | None = None,
) -> dict[str, Any]:
    lang = request_language(request, language)
    return {
        "code": code,
        "message": fr if lang == "fr" else en,
        "message_en": en,
        "message_fr": fr,
        "details": details or [],
    }
