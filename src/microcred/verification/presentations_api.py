"""W3C VC-API ``POST /api/presentations/verify`` (https://w3c.github.io/vcalm/#verify-presentation): the
presentation's proof with the caller's ``challenge`` and ``domain``, holder binding, and every embedded
credential (each with the issuer-trust check). Same status codes as ``/api/credentials/verify``: 200 with the
result, 400 unusable input, 413 too large, 429 rate limited."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from django.http import HttpRequest, JsonResponse
from ninja import Router, Schema

from microcred.api.errors import ApiError
from microcred.verification import errors
from microcred.verification.api import VerifyCheckOut, VerifyCredentialOut, VerifyProblemOut
from microcred.verification.fetching import PlatformDocuments
from microcred.verification.http import limit, read_json, setting
from microcred.verification.selectors import presentation_result

__all__ = ["router"]

router = Router(tags=["vc-api verifier"])

_OPTIONS: Final = frozenset({"challenge", "domain", "returnPresentation"})


class VerifyPresentationOut(Schema):
    verified: bool
    holder: str | None = None
    checks: list[VerifyCheckOut]
    problemDetails: list[VerifyProblemOut]
    credentials: list[VerifyCredentialOut]
    results: dict[str, Any]
    verifiablePresentation: dict[str, Any] | None = None


_REQUEST_SCHEMA: Final = {
    "type": "object",
    "required": ["verifiablePresentation"],
    "properties": {
        "verifiablePresentation": {"type": "object"},
        "options": {
            "type": "object",
            "properties": {
                "challenge": {"type": "string"},
                "domain": {"type": "string"},
                "returnPresentation": {"type": "boolean"},
            },
        },
    },
}


def _text_option(options: Mapping[str, Any], name: str) -> str | None:
    value = options.get(name)
    if value is not None and not isinstance(value, str):
        raise errors.InvalidRequest(f"options.{name} must be a string")
    return value


@router.post(
    "/verify",
    response={200: VerifyPresentationOut, 400: ApiError, 413: ApiError, 429: ApiError},
    summary="Verify a presentation (VC-API verifyPresentation)",
    openapi_extra={
        "requestBody": {"required": True, "content": {"application/json": {"schema": _REQUEST_SCHEMA}}}
    },
)
def verify_presentation_endpoint(request: HttpRequest) -> JsonResponse:
    """Verify a Verifiable Presentation. Pass the ``challenge`` (and ``domain``) you gave the holder: a proof
    made for another challenge or domain fails. Proofless presentations are refused (400)."""
    limit(request, "single", setting("MICROCRED_VERIFY_RATE_PER_MINUTE"))
    body = read_json(request, max_bytes=setting("MICROCRED_VERIFY_BATCH_MAX_BYTES"))
    if not isinstance(body, dict):
        raise errors.InvalidRequest("the body must be a JSON object")
    if "presentation" in body and "verifiablePresentation" not in body:
        raise errors.UnsupportedInput(
            "proofless presentations are not verified; send a verifiablePresentation"
        )
    presentation = body.get("verifiablePresentation")
    if not isinstance(presentation, dict):
        raise errors.InvalidRequest("verifiablePresentation must be a JSON object")
    options = body.get("options") or {}
    if not isinstance(options, dict):
        raise errors.InvalidRequest("options must be an object")
    challenge, domain = _text_option(options, "challenge"), _text_option(options, "domain")
    result, credentials = presentation_result(
        presentation, challenge=challenge, domain=domain, documents=PlatformDocuments.for_request()
    )
    statuses = {check.name: check.status for check in result.checks}
    presentation_results: dict[str, Any] = {
        "proof": [{"verified": statuses["proof"] == "passed", "input": presentation.get("proof")}],
        "holder": {"verified": statuses["holder"] == "passed", "input": result.holder},
    }
    for name, value in (("challenge", challenge), ("domain", domain)):
        if value is not None:
            presentation_results[name] = {"verified": statuses["proof"] == "passed", "input": value}
    out = result.to_json()
    out["credentials"] = [{"warnings": [], **credential.to_json()} for credential in credentials]
    out["results"] = {"presentation": presentation_results}
    if options.get("returnPresentation"):
        out["verifiablePresentation"] = presentation
    return JsonResponse(out)
