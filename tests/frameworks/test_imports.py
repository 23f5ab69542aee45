"""Importers on small slices: counts, idempotency, hierarchy, FR labels; bad input writes nothing."""

from __future__ import annotations

import json
from collections.abc import Callable
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from microcred.frameworks.errors import FrameworkError
from microcred.frameworks.models import (
    Competency,
    CompetencyBroader,
    CompetencyLabel,
    Framework,
    Occupation,
    OccupationCompetency,
)
from microcred.frameworks.services import case_package_import, esco_import, framework_csv_import, noc_import
from microcred.frameworks.specs import FrameworkSpec

pytestmark = pytest.mark.django_db

CUSTOM = FrameworkSpec(slug="welding", kind="custom", name_en="Welding", name_fr="Soudage")


def _counts() -> tuple[int, ...]:
    return (
        Framework.objects.count(),
        Competency.objects.count(),
        CompetencyBroader.objects.count(),
        CompetencyLabel.objects.count(),
        Occupation.objects.count(),
        OccupationCompetency.objects.count(),
    )


def test_esco_slice_import_is_complete_and_idempotent(esco_slice: tuple[Path, dict[str, str]]) -> None:
    directory, chosen = esco_slice
    first = esco_import(data_dir=directory)
    assert first.competencies_created == Competency.objects.count() > len(chosen)
    counts = _counts()
    second = esco_import(data_dir=directory)
    assert _counts() == counts
    assert (second.competencies_created, second.competencies_updated, second.labels_written) == (0, 0, 0)
    assert second.competencies_unchanged == first.competencies_created

    gmp = Competency.objects.get(uri=chosen["apply GMP"])
    assert gmp.framework.slug == "esco" and gmp.kind == "skill" and not gmp.is_group
    assert gmp.label_fr == "appliquer des BPF"
    assert "implement GMP" in gmp.alt_labels_en
    assert gmp.broader.exists() and all(
        parent.is_group or parent.broader.exists() for parent in gmp.broader.all()
    )
    assert Competency.objects.get(uri=chosen["good manufacturing practices"]).kind == "knowledge"
    occupation = Occupation.objects.filter(competency_links__competency=gmp).first()
    assert occupation is not None and occupation.uri.startswith("http://data.europa.eu/esco/occupation/")
    assert occupation.competency_links.get(competency=gmp).relation == "essential"


def test_esco_reimport_updates_changed_rows(esco_slice: tuple[Path, dict[str, str]]) -> None:
    directory, chosen = esco_slice
    esco_import(data_dir=directory)
    Competency.objects.filter(uri=chosen["apply GMP"]).update(label_en="tampered", alt_labels_en=[])
    CompetencyLabel.objects.filter(competency__uri=chosen["apply GMP"]).delete()
    report = esco_import(data_dir=directory)
    assert report.competencies_updated == 1
    gmp = Competency.objects.get(uri=chosen["apply GMP"])
    assert gmp.label_en == "apply GMP"
    assert CompetencyLabel.objects.filter(competency=gmp, key="apply gmp").exists()


def test_noc_import(esco_slice: tuple[Path, dict[str, str]]) -> None:
    directory, _ = esco_slice
    noc_import(data_dir=directory)
    noc_import(data_dir=directory)
    drivers = Occupation.objects.get(framework__slug="noc-2021", code="73300")
    assert drivers.label_en == "Transport truck drivers" and drivers.teer == 3
    assert Occupation.objects.filter(framework__slug="noc-2021").count() == 5


def test_csv_import_with_hierarchy_and_french(fixture_bytes: Callable[[str], bytes]) -> None:
    data = fixture_bytes("welding_framework.csv")
    report = framework_csv_import(data=data, framework=CUSTOM)
    assert report.competencies_created == 4 and report.broader_links == 3
    counts = _counts()
    framework_csv_import(data=data, framework=CUSTOM)
    assert _counts() == counts
    tig = Competency.objects.get(uri="https://frameworks.example.ca/welding/W1")
    assert tig.alt_labels_en == ["TIG welding", "GTAW"] and tig.label_fr.startswith("Soudage à l'arc")
    assert [c.code for c in tig.broader.all()] == ["W"]
    assert Competency.objects.get(code="W3").kind == "attitude"


BAD_ROWS = [
    ("uri,label_en\n", "csv_no_rows"),
    ("uri,label_en,colour\nx:1,A,red\n", "csv_unknown_column"),
    ("label_en\nA\n", "csv_missing_column"),
    ("uri,label_en\nx:1,A\nx:1,B\n", "csv_duplicate_uri"),
    ("uri,label_en,kind\nx:1,A,feeling\n", "csv_invalid_kind"),
    ("uri,label_en\nx:1,\n", "csv_required_value"),
    ("uri,label_en,broader_uri\nx:1,A,x:9\n", "broader_unknown"),
    ("uri,label_en,broader_uri\nx:1,A,x:2\nx:2,B,x:1\n", "broader_cycle"),
    ("uri,label_en\nx 1,A\n", "csv_invalid_uri"),
]


@pytest.mark.parametrize(("text", "code"), BAD_ROWS)
def test_bad_csv_reports_a_coded_bilingual_problem_and_writes_nothing(text: str, code: str) -> None:
    framework_csv_import(data=b"uri,label_en\nx:0,Existing\n", framework=CUSTOM)
    before = _counts()
    with pytest.raises(FrameworkError) as caught:
        framework_csv_import(data=text.encode(), framework=CUSTOM)
    codes = [problem.code for problem in caught.value.problems]
    assert code in codes, codes
    assert caught.value.en and caught.value.fr and caught.value.en != caught.value.fr
    assert _counts() == before


def test_bad_csv_with_some_good_rows_writes_none_of_them() -> None:
    with pytest.raises(FrameworkError):
        framework_csv_import(data=b"uri,label_en,kind\nx:1,Good,skill\nx:2,Bad,feeling\n", framework=CUSTOM)
    assert not Framework.objects.exists() and not Competency.objects.exists()


def test_not_utf8_and_empty_files() -> None:
    with pytest.raises(FrameworkError) as caught:
        framework_csv_import(data="uri,label_en\nx:1,Café\n".encode("latin-1"), framework=CUSTOM)
    assert caught.value.code == "csv_encoding"
    with pytest.raises(FrameworkError) as caught:
        framework_csv_import(data=b"", framework=CUSTOM)
    assert caught.value.code == "csv_empty"


def test_csv_cannot_overwrite_a_reference_framework(esco_slice: tuple[Path, dict[str, str]]) -> None:
    esco_import(data_dir=esco_slice[0])
    before = _counts()
    with pytest.raises(FrameworkError) as caught:
        framework_csv_import(data=b"uri,label_en\nx:1,A\n", framework=FrameworkSpec("esco", "custom", "Mine"))
    assert caught.value.code == "framework_not_custom"
    assert _counts() == before


def test_import_framework_csv_command(tmp_path: Path, fixture_bytes: Callable[[str], bytes]) -> None:
    good = tmp_path / "good.csv"
    good.write_bytes(fixture_bytes("welding_framework.csv"))
    out = StringIO()
    call_command(
        "import_framework_csv", str(good), "--framework", "welding", "--name-fr", "Soudage", stdout=out
    )
    assert "competencies +4" in out.getvalue()
    assert Framework.objects.get(slug="welding").name_fr == "Soudage"
    bad = tmp_path / "bad.csv"
    bad.write_text("uri,label_en,kind\nx:1,A,feeling\n", encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("import_framework_csv", str(bad), "--framework", "other", "--lang", "fr")
    assert "ligne 2" in str(caught.value) and "csv_invalid_kind" in str(caught.value)
    assert not Framework.objects.filter(slug="other").exists()


def test_case_package_import(fixture_bytes: Callable[[str], bytes]) -> None:
    package = json.loads(fixture_bytes("case_psw_framework.json"))
    report = case_package_import(package=package)
    assert report.framework == "personal-support-worker-competency-framework"
    assert report.competencies_created == 5 and report.broader_links == 2
    framework = Framework.objects.get(slug=report.framework)
    assert framework.version == "2.1" and framework.kind == "custom"
    care = Competency.objects.get(code="PSW.1")
    assert care.label_en == "Personal care" and care.description_en.startswith("Provide safe")
    assert sorted(c.code for c in care.narrower.all()) == ["PSW.1.1", "PSW.1.2"]
    assert Competency.objects.get(code="PSW.2").kind == "knowledge"
    assert Competency.objects.get(code="PSW.3").kind == "attitude"
    counts = _counts()
    case_package_import(package=package)
    assert _counts() == counts


def test_case_package_errors_write_nothing(fixture_bytes: Callable[[str], bytes]) -> None:
    package = json.loads(fixture_bytes("case_psw_framework.json"))
    package["CFAssociations"][1]["destinationNodeURI"]["identifier"] = "missing"
    with pytest.raises(FrameworkError) as caught:
        case_package_import(package=package)
    assert [p.code for p in caught.value.problems] == ["case_unknown_node"]
    with pytest.raises(FrameworkError) as caught:
        case_package_import(package={"CFItems": []})
    assert caught.value.code == "case_invalid"
    assert not Competency.objects.exists()


def test_import_case_command(tmp_path: Path, fixture_bytes: Callable[[str], bytes]) -> None:
    path = tmp_path / "case.json"
    path.write_bytes(fixture_bytes("case_psw_framework.json"))
    call_command("import_case", str(path), "--framework", "psw", stdout=StringIO())
    assert Framework.objects.get(slug="psw").competencies.count() == 5
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_case", str(path))
