"""W3C VC-API verifier endpoints (https://w3c.github.io/vcalm/#verify-credential), mounted at
``/api/credentials/``: ``POST /api/credentials/verify`` and, for applicant-tracking systems,
``POST /api/credentials/verify/batch``. Open to anyone (verification is public), rate-limited per client.

Status codes follow the VC-API exactly: 200 with the verification result whenever a credential could be
examined (``verified: false`` is a result, not an error); 400 for unusable input (not JSON, not the request
shape); 413 when the body or batch is too large; 429 when the client's rate is spent. django-ninja's 422 is
never used here: handlers read and check the body themselves.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI, Router, Schema

from microcred.api.errors import ApiError
from microcred.verification import errors
from microcred.verification.batch import BATCH_MAX_ITEMS, verify_batch
from microcred.verification.fetching import PlatformDocuments
from microcred.verification.http import error_response, limit, read_json, setting
from microcred.verification.selectors import credential_result

__all__ = ["install_error_handlers", "router"]

router = Router(tags=["vc-api verifier"])

_CREDENTIAL_OPTIONS: Final = frozenset({"returnResults", "returnProblemDetails", "returnCredential"})


class VerifyProblemOut(Schema):
    type: str
    code: str
    title: str
    detail: str
    detailFr: str


class VerifyCheckOut(Schema):
    name: str
    status: str
    problems: list[VerifyProblemOut]
    detail: str | None = None


class VerifyCredentialOut(Schema):
    verified: bool
    checks: list[VerifyCheckOut]
    problemDetails: list[VerifyProblemOut] = []
    warnings: list[VerifyProblemOut] = []
    credential: dict[str, Any] | None = None
    results: dict[str, Any] | None = None


class VerifyBatchItemOut(VerifyCredentialOut):
    index: int
    credentialId: str | None = None


class VerifyBatchOut(Schema):
    verified: int
    failed: int
    results: list[VerifyBatchItemOut]


_VC_REQUEST_SCHEMA: Final = {
    "type": "object",
    "required": ["verifiableCredential"],
    "properties": {
        "verifiableCredential": {"type": "object", "description": "An OB 3.0 / VC 2.0 credential with proof"},
        "options": {
            "type": "object",
            "additionalProperties": False,
            "properties": {name: {"type": "boolean"} for name in sorted(_CREDENTIAL_OPTIONS)},
        },
    },
}
_BATCH_REQUEST_SCHEMA: Final = {
    "type": "object",
    "required": ["verifiableCredentials"],
    "properties": {
        "verifiableCredentials": {
            "type": "array",
            "minItems": 1,
            "maxItems": BATCH_MAX_ITEMS,
            "items": {"type": "object"},
        }
    },
}


def _body(schema: Mapping[str, Any]) -> dict[str, Any]:
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": dict(schema)}}}}


def _options(body: Mapping[str, Any], allowed: frozenset[str]) -> dict[str, Any]:
    options = body.get("options", {})
    if options is None:
        return {}
    if not isinstance(options, dict):
        raise errors.InvalidRequest("options must be an object")
    unknown = sorted(set(options) - allowed)
    if unknown:
        raise errors.InvalidRequest(f"unknown option(s): {', '.join(unknown)}")
    return options


def _results_section(document: Mapping[str, Any], checks: list[dict[str, Any]]) -> dict[str, Any]:
    """The VC-API's optional per-property ``results``."""
    status = {check["name"]: check["status"] for check in checks}
    window_ok = status.get("validity_window") == "passed"
    out: dict[str, Any] = {}
    for name in ("validFrom", "validUntil"):
        if isinstance(document.get(name), str):
            out[name] = {"verified": window_ok, "input": document[name]}
    proofs = document.get("proof")
    out["proof"] = [
        {"verified": status.get("proof") == "passed", "input": proof}
        for proof in (proofs if isinstance(proofs, list) else [proofs] if proofs else [])
    ]
    entries = document.get("credentialStatus")
    out["credentialStatus"] = [
        {"verified": status.get("status") == "passed", "input": entry}
        for entry in (entries if isinstance(entries, list) else [entries] if entries else [])
    ]
    return out


def credential_response(
    document: Mapping[str, Any], options: Mapping[str, Any], documents: PlatformDocuments
) -> dict[str, Any]:
    body = credential_result(document, documents=documents).to_json()
    body.setdefault("warnings", [])
    if options.get("returnProblemDetails") is False:
        body["problemDetails"], body["warnings"] = [], []
    if options.get("returnCredential"):
        body["credential"] = document
    if options.get("returnResults"):
        body["results"] = _results_section(document, body["checks"])
    return body


@router.post(
    "/verify",
    response={200: VerifyCredentialOut, 400: ApiError, 413: ApiError, 429: ApiError},
    summary="Verify a credential (VC-API verifyCredential)",
    openapi_extra=_body(_VC_REQUEST_SCHEMA),
)
def verify_credential_endpoint(request: HttpRequest) -> JsonResponse:
    """Verify one credential: every check, the issuer-trust check (unknown issuer = warning), problem details
    in English and French. At most 2 MiB per body and 600 requests per minute per client by default."""
    limit(request, "single", setting("MICROCRED_VERIFY_RATE_PER_MINUTE"))
    body = read_json(request, max_bytes=setting("MICROCRED_VERIFY_MAX_BYTES"))
    if not isinstance(body, dict):
        raise errors.InvalidRequest("the body must be a JSON object")
    options = _options(body, _CREDENTIAL_OPTIONS)
    document = body.get("verifiableCredential")
    if isinstance(document, dict) and document.get("type") == "EnvelopedVerifiableCredential":
        raise errors.UnsupportedInput("EnvelopedVerifiableCredential: use the verify page's import instead")
    if not isinstance(document, dict):
        raise errors.InvalidRequest("verifiableCredential must be a JSON object")
    return JsonResponse(credential_response(document, options, PlatformDocuments.for_request()))


@router.post(
    "/verify/batch",
    response={200: VerifyBatchOut, 400: ApiError, 413: ApiError, 429: ApiError},
    summary="Verify many credentials at once (for applicant-tracking systems)",
    openapi_extra=_body(_BATCH_REQUEST_SCHEMA),
)
def verify_batch_endpoint(request: HttpRequest) -> HttpResponse:
    """Verify up to 10,000 credentials in one call (64 MiB, 30 calls per minute per client by default);
    one result per credential, in order, each with its ``index``. DID documents and status lists are read
    once per batch; big batches are spread over a pool of worker processes."""
    limit(request, "batch", setting("MICROCRED_VERIFY_BATCH_RATE_PER_MINUTE"))
    body = read_json(request, max_bytes=setting("MICROCRED_VERIFY_BATCH_MAX_BYTES"))
    items = body.get("verifiableCredentials") if isinstance(body, dict) else None
    if not isinstance(items, list) or not items:
        raise errors.InvalidRequest("verifiableCredentials must be a non-empty array")
    if len(items) > BATCH_MAX_ITEMS:
        raise errors.BatchTooLarge(f"at most {BATCH_MAX_ITEMS} credentials per call")
    if not all(isinstance(item, dict) for item in items):
        raise errors.InvalidRequest("every item of verifiableCredentials must be a JSON object")
    outcome = verify_batch(items)
    return HttpResponse(outcome.response_json(), content_type="application/json")


def install_error_handlers(api: NinjaAPI) -> None:
    api.add_exception_handler(errors.VerificationApiError, error_response)  # type: ignore[arg-type]
