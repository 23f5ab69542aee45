"""Skill suggestion quality on the Decorte ESCO-labelled sets: R-Precision@5 and MRR.

    .venv/bin/python bench/skills_suggest.py [--data-dir DIR] [--sets NAME ...] [--file CSV ...] [--json]

Protocol (Decorte et al. 2023, arXiv:2307.10778): one query per *sentence*; its gold set is every ESCO
label annotated on any span of that sentence, less ``LABEL NOT PRESENT`` and ``UNDERSPECIFIED``;
sentences left with no gold label are skipped. Gold labels are ESCO 1.1.0 preferred labels, mapped to
v1.1.1 URIs through the English preferred (then alternative) labels; a label that maps to nothing stays
in the gold set and can never be hit.
RP@5 = |top-5 ∩ gold| / min(5, |gold|); MRR uses the first gold skill in the top 100 (0 if none).
This benchmark may read ../shared; the product never does.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections import OrderedDict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from skillscore import Suggester, load_esco_skills  # noqa: E402

DEFAULT_DIR = ROOT.parent / "shared" / "data" / "skill_extraction_benchmarks" / "decorte_esco_labelled"
SPECIAL = {"LABEL NOT PRESENT", "UNDERSPECIFIED"}
DEPTH = 100


def label_to_uri() -> dict[str, str]:
    mapping: dict[str, str] = {}
    for skill in load_esco_skills():
        for alt in skill.en.alternatives:
            mapping.setdefault(alt.casefold(), skill.uri)
    for skill in load_esco_skills():
        mapping[skill.en.preferred.casefold()] = skill.uri
    return mapping


def read_queries(path: Path, uris: dict[str, str]) -> list[tuple[str, set[str]]]:
    gold: OrderedDict[str, set[str]] = OrderedDict()
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            labels = gold.setdefault(row["sentence"], set())
            label = row["label"].strip()
            if label and label not in SPECIAL:
                labels.add(uris.get(label.casefold(), "unmapped:" + label))
    return [(sentence, labels) for sentence, labels in gold.items() if labels]


def evaluate(suggester: Suggester, queries: list[tuple[str, set[str]]]) -> dict[str, float]:
    rp5 = mrr = 0.0
    started = time.perf_counter()
    for sentence, labels in queries:
        ranked = [match.uri for match in suggester.suggest(sentence, top=DEPTH, language="en")]
        rp5 += len(set(ranked[:5]) & labels) / min(5, len(labels))
        mrr += next((1.0 / rank for rank, uri in enumerate(ranked, 1) if uri in labels), 0.0)
    elapsed = time.perf_counter() - started
    n = max(1, len(queries))
    return {"queries": len(queries), "rp@5": rp5 / n, "mrr": mrr / n, "ms_per_query": 1000 * elapsed / n}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--sets", nargs="+", default=["house_validation", "tech_validation"])
    parser.add_argument(
        "--file",
        type=Path,
        action="append",
        default=[],
        help="another annotations CSV (sentence, label columns)",
    )
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()
    started = time.perf_counter()
    suggester = Suggester.load()
    load_seconds = time.perf_counter() - started
    uris = label_to_uri()
    results = {}
    paths = {name: args.data_dir / f"{name}_annotations.csv" for name in args.sets}
    paths.update({path.stem: path for path in args.file})
    for name, path in paths.items():
        results[name] = evaluate(suggester, read_queries(path, uris))
    if args.json:
        print(json.dumps({"index_load_seconds": load_seconds, "sets": results}, indent=2))
        return 0
    print(f"index ready in {load_seconds:.2f} s")
    print(f"{'set':<20} {'queries':>7} {'RP@5':>7} {'MRR':>7} {'ms/query':>9}")
    for name, r in results.items():
        print(f"{name:<20} {r['queries']:>7} {r['rp@5']:>7.4f} {r['mrr']:>7.4f} {r['ms_per_query']:>9.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
