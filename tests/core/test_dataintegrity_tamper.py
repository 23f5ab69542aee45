"""Data Integrity tamper tests (moved from test_dataintegrity.py): changing or removing any leaf,
adding an undefined term anywhere, or changing any proof field of a signed credential fails verification;
hypothesis: any mutation of signed content is rejected and odd proof values never make verify raise."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from credcore.cryptosuites import canonical_proof_config_generic
from credcore.dataintegrity import ProofCheck, verify_proof
from credcore.jsonld import to_rdf
from credcore.rdfc import canonicalize

from .samples import sample_credential
from .test_dataintegrity import OTHER_KEY, RESOLVER, SUITES, _codes, _signed

# -- tampering -------------------------------------------------------------------------------------


def _leaf_paths(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key not in ("@context", "proof"):
                yield from _leaf_paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaf_paths(item, (*path, index))
    else:
        yield path


def _object_paths(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(value, dict):
        yield path
        for key, item in value.items():
            if key != "proof":
                yield from _object_paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _object_paths(item, (*path, index))


def _get(document: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        document = document[step]
    return document


def _changed(value: Any) -> Any:
    if isinstance(value, bool):
        return not value
    if isinstance(value, (int, float)):
        return value + 1
    return f"{value}x"


SIGNED = {suite: _signed(suite) for suite in SUITES}
ORIGINAL_CANONICAL = canonicalize(to_rdf(sample_credential()))


def _rejected_unless_same_statements(tampered: dict[str, Any], suite: str) -> None:
    """jcs signs the JSON: any change fails. rdfc signs the statements: a change may only verify
    when it leaves the canonical statements identical (e.g. deleting a statement that another part
    of the document repeats about the same node)."""
    check = verify_proof(tampered, resolver=RESOLVER)
    if not check.verified:
        return
    assert suite == "eddsa-rdfc-2022"
    unsecured = {name: value for name, value in tampered.items() if name != "proof"}
    assert canonicalize(to_rdf(unsecured)) == ORIGINAL_CANONICAL


LEAVES = list(_leaf_paths(sample_credential()))
OBJECTS = list(_object_paths(sample_credential()))


@pytest.mark.parametrize("suite", SUITES)
@pytest.mark.parametrize("path", LEAVES, ids=lambda path: "/".join(map(str, path)))
def test_changing_any_leaf_breaks_the_proof(suite: str, path: tuple[Any, ...]) -> None:
    tampered = copy.deepcopy(SIGNED[suite])
    parent = _get(tampered, path[:-1])
    parent[path[-1]] = _changed(parent[path[-1]])
    _rejected_unless_same_statements(tampered, suite)


@pytest.mark.parametrize("suite", SUITES)
@pytest.mark.parametrize("path", LEAVES, ids=lambda path: "/".join(map(str, path)))
def test_removing_any_leaf_breaks_the_proof(suite: str, path: tuple[Any, ...]) -> None:
    tampered = copy.deepcopy(SIGNED[suite])
    parent = _get(tampered, path[:-1])
    del parent[path[-1]]
    _rejected_unless_same_statements(tampered, suite)


@pytest.mark.parametrize("suite", SUITES)
@pytest.mark.parametrize("path", OBJECTS, ids=lambda path: "/".join(map(str, path)) or "root")
def test_adding_an_undefined_term_anywhere_breaks_the_proof(suite: str, path: tuple[Any, ...]) -> None:
    tampered = copy.deepcopy(SIGNED[suite])
    _get(tampered, path)["injectedTerm"] = "value"
    check = verify_proof(tampered, resolver=RESOLVER)
    assert not check.verified
    if suite == "eddsa-rdfc-2022":
        assert _codes(check) == ["safe_mode_violation"]


@pytest.mark.parametrize("suite", SUITES)
@pytest.mark.parametrize("field", ["created", "cryptosuite", "proofValue", "verificationMethod", "@context"])
def test_tampering_with_the_proof_breaks_it(suite: str, field: str) -> None:
    tampered = copy.deepcopy(SIGNED[suite])
    proof = tampered["proof"]
    if field == "created":
        proof["created"] = "2026-11-25T10:00:01Z"
    elif field == "cryptosuite":
        proof["cryptosuite"] = SUITES[1 - SUITES.index(suite)]
    elif field == "proofValue":
        value = proof["proofValue"]
        proof["proofValue"] = value[:10] + ("2" if value[10] != "2" else "3") + value[11:]
    elif field == "verificationMethod":
        proof["verificationMethod"] = OTHER_KEY.id
    else:
        proof["@context"] = [
            "https://www.w3.org/ns/credentials/v2",
            "https://www.w3.org/ns/credentials/examples/v2",
        ]
    assert not verify_proof(tampered, resolver=RESOLVER).verified


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    field=st.sampled_from(
        [
            "type",
            "cryptosuite",
            "created",
            "verificationMethod",
            "proofPurpose",
            "proofValue",
            "@context",
            "previousProof",
            "expires",
            "domain",
        ]
    ),
    value=_JSON,
)
def test_verify_never_raises_on_odd_proof_values(field: str, value: Any) -> None:
    signed = copy.deepcopy(SIGNED["eddsa-rdfc-2022"])
    signed["proof"][field] = value
    check = verify_proof(signed, resolver=RESOLVER)
    assert isinstance(check, ProofCheck)
    if check.verified:  # only values that state nothing new may pass (rdfc signs statements)
        original = SIGNED["eddsa-rdfc-2022"]
        if field == "@context":
            assert isinstance(value, list) and original["@context"][: len(value)] == value
        else:
            before = {**original["proof"], "@context": original["@context"]}
            before.pop("proofValue")
            after = {**before, field: value}
            assert canonical_proof_config_generic(after) == canonical_proof_config_generic(before), value
    else:
        assert check.problems


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(suite=st.sampled_from(SUITES), data=st.data())
def test_any_mutation_of_signed_content_is_rejected(suite: str, data: st.DataObject) -> None:
    tampered = copy.deepcopy(SIGNED[suite])
    path = data.draw(st.sampled_from(LEAVES))
    replacement = data.draw(_JSON.filter(lambda candidate: candidate != _get(SIGNED[suite], path)))
    parent = _get(tampered, path[:-1])
    parent[path[-1]] = replacement
    _rejected_unless_same_statements(tampered, suite)
