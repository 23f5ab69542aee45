"""The OpenAPI document of the issuance API (/api/issuance/…) and the VC-API issuer endpoints
(/api/credentials/issue, /api/credentials/status) is committed in ``openapi_issuance.json`` and diffed here,
as ``tests/catalog/openapi_catalog.json`` is for the catalog. Each error status declares the stable codes it
may carry (``x-error-codes``); those codes are the issuance error family's, with its HTTP status, and the API
answers them as declared."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from microcred.issuance import errors, services
from microcred.issuance.errors import IssuanceError

pytestmark = pytest.mark.django_db

SNAPSHOT = Path(__file__).parent / "openapi_issuance.json"
OWN_PATHS = re.compile(r"^/api/(issuance/|credentials/(issue|status)$)")


def _issuance_openapi(client: Any) -> dict[str, Any]:
    """The issuance part of /api/openapi.json: its paths, every schema they reach, their security schemes."""
    schema = client.get("/api/openapi.json").json()
    paths = {p: v for p, v in schema["paths"].items() if OWN_PATHS.match(p)}
    components = schema.get("components", {})
    wanted: set[str] = set()
    todo: list[Any] = [paths]
    while todo:
        text = json.dumps(todo.pop())
        for name in set(re.findall(r'"#/components/schemas/([^"]+)"', text)) - wanted:
            wanted.add(name)
            todo.append(components["schemas"][name])
    schemes = {
        name
        for operations in paths.values()
        for operation in operations.values()
        for requirement in operation.get("security", [])
        for name in requirement
    }
    return {
        "paths": paths,
        "schemas": {name: components["schemas"][name] for name in sorted(wanted)},
        "securitySchemes": {name: components["securitySchemes"][name] for name in sorted(schemes)},
    }


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, operation)
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
    ]


def _family() -> dict[str, type[IssuanceError]]:
    found: dict[str, type[IssuanceError]] = {}
    todo = [IssuanceError]
    while todo:
        cls = todo.pop()
        found[cls.code] = cls
        todo.extend(cls.__subclasses__())
    return found


def test_openapi_matches_the_committed_snapshot(client) -> None:
    current = _issuance_openapi(client)
    if os.environ.get("UPDATE_OPENAPI_SNAPSHOT") == "1":
        SNAPSHOT.write_text(json.dumps(current, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    committed = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    assert current == committed, "issuance API changed: review, then rerun with UPDATE_OPENAPI_SNAPSHOT=1"


def test_snapshot_covers_every_issuance_endpoint(client) -> None:
    operations = {(p, m) for p, m, _ in _operations(_issuance_openapi(client))}
    assert operations == {
        ("/api/issuance/token", "get"),
        ("/api/issuance/batches", "post"),
        ("/api/issuance/batches/{batch_id}", "get"),
        ("/api/credentials/issue", "post"),
        ("/api/credentials/status", "post"),
    }


def test_every_error_status_declares_stable_codes_of_the_family(client) -> None:
    family = _family()
    document = _issuance_openapi(client)
    for path, method, operation in _operations(document):
        responses = operation["responses"]
        assert operation["security"] == [{"ApiTokenAuth": []}], (path, method)
        assert "401" in responses, (path, method)
        for status, response in responses.items():
            if status.startswith("2") or status == "422":
                continue
            codes = response.get("x-error-codes")
            assert codes, f"{method.upper()} {path} {status} declares no error code"
            ref = response["content"]["application/json"]["schema"]["$ref"]
            assert ref.endswith("/IssuanceErrorOut"), (path, status)
            for declared in codes:
                error = family[declared["code"]]
                assert str(error.http_status) == status, (declared["code"], status)
                assert (declared["message_en"], declared["message_fr"]) == (
                    error.message_en,
                    error.message_fr,
                )


def _declared(client: Any, path: str, status: int) -> set[str]:
    response = _issuance_openapi(client)["paths"][path]["post"]["responses"][str(status)]
    return {entry["code"] for entry in response["x-error-codes"]}


@pytest.mark.parametrize(
    "path, body, with_token, status, code",
    [
        ("/api/credentials/issue", {"credential": {}}, False, 401, "authentication_required"),
        (
            "/api/credentials/issue",
            {"credential": {"type": ["VerifiableCredential"], "credentialStatus": {}}},
            True,
            400,
            errors.StatusNotAllowed.code,
        ),
        (
            "/api/credentials/status",
            {
                "credentialId": "urn:uuid:none",
                "credentialStatus": {"statusPurpose": "revocation"},
                "status": True,
            },
            True,
            404,
            errors.CredentialNotFound.code,
        ),
        (
            "/api/credentials/status",
            {
                "credentialId": "urn:uuid:none",
                "credentialStatus": {"statusPurpose": "revocation"},
                "status": False,
            },
            True,
            400,
            errors.InvalidStatusUpdate.code,
        ),
        ("/api/issuance/batches", {"version": "nothing", "rows": []}, True, 400, errors.InvalidBatch.code),
    ],
)
def test_answers_carry_a_declared_code(
    client, org, signing_key, path, body, with_token, status, code
) -> None:
    headers = {}
    if with_token:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {services.api_token_create(organization=org, name='t')[1]}"
    response = client.post(path, json.dumps(body), content_type="application/json", **headers)
    assert response.status_code == status, response.content
    assert response.json()["code"] == code
    assert code in _declared(client, path, status)
    malformed = client.post(path, "[]", content_type="application/json", **headers)
    if with_token:
        assert malformed.status_code == 422 and "detail" in malformed.json()


def test_schema_names_do_not_collide_with_other_apps(client) -> None:
    """Components are keyed by class name across the whole API: a same-named schema of another app (the
    verification API's ``BatchOut`` once) would silently replace ours. Each referenced schema must be the
    issuance class of that name, field for field."""
    from microcred.issuance import api, batch_api, vcapi

    classes = {
        name: obj
        for module in (api, batch_api, vcapi)
        for name, obj in vars(module).items()
        if isinstance(obj, type) and hasattr(obj, "model_fields")
    }
    for name, schema in _issuance_openapi(client)["schemas"].items():
        assert name in classes, f"{name} is not an issuance schema"
        assert set(schema.get("properties", {})) == set(classes[name].model_fields), name
