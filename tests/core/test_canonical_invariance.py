"""Properties: JSON key order and whitespace never change canonical bytes (rdfc and jcs); JSON
array order changes jcs bytes but not rdfc's for unordered JSON-LD sets."""

from __future__ import annotations

import json
import random
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from credcore.cryptosuites import jcs_transformation, rdfc_transformation

from .samples import sample_credential

RDFC_OPTIONS = {"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022"}
JCS_OPTIONS = {"type": "DataIntegrityProof", "cryptosuite": "eddsa-jcs-2022"}
_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=25)


def _reorder(value: Any, rng: random.Random) -> Any:
    if isinstance(value, dict):
        items = list(value.items())
        rng.shuffle(items)
        return {key: _reorder(item, rng) for key, item in items}
    if isinstance(value, list):
        return [_reorder(item, rng) for item in value]
    return value


def _reserialize(document: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    indent = rng.choice([None, 0, 1, 2, 4, "\t"])
    separators = rng.choice([(",", ":"), (", ", ": "), (" ,  ", " :\n ")])
    text = json.dumps(
        _reorder(document, rng), indent=indent, separators=separators, ensure_ascii=rng.random() < 0.5
    )
    parsed: dict[str, Any] = json.loads(text)
    return parsed


@st.composite
def credentials(draw: st.DrawFn) -> dict[str, Any]:
    document = sample_credential()
    document["name"] = draw(_TEXT)
    document["evidence"][0]["narrative"] = draw(_TEXT)
    alignments = document["credentialSubject"]["achievement"]["alignment"]
    for alignment in alignments:
        alignment["targetName"] = draw(_TEXT)
    document["credentialSubject"]["creditsEarned"] = draw(
        st.one_of(st.integers(0, 2**53 - 1), st.floats(0, 1e6, allow_nan=False))
    )
    return document


@settings(max_examples=40, deadline=None)
@given(document=credentials(), seed=st.integers(0, 2**32))
def test_key_order_and_whitespace_never_change_canonical_bytes(document: dict[str, Any], seed: int) -> None:
    rng = random.Random(seed)
    variant = _reserialize(document, rng)
    assert rdfc_transformation(variant, RDFC_OPTIONS) == rdfc_transformation(document, RDFC_OPTIONS)
    assert jcs_transformation(variant, JCS_OPTIONS) == jcs_transformation(document, JCS_OPTIONS)


@settings(max_examples=20, deadline=None)
@given(document=credentials(), seed=st.integers(0, 2**32))
def test_alignment_order_matters_to_jcs_only(document: dict[str, Any], seed: int) -> None:
    alignments = document["credentialSubject"]["achievement"]["alignment"]
    shuffled = json.loads(json.dumps(document))
    random.Random(seed).shuffle(shuffled["credentialSubject"]["achievement"]["alignment"])
    assert rdfc_transformation(shuffled, RDFC_OPTIONS) == rdfc_transformation(document, RDFC_OPTIONS)
    if shuffled["credentialSubject"]["achievement"]["alignment"] != alignments:
        assert jcs_transformation(shuffled, JCS_OPTIONS) != jcs_transformation(document, JCS_OPTIONS)
