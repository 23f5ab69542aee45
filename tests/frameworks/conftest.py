"""Fixtures for the frameworks tests.

A small, consistent slice of the shipped ESCO/NOC files is written to a temporary directory in the shipped
layout, so the real loaders and importers run on it; CSV and CASE inputs live in ``fixtures/``."""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Callable
from pathlib import Path

import pytest

from skillscore import DATA_DIR, Suggester

SLICE_SKILLS = (
    "apply GMP",
    "good manufacturing practices",
    "wear cleanroom suit",
    "JavaScript",
    "Java (computer programming)",
    "manage the use of vaccines",
    "manage a small-to-medium business",
    "solder electronics",
)
SLICE_NOC = ("00010", "21231", "31301", "73300", "94211")
SKILL_PREFIX = "http://data.europa.eu/esco/skill/"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: imports the full shipped ESCO (about 20-60 s)")


def _read(name: str) -> tuple[list[str], list[dict[str, str]]]:
    with gzip.open(DATA_DIR / name, "rt", encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or ()), list(reader)


def _write(directory: Path, name: str, header: list[str], rows: list[dict[str, str]]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    (directory / name).write_bytes(gzip.compress(buffer.getvalue().encode("utf-8")))


def build_slice(directory: Path) -> dict[str, str]:
    """Write the slice; return {English label: URI} for the chosen skills."""
    header, skills = _read("esco_skills.csv.gz")
    chosen = {row["label_en"]: row["uri"] for row in skills if row["label_en"] in SLICE_SKILLS}
    assert len(chosen) == len(SLICE_SKILLS), set(SLICE_SKILLS) - set(chosen)
    broader_header, broader = _read("esco_skill_broader.csv.gz")
    parents: dict[str, list[str]] = {}
    for row in broader:
        parents.setdefault(row["uri"], []).append(row["broader_uri"])
    keep, stack = set(chosen.values()), list(chosen.values())
    while stack:  # every ancestor, so the hierarchy in the slice is complete
        for parent in parents.get(stack.pop(), []):
            if parent not in keep:
                keep.add(parent)
                stack.append(parent)
    _write(directory, "esco_skills.csv.gz", header, [r for r in skills if r["uri"] in keep])
    group_header, groups = _read("esco_skill_groups.csv.gz")
    _write(directory, "esco_skill_groups.csv.gz", group_header, [r for r in groups if r["uri"] in keep])
    _write(directory, "esco_skill_broader.csv.gz", broader_header, [r for r in broader if r["uri"] in keep])
    links_header, links = _read("esco_occupation_skills.csv.gz")
    gmp_id = chosen["apply GMP"].removeprefix(SKILL_PREFIX)
    occupation_links = [r for r in links if gmp_id in r["essential_skill_ids"].split()][:3]
    ids = {uri.removeprefix(SKILL_PREFIX) for uri in keep}
    for row in occupation_links:
        for column in ("essential_skill_ids", "optional_skill_ids"):
            row[column] = " ".join(i for i in row[column].split() if i in ids)
    _write(directory, "esco_occupation_skills.csv.gz", links_header, occupation_links)
    occupations_header, occupations = _read("esco_occupations.csv.gz")
    wanted = {row["occupation_uri"] for row in occupation_links}
    _write(
        directory,
        "esco_occupations.csv.gz",
        occupations_header,
        [r for r in occupations if r["uri"] in wanted],
    )
    noc_header, noc = _read("noc_2021_unit_groups.csv.gz")
    _write(directory, "noc_2021_unit_groups.csv.gz", noc_header, [r for r in noc if r["code"] in SLICE_NOC])
    return chosen


@pytest.fixture(scope="session")
def esco_slice(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    directory = tmp_path_factory.mktemp("esco-slice")
    return directory, build_slice(directory)


@pytest.fixture(scope="session")
def suggester() -> Suggester:
    return Suggester.load()


@pytest.fixture()
def fixture_bytes() -> Callable[[str], bytes]:
    return lambda name: (Path(__file__).parent / "fixtures" / name).read_bytes()
