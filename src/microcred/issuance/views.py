"""Public documents: organisation DID documents and signed status list credentials (cacheable, CORS-open)."""

from __future__ import annotations

import json
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from microcred.issuance import selectors, services
from microcred.issuance.errors import UnknownOrganization
from microcred.issuance.models import StatusPurpose

DID_MEDIA_TYPE = "application/did+json"
VC_MEDIA_TYPE = "application/vc"  # VC Data Model 2.0 §6.3
CACHE_SECONDS = 300


def _public_json(document: dict[str, Any], content_type: str, max_age: int = CACHE_SECONDS) -> HttpResponse:
    response = HttpResponse(json.dumps(document, ensure_ascii=False), content_type=content_type)
    response["Cache-Control"] = f"public, max-age={max_age}"
    response["Access-Control-Allow-Origin"] = "*"  # wallets and verifiers fetch these from browsers
    return response


def _organization(slug: str) -> Any:
    try:
        return selectors.organization_get(slug=slug)
    except UnknownOrganization:
        raise Http404("unknown organisation") from None


@require_safe
def did_document(request: HttpRequest, slug: str) -> HttpResponse:
    document = selectors.did_document(organization=_organization(slug))
    if document is None:
        raise Http404("this organisation has no signing key yet")
    return _public_json(document, DID_MEDIA_TYPE)


@require_safe
def status_list_credential(request: HttpRequest, slug: str, purpose: str, sequence: int) -> HttpResponse:
    if purpose not in StatusPurpose.values:
        raise Http404("unknown status purpose")
    status_list = selectors.status_list_get(
        organization=_organization(slug), purpose=purpose, sequence=sequence
    )
    if status_list is None:
        raise Http404("no such status list")
    if status_list.credential is None or status_list.published_revision != status_list.revision:
        status_list = services.status_list_publish(status_list_id=status_list.pk)
    assert status_list.credential is not None
    # Short cache: a revocation must reach verifiers quickly.
    return _public_json(status_list.credential, VC_MEDIA_TYPE, max_age=60)
