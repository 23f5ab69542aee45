"""API tokens: only a hash is stored; bearer authentication accepts live tokens and refuses the rest with 401
and a stable code (the same for unknown and revoked tokens)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from microcred.issuance import services
from microcred.issuance.models import ApiToken, AuditEvent

pytestmark = pytest.mark.django_db
URL = "/api/issuance/token"


def _get(client, authorization: str | None):
    headers = {"HTTP_AUTHORIZATION": authorization} if authorization is not None else {}
    return client.get(URL, **headers)


def test_only_a_hash_and_prefix_are_stored(org) -> None:
    token, raw = services.api_token_create(organization=org, name="LMS")
    stored = ApiToken.objects.get(pk=token.pk)
    assert raw.startswith(f"mct_{stored.prefix}_")
    assert raw not in (stored.token_hash, repr(stored), str(stored))
    assert raw.split("_", 2)[2] not in stored.token_hash
    assert len(stored.token_hash) == 64


def test_a_valid_token_authenticates_its_organisation(client, org) -> None:
    token, raw = services.api_token_create(organization=org)
    response = _get(client, f"Bearer {raw}")
    assert response.status_code == 200
    assert response.json() == {
        "organization": "algonquin",
        "did": "did:web:localhost%3A8000:orgs:algonquin",
        "token_prefix": token.prefix,
    }
    assert ApiToken.objects.get(pk=token.pk).last_used_at is not None


def test_last_used_is_written_at_most_once_a_minute(org) -> None:
    token, raw = services.api_token_create(organization=org)
    services.api_token_authenticate(raw_token=raw)
    first = ApiToken.objects.get(pk=token.pk).last_used_at
    services.api_token_authenticate(raw_token=raw)
    assert ApiToken.objects.get(pk=token.pk).last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now() - datetime.timedelta(minutes=5))
    services.api_token_authenticate(raw_token=raw)
    assert ApiToken.objects.get(pk=token.pk).last_used_at > first


def _assert_refused(response, code: str) -> None:
    assert response.status_code == 401
    body = response.json()
    assert body["code"] == code
    assert body["message_en"] and body["message_fr"]
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_token_is_refused(client, org) -> None:
    token, raw = services.api_token_create(organization=org)
    services.api_token_revoke(token=token, reason="leaked")
    response = _get(client, f"Bearer {raw}")
    _assert_refused(response, "invalid_token")
    assert 'error="invalid_token"' in response["WWW-Authenticate"]


@pytest.mark.parametrize(
    "authorization",
    [
        "Bearer mct_000000000000_" + "A" * 43,  # well-formed, unknown
        "Bearer not-a-token",
        "Bearer ",
    ],
)
def test_unknown_or_malformed_tokens_are_refused(client, org, authorization: str) -> None:
    services.api_token_create(organization=org)
    _assert_refused(_get(client, authorization), "invalid_token")


def test_a_tampered_token_with_a_real_prefix_is_refused(client, org) -> None:
    _, raw = services.api_token_create(organization=org)
    tampered = raw[:-1] + ("A" if raw[-1] != "A" else "B")
    _assert_refused(_get(client, f"Bearer {tampered}"), "invalid_token")


@pytest.mark.parametrize("authorization", [None, "Basic dXNlcjpwYXNz"])
def test_requests_without_a_bearer_token_are_refused(client, authorization: str | None) -> None:
    _assert_refused(_get(client, authorization), "authentication_required")


def test_refusal_messages_follow_the_request_language(client) -> None:
    response = client.get(URL, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 401
    assert response.json()["message"] == response.json()["message_fr"]


def test_token_creation_and_revocation_are_audited(org) -> None:
    token, _ = services.api_token_create(organization=org, actor_label="cli")
    services.api_token_revoke(token=token, reason="rotated")
    services.api_token_revoke(token=token, reason="twice")  # idempotent: no second event
    actions = list(AuditEvent.objects.filter(organization=org).values_list("action", "reason"))
    assert actions == [("api_token.created", ""), ("api_token.revoked", "rotated")]


def test_openapi_declares_the_bearer_scheme_and_the_401(client) -> None:
    schema = client.get("/api/openapi.json").json()
    operation = schema["paths"]["/api/issuance/token"]["get"]
    assert "401" in operation["responses"]
    (requirement,) = operation["security"]
    (scheme_name,) = requirement
    assert schema["components"]["securitySchemes"][scheme_name] == {"type": "http", "scheme": "bearer"}
