"""Fuzz the import parsers and the verifier: generated inputs, 0 crashes and 0 false accepts expected.

    .venv/bin/python bench/fuzz.py [--inputs 1000000] [--workers 2] [--seed 1] [--json] [--save DIR]

Seeds: nine valid, verifying inputs made with fixed keys (tests/fixtures/formats/samples.py): OB 3.0 JSON
signed eddsa-rdfc-2022 and eddsa-jcs-2022, VC-JOSE-COSE (EdDSA, did:key) and VC 1.1 JWT (ES256, did:web), a
baked PNG, two baked SVGs (JSON in CDATA, JWS in ``verify``), an OB 2.0 hosted assertion and an OB 2.0 signed
JWS (RS256). Each generated input is a seeded mutation of one of them — byte level (bit flips, inserts,
deletions, duplications, truncation, splices), structural (a JSON value changed, removed, added or retyped
anywhere in the credential, the JWS header or payload, the proof; then re-serialised, re-encoded or re-baked
with the OLD signature; algorithm swaps to ``none`` / ``HS256``; compressed or duplicated PNG chunks) — or
random bytes / random JSON. Each goes through ``parse_credential_input`` → ``verify_imported`` (and random
JSON values straight into ``verify_credential``).

- crash: any exception from the parser outside the credential core's error family (CredcoreError), or any
  exception at all from a verifier (they must answer with failed checks);
- false accept: a verified result whose signed content is not one of the seeds' — compared with an
  independent canonicaliser (pyld + RDFC-1.0 for rdfc, the ``rfc8785`` package for jcs, the raw JWS header and
  payload bytes for JWTs, the canonical hosted assertion for OB 2.0 hosted). A mutation that leaves the signed
  content unchanged (whitespace, key order, an added unsigned proof) and verifies counts as ``equivalent``.
"""

from __future__ import annotations

import argparse
import base64
import json
import multiprocessing
import os
import random
import sys
import time
import traceback
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

import rfc8785  # noqa: E402
from bench.fuzz_mutations import generate  # noqa: E402
from tests.fixtures.formats.samples import NOW, World, build_world  # noqa: E402

from credcore import rdfc  # noqa: E402
from credcore.errors import CredcoreError  # noqa: E402
from credcore.formats import ParsedCredential, parse_credential_input, verify_imported  # noqa: E402
from credcore.jsonld import to_rdf_generic  # noqa: E402
from credcore.verifier import verify_credential  # noqa: E402

_WORLD: World | None = None
_LEGIT: set[Any] = set()


# -- the oracle -------------------------------------------------------------------------------------


def _b64(segment: str) -> bytes:
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


def fingerprint(parsed: ParsedCredential) -> Any:
    """What was signed, computed independently of the code under test."""
    if parsed.format in ("vc-jwt", "ob2-signed"):
        header, payload, _ = parsed.raw.split(".")
        return (parsed.format, _b64(header), _b64(payload))
    document = parsed.document
    if parsed.format == "ob2-hosted":
        return ("ob2-hosted", rfc8785.dumps(document))
    unsecured = {key: value for key, value in document.items() if key != "proof"}
    proofs = document.get("proof")
    prints = set()
    for proof in proofs if isinstance(proofs, list) else [proofs]:
        if not isinstance(proof, dict):
            continue
        options = {key: value for key, value in proof.items() if key != "proofValue"}
        try:
            if proof.get("cryptosuite") == "eddsa-jcs-2022":
                prints.add(
                    (
                        "jcs",
                        rfc8785.dumps(unsecured),
                        rfc8785.dumps({**options, "@context": document["@context"]}),
                    )
                )
            else:
                config = {**options, "@context": document["@context"]}
                prints.add(
                    (
                        "rdfc",
                        rdfc.canonicalize(to_rdf_generic(unsecured)),
                        rdfc.canonicalize(to_rdf_generic(config)),
                    )
                )
        except Exception:
            prints.add(("unknown", repr(proof)))
    return frozenset(prints)


_SEED_DOCUMENTS: set[bytes] = set()


def _exact_seed(parsed: ParsedCredential) -> bool:
    """Fast path: a seed's very document (and, for a JWS, token), whatever the whitespace or key order."""
    try:
        return rfc8785.dumps(
            [parsed.format, parsed.document, parsed.raw if parsed.format in ("vc-jwt", "ob2-signed") else ""]
        ) in (_SEED_DOCUMENTS)
    except Exception:  # not serialisable canonically: decide the slow way
        return False


def _legit(print_: Any) -> bool:
    if isinstance(print_, frozenset):
        return any(item in _LEGIT for item in print_)
    return print_ in _LEGIT


# -- the loop ---------------------------------------------------------------------------------------


def _init() -> None:
    global _WORLD
    _WORLD = build_world()
    for name, data in _WORLD.samples.items():
        parsed = parse_credential_input(data)
        result = verify_imported(parsed, resolver=_WORLD.resolver, fetcher=_WORLD.fetch, now=NOW)
        if not result.verified:
            raise SystemExit(f"seed {name} does not verify: {result.to_json()}")
        _SEED_DOCUMENTS.add(
            rfc8785.dumps(
                [
                    parsed.format,
                    parsed.document,
                    parsed.raw if parsed.format in ("vc-jwt", "ob2-signed") else "",
                ]
            )
        )
        print_ = fingerprint(parsed)
        _LEGIT.update(print_ if isinstance(print_, frozenset) else {print_})


def run_worker(args: tuple[int, int, str | None]) -> dict[str, Any]:
    count, seed, save = args
    _init()
    assert _WORLD is not None
    world = _WORLD
    rng = random.Random(seed)
    names = sorted(world.samples)
    stats: dict[str, Any] = {
        "inputs": 0,
        "rejected": 0,
        "not_verified": 0,
        "equivalent": 0,
        "crashes": 0,
        "false_accepts": 0,
        "examples": [],
    }
    started = time.perf_counter()
    for _ in range(count):
        name, data, value = generate(rng, names, world.samples)
        stats["inputs"] += 1
        if stats["inputs"] % 25_000 == 0:
            print(
                f"[worker {seed}] {stats['inputs']:,} inputs, {time.perf_counter() - started:.0f} s, "
                f"crashes {stats['crashes']}, false accepts {stats['false_accepts']}",
                file=sys.stderr,
                flush=True,
            )
        outcome, trace = _check(world, data, value)
        if outcome in ("crash", "false_accept"):
            stats["crashes" if outcome == "crash" else "false_accepts"] += 1
            if len(stats["examples"]) < 20:
                stats["examples"].append(
                    {
                        "seed": name,
                        "kind": outcome,
                        "input": data[:4000].decode("latin-1"),
                        "trace": trace,
                    }
                )
            if save:
                Path(save).mkdir(parents=True, exist_ok=True)
                (Path(save) / f"{outcome}-{seed}-{stats['inputs']}.bin").write_bytes(data)
        else:
            stats[outcome] += 1
    return stats


def _check(world: World, data: bytes, value: Any) -> tuple[str, str]:
    try:
        return _outcome(world, data, value), ""
    except _Crash as crash:
        return "crash", crash.trace


class _Crash(Exception):
    def __init__(self, trace: str) -> None:
        super().__init__()
        self.trace = trace


def _outcome(world: World, data: bytes, value: Any) -> str:
    if value is not None:
        try:
            if verify_credential(value, resolver=world.resolver, now=NOW).verified:
                return "false_accept"
        except Exception as error:  # the verifier must never raise
            raise _Crash(traceback.format_exc(limit=8)) from error
    try:
        parsed = parse_credential_input(data, fetcher=world.fetch)
    except CredcoreError:
        return "rejected"
    except Exception as error:  # anything else is a crash
        raise _Crash(traceback.format_exc(limit=8)) from error
    try:
        result = verify_imported(parsed, resolver=world.resolver, fetcher=world.fetch, now=NOW)
    except Exception as error:
        raise _Crash(traceback.format_exc(limit=8)) from error
    if not result.verified:
        codes = {problem.code for problem in result.problem_details}
        if "check_error" in codes:  # fail-closed but unexpected: a bug to look at, counted as a crash
            raise _Crash(json.dumps(result.to_json())[:2000])
        return "not_verified"
    return "equivalent" if _exact_seed(parsed) or _legit(fingerprint(parsed)) else "false_accept"


def run(inputs: int, workers: int, seed: int, save: str | None) -> dict[str, Any]:
    shares = [inputs // workers + (1 if index < inputs % workers else 0) for index in range(workers)]
    started = time.perf_counter()
    if workers == 1:
        parts = [run_worker((shares[0], seed, save))]
    else:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            parts = pool.map(
                run_worker, [(share, seed * 1000 + index, save) for index, share in enumerate(shares)]
            )
    total: dict[str, Any] = {"examples": []}
    for part in parts:
        for key, value in part.items():
            total[key] = total.get(key, 0) + value if key != "examples" else total["examples"] + value
    total["seconds"] = round(time.perf_counter() - started, 1)
    total["workers"] = workers
    total["seed"] = seed
    total["load_average"] = os.getloadavg()
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--inputs", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--save", help="directory to write crashing / falsely accepted inputs to")
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args()
    total = run(options.inputs, options.workers, options.seed, options.save)
    if options.json:
        print(json.dumps(total, indent=2))
    else:
        rate = total["inputs"] / max(total["seconds"], 1e-9)
        print(
            f"inputs {total['inputs']:,} in {total['seconds']} s ({rate:,.0f}/s, {total['workers']} workers, "
            f"load average {total['load_average'][0]:.1f})"
        )
        for key in ("rejected", "not_verified", "equivalent", "crashes", "false_accepts"):
            print(f"  {key:14} {total.get(key, 0):,}")
        for example in total["examples"][:5]:
            print(
                f"--- {example['kind']} from {example['seed']}\n{example['trace']}\n"
                f"{example['input'][:400]!r}"
            )
    return 1 if total.get("crashes") or total.get("false_accepts") else 0


if __name__ == "__main__":
    sys.exit(main())
