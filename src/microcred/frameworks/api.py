"""Frameworks API (mounted at ``/api/frameworks``): competency type-ahead and alignment suggestions.

Thin handlers: inputs are parsed here into typed values with EN/FR coded errors (422, the platform's
``ApiError`` shape), then passed to ``selectors``.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.responses import Status

from microcred.api.errors import ApiError, error_body
from microcred.frameworks import selectors
from skillscore import MAX_TOP

router = Router(tags=["frameworks"])
MAX_TEXT = 5000


class CompetencyHitOut(Schema):
    uri: str
    label: str
    matched_label: str
    language: str
    kind: str
    framework: str


class FrameworkOut(Schema):
    slug: str
    kind: str
    name_en: str
    name_fr: str
    version: str
    source_url: str
    attribution: str


class SuggestIn(Schema):
    text: str
    top: int = 10
    lang: str | None = None


class SuggestionOut(Schema):
    uri: str
    label: str
    score: float


class _Invalid(Exception):
    def __init__(self, code: str, en: str, fr: str) -> None:
        super().__init__(code)
        self.code, self.en, self.fr = code, en, fr


def _language(value: Any) -> str | None:
    if value in (None, ""):
        return None
    if value not in selectors.LANGUAGES:
        raise _Invalid("invalid_language", "lang must be 'en' or 'fr'.", "lang doit valoir « en » ou « fr ».")
    return str(value)


def _bounded_int(value: Any, name: str, default: int, maximum: int) -> int:
    if value in (None, ""):
        return default
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if isinstance(value, bool) or not 1 <= number <= maximum:
        raise _Invalid(
            f"invalid_{name}",
            f"{name} must be an integer from 1 to {maximum}.",
            f"{name} doit être un entier de 1 à {maximum}.",
        )
    return number


@router.get("", response=list[FrameworkOut], summary="Imported competency frameworks, with their attribution")
def frameworks(request: HttpRequest) -> list[Any]:
    return list(selectors.framework_list())


@router.get(
    "/competencies",
    response={200: list[CompetencyHitOut], 422: ApiError},
    summary="Type-ahead over competency labels (preferred and alternative, EN and FR)",
)
def competencies(
    request: HttpRequest,
    q: str = "",
    lang: str | None = None,
    limit: str | None = None,
    framework: str | None = None,
) -> Status[Any]:
    try:
        language = _language(lang)
        count = _bounded_int(limit, "limit", 10, selectors.MAX_LIMIT)
    except _Invalid as exc:
        return Status(422, error_body(request, code=exc.code, en=exc.en, fr=exc.fr))
    hits = selectors.competency_typeahead(q=q[:200], language=language, limit=count, framework=framework)
    return Status(200, hits)


@router.post(
    "/suggest",
    response={200: list[SuggestionOut], 422: ApiError},
    summary="ESCO skills suggested for a learning-outcome text, best first",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": SuggestIn.model_json_schema()}},
        }
    },
)
def suggest(request: HttpRequest) -> Status[Any]:
    try:
        text, top, language = _suggest_input(request.body)
    except _Invalid as exc:
        return Status(422, error_body(request, code=exc.code, en=exc.en, fr=exc.fr))
    return Status(200, selectors.competency_suggestions(text=text, top=top, language=language))


def _suggest_input(body: bytes) -> tuple[str, int, str | None]:
    try:
        payload = json.loads(body or b"null")
    except (UnicodeDecodeError, json.JSONDecodeError):
        payload = None
    if not isinstance(payload, dict):
        raise _Invalid(
            "invalid_body",
            'The body must be a JSON object such as {"text": "...", "top": 10}.',
            'Le corps doit être un objet JSON tel que {"text": "...", "top": 10}.',
        )
    text = payload.get("text")
    if not isinstance(text, str) or not text.strip():
        raise _Invalid("text_required", "text is required.", "text est obligatoire.")
    if len(text) > MAX_TEXT:
        raise _Invalid(
            "text_too_long",
            f"text must be at most {MAX_TEXT} characters.",
            f"text doit compter au plus {MAX_TEXT} caractères.",
        )
    top = payload.get("top", 10)
    if not isinstance(top, int):
        top = -1
    return text, _bounded_int(top, "top", 10, MAX_TOP), _language(payload.get("lang"))
