"""Type-ahead (selector and API) over EN/FR preferred and alternative labels; suggestions API; errors."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client

from microcred.frameworks.selectors import competency_suggestions, competency_typeahead
from microcred.frameworks.services import esco_import, framework_csv_import
from microcred.frameworks.specs import FrameworkSpec

pytestmark = pytest.mark.django_db


@pytest.fixture()
def imported(
    esco_slice: tuple[Path, dict[str, str]], fixture_bytes: Callable[[str], bytes]
) -> dict[str, str]:
    esco_import(data_dir=esco_slice[0])
    framework_csv_import(
        data=fixture_bytes("welding_framework.csv"),
        framework=FrameworkSpec(slug="welding", kind="custom", name_en="Welding", name_fr="Soudage"),
    )
    return esco_slice[1]


def _labels(q: str, language: str | None = None, **kwargs: object) -> list[str]:
    return [hit.label for hit in competency_typeahead(q=q, language=language, **kwargs)]  # type: ignore[arg-type]


def test_prefix_of_preferred_label(imported: dict[str, str]) -> None:
    assert _labels("apply g", "en") == ["apply GMP"]
    assert _labels("JAVA", "en")[:2] == ["JavaScript", "Java (computer programming)"]


def test_word_prefix_inside_a_label(imported: dict[str, str]) -> None:
    assert "good manufacturing practices" in _labels("manufactur", "en")
    assert "wear cleanroom suit" in _labels("cleanroom", "en")


def test_alternative_labels_find_the_competency(imported: dict[str, str]) -> None:
    hits = competency_typeahead(q="implement gm", language="en")
    assert [(h.label, h.matched_label) for h in hits] == [("apply GMP", "implement GMP")]
    assert _labels("gtaw") == ["Gas tungsten arc welding"]


def test_french_is_accent_and_case_insensitive(imported: dict[str, str]) -> None:
    assert _labels("appliquer des b", "fr") == ["appliquer des BPF"]
    assert _labels("Gerer une p", "fr") == ["gérer une PME"]
    assert _labels("gérer une p", "fr") == ["gérer une PME"]
    assert _labels("SOUDAGE A L'ARC", "fr") == ["Soudage à l'arc sous gaz avec électrode de tungstène"]
    assert _labels("soudage tig", "fr") == ["Soudage à l'arc sous gaz avec électrode de tungstène"]


def test_language_and_framework_filters(imported: dict[str, str]) -> None:
    assert "apply GMP" not in _labels("apply g", "fr")
    esco = competency_typeahead(q="soudage", framework="esco")
    assert esco and {hit.framework for hit in esco} == {"esco"}
    welding = competency_typeahead(q="soudage", framework="welding")
    assert welding and {hit.framework for hit in welding} == {"welding"}
    assert (welding[0].label, welding[0].language) == ("Soudage", "fr")  # label in the language that matched
    assert _labels("a") == []  # too short


def test_typeahead_api(imported: dict[str, str], client: Client) -> None:
    response = client.get("/api/frameworks/competencies", {"q": "implement gm", "lang": "en", "limit": "5"})
    assert response.status_code == 200
    assert response.json() == [
        {
            "uri": imported["apply GMP"],
            "label": "apply GMP",
            "matched_label": "implement GMP",
            "language": "en",
            "kind": "skill",
            "framework": "esco",
        }
    ]
    french = client.get("/api/frameworks/competencies", {"q": "gerer", "lang": "fr"}).json()
    assert {hit["label"] for hit in french} == {"gérer une PME", "gérer l’emploi de vaccins"}


@pytest.mark.parametrize(
    ("params", "code"),
    [({"q": "x", "lang": "de"}, "invalid_language"), ({"q": "x", "limit": "0"}, "invalid_limit")],
)
def test_typeahead_api_errors(client: Client, params: dict[str, str], code: str) -> None:
    response = client.get("/api/frameworks/competencies", params, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == code and body["message"] == body["message_fr"] != body["message_en"]


def test_suggest_api_shape(client: Client) -> None:
    text = "Apply good manufacturing practices in a cleanroom"
    response = client.post(
        "/api/frameworks/suggest", json.dumps({"text": text, "top": 5}), "application/json"
    )
    assert response.status_code == 200
    body = response.json()
    assert len(body) == 5 and all(set(item) == {"uri", "label", "score"} for item in body)
    assert [item["score"] for item in body] == sorted((item["score"] for item in body), reverse=True)
    assert "good manufacturing practices" in [item["label"] for item in body]
    assert body == [
        {"uri": s.uri, "label": s.label, "score": s.score} for s in competency_suggestions(text=text, top=5)
    ]


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ("not json", "invalid_body"),
        (json.dumps({"top": 3}), "text_required"),
        (json.dumps({"text": "   "}), "text_required"),
        (json.dumps({"text": "x", "top": 0}), "invalid_top"),
        (json.dumps({"text": "x", "top": "5"}), "invalid_top"),
        (json.dumps({"text": "x", "top": 101}), "invalid_top"),
        (json.dumps({"text": "x", "lang": "de"}), "invalid_language"),
        (json.dumps({"text": "x" * 5001}), "text_too_long"),
    ],
)
def test_suggest_api_errors(client: Client, payload: str, code: str) -> None:
    response = client.post("/api/frameworks/suggest", payload, "application/json")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == code and body["message"] == body["message_en"] and body["message_fr"]


def test_framework_list_carries_attribution(imported: dict[str, str], client: Client) -> None:
    body = client.get("/api/frameworks").json()
    assert [f["slug"] for f in body] == ["esco", "welding"]
    assert body[0]["version"] == "1.1.1"
    assert "This service uses the ESCO classification of the European Commission." in body[0]["attribution"]


def test_openapi_declares_the_endpoints(client: Client) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "/api/frameworks/competencies" in paths and "/api/frameworks/suggest" in paths
    assert "422" in paths["/api/frameworks/suggest"]["post"]["responses"]
