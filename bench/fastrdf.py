"""JSON-LD → RDF per credential: pyld's to_rdf and the generic safe path versus the compiled fast path.

    .venv/bin/python bench/fastrdf.py [--rounds R] [--seconds S] [--json] [FILE ...]

Credentials: the realistic OB 3.0 micro-credential of the fast-path tests, the benchmark fixture of
bench/credentials.py, and the OB 3.0 / CLR 2.0 examples and signed vectors found under ../shared/standards
(benchmarks may read it; the product and its tests never do), or the FILEs given. For each credential the
three paths are first checked to produce the same quads (sorted lists, blank node labels included; the
benchmark aborts otherwise), then timed in R interleaved rounds (the order rotates each round) of about S
seconds per path; the table shows the median per-call time and the speed-up of the fast path over pyld's
to_rdf and over ``credcore.jsonld.to_rdf_generic``.
- pyld: ``pyld.jsonld.to_rdf(doc, {documentLoader: bundled, base: None, rdfDirection: 'i18n-datatype'})``
  (its processed-context cache warm, like in a server), output left as pyld's dataset.
- generic: ``credcore.jsonld.to_rdf_generic`` (pyld plus the safe-mode checks, quads as canonical terms).
- fast: ``credcore._internal.fastrdf.to_rdf`` (contexts compiled on the first call, excluded here and
  reported separately as "first call").
"""

from __future__ import annotations

import argparse
import copy
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
SHARED = next(
    (
        path
        for path in (ROOT.parent / "shared" / "standards", Path("/work/shared/standards"))
        if path.is_dir()
    ),
    ROOT.parent / "shared" / "standards",
)
DEFAULT_FILES = [
    ROOT / "tests" / "fixtures" / "fastrdf" / "realistic" / "micro-credential.json",
    ROOT / "bench" / "fixtures" / "ob3-microcredential.json",
    *sorted((SHARED / "_extracted" / "ob_v3p0-examples").glob("*.json")),
    *sorted((SHARED / "_extracted" / "ob_v3p0-impl-ldp-test-vector").glob("*.json")),
    *sorted((SHARED / "_extracted" / "clr_v2p0-impl-ldp-test-vector").glob("*.json")),
]


def _first_call_ms(fast: Callable[[dict[str, Any]], Any], document: dict[str, Any]) -> float:
    start = time.perf_counter()
    fast(document)
    return (time.perf_counter() - start) * 1e3


def _time(function: Callable[[dict[str, Any]], Any], document: dict[str, Any], seconds: float) -> float:
    """Seconds per call: as many calls as fit in ``seconds`` (at least 3)."""
    calls = 0
    start = time.perf_counter()
    while True:
        function(document)
        calls += 1
        elapsed = time.perf_counter() - start
        if calls >= 3 and elapsed >= seconds:
            return elapsed / calls


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=0.3)
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()

    from pyld import jsonld

    from credcore._internal.fastrdf import to_rdf as fast_to_rdf
    from credcore.contexts import document_loader
    from credcore.jsonld import to_rdf_generic

    options = {"documentLoader": document_loader, "base": None, "rdfDirection": "i18n-datatype"}

    def pyld_to_rdf(document: dict[str, Any]) -> Any:
        return jsonld.to_rdf(document, dict(options))

    paths = {"pyld": pyld_to_rdf, "generic": to_rdf_generic, "fast": fast_to_rdf}
    files = [path for path in (args.files or DEFAULT_FILES) if path.is_file()]
    first_call = None
    rows = []
    for path in files:
        document = json.loads(path.read_text(encoding="utf-8"))
        if first_call is None:
            first_call = _first_call_ms(fast_to_rdf, copy.deepcopy(document))
        fast = fast_to_rdf(document)
        if fast is None:
            print(f"skipped (fast path declines it): {path.name}", file=sys.stderr)
            continue
        generic = sorted(to_rdf_generic(document))
        if sorted(fast) != generic:
            print(f"ABORT: the fast path differs from the generic path on {path}", file=sys.stderr)
            return 1
        samples: dict[str, list[float]] = {name: [] for name in paths}
        names = list(paths)
        for round_ in range(args.rounds):
            for name in names[round_ % 3 :] + names[: round_ % 3]:
                samples[name].append(_time(paths[name], document, args.seconds))
        median = {name: statistics.median(values) * 1e3 for name, values in samples.items()}
        rows.append(
            {
                "credential": path.name,
                "bytes": len(json.dumps(document).encode()),
                "quads": len(fast),
                "pyld_ms": median["pyld"],
                "generic_ms": median["generic"],
                "fast_ms": median["fast"],
                "speedup_vs_pyld": median["pyld"] / median["fast"],
                "speedup_vs_generic": median["generic"] / median["fast"],
            }
        )
    if args.json:
        print(json.dumps({"first_call_ms": first_call, "rows": rows}, indent=2))
        return 0
    print(
        f"{'credential':<58} {'bytes':>6} {'quads':>5} {'pyld ms':>8} {'generic':>8} {'fast ms':>8} "
        f"{'×pyld':>6} {'×generic':>8}"
    )
    for row in rows:
        print(
            f"{row['credential'][:58]:<58} {row['bytes']:>6} {row['quads']:>5} {row['pyld_ms']:>8.2f} "
            f"{row['generic_ms']:>8.2f} {row['fast_ms']:>8.3f} {row['speedup_vs_pyld']:>6.1f} "
            f"{row['speedup_vs_generic']:>8.1f}"
        )
    if rows:
        ratios = [row["speedup_vs_pyld"] for row in rows]
        print(
            f"median speed-up over pyld to_rdf: {statistics.median(ratios):.1f}× (min {min(ratios):.1f}×); "
            f"fast path first call (contexts compiled): {first_call:.1f} ms"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
