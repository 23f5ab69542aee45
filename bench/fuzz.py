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
import struct
import sys
import time
import traceback
import zlib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

import rfc8785  # noqa: E402
from tests.fixtures.formats.samples import NOW, World, b64url, build_world  # noqa: E402

from credcore import rdfc  # noqa: E402
from credcore.errors import CredcoreError  # noqa: E402
from credcore.formats import ParsedCredential, parse_credential_input, verify_imported  # noqa: E402
from credcore.jsonld import to_rdf_generic  # noqa: E402
from credcore.verifier import verify_credential  # noqa: E402

_WORLD: World | None = None
_LEGIT: set[Any] = set()
_STRINGS = [
    "",
    "a",
    "é",
    "\u0000",
    "\ud7ff",
    "did:key:z6Mk",
    "https://evil.example/",
    "urn:uuid:1",
    "0",
    "true",
    "2030-01-01T00:00:00Z",
    "eddsa-rdfc-2022",
    "eddsa-jcs-2022",
    "#",
    "x" * 300,
    "<![CDATA[",
    "]]>",
    "\"'<&",
]


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


# -- mutations --------------------------------------------------------------------------------------


def random_json(rng: random.Random, depth: int = 0) -> Any:
    choice = rng.randrange(8 if depth < 4 else 5)
    if choice == 0:
        return None
    if choice == 1:
        return rng.choice([True, False])
    if choice == 2:
        return rng.choice([0, -1, 1.5, 2**63, 10**400 if rng.random() < 0.1 else 7, 1e308])
    if choice in (3, 4):
        return (
            rng.choice(_STRINGS)
            if rng.random() < 0.7
            else "".join(chr(rng.randrange(1, 0x2FFF)) for _ in range(rng.randrange(12)))
        )
    if choice == 5:
        return [random_json(rng, depth + 1) for _ in range(rng.randrange(4))]
    return {
        rng.choice([*_STRINGS, "id", "type", "@context", "proof", "issuer"]): random_json(rng, depth + 1)
        for _ in range(rng.randrange(4))
    }


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            out.extend(_paths(child, (*prefix, key)))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            out.extend(_paths(child, (*prefix, index)))
    return out


def _mutate_string(rng: random.Random, text: str) -> str:
    action = rng.randrange(5)
    if action == 0 or not text:
        return text + rng.choice(["x", " ", "é", "\u200b", "0"])
    position = rng.randrange(len(text))
    if action == 1:
        return text[:position] + text[position + 1 :]
    if action == 2:
        return (
            text[:position]
            + chr((ord(text[position]) ^ (1 << rng.randrange(7))) or 65)
            + text[position + 1 :]
        )
    if action == 3:
        return text.upper() if text != text.upper() else text.lower() + "A"
    return rng.choice(_STRINGS)


def mutate_tree(rng: random.Random, document: Any) -> Any:
    """Change one value anywhere in a JSON tree (returns a new tree)."""
    tree = json.loads(json.dumps(document))
    paths = _paths(tree)
    path = rng.choice(paths[1:] if len(paths) > 1 else paths)
    if not path:
        return random_json(rng)
    parent = tree
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    current = parent[last]
    action = rng.randrange(6)
    if action == 0:
        del parent[last]
    elif action == 1:
        parent[last] = random_json(rng)
    elif action == 2 and isinstance(current, str):
        parent[last] = _mutate_string(rng, current)
    elif action == 3 and isinstance(current, list) and len(current) > 1:
        i, j = rng.sample(range(len(current)), 2)
        current[i], current[j] = current[j], current[i]
    elif action == 4 and isinstance(current, dict):
        current[rng.choice([*_STRINGS, "id", "type", "name", "proof"])] = random_json(rng)
    elif isinstance(current, int | float) and not isinstance(current, bool):
        parent[last] = current + rng.choice([1, -1, 0.5])
    else:
        parent[last] = [current] if rng.random() < 0.5 else random_json(rng)
    return tree


def mutate_bytes(rng: random.Random, data: bytes, other: bytes) -> bytes:
    buffer = bytearray(data)
    for _ in range(rng.choice([1, 1, 1, 2, 4])):
        if not buffer:
            break
        action = rng.randrange(7)
        position = rng.randrange(len(buffer))
        if action == 0:
            buffer[position] ^= 1 << rng.randrange(8)
        elif action == 1:
            buffer[position] = rng.randrange(256)
        elif action == 2:
            buffer[position:position] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 9)))
        elif action == 3:
            del buffer[position : position + rng.randrange(1, 64)]
        elif action == 4:
            span = buffer[position : position + rng.randrange(1, 64)]
            buffer[position:position] = span
        elif action == 5:
            del buffer[position:]
        else:
            cut = rng.randrange(len(other) or 1)
            buffer[position:] = other[cut:]
    return bytes(buffer)


def _jws_structural(rng: random.Random, token: str) -> str:
    header, payload, signature = token.split(".")
    action = rng.randrange(6)
    if action == 0:
        return (
            b64url(json.dumps(mutate_tree(rng, json.loads(_b64(header)))).encode())
            + f".{payload}.{signature}"
        )
    if action == 1:
        return (
            f"{header}."
            + b64url(json.dumps(mutate_tree(rng, json.loads(_b64(payload)))).encode())
            + f".{signature}"
        )
    if action == 2:
        forged = {
            **json.loads(_b64(header)),
            "alg": rng.choice(["none", "HS256", "ES256", "RS256", "EdDSA", "Ed25519"]),
        }
        return (
            b64url(json.dumps(forged).encode()) + f".{payload}." + ("" if rng.random() < 0.3 else signature)
        )
    if action == 3:
        raw = bytearray(_b64(signature))
        if raw:
            raw[rng.randrange(len(raw))] ^= 1 << rng.randrange(8)
        return f"{header}.{payload}.{b64url(bytes(raw))}"
    if action == 4:  # re-serialise the same payload differently: the signature must not carry over
        return (
            f"{header}." + b64url(json.dumps(json.loads(_b64(payload)), indent=1).encode()) + f".{signature}"
        )
    return f"{header}.{payload}.{signature}" + rng.choice(["=", " ", "\n", ".", "A"])


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png_with_text(png: bytes, text: bytes, *, compressed: bool = False, twice: bool = False) -> bytes:
    iend = png.rindex(b"IEND") - 4
    start = png.index(b"iTXt") - 4 if b"iTXt" in png else iend
    end = start + 12 + struct.unpack(">I", png[start : start + 4])[0] if start != iend else iend
    body = b"openbadgecredential\x00" + (
        b"\x01\x00" + b"\x00\x00" + zlib.compress(text) if compressed else b"\x00\x00\x00\x00" + text
    )
    chunk = _png_chunk(b"iTXt", body)
    return png[:start] + chunk + (chunk if twice else b"") + png[end:]


def _inner_text(name: str, data: bytes) -> str:
    if name.endswith(".png"):
        start = data.index(b"openbadgecredential\x00") + len("openbadgecredential") + 5
        end = data.rindex(b"IEND") - 8
        return data[start:end].decode()
    if 'verify="' in data.decode():
        text = data.decode()
        return text.split('verify="', 1)[1].split('"', 1)[0]
    text = data.decode()
    return text.split("<![CDATA[", 1)[1].rsplit("]]>", 1)[0]


def _structural_text(rng: random.Random, text: str) -> str:
    if text.lstrip().startswith("{"):
        return json.dumps(mutate_tree(rng, json.loads(text)), indent=rng.choice([None, 2]))
    return _jws_structural(rng, text)


def structural(rng: random.Random, name: str, data: bytes) -> bytes:
    if name.endswith((".json", ".jwt", ".jws")):
        return _structural_text(rng, data.decode()).encode()
    inner = _inner_text(name, data)
    if name.endswith(".png"):
        action = rng.randrange(4)
        if action == 0:
            return _png_with_text(data, inner.encode(), compressed=True)
        if action == 1:
            return _png_with_text(data, inner.encode(), twice=True)
        return _png_with_text(data, _structural_text(rng, inner).encode())
    return (
        data.decode()
        .replace(inner, _structural_text(rng, inner).replace("]]>", "]]]]><![CDATA[>"), 1)
        .encode()
    )


def generate(rng: random.Random, names: list[str], samples: dict[str, bytes]) -> tuple[str, bytes, Any]:
    name = rng.choice(names)
    roll = rng.random()
    if roll < 0.5:
        return name, mutate_bytes(rng, samples[name], samples[rng.choice(names)]), None
    if roll < 0.9:
        return name, structural(rng, name, samples[name]), None
    if roll < 0.95:
        return "random-bytes", bytes(rng.randrange(256) for _ in range(rng.randrange(64))), None
    value = random_json(rng)
    return "random-json", json.dumps(value).encode(), value


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
