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

__all__ = ["ApiTokenAuth", "install_error_handlers", "router", "token_auth"]


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


class ErrorOut(Schema):
    code: str
    message: str
    message_en: str
    message_fr: str
    details: list[dict[str, object]] = []


class TokenInfoOut(Schema):
    organization: str
    did: str
    token_prefix: str


router = Router(tags=["issuance"])


@router.get("/token", auth=token_auth, response={200: TokenInfoOut, 401: ErrorOut})
def token_info(request: HttpRequest) -> TokenInfoOut:
    """Which organisation a token acts for: lets an integration check its configuration."""
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    organization = token.organization
    return TokenInfoOut(
        organization=organization.slug, did=organization_did(organization), token_prefix=token.prefix
    )
