"""``microcred skills suggest``: works from the shipped data with no database; JSON shape; usage errors."""

from __future__ import annotations

import json

import pytest

from microcred.cli import main


def test_suggest_json_is_a_ranked_list_of_uri_label_score(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["skills", "suggest", "--top", "5", "--json", "Apply good manufacturing practices in a cleanroom"]
    )
    assert code == 0
    result = json.loads(capsys.readouterr().out)
    assert isinstance(result, list) and len(result) == 5
    for item in result:
        assert set(item) == {"uri", "label", "score"}
        assert item["uri"].startswith("http://data.europa.eu/esco/skill/")
        assert isinstance(item["label"], str) and isinstance(item["score"], float)
    assert [i["score"] for i in result] == sorted((i["score"] for i in result), reverse=True)
    assert "good manufacturing practices" in [i["label"] for i in result]


def test_suggest_text_output_and_french(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["skills", "suggest", "--top", "3", "--lang", "fr", "bonnes", "pratiques", "de", "fabrication"])
        == 0
    )
    out = capsys.readouterr().out
    assert "bonnes pratiques de fabrication" in out and len(out.strip().splitlines()) == 3


@pytest.mark.parametrize("argv", [["--top", "0", "x"], ["--top", "101", "x"], [" "]])
def test_suggest_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["skills", "suggest", *argv]) == 2
    assert capsys.readouterr().err.startswith("microcred: ")
