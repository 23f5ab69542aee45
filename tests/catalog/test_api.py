"""Catalog API: shapes, the portal facets, coded errors with EN/FR messages, and the OpenAPI snapshot."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

SNAPSHOT = Path(__file__).parent / "openapi_catalog.json"


def test_list_with_facets_and_pagination(seeded, client):
    response = client.get("/api/catalog/microcredentials", {"delivery_mode": "online", "page_size": "3"})
    assert response.status_code == 200
    data = response.json()
    assert data["total"] == 12 and data["page_size"] == 3 and data["pages"] == 4 and len(data["items"]) == 3
    item = data["items"][0]
    assert set(item) >= {"slug", "title", "owner", "effort_hours", "effort_weeks", "cost_cad", "markers"}
    assert item["title"]["fr"] and item["delivery_mode"] == "online"
    assert {
        "delivery_mode",
        "pace",
        "duration",
        "cost",
        "language",
        "provider",
        "region",
        "osap",
        "marker",
    } <= set(data["facets"])


def test_list_accepts_repeated_and_comma_separated_values(seeded, client):
    a = client.get("/api/catalog/microcredentials?cost=free&cost=lt500").json()
    b = client.get("/api/catalog/microcredentials?cost=free,lt500").json()
    assert a["total"] == b["total"] > 0


@pytest.mark.parametrize(
    "query", ["pace=warp", "sort=price", "page=0", "page_size=5000", "osap=perhaps", "marker=cheap"]
)
def test_bad_query_is_a_stable_coded_error_in_both_languages(seeded, client, query):
    response = client.get(f"/api/catalog/microcredentials?{query}", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_parameter"
    assert body["message"] == body["message_fr"] and body["message_en"] != body["message_fr"]
    assert body["details"][0]["field"] == query.split("=")[0]


def test_detail_shape(seeded, client):
    data = client.get("/api/catalog/microcredentials/cambrian-personal-care-assistant").json()
    assert data["title"]["en"] == "Personal Care Assistant"
    markers = {m["code"]: m for m in data["quality_markers"]}
    assert set(markers) == {"relevant", "accredited", "standardized", "assessed", "flexible", "stackable"}
    assert markers["assessed"]["met"] and markers["assessed"]["reason"]["fr"].startswith("évalué")
    assert data["osap"]["eligible"] and "RAFEO" in data["osap"]["reason"]["fr"]
    assert data["stacks_into"]["en"].startswith("Personal Support Worker certificate")
    outcome = data["outcomes"][0]
    assert outcome["competencies"][0]["uri"].startswith("http://data.europa.eu/esco/skill/")
    assert outcome["assessment"]["evidence_required"]["fr"]
    assert data["endorsements"][0]["organization"]["slug"] == "pioneer-manor"


def test_unknown_detail_is_a_coded_404(seeded, client):
    response = client.get("/api/catalog/microcredentials/nope")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_ctdl_endpoint(seeded, client):
    response = client.get("/api/catalog/ctdl/fanshawe-essential-skills-truck-drivers")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/ld+json")
    assert response.json()["@graph"][0]["@type"] == "ceterms:MicroCredential"
    assert client.get("/api/catalog/ctdl/nope").json()["code"] == "not_found"
    assert len(client.get("/api/catalog/ctdl").json()["@graph"]) > 19


def _catalog_openapi(client) -> dict:
    """The catalog's part of /api/openapi.json: its paths and every schema they reach."""
    schema = client.get("/api/openapi.json").json()
    paths = {p: v for p, v in schema["paths"].items() if p.startswith("/api/catalog/")}
    components = schema.get("components", {}).get("schemas", {})
    wanted: set[str] = set()
    todo = [paths]
    while todo:
        text = json.dumps(todo.pop())
        for name in {ref.split("/")[-1] for ref in _refs(text)} - wanted:
            wanted.add(name)
            todo.append(components[name])
    return {"paths": paths, "schemas": {name: components[name] for name in sorted(wanted)}}


def _refs(text: str) -> list[str]:
    import re

    return re.findall(r'"#/components/schemas/([^"]+)"', text)


def test_openapi_matches_the_committed_snapshot(db, client):
    current = _catalog_openapi(client)
    if os.environ.get("UPDATE_OPENAPI_SNAPSHOT") == "1":
        SNAPSHOT.write_text(json.dumps(current, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    committed = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    assert current == committed, "catalog API changed: review, then rerun with UPDATE_OPENAPI_SNAPSHOT=1"
