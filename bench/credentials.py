"""Issue/s and verify/s of microcred's Data Integrity proofs, side by side with the JavaScript reference.

    .venv/bin/python bench/credentials.py [--seconds N] [--rounds R] [--fixture FILE] [--json]
                                          [--require-ratio X]

What is measured: one realistic Open Badges 3.0 micro-credential (bench/fixtures/ob3-microcredential.json:
ESCO alignments, a rubric-assessed result per competency, evidence, a BitstringStatusListEntry; ~3.7 KB),
issued by a did:key Ed25519 issuer, for eddsa-rdfc-2022 and eddsa-jcs-2022.
- microcred: ``credcore.dataintegrity.add_proof`` / ``verify_proof`` (did:key resolved locally).
- reference: ``@digitalbazaar/vc`` ``issue`` / ``verifyCredential`` with Data Integrity and the static
  loader over the same bundled contexts (interop/js/bench.mjs, one warm Node.js process).
Every operation starts from the JSON text on both sides (parsing included) and nothing is cached per
document. One process each, one operation at a time: the numbers are per core. Rounds interleave the two
implementations (alternating which goes first) and the table shows the median of the rounds. A verify
that does not verify aborts the benchmark. Needs Node.js and ``npm ci --prefix interop`` for the
reference column; without them microcred is measured alone and the reason is printed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from credcore.dataintegrity import add_proof, verify_proof  # noqa: E402
from credcore.dids import DidResolver  # noqa: E402
from credcore.keys import Ed25519Multikey  # noqa: E402

SUITES = ("eddsa-rdfc-2022", "eddsa-jcs-2022")
OPS = ("issue", "verify")
DEFAULT_FIXTURE = ROOT / "bench" / "fixtures" / "ob3-microcredential.json"
BENCH_MJS = ROOT / "interop" / "js" / "bench.mjs"


def with_issuer(credential: dict[str, Any], did: str) -> dict[str, Any]:
    if isinstance(credential.get("issuer"), dict):
        credential["issuer"]["id"] = did
    else:
        credential["issuer"] = did
    return credential


class Microcred:
    """microcred's side: every operation parses the JSON text, then signs or verifies it."""

    name = "microcred"

    def __init__(self, fixture: Path) -> None:
        self.key = Ed25519Multikey.generate()
        self.resolver = DidResolver()
        credential = with_issuer(json.loads(fixture.read_text(encoding="utf-8")), self.key.controller)
        self.unsigned_text = json.dumps(credential, ensure_ascii=False)
        self.signed_text: dict[str, str] = {}
        for suite in SUITES:
            signed = add_proof(json.loads(self.unsigned_text), self.key, cryptosuite=suite)
            self._check(signed, suite)
            self.signed_text[suite] = json.dumps(signed, ensure_ascii=False)

    def _check(self, signed: dict[str, Any], suite: str) -> None:
        check = verify_proof(signed, resolver=self.resolver)
        if not check.verified:
            problems = [problem.to_json() for problem in check.problems]
            raise SystemExit(f"microcred cannot verify its own {suite} credential: {problems}")

    def operation(self, op: str, suite: str) -> Callable[[], None]:
        key, resolver = self.key, self.resolver
        if op == "issue":
            unsigned = self.unsigned_text

            def issue() -> None:
                add_proof(json.loads(unsigned), key, cryptosuite=suite)

            return issue
        signed_text = self.signed_text[suite]

        def verify() -> None:
            if not verify_proof(json.loads(signed_text), resolver=resolver).verified:
                raise SystemExit(f"microcred failed to verify its {suite} credential during the benchmark")

        return verify

    def measure(self, op: str, suite: str, seconds: float) -> float:
        once = self.operation(op, suite)
        count = 0
        start = now = time.perf_counter()
        deadline = start + seconds
        while now < deadline:
            once()
            count += 1
            now = time.perf_counter()
        return count / (now - start)


class Reference:
    """The JavaScript reference in one warm Node.js process (interop/js/bench.mjs --serve)."""

    name = "reference"

    def __init__(self, fixture: Path) -> None:
        self.process = subprocess.Popen(
            ["node", str(BENCH_MJS), "--credential", str(fixture), "--serve"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            cwd=ROOT,
        )
        self.info = self._read()
        if not self.info.get("ready"):
            raise SystemExit(f"the reference did not start: {self.info}")

    def _read(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise SystemExit(f"the reference exited with {self.process.wait()}")
        answer: dict[str, Any] = json.loads(line)
        return answer

    def measure(self, op: str, suite: str, seconds: float) -> float:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps({"op": op, "suite": suite, "seconds": seconds}) + "\n")
        self.process.stdin.flush()
        answer = self._read()
        if "error" in answer:
            raise SystemExit(f"the reference failed: {answer['error']}")
        return float(answer["perSecond"])

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait(timeout=30)


def reference_unavailable() -> str | None:
    if shutil.which("node") is None:
        return "Node.js is not installed"
    if not (ROOT / "interop" / "node_modules" / "@digitalbazaar" / "vc").is_dir():
        return "interop/node_modules is missing (npm ci --prefix interop --no-audit --no-fund)"
    return None


def run(
    fixture: Path, seconds: float, rounds: int, reference: Reference | None
) -> dict[tuple[str, str, str], list[float]]:
    microcred = Microcred(fixture)
    for suite in SUITES:  # warm-up, untimed (the reference warms up on start)
        for op in OPS:
            microcred.measure(op, suite, min(0.5, seconds))
    sides: list[Microcred | Reference] = [microcred] + ([reference] if reference else [])
    samples: dict[tuple[str, str, str], list[float]] = {}
    for round_index in range(rounds):
        ordered = sides if round_index % 2 == 0 else sides[::-1]
        for suite in SUITES:
            for op in OPS:
                for side in ordered:
                    rate = side.measure(op, suite, seconds)
                    samples.setdefault((side.name, suite, op), []).append(rate)
        print(f"  round {round_index + 1}/{rounds} done", file=sys.stderr, flush=True)
    return samples


def table(medians: dict[tuple[str, str, str], float], with_reference: bool) -> str:
    header = f"{'suite':<17} {'op':<7} {'microcred/s':>12}"
    if with_reference:
        header += f" {'reference/s':>12} {'microcred/reference':>20}"
    lines = [header, "-" * len(header)]
    for suite in SUITES:
        for op in OPS:
            ours = medians["microcred", suite, op]
            line = f"{suite:<17} {op:<7} {ours:>12,.0f}"
            if with_reference:
                theirs = medians["reference", suite, op]
                line += f" {theirs:>12,.0f} {ours / theirs:>19.2f}×"
            lines.append(line)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=1.0, help="length of each timed run (default 1)")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds; medians shown (default 5)")
    parser.add_argument("--fixture", type=Path, default=DEFAULT_FIXTURE, help="unsigned credential JSON")
    parser.add_argument("--json", action="store_true", help="print the results as JSON instead of a table")
    parser.add_argument(
        "--require-ratio", type=float, default=None, help="exit 1 if any microcred/reference ratio is below X"
    )
    args = parser.parse_args(argv)

    unavailable = reference_unavailable()
    reference = Reference(args.fixture) if unavailable is None else None
    load_before = os.getloadavg()  # the CPUs may be shared: ratios hold better than absolute numbers
    try:
        samples = run(args.fixture, args.seconds, args.rounds, reference)
    finally:
        if reference is not None:
            reference.close()
    load_after = os.getloadavg()
    medians = {key: statistics.median(values) for key, values in samples.items()}
    ratios = {
        f"{suite} {op}": medians["microcred", suite, op] / medians["reference", suite, op]
        for suite in SUITES
        for op in OPS
        if reference is not None
    }
    compact = json.dumps(json.loads(args.fixture.read_text(encoding="utf-8")), separators=(",", ":"))
    size = len(compact.encode("utf-8"))
    environment = {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "seconds_per_run": args.seconds,
        "rounds": args.rounds,
        "fixture": str(args.fixture.relative_to(ROOT) if args.fixture.is_relative_to(ROOT) else args.fixture),
        "fixture_bytes": size,
        "load_average_before": load_before,
        "load_average_after": load_after,
    }
    if reference is not None:
        environment["node"] = reference.info["node"]
        environment["reference_packages"] = reference.info["packages"]
    if args.json:
        print(
            json.dumps(
                {
                    "environment": environment,
                    "medians_per_second": {" ".join(key): value for key, value in medians.items()},
                    "samples_per_second": {" ".join(key): value for key, value in samples.items()},
                    "ratios": ratios,
                    "reference_unavailable": unavailable,
                },
                indent=2,
            )
        )
    else:
        print(
            f"Data Integrity issue/verify, one core, medians of {args.rounds} interleaved rounds of "
            f"{args.seconds:g} s; {environment['fixture']} ({size:,} bytes as compact JSON)"
        )
        if reference is not None:
            packages = reference.info["packages"]
            print(
                f"reference: Node.js {reference.info['node']}, "
                f"@digitalbazaar/vc {packages['@digitalbazaar/vc']}, "
                f"data-integrity {packages['@digitalbazaar/data-integrity']}, "
                f"jsonld {packages['jsonld']}; microcred: Python {environment['python']}"
            )
        else:
            print(f"reference: not measured — {unavailable}")
        loads = " → ".join(" / ".join(f"{value:.1f}" for value in load) for load in (load_before, load_after))
        print(f"load average (1 / 5 / 15 min) before → after: {loads}")
        print(table(medians, reference is not None))
    if args.require_ratio is not None and reference is None:
        print(f"--require-ratio needs the reference: {unavailable}", file=sys.stderr)
        return 2
    if args.require_ratio is not None:
        low = {name: ratio for name, ratio in ratios.items() if ratio < args.require_ratio}
        if low:
            print(f"below the required {args.require_ratio}×: {low}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
