"""VC-API issuer endpoints: bearer auth per organisation, request/response shapes, issuer rules, status
updates, and refusals that leave nothing changed."""

from __future__ import annotations

import json
from typing import Any

import pytest

from credcore import DidResolver, verify_credential
from microcred.issuance import services
from microcred.issuance.identity import organization_did
from microcred.issuance.models import AuditEvent, IssuedCredential, StatusList, StatusSlot

pytestmark = pytest.mark.django_db

ISSUE, STATUS = "/api/credentials/issue", "/api/credentials/status"


def _credential(**extra: Any) -> dict[str, Any]:
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "credentialSubject": {"id": "did:example:learner"},
        **extra,
    }


@pytest.fixture
def token(org, signing_key) -> str:
    return services.api_token_create(organization=org, name="lms")[1]


def _post(client: Any, url: str, body: Any, token: str | None, **headers: str) -> Any:
    if token:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client.post(url, json.dumps(body), content_type="application/json", **headers)


def _snapshot() -> tuple[int, int, int]:
    return IssuedCredential.objects.count(), StatusSlot.objects.count(), AuditEvent.objects.count()


def test_issue_signs_with_org_key_and_adds_status(client, org, token, fetch_json) -> None:
    response = _post(client, ISSUE, {"credential": _credential()}, token)
    assert response.status_code == 201, response.content
    vc = response.json()["verifiableCredential"]
    assert vc["issuer"] == organization_did(org)
    # Not an Open Badges credential (whose schema allows one entry): a revocation and a suspension entry
    revocation, suspension = vc["credentialStatus"]
    assert (revocation["statusPurpose"], suspension["statusPurpose"]) == ("revocation", "suspension")
    assert {revocation["type"], suspension["type"]} == {"BitstringStatusListEntry"}
    assert revocation["statusListCredential"] != suspension["statusListCredential"]  # a list per purpose
    issued = IssuedCredential.objects.get(credential_id=vc["id"])
    assert issued.revocation_slot is not None and issued.revocation_slot.status_list.purpose == "revocation"
    assert vc["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    resolver = DidResolver(fetcher=fetch_json)
    result = verify_credential(vc, resolver=resolver, status_fetcher=fetch_json)
    assert {c.name: c.status for c in result.checks}["proof"] == "passed"
    assert {c.name: c.status for c in result.checks}["status"] == "passed"


def test_issue_accepts_own_did_and_is_idempotent(client, org, token) -> None:
    body = {"credential": _credential(issuer=organization_did(org))}
    first = _post(client, ISSUE, body, token, HTTP_IDEMPOTENCY_KEY="abc")
    again = _post(client, ISSUE, body, token, HTTP_IDEMPOTENCY_KEY="abc")
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert IssuedCredential.objects.count() == 1
    conflict = _post(
        client, ISSUE, {"credential": _credential(name="other")}, token, HTTP_IDEMPOTENCY_KEY="abc"
    )
    assert conflict.status_code == 409 and conflict.json()["code"] == "idempotency_conflict"


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"credential": _credential(issuer="did:web:evil.example")}, 400, "issuer_mismatch"),
        ({"credential": _credential(issuer={"id": "did:key:z6Mk"})}, 400, "issuer_mismatch"),
        ({"credential": _credential(credentialStatus={"type": "X"})}, 400, "credential_status_not_allowed"),
        ({"credential": _credential(undefinedTerm="x")}, 400, "invalid_credential"),
    ],
)
def test_refusals_change_nothing(client, token, body, status, code) -> None:
    before = _snapshot()
    response = _post(client, ISSUE, body, token, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == status, response.content
    assert response.json()["code"] == code
    assert response.json()["message"] == response.json()["message_fr"]
    assert _snapshot() == before


@pytest.mark.parametrize("auth", [None, "mct_000000000000_" + "x" * 43])
def test_authentication_required(client, org, signing_key, auth) -> None:
    before = _snapshot()
    for url, body in ((ISSUE, {"credential": _credential()}), (STATUS, {})):
        response = _post(client, url, body, auth)
        assert response.status_code == 401
        assert response.json()["code"] in {"authentication_required", "invalid_token"}
    assert _snapshot() == before


def test_status_updates(client, org, token, other_org) -> None:
    vc = _post(client, ISSUE, {"credential": _credential()}, token).json()["verifiableCredential"]

    def update(purpose: str, value: bool, with_token: str = token) -> Any:
        body = {"credentialId": vc["id"], "credentialStatus": {"type": "BitstringStatusListEntry",
                "statusPurpose": purpose}, "status": value}  # fmt: skip
        return _post(client, STATUS, body, with_token)

    assert update("suspension", True).json()["state"] == "suspended"
    assert update("suspension", False).json()["state"] == "active"
    assert update("revocation", False).json()["code"] == "invalid_status_update"
    other_token = services.api_token_create(organization=other_org)[1]
    before = _snapshot()
    assert update("revocation", True, other_token).status_code == 404  # not theirs
    assert _snapshot() == before
    assert update("revocation", True).json()["state"] == "revoked"
    assert update("revocation", True).status_code == 409
    assert update("suspension", False).json()["code"] == "not_suspended"
    issued = IssuedCredential.objects.get(credential_id=vc["id"])
    revocation_list = services.status_list_publish(status_list_id=issued.revocation_slot.status_list_id)
    suspension_list = services.status_list_publish(status_list_id=issued.status_slot.status_list_id)
    from credcore.status import BitstringStatusList

    def bit(status_list: Any, index: int) -> int:
        return BitstringStatusList(bytes(status_list.bits)).get(index)

    # what outside verifiers see: revoked on the revocation list, not (still) suspended
    assert bit(revocation_list, issued.revocation_slot.index) == 1
    assert bit(suspension_list, issued.status_slot.index) == 0


def test_outside_verifiers_see_a_revoked_credential_as_revoked(client, org, token, fetch_json) -> None:
    vc = _post(client, ISSUE, {"credential": _credential()}, token).json()["verifiableCredential"]
    body = {"credentialId": vc["id"], "credentialStatus": {"type": "BitstringStatusListEntry",
            "statusPurpose": "revocation"}, "status": True}  # fmt: skip
    assert _post(client, STATUS, body, token).json()["state"] == "revoked"
    for status_list in StatusList.objects.filter(organization=org):
        services.status_list_publish(status_list_id=status_list.pk)
    result = verify_credential(vc, resolver=DidResolver(fetcher=fetch_json), status_fetcher=fetch_json)
    status = {c.name: c for c in result.checks}["status"]
    assert not result.verified and status.status == "failed"
    assert [problem.code for problem in status.problems] == ["credential_revoked"]  # not "suspended"


def test_openapi_declares_the_vc_api_paths_with_bearer_auth(client) -> None:
    document = client.get("/api/openapi.json").json()
    for path, codes in (
        ("/api/credentials/issue", {"201", "400", "401", "409", "422", "500"}),
        ("/api/credentials/status", {"200", "400", "401", "404", "409", "422", "500"}),
        ("/api/issuance/batches", {"202", "400", "401", "422"}),
    ):
        operation = document["paths"][path]["post"]
        assert set(operation["responses"]) == codes
        assert operation["security"]
