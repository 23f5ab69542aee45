"""W3C VC-API issuer endpoints (https://w3c.github.io/vcalm/, ../shared/standards/w3c__vcalm/oas.yaml),
mounted at ``/api/credentials/``: ``POST /api/credentials/issue`` and ``POST /api/credentials/status``.

VC-API lets a service expose its endpoints under any base URL ("``/credentials/issue`` at the end of a longer
URL"); ours is the platform API's ``/api``. Each call is authenticated per organisation with an API token
(``Authorization: Bearer …``); errors are the issuance family's (stable code, EN and FR messages).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from microcred.issuance import credential_lifecycle, credential_services, errors
from microcred.issuance.api import AUTH_ERRORS, declared_errors, token_auth
from microcred.issuance.models import ApiToken, IssuedCredential

__all__ = ["router"]

router = Router(tags=["vc-api"])

# The stable error codes each endpoint may answer, declared in OpenAPI (``x-error-codes`` per status).
_ISSUE_ERRORS, _ISSUE_DOC = declared_errors(
    *AUTH_ERRORS,
    errors.InvalidCredential,
    errors.IssuerMismatch,
    errors.StatusNotAllowed,
    errors.IdempotencyConflict,
    errors.NoActiveSigningKey,
    errors.KeyDecryptionFailed,
)
_STATUS_ERRORS, _STATUS_DOC = declared_errors(
    *AUTH_ERRORS,
    errors.InvalidStatusUpdate,
    errors.WrongStatusPurpose,
    errors.CredentialNotFound,
    errors.UnknownStatusEntry,
    errors.AlreadyRevoked,
    errors.AlreadySuspended,
    errors.NotSuspended,
    errors.InvalidTransition,
    errors.NoActiveSigningKey,
    errors.KeyDecryptionFailed,
)


class IssueOptions(Schema):
    credentialId: str | None = None


class IssueCredentialRequest(Schema):
    credential: dict[str, Any]
    options: IssueOptions | None = None


class IssueCredentialResponse(Schema):
    verifiableCredential: dict[str, Any]


class StatusEntryIn(Schema):
    type: str = "BitstringStatusListEntry"
    statusPurpose: str


class UpdateCredentialStatusRequest(Schema):
    credentialId: str
    credentialStatus: StatusEntryIn
    status: bool


class UpdateCredentialStatusResponse(Schema):
    credentialId: str
    state: str


def _actor(token: ApiToken) -> str:
    return f"api-token:{token.prefix}"


@router.post(
    "/issue",
    auth=token_auth,
    response={201: IssueCredentialResponse, **_ISSUE_ERRORS},
    openapi_extra=_ISSUE_DOC,
    summary="Issue a credential (VC-API issueCredential)",
)
def issue_credential(request: HttpRequest, body: IssueCredentialRequest) -> Status:
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    options = body.options or IssueOptions()
    key = request.headers.get("Idempotency-Key") or options.credentialId or body.credential.get("id") or ""
    if not isinstance(key, str) or len(key) > 200:
        raise errors.InvalidCredential("the idempotency key must be a string of at most 200 characters")
    issued = credential_services.credential_sign_submitted(
        organization=token.organization,
        credential=body.credential,
        idempotency_key=key or f"vc-api:{credential_services.request_hash(body.credential)}",
        actor_label=_actor(token),
    )
    return Status(201, {"verifiableCredential": issued.document})


_UPDATES = {
    ("suspension", True): credential_lifecycle.credential_suspend,
    ("suspension", False): credential_lifecycle.credential_unsuspend,
    ("revocation", True): credential_lifecycle.credential_revoke,
}


@router.post(
    "/status",
    auth=token_auth,
    response={200: UpdateCredentialStatusResponse, **_STATUS_ERRORS},
    openapi_extra=_STATUS_DOC,
    summary="Update a credential's status (VC-API updateCredentialStatus)",
)
def update_credential_status(request: HttpRequest, body: UpdateCredentialStatusRequest) -> Status:
    """``revocation``/``true`` revokes (for good), ``suspension``/``true`` suspends, ``suspension``/``false``
    lifts a suspension. ``revocation``/``false`` is refused: revocation is permanent."""
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    update = _UPDATES.get((body.credentialStatus.statusPurpose, body.status))
    if body.credentialStatus.type != "BitstringStatusListEntry" or update is None:
        raise errors.InvalidStatusUpdate(f"{body.credentialStatus.statusPurpose}={body.status}")
    credential: IssuedCredential = credential_services.credential_for(
        organization=token.organization, credential_id=body.credentialId
    )
    reason = request.headers.get("X-Reason", "")[:500] or "via VC-API"
    changed = update(credential=credential, reason=reason, actor_label=_actor(token))
    return Status(200, {"credentialId": changed.credential_id, "state": changed.state})
