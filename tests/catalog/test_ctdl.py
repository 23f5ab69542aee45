"""The CTDL JSON-LD export passes ctdl-validate (Credential Engine structural rules): no error, no warning."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from microcred.catalog import ctdl, selectors

ctdl_validate = pytest.importorskip(
    "ctdl_validate", reason="ctdl-validate needs Python >= 3.12 or pip install --ignore-requires-python"
)
BASE = "https://catalog.example.org"


def _problems(document):
    findings = ctdl_validate.validate_document(document)
    return [f.to_dict() for f in findings if f.severity.value in ("ERROR", "WARNING")]


def test_every_published_micro_credential_validates(seeded):
    document = ctdl.catalog_document(base_url=BASE)
    credentials = [n for n in document["@graph"] if n["@type"] == "ceterms:MicroCredential"]
    assert len(credentials) == 19
    assert _problems(document) == []


def test_one_record_has_the_expected_shape_and_validates(seeded):
    version = selectors.version_detail("rrc-covid-19-vaccine-administration")
    document = ctdl.credential_document(version, base_url=BASE)
    node = document["@graph"][0]
    assert node["ceterms:name"]["fr"] == "Administration du vaccin contre la COVID-19"
    assert node["ceterms:ctid"].startswith("ce-") and len(node["ceterms:ctid"]) == 39
    assert node["ceterms:ownedBy"] == [f"{BASE}/api/catalog/ctdl/organizations/red-river-college-polytechnic"]
    assert node["ceterms:estimatedDuration"][0]["ceterms:exactDuration"] == "P2W"
    assert node["ceterms:estimatedCost"][0]["ceterms:currency"] == "CAD"
    targets = node["ceterms:requires"][0]["ceterms:targetCompetency"]
    assert all(t["ceterms:targetNode"].startswith("http://data.europa.eu/esco/skill/") for t in targets)
    assert _problems(document) == []


def test_a_broken_record_is_caught():
    broken = {"@context": ctdl.CONTEXT, "@type": "ceterms:MicroCredential", "ceterms:ctid": "1234-not-a-ctid"}
    assert any(p["severity"] == "ERROR" for p in _problems(broken))


def test_export_command_writes_the_catalog(seeded, tmp_path):
    out = tmp_path / "catalog.jsonld"
    call_command("export_ctdl", "--out", str(out), "--base-url", BASE, stdout=StringIO())
    assert _problems(json.loads(out.read_text(encoding="utf-8"))) == []
