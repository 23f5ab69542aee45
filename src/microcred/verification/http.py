"""The edge of the verification API: read a bounded JSON body, rate-limit per client, shape errors.

Handlers read the raw body themselves (the VC-API's 400, not django-ninja's 422, is the answer to unusable
input) with their own size limit, beyond Django's ``DATA_UPLOAD_MAX_MEMORY_SIZE`` for batches. Rate limits
are a fixed window per client address in the default cache (per process with the local-memory cache;
configure a shared cache such as Redis to make them global). Limits are settings, documented in docs/adr/0064.
"""

from __future__ import annotations

import json
import time
from typing import Any, Final

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, JsonResponse

from microcred.api.errors import error_body
from microcred.verification import errors

__all__ = ["LIMITS", "error_response", "limit", "read_json"]

# setting name -> default: bytes per body, requests per minute per client
LIMITS: Final[dict[str, int]] = {
    "MICROCRED_VERIFY_MAX_BYTES": 2 * 1024 * 1024,
    "MICROCRED_VERIFY_BATCH_MAX_BYTES": 64 * 1024 * 1024,
    "MICROCRED_VERIFY_RATE_PER_MINUTE": 600,
    "MICROCRED_VERIFY_BATCH_RATE_PER_MINUTE": 30,
}


def setting(name: str) -> int:
    return int(getattr(settings, name, LIMITS[name]))


def read_json(request: HttpRequest, *, max_bytes: int) -> Any:
    length = request.META.get("CONTENT_LENGTH") or ""
    if length.isdigit() and int(length) > max_bytes:
        raise errors.PayloadTooLarge(f"at most {max_bytes} bytes")
    already = getattr(request, "_body", None)  # read by something before us (e.g. a middleware)
    body = already if isinstance(already, bytes) else request.read(max_bytes + 1)
    if len(body) > max_bytes:
        raise errors.PayloadTooLarge(f"at most {max_bytes} bytes")
    try:
        return json.loads(body.decode("utf-8"), parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise errors.InvalidJson(type(error).__name__) from None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def limit(request: HttpRequest, bucket: str, per_minute: int) -> None:
    """Count this request against the client's budget for ``bucket``; raise RateLimited when spent."""
    if per_minute <= 0:
        return
    window = int(time.time() // 60)
    client = request.META.get("REMOTE_ADDR", "unknown")
    key = f"verify-rate:{bucket}:{client}:{window}"
    if cache.add(key, 1, timeout=61):
        return
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=61)
        return
    if count > per_minute:
        raise errors.RateLimited(f"{per_minute} per minute")


def error_response(request: HttpRequest, error: errors.VerificationApiError) -> JsonResponse:
    body = error_body(request, code=error.code, en=error.message_en, fr=error.message_fr)
    if error.detail:
        body["details"] = [{"code": error.code, "message_en": error.detail, "message_fr": error.detail}]
    response = JsonResponse(body, status=error.http_status)
    if isinstance(error, errors.RateLimited):
        response["Retry-After"] = str(60 - int(time.time()) % 60)
    return response
