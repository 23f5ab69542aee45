"""The verifier endpoints' OpenAPI (paths, status codes, request and response schemas) matches the committed
snapshot; each declares the VC-API codes it answers with (200, 400, 413, 429) and never ninja's 422."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

SNAPSHOT = Path(__file__).parent / "openapi_verification.json"
PATHS = ("/api/credentials/verify", "/api/credentials/verify/batch", "/api/presentations/verify")


def _verification_openapi(client: Any) -> dict[str, Any]:
    schema = client.get("/api/openapi.json").json()
    paths = {path: schema["paths"][path] for path in PATHS}
    components = schema.get("components", {}).get("schemas", {})
    wanted: set[str] = set()
    todo: list[Any] = [paths]
    while todo:
        text = json.dumps(todo.pop())
        for name in set(re.findall(r'"#/components/schemas/([^"]+)"', text)) - wanted:
            wanted.add(name)
            todo.append(components[name])
    return {"paths": paths, "schemas": {name: components[name] for name in sorted(wanted)}}


def test_openapi_matches_the_committed_snapshot(db: Any, client: Any) -> None:
    current = _verification_openapi(client)
    if os.environ.get("UPDATE_OPENAPI_SNAPSHOT") == "1":
        SNAPSHOT.write_text(json.dumps(current, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    committed = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    assert current == committed, "verification API changed: review, then rerun with UPDATE_OPENAPI_SNAPSHOT=1"


def test_status_codes_are_the_vc_api_ones(db: Any, client: Any) -> None:
    paths = _verification_openapi(client)["paths"]
    for path in PATHS:
        operation = paths[path]["post"]
        assert set(operation["responses"]) == {"200", "400", "413", "429"}, path
        assert operation["requestBody"]["content"]["application/json"]["schema"]["type"] == "object"
        assert not operation.get("security"), "verification is open to anyone"
