"""Build the trimmed, gzip'd ESCO v1.1.1 and NOC 2021 files shipped in ``src/skillscore/data``.

Run once by a maintainer (it reads the gathered public data under ``../shared/data``); the product and the
tests read only the shipped files. Output is deterministic (sorted rows, fixed gzip mtime) so rebuilding
produces byte-identical files.

    .venv/bin/python tools/build_skills_data.py [--shared ../shared/data]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
from collections.abc import Iterable, Iterator
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src" / "skillscore" / "data"
SKILL_PREFIX = "http://data.europa.eu/esco/skill/"
SEP = "\n"  # multi-valued cells keep ESCO's own convention: newline-separated inside one quoted cell


def read_csv(path: Path) -> Iterator[dict[str, str]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as handle:  # type: ignore[operator]
        yield from csv.DictReader(handle)


def labels(cell: str) -> str:
    seen: list[str] = []
    for item in (part.strip() for part in cell.split("\n")):
        if item and item not in seen:
            seen.append(item)
    return SEP.join(seen)


def write_gz(name: str, header: list[str], rows: Iterable[list[str]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    data = buffer.getvalue().encode("utf-8")
    path = OUT / name
    with (
        path.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz,
    ):
        gz.write(data)
    print(f"{name}: {path.stat().st_size:,} bytes")


def build(shared: Path) -> None:
    esco = shared / "esco"
    en = esco / "v1.1.1_en"
    fr = esco / "fr_labels_v1.0"
    fr_skills = {r["conceptUri"]: r for r in read_csv(fr / "skills_fr.csv.gz")}
    fr_groups = {r["conceptUri"]: r for r in read_csv(fr / "skillGroups_fr.csv")}
    fr_occ = {r["conceptUri"]: r for r in read_csv(fr / "occupations_fr.csv")}
    empty: dict[str, str] = {}

    skills = sorted(read_csv(en / "skills_en.csv.gz"), key=lambda r: r["conceptUri"])
    write_gz(
        "esco_skills.csv.gz",
        [
            "uri",
            "skill_type",
            "reuse_level",
            "label_en",
            "alt_labels_en",
            "hidden_labels_en",
            "description_en",
            "label_fr",
            "alt_labels_fr",
        ],
        (
            [
                r["conceptUri"],
                r["skillType"],
                r["reuseLevel"],
                r["preferredLabel"].strip(),
                labels(r["altLabels"]),
                labels(r["hiddenLabels"]),
                r["description"].strip(),
                fr_skills.get(r["conceptUri"], empty).get("preferredLabel", "").strip(),
                labels(fr_skills.get(r["conceptUri"], empty).get("altLabels", "")),
            ]
            for r in skills
        ),
    )
    groups = sorted(read_csv(en / "skillGroups_en.csv"), key=lambda r: r["conceptUri"])
    write_gz(
        "esco_skill_groups.csv.gz",
        ["uri", "code", "label_en", "alt_labels_en", "description_en", "label_fr", "alt_labels_fr"],
        (
            [
                r["conceptUri"],
                r["code"],
                r["preferredLabel"].strip(),
                labels(r["altLabels"]),
                r["description"].strip(),
                fr_groups.get(r["conceptUri"], empty).get("preferredLabel", "").strip(),
                labels(fr_groups.get(r["conceptUri"], empty).get("altLabels", "")),
            ]
            for r in groups
        ),
    )
    broader = sorted(
        (r["conceptUri"], r["broaderUri"]) for r in read_csv(en / "broaderRelationsSkillPillar.csv.gz")
    )
    write_gz("esco_skill_broader.csv.gz", ["uri", "broader_uri"], ([a, b] for a, b in broader))

    occupations = sorted(read_csv(en / "occupations_en.csv.gz"), key=lambda r: r["conceptUri"])
    write_gz(
        "esco_occupations.csv.gz",
        [
            "uri",
            "code",
            "isco_group",
            "label_en",
            "alt_labels_en",
            "description_en",
            "label_fr",
            "alt_labels_fr",
        ],
        (
            [
                r["conceptUri"],
                r["code"],
                r["iscoGroup"],
                r["preferredLabel"].strip(),
                labels(r["altLabels"]),
                r["description"].strip(),
                fr_occ.get(r["conceptUri"], empty).get("preferredLabel", "").strip(),
                labels(fr_occ.get(r["conceptUri"], empty).get("altLabels", "")),
            ]
            for r in occupations
        ),
    )
    # One row per occupation; skills as space-separated ids (URI after SKILL_PREFIX): a smaller file.
    grouped: dict[str, dict[str, list[str]]] = {}
    for r in read_csv(en / "occupationSkillRelations.csv.gz"):
        assert r["skillUri"].startswith(SKILL_PREFIX), r["skillUri"]
        slot = grouped.setdefault(r["occupationUri"], {"essential": [], "optional": []})
        slot[r["relationType"]].append(r["skillUri"][len(SKILL_PREFIX) :])
    write_gz(
        "esco_occupation_skills.csv.gz",
        ["occupation_uri", "essential_skill_ids", "optional_skill_ids"],
        (
            [uri, " ".join(sorted(grouped[uri]["essential"])), " ".join(sorted(grouped[uri]["optional"]))]
            for uri in sorted(grouped)
        ),
    )

    noc = sorted(
        read_csv(shared / "canada_noc_2021" / "noc_2021_v1.0_unit_groups.csv"), key=lambda r: r["noc_code"]
    )
    write_gz(
        "noc_2021_unit_groups.csv.gz",
        [
            "code",
            "title_en",
            "title_fr",
            "teer",
            "broad_category_code",
            "major_group_code",
            "minor_group_code",
            "description_en",
        ],
        (
            [
                r["noc_code"],
                r["title"].strip(),
                "",
                r["teer"],
                r["broad_category_code"],
                r["major_group_code"],
                r["minor_group_code"],
                r["description"].strip(),
            ]
            for r in noc
        ),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data"
    )
    build(parser.parse_args().shared)


if __name__ == "__main__":
    main()
