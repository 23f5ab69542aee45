"""verify_presentation never raises and never accepts: arbitrary JSON values, and single mutations of a signed
presentation (a changed, removed or added value anywhere), are all answered with verified=False."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from credcore import sign_credential
from credcore.dids import DidResolver
from credcore.keys import Ed25519Multikey
from credcore.presentations import build_presentation, sign_presentation, verify_presentation

from .samples import sample_credential

NOW = datetime(2027, 1, 1, tzinfo=UTC)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=20,
)


def _key(seed: bytes) -> Ed25519Multikey:
    key = Ed25519Multikey.from_seed(seed * 32)
    return key.bound_to(controller=key.did_key, key_id=key.did_key_verification_method)


def _signed() -> dict[str, Any]:
    issuer, holder = _key(b"\x01"), _key(b"\x02")
    credential = sample_credential()
    credential["issuer"]["id"] = issuer.controller
    credential.pop("credentialStatus", None)
    vp = build_presentation(holder=holder.controller, credentials=[sign_credential(credential, issuer)])
    return sign_presentation(vp, holder, challenge="c", domain="d")


SIGNED = _signed()


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, item in value.items():
            out += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            out += _paths(item, (*prefix, index))
    return out


PATHS = _paths(SIGNED)


def _verify(document: object) -> Any:
    return verify_presentation(document, resolver=DidResolver(), challenge="c", domain="d", now=NOW)


def test_the_unmutated_presentation_verifies() -> None:
    assert _verify(SIGNED).verified


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(JSON)
def test_arbitrary_json_is_refused_without_raising(value: Any) -> None:
    assert not _verify(value).verified


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(PATHS), JSON, st.sampled_from(["replace", "delete"]))
def test_any_single_mutation_is_refused(path: tuple[Any, ...], value: Any, action: str) -> None:
    mutated = copy.deepcopy(SIGNED)
    parent = mutated
    for step in path[:-1]:
        parent = parent[step]
    original = parent[path[-1]]
    if action == "delete":
        if isinstance(parent, list):
            parent.pop(path[-1])
        else:
            del parent[path[-1]]
    else:
        if value == original:
            return
        parent[path[-1]] = value
    result = _verify(mutated)
    assert not result.verified, (path, action, value)
