"""Bearer-token authentication for the organisation APIs (VC-API issuer endpoints build on it), and the error
mapping of the issuance family at the API edge.

``Authorization: Bearer mct_<prefix>_<secret>`` (RFC 6750). A missing header answers 401
``authentication_required``; an unknown, malformed or revoked token 401 ``invalid_token`` — with
``WWW-Authenticate`` as RFC 6750 §3 describes. The token itself is never logged.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Router, Schema
from ninja.security.http import HttpAuthBase

from microcred.issuance import services
from microcred.issuance.errors import AuthenticationRequired, InvalidToken, IssuanceError
from microcred.issuance.identity import organization_did
from microcred.issuance.models import ApiToken

__all__ = [
    "AUTH_ERRORS",
    "ApiTokenAuth",
    "IssuanceErrorOut",
    "declared_errors",
    "install_error_handlers",
    "router",
    "token_auth",
]


class ApiTokenAuth(HttpAuthBase):
    """django-ninja auth: ``request.auth`` becomes the :class:`ApiToken` (and so its organisation)."""

    openapi_scheme = "bearer"

    def __call__(self, request: HttpRequest) -> ApiToken:
        header = request.headers.get("Authorization", "")
        scheme, _, credentials = header.partition(" ")
        if not header or scheme.lower() != "bearer":
            raise AuthenticationRequired()
        if not credentials.strip():
            raise InvalidToken()
        return services.api_token_authenticate(raw_token=credentials.strip())


token_auth = ApiTokenAuth()


def _issuance_error(request: HttpRequest, error: IssuanceError, api: NinjaAPI) -> HttpResponse:
    language = str(getattr(request, "LANGUAGE_CODE", "en") or "en")
    response = api.create_response(request, error.to_json(language), status=error.http_status)
    if error.http_status == 401:
        challenge = 'Bearer realm="microcred"'
        if isinstance(error, InvalidToken):
            challenge += ', error="invalid_token"'
        response["WWW-Authenticate"] = challenge
    return response


def install_error_handlers(api: NinjaAPI) -> None:
    """Map the issuance error family to HTTP (stable code, EN and FR messages) on ``api``."""

    def handle(request: HttpRequest, exc: Any) -> HttpResponse:
        return _issuance_error(request, exc, api)

    api.add_exception_handler(IssuanceError, handle)


class IssuanceErrorOut(Schema):  # OpenAPI names are global: the wallet API has an "ErrorOut"
    code: str
    message: str
    message_en: str
    message_fr: str
    details: list[dict[str, object]] = []


class IssuanceValidationErrorOut(Schema):
    """django-ninja's answer to a body or parameter that does not match the declared schema."""

    detail: list[dict[str, Any]]


_STATUS_TEXT = {
    400: "Bad request", 401: "Unauthorized", 404: "Not found", 409: "Conflict", 500: "Server error"
}  # fmt: skip
AUTH_ERRORS: tuple[type[IssuanceError], ...] = (AuthenticationRequired, InvalidToken)


def declared_errors(
    *families: type[IssuanceError], with_body: bool = True
) -> tuple[dict[int, Any], dict[str, Any]]:
    """``(response entries, openapi_extra)`` for a route that can raise ``families``: each error's HTTP status
    answers :class:`IssuanceErrorOut`, and the OpenAPI response lists the stable codes it may carry
    (``x-error-codes``, with the English and French messages), so clients match on codes, not texts. A body
    that fails schema validation (``with_body``) answers 422 :class:`IssuanceValidationErrorOut`."""
    by_status: dict[int, list[type[IssuanceError]]] = {}
    for family in dict.fromkeys(families):
        by_status.setdefault(family.http_status, []).append(family)
    responses: dict[int, Any] = dict.fromkeys(by_status, IssuanceErrorOut)
    documented: dict[int, Any] = {}
    for status, members in sorted(by_status.items()):
        codes = [member.code for member in members]
        documented[status] = {
            "description": f"{_STATUS_TEXT.get(status, 'Error')}: {', '.join(codes)}",
            "x-error-codes": [
                {"code": m.code, "message_en": m.message_en, "message_fr": m.message_fr} for m in members
            ],
        }
    if with_body:
        responses[422] = IssuanceValidationErrorOut
        documented[422] = {"description": "The request body does not match the schema"}
    return responses, {"responses": documented}


class TokenInfoOut(Schema):
    organization: str
    did: str
    token_prefix: str


router = Router(tags=["issuance"])


_TOKEN_ERRORS, _TOKEN_DOC = declared_errors(*AUTH_ERRORS, with_body=False)


@router.get(
    "/token", auth=token_auth, response={200: TokenInfoOut, **_TOKEN_ERRORS}, openapi_extra=_TOKEN_DOC
)
def token_info(request: HttpRequest) -> TokenInfoOut:
    """Which organisation a token acts for: lets an integration check its configuration."""
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    organization = token.organization
    return TokenInfoOut(
        organization=organization.slug, did=organization_did(organization), token_prefix=token.prefix
    )
