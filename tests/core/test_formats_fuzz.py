"""A short run of bench/fuzz.py (the full 1,000,000-input run is in docs/benchmarks.md): no crash, no false
accept, and an oracle that does tell a changed signed content from an unchanged one."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest
from tests.fixtures.formats.samples import b64url

from credcore.formats import parse_credential_input

BENCH = Path(__file__).resolve().parents[2] / "bench" / "fuzz.py"


@pytest.fixture(scope="module")
def fuzz() -> ModuleType:
    spec = importlib.util.spec_from_file_location("microcred_bench_fuzz", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    module._init()
    return module


def test_short_fuzz_run_has_no_crash_and_no_false_accept(fuzz: ModuleType) -> None:
    stats = fuzz.run_worker((1200, 20261125, None))
    assert stats["inputs"] == 1200
    assert stats["crashes"] == 0, stats["examples"]
    assert stats["false_accepts"] == 0, stats["examples"]
    # the mutations reach every outcome: refused at parse, parsed but not verified, and harmless
    assert stats["rejected"] > 100 and stats["not_verified"] > 100 and stats["equivalent"] > 0


@pytest.mark.parametrize("name", ["ob3-rdfc.json", "ob3-jcs.json", "vc-jose.jwt", "ob2-hosted.json"])
def test_oracle_tells_changed_signed_content_from_the_seed(fuzz: ModuleType, name: str) -> None:
    world = fuzz._WORLD
    parsed = parse_credential_input(world.samples[name], fetcher=world.fetch)
    assert fuzz._legit(fuzz.fingerprint(parsed))
    if name.endswith(".jwt"):
        header, payload, signature = parsed.raw.split(".")
        document = json.loads(fuzz._b64(payload))
        document["name"] = "Doctor of Medicine"
        changed = f"{header}.{b64url(json.dumps(document).encode())}.{signature}".encode()
    else:
        changed = json.dumps({**parsed.document, "name": "Doctor of Medicine"}).encode()
    assert not fuzz._legit(fuzz.fingerprint(parse_credential_input(changed)))
    reordered = json.dumps(dict(reversed(list(parsed.document.items())))).encode()
    if not name.endswith(".jwt"):
        assert fuzz._legit(fuzz.fingerprint(parse_credential_input(reordered)))
