"""The wallet API: import (text or base64 file), errors as {code, message_en, message_fr}, CSRF enforced, and
the endpoints declared in the OpenAPI document."""

from __future__ import annotations

import base64
import json

import pytest
from tests.wallet.conftest import external_credential, signed_in

from credcore.formats import bake_png
from microcred.wallet.exports import plain_png
from microcred.wallet.models import WalletCredential

pytestmark = pytest.mark.django_db


def _csrf(client) -> str:
    client.get("/en/accounts/login/")
    return client.cookies["csrftoken"].value


def _post(client, path: str, payload: dict) -> object:
    return client.post(
        path, json.dumps(payload), content_type="application/json", HTTP_X_CSRFTOKEN=_csrf(client)
    )


def test_import_text_and_base64_png(learner):
    client = signed_in(learner)
    document, _ = external_credential()
    created = _post(client, "/api/wallet/credentials/import", {"text": json.dumps(document)})
    assert (
        created.status_code == 201 and created.json()["verified"] and created.json()["format"] == "ob3-json"
    )
    other, _ = external_credential(seed=b"\x09" * 32, name="Forklift Safety")
    png = base64.b64encode(bake_png(plain_png(16), other)).decode()
    baked = _post(client, "/api/wallet/credentials/import", {"base64": png, "filename": "b.png"})
    assert baked.status_code == 201 and baked.json()["name"] == "Forklift Safety"
    duplicate = _post(client, "/api/wallet/credentials/import", {"base64": png, "filename": "b.png"})
    assert duplicate.status_code == 409 and duplicate.json()["code"] == "duplicate_credential"


def test_unusable_input_is_a_422_with_french_message(learner):
    response = _post(signed_in(learner), "/api/wallet/credentials/import", {"text": '{"hello": 1}'})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "unusable_input" and body["message_fr"].startswith("Ce n'est pas un titre")
    assert not WalletCredential.objects.exists()


def test_csrf_is_enforced_for_session_writes(learner):
    client = signed_in(learner)
    document, _ = external_credential()
    response = client.post(
        "/api/wallet/credentials/import",
        json.dumps({"text": json.dumps(document)}),
        content_type="application/json",
    )
    assert response.status_code == 403 and not WalletCredential.objects.exists()


def test_openapi_declares_the_wallet_endpoints(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in (
        "/api/wallet/credentials",
        "/api/wallet/credentials/import",
        "/api/wallet/credentials/{pk}",
        "/api/wallet/shares",
        "/api/wallet/shares/{pk}/revoke",
    ):
        assert path in paths
    assert "422" in paths["/api/wallet/credentials/import"]["post"]["responses"]
