"""VC-API verify endpoints: 200 with the result, 400 for unusable input, 413 / 429 limits, batch results,
presentations with challenge and domain; anonymous callers may verify and nothing is written."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from django.test import override_settings

from credcore.keys import Ed25519Multikey
from credcore.presentations import build_presentation, sign_presentation
from microcred.issuance.models import AuditEvent, IssuedCredential, StatusList
from microcred.verification.models import TrustedIssuer

from .conftest import issue, revoke

VERIFY = "/api/credentials/verify"
BATCH = "/api/credentials/verify/batch"
VP_VERIFY = "/api/presentations/verify"


def post(client: Any, url: str, body: Any, **extra: Any) -> Any:
    data = body if isinstance(body, (bytes, str)) else json.dumps(body)
    return client.post(url, data=data, content_type="application/json", **extra)


def test_verify_success_returns_result_with_trust(client: Any, credential: dict[str, Any]) -> None:
    response = post(client, VERIFY, {"verifiableCredential": credential, "options": {"returnResults": True}})
    assert response.status_code == 200
    body = response.json()
    assert body["verified"] is True and body["problemDetails"] == [] and body["warnings"] == []
    statuses = {check["name"]: check["status"] for check in body["checks"]}
    assert statuses["issuer_trust"] == "passed" and statuses["status"] == "passed"
    assert body["results"]["proof"][0]["verified"] is True
    assert "credential" not in body


def test_not_verified_is_still_200(client: Any, org: Any, credential: dict[str, Any]) -> None:
    revoke(org, credential["id"])
    body = post(client, VERIFY, {"verifiableCredential": credential}).json()
    assert body["verified"] is False
    assert {c["name"]: c["status"] for c in body["checks"]}["status"] == "failed"
    assert body["problemDetails"] and all(p["detailFr"] for p in body["problemDetails"])
    tampered = copy.deepcopy(credential)
    tampered["name"] = "Something else"
    response = post(client, VERIFY, {"verifiableCredential": tampered, "options": {"returnCredential": True}})
    assert response.status_code == 200 and response.json()["verified"] is False
    assert response.json()["credential"]["name"] == "Something else"


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (b"{not json", "invalid_json"),
        (b"\xff\xfe", "invalid_json"),
        (b"NaN", "invalid_json"),
        ([], "invalid_request"),
        ({}, "invalid_request"),
        ({"verifiableCredential": "eyJhbGciOi"}, "invalid_request"),
        ({"verifiableCredential": {}, "options": {"nope": True}}, "invalid_request"),
        ({"verifiableCredential": {}, "options": []}, "invalid_request"),
        (
            {"verifiableCredential": {"type": "EnvelopedVerifiableCredential", "id": "data:x"}},
            "unsupported_input",
        ),
    ],
)
def test_unusable_input_is_400_with_bilingual_error(client: Any, db: Any, body: Any, code: str) -> None:
    response = post(client, VERIFY, body)
    assert response.status_code == 400
    error = response.json()
    assert error["code"] == code and error["message_en"] and error["message_fr"]
    assert error["message_en"] != error["message_fr"]


def test_a_json_object_that_is_no_credential_is_a_200_failure(client: Any, db: Any) -> None:
    response = post(client, VERIFY, {"verifiableCredential": {"hello": "world"}})
    assert response.status_code == 200 and response.json()["verified"] is False


@override_settings(MICROCRED_VERIFY_MAX_BYTES=1000)
def test_body_too_large_is_413(client: Any, credential: dict[str, Any]) -> None:
    response = post(client, VERIFY, {"verifiableCredential": credential})
    assert response.status_code == 413 and response.json()["code"] == "payload_too_large"


@override_settings(MICROCRED_VERIFY_RATE_PER_MINUTE=3)
def test_rate_limit_is_429_with_retry_after(client: Any, db: Any) -> None:
    from django.core.cache import cache

    cache.clear()
    codes = [post(client, VERIFY, {"verifiableCredential": {}}).status_code for _ in range(5)]
    assert codes[:3] == [200, 200, 200] and codes[3:] == [429, 429]
    response = post(client, VERIFY, {"verifiableCredential": {}})
    assert response.json()["code"] == "rate_limited" and 0 < int(response["Retry-After"]) <= 60
    cache.clear()


def test_unknown_issuer_is_verified_with_warning(client: Any, credential: dict[str, Any]) -> None:
    from credcore import sign_credential

    key = Ed25519Multikey.from_seed(b"\x03" * 32)
    key = key.bound_to(controller=key.did_key, key_id=key.did_key_verification_method)
    unsigned = {k: v for k, v in credential.items() if k not in ("proof", "credentialStatus")}
    unsigned["issuer"] = {**unsigned["issuer"], "id": key.controller}
    external = sign_credential(unsigned, key)
    body = post(client, VERIFY, {"verifiableCredential": external}).json()
    assert body["verified"] is True and [w["code"] for w in body["warnings"]] == ["issuer_not_known"]
    TrustedIssuer.objects.create(issuer_id=key.controller, name_en="Partner")
    body = post(client, VERIFY, {"verifiableCredential": external}).json()
    assert body["verified"] is True and body["warnings"] == []


def test_batch_returns_one_result_per_item_in_order(client: Any, org: Any, version: Any) -> None:
    credentials = [issue(org, version, n) for n in range(5)]
    revoke(org, credentials[2]["id"])
    tampered = copy.deepcopy(credentials[4])
    tampered["validFrom"] = "2001-01-01T00:00:00Z"
    items = [*credentials[:4], tampered, {"not": "a credential"}]
    response = post(client, BATCH, {"verifiableCredentials": items})
    assert response.status_code == 200
    body = response.json()
    assert [r["index"] for r in body["results"]] == list(range(6))
    assert [r["verified"] for r in body["results"]] == [True, True, False, True, False, False]
    assert body["verified"] == 3 and body["failed"] == 3
    assert body["results"][0]["credentialId"] == credentials[0]["id"]
    trust = next(c for c in body["results"][0]["checks"] if c["name"] == "issuer_trust")
    assert trust["status"] == "passed"


def test_batch_in_worker_processes_matches_in_process(client: Any, org: Any, version: Any) -> None:
    from microcred.verification import batch

    credentials = [issue(org, version, n) for n in range(3)]
    revoke(org, credentials[1]["id"])
    items = [credentials[n % 3] for n in range(batch.IN_PROCESS_BELOW + 6)]
    with override_settings(MICROCRED_VERIFY_WORKERS=2):
        body = post(client, BATCH, {"verifiableCredentials": items}).json()
    assert [r["verified"] for r in body["results"]] == [n % 3 != 1 for n in range(len(items))]


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"verifiableCredentials": []}, 400, "invalid_request"),
        ({"verifiableCredentials": [1]}, 400, "invalid_request"),
        ({"credentials": [{}]}, 400, "invalid_request"),
    ],
)
def test_batch_unusable_input(client: Any, db: Any, body: Any, status: int, code: str) -> None:
    response = post(client, BATCH, body)
    assert (response.status_code, response.json()["code"]) == (status, code)


def test_batch_limit_is_413(client: Any, db: Any, monkeypatch: Any) -> None:
    from microcred.verification import api

    monkeypatch.setattr(api, "BATCH_MAX_ITEMS", 3)
    response = post(client, BATCH, {"verifiableCredentials": [{}] * 4})
    assert response.status_code == 413 and response.json()["code"] == "batch_too_large"


def test_batch_accepts_a_thousand_credentials(client: Any, org: Any, version: Any) -> None:
    credentials = [issue(org, version, n) for n in range(4)]
    items = [credentials[n % 4] for n in range(1000)]
    body = post(client, BATCH, {"verifiableCredentials": items}).json()
    assert body["verified"] == 1000 and len(body["results"]) == 1000


def _vp(credential: dict[str, Any], challenge: str, domain: str) -> dict[str, Any]:
    holder = Ed25519Multikey.from_seed(b"\x11" * 32)
    holder = holder.bound_to(controller=holder.did_key, key_id=holder.did_key_verification_method)
    vp = build_presentation(holder=holder.controller, credentials=[credential])
    return sign_presentation(vp, holder, challenge=challenge, domain=domain)


def test_presentation_verify(client: Any, credential: dict[str, Any]) -> None:
    vp = _vp(credential, "abc-123", "ats.example")
    ok = {"verifiablePresentation": vp, "options": {"challenge": "abc-123", "domain": "ats.example"}}
    body = post(client, VP_VERIFY, ok).json()
    assert body["verified"] is True, body
    assert body["results"]["presentation"]["challenge"] == {"verified": True, "input": "abc-123"}
    assert body["credentials"][0]["verified"] is True
    assert {c["name"]: c["status"] for c in body["credentials"][0]["checks"]}["issuer_trust"] == "passed"
    wrong = {"verifiablePresentation": vp, "options": {"challenge": "replay", "domain": "ats.example"}}
    body = post(client, VP_VERIFY, wrong).json()
    assert body["verified"] is False
    assert "invalid_challenge" in {p["code"] for p in body["problemDetails"]}


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (b"[", "invalid_json"),
        ({"presentation": {}}, "unsupported_input"),
        ({"verifiablePresentation": []}, "invalid_request"),
        ({"verifiablePresentation": {}, "options": {"challenge": 5}}, "invalid_request"),
    ],
)
def test_presentation_unusable_input(client: Any, db: Any, body: Any, code: str) -> None:
    response = post(client, VP_VERIFY, body)
    assert (response.status_code, response.json()["code"]) == (400, code)


def test_anonymous_verification_writes_nothing(client: Any, credential: dict[str, Any]) -> None:
    post(client, VERIFY, {"verifiableCredential": credential})  # publishes the status list once, like a GET
    counts = (AuditEvent.objects.count(), IssuedCredential.objects.count(), StatusList.objects.count())
    lists = list(StatusList.objects.values_list("revision", "published_revision"))
    for url, body in (
        (VERIFY, {"verifiableCredential": credential}),
        (BATCH, {"verifiableCredentials": [credential]}),
        (VP_VERIFY, {"verifiablePresentation": _vp(credential, "c", "d")}),
    ):
        assert post(client, url, body).status_code == 200
    assert (
        AuditEvent.objects.count(),
        IssuedCredential.objects.count(),
        StatusList.objects.count(),
    ) == counts
    assert list(StatusList.objects.values_list("revision", "published_revision")) == lists
    assert TrustedIssuer.objects.count() == 0


def test_revocation_shows_on_the_next_request_despite_caches(
    client: Any, org: Any, credential: dict[str, Any]
) -> None:
    body = {"verifiableCredential": credential}
    assert post(client, VERIFY, body).json()["verified"] is True  # caches the status list and DID document
    revoke(org, credential["id"])  # the status list's save clears verification's cache
    assert post(client, VERIFY, body).json()["verified"] is False


def test_unsignalled_changes_expire_with_the_cache(
    client: Any, org: Any, credential: dict[str, Any], monkeypatch: Any
) -> None:
    from microcred.verification import localcache

    body = {"verifiableCredential": credential}
    assert post(client, VERIFY, body).json()["verified"] is True
    StatusList.objects.update(bits=b"\xff" * 16384, revision=99)  # as another process would: no signal here
    monkeypatch.setattr(localcache, "LOCAL_CACHE_SECONDS", 0.0)
    localcache._entries.clear()  # what expiry does after LOCAL_CACHE_SECONDS
    assert post(client, VERIFY, body).json()["verified"] is False


def test_batch_survives_items_the_pool_cannot_take(client: Any, org: Any, version: Any) -> None:
    """A deeply nested item (fine for JSON, too deep to pickle) is verified in-process and fails closed."""
    from microcred.verification import batch

    good = issue(org, version, 0)
    deep: dict[str, Any] = {}
    cursor = deep
    for _ in range(900):
        cursor["n"] = {}
        cursor = cursor["n"]
    items = [good] * batch.IN_PROCESS_BELOW + [deep]
    with override_settings(MICROCRED_VERIFY_WORKERS=2):
        response = post(client, BATCH, {"verifiableCredentials": items})
    if response.status_code == 400:  # the JSON decoder may refuse such depth first: also a clean answer
        assert response.json()["code"] == "invalid_json"
        return
    body = response.json()
    assert [r["verified"] for r in body["results"]] == [True] * batch.IN_PROCESS_BELOW + [False]


def test_return_options(client: Any, org: Any, credential: dict[str, Any]) -> None:
    revoke(org, credential["id"])
    quiet = {"verifiableCredential": credential, "options": {"returnProblemDetails": False}}
    body = post(client, VERIFY, quiet).json()
    assert body["verified"] is False and body["problemDetails"] == [] and body["warnings"] == []
    assert any(check["status"] == "failed" for check in body["checks"])  # the checks still say why
    vp = _vp(credential, "c", "d")
    body = post(
        client, VP_VERIFY, {"verifiablePresentation": vp, "options": {"returnPresentation": True}}
    ).json()
    assert body["verifiablePresentation"] == vp and body["verified"] is False
