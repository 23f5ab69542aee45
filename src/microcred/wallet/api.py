"""The wallet API (``/api/wallet``), for the learner's own apps: session authentication with CSRF
(django-ninja's ``django_auth``), the same services as the pages, errors as
``{code, message_en, message_fr}``."""

from __future__ import annotations

import base64
import binascii
from datetime import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Router, Schema, Status
from ninja.security import django_auth

from microcred.wallet import errors, selectors, services, share_services
from microcred.wallet.models import ShareLink, WalletCredential

__all__ = ["install_error_handlers", "router"]

router = Router(tags=["wallet"], auth=django_auth)


class ErrorOut(Schema):
    code: str
    message_en: str
    message_fr: str


class CredentialOut(Schema):
    id: int
    name: str
    issuer_name: str
    issuer_id: str
    credential_id: str
    origin: str
    format: str
    verified: bool
    checked_at: datetime


class CredentialDetailOut(CredentialOut):
    document: dict[str, Any]
    verification: dict[str, Any]


class ImportIn(Schema):
    text: str | None = None  # JSON or compact JWS
    base64: str | None = None  # a file's bytes (PNG, SVG, …)
    filename: str | None = None


class ShareIn(Schema):
    credentials: list[int]
    include_evidence: bool = False
    expires_in_days: int | None = 30
    label: str = ""


class ShareOut(Schema):
    id: int
    label: str
    credentials: list[int]
    include_evidence: bool
    expires_at: datetime | None
    revoked_at: datetime | None
    view_count: int
    url: str | None = None


ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 413: ErrorOut, 422: ErrorOut}


def _credential(c: WalletCredential) -> dict[str, Any]:
    return {
        "id": c.pk,
        "name": c.name,
        "issuer_name": c.issuer_name,
        "issuer_id": c.issuer_id,
        "credential_id": c.credential_id,
        "origin": c.origin,
        "format": c.format,
        "verified": c.verified,
        "checked_at": c.checked_at,
        "document": c.document,
        "verification": c.verification,
    }


def _share(share: ShareLink, token: str | None = None) -> dict[str, Any]:
    from microcred.wallet.share_views import share_url

    return {
        "id": share.pk,
        "label": share.label,
        "credentials": sorted(c.pk for c in share.credentials.all()),
        "include_evidence": share.include_evidence,
        "expires_at": share.expires_at,
        "revoked_at": share.revoked_at,
        "view_count": share.view_count,
        "url": share_url(token) if token else None,
    }


@router.get("/credentials", response=list[CredentialOut], summary="The credentials in my wallet")
def list_credentials(request: HttpRequest) -> list[dict[str, Any]]:
    return [_credential(c) for c in selectors.wallet_credentials(request.user)]


@router.get("/credentials/{int:pk}", response={200: CredentialDetailOut, **ERRORS}, summary="One credential")
def get_credential(request: HttpRequest, pk: int) -> Any:
    credential = selectors.credential_get(request.user, pk)
    if credential is None:
        raise errors.NotFound()
    services.credential_refresh(credential=credential)
    return _credential(credential)


@router.post(
    "/credentials/import", response={201: CredentialDetailOut, **ERRORS}, summary="Import a credential"
)
def import_credential(request: HttpRequest, payload: ImportIn) -> Any:
    if payload.base64:
        try:
            data = base64.b64decode(payload.base64, validate=True)
        except (binascii.Error, ValueError):
            raise errors.UnusableInput("base64") from None
    else:
        data = (payload.text or "").encode("utf-8")
    added = services.credential_import(user=request.user, data=data, filename=payload.filename)
    return Status(201, _credential(added))


@router.delete("/credentials/{int:pk}", response={204: None, **ERRORS}, summary="Remove a credential")
def remove_credential(request: HttpRequest, pk: int) -> Any:
    services.credential_remove(user=request.user, credential_id=pk)
    return Status(204, None)


@router.get("/shares", response=list[ShareOut], summary="My share links")
def list_shares(request: HttpRequest) -> list[dict[str, Any]]:
    return [_share(s, selectors.share_token(s)) for s in selectors.shares_of(request.user)]


@router.post("/shares", response={201: ShareOut, **ERRORS}, summary="Create a share link")
def create_share(request: HttpRequest, payload: ShareIn) -> Any:
    share, token = share_services.share_create(
        user=request.user,
        credential_ids=payload.credentials,
        include_evidence=payload.include_evidence,
        expires_in_days=payload.expires_in_days,
        label=payload.label,
    )
    return Status(201, _share(share, token))


@router.post("/shares/{int:pk}/revoke", response={200: ShareOut, **ERRORS}, summary="Revoke a share link")
def revoke_share(request: HttpRequest, pk: int) -> Any:
    return Status(200, _share(share_services.share_revoke(user=request.user, share_id=pk)))


def install_error_handlers(api: NinjaAPI) -> None:
    """Map the wallet error family to HTTP at the edge."""

    def handle(request: HttpRequest, exc: Any) -> HttpResponse:
        return api.create_response(request, exc.to_json(), status=exc.http_status)

    api.add_exception_handler(errors.WalletError, handle)
