"""Bulk issuance over the API: ``POST /api/issuance/batches`` (rows as JSON or a CSV text) and
``GET /api/issuance/batches/{id}`` (progress), authenticated per organisation with an API token."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from microcred.catalog.models import MicroCredentialVersion
from microcred.issuance import bulk, errors
from microcred.issuance.api import AUTH_ERRORS, declared_errors, token_auth
from microcred.issuance.models import ApiToken, IssuanceBatch

__all__ = ["router"]

router = Router(tags=["issuance"])
_CREATE_ERRORS, _CREATE_DOC = declared_errors(*AUTH_ERRORS, errors.InvalidBatch, errors.VersionNotIssuable)
_GET_ERRORS, _GET_DOC = declared_errors(*AUTH_ERRORS, errors.BatchNotFound, with_body=False)


class RowIn(Schema):
    email: str
    idempotency_key: str = ""
    evidence_url: str = ""
    narrative: str = ""


class BatchIn(Schema):
    version: str  # "<micro-credential slug>" (its published version) or "<slug>@<number>"
    rows: list[RowIn] = []
    csv: str = ""
    workers: int = 1


class IssuanceBatchOut(Schema):  # not "BatchOut": the verification API has one, and OpenAPI names collide
    id: int
    state: str
    total: int
    done: int
    failed: int
    progress: float


def batch_json(batch: IssuanceBatch) -> dict[str, Any]:
    return {
        "id": batch.pk,
        "state": batch.state,
        "total": batch.total,
        "done": batch.done,
        "failed": batch.failed,
        "progress": round(batch.progress, 4),
    }


def resolve_version(spec: str) -> MicroCredentialVersion:
    slug, _, number = spec.partition("@")
    versions = MicroCredentialVersion.objects.filter(micro_credential__slug=slug)
    found = versions.filter(number=int(number)) if number.isdigit() else versions.filter(status="published")
    version = found.first()
    if version is None:
        raise errors.VersionNotIssuable(spec[:100])
    return version


@router.post(
    "/batches", auth=token_auth, response={202: IssuanceBatchOut, **_CREATE_ERRORS}, openapi_extra=_CREATE_DOC
)
def batch_create(request: HttpRequest, body: BatchIn) -> Status:
    """Queue a bulk issuance; poll ``GET /batches/{id}`` for progress."""
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    if body.csv:
        rows = bulk.parse_csv(body.csv)
    elif body.rows:
        rows = bulk.parse_csv(
            "email,idempotency_key,evidence_url,narrative\n"
            + "".join(
                bulk.csv_line(row.email, row.idempotency_key, row.evidence_url, row.narrative)
                for row in body.rows
            )
        )
    else:
        raise errors.InvalidBatch("send rows or csv")
    batch = bulk.batch_create(
        organization=token.organization,
        version=resolve_version(body.version),
        rows=rows,
        source="api",
        actor_label=f"api-token:{token.prefix}",
        workers=max(1, min(body.workers, 8)),
    )
    return Status(202, batch_json(batch))


@router.get(
    "/batches/{batch_id}",
    auth=token_auth,
    response={200: IssuanceBatchOut, **_GET_ERRORS},
    openapi_extra=_GET_DOC,
)
def batch_progress(request: HttpRequest, batch_id: int) -> Status:
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    return Status(200, batch_json(bulk.batch_get(organization=token.organization, batch_id=batch_id)))
