"""The compiled schema predicate agrees with jsonschema (on the normalised document), always."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from credcore.openbadges._fastschema import compile_schema
from credcore.openbadges.schema import _fast_validator, _validator, normalize_for_schema, schema_name_for

from ._ob_fixtures import EXAMPLES, FIXTURES, VALIDATOR, load, micro_credential

ALL_FIXTURES = sorted((FIXTURES / "1edtech").rglob("*.json"))


def _agree(document: Any, name: str, version: int) -> None:
    fast = _fast_validator(name, version)(document)  # type: ignore[arg-type]
    reference = _validator(name, version).is_valid(normalize_for_schema(document, name))  # type: ignore[arg-type]
    assert fast == reference


@pytest.mark.parametrize("path", ALL_FIXTURES, ids=lambda p: p.name)
def test_agrees_on_every_fixture(path: Path) -> None:
    document = load(path)
    for name in ("achievementcredential", "endorsementcredential", "profile"):
        for version in (1, 2):
            _agree(document, name, version)


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.sampled_from(
        ["Profile", "Achievement", "AchievementSubject", "https://example.org/x", "2024-01-01T00:00:00Z", ""]
    ),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.sampled_from(["id", "type", "name"]), children, max_size=3)
    ),
    max_leaves=8,
)

SEEDS = [
    micro_credential("did:key:z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi").to_json(),
    load(VALIDATOR / "complete.json"),
    load(VALIDATOR / "simple_v1.json"),
    load(VALIDATOR / "endorsement-valid.json"),
    load(EXAMPLES / "fullOpenBadge-01-Complete-OpenBadgeCredential.json"),
]


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found.extend(_paths(item, (*prefix, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(_paths(item, (*prefix, index)))
    return found


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(range(len(SEEDS))), st.data())
def test_agrees_on_mutated_credentials(seed: int, data: st.DataObject) -> None:
    document = copy.deepcopy(SEEDS[seed])
    for _ in range(data.draw(st.integers(min_value=1, max_value=3))):
        path = data.draw(st.sampled_from(_paths(document)[1:]))
        parent = document
        for step in path[:-1]:
            parent = parent[step]
        action = data.draw(st.sampled_from(["delete", "replace", "wrap", "unwrap"]))
        if action == "delete":
            del parent[path[-1]]
        elif action == "replace":
            parent[path[-1]] = data.draw(json_values)
        elif action == "wrap":
            parent[path[-1]] = [parent[path[-1]]]
        elif isinstance(parent[path[-1]], list) and parent[path[-1]]:
            parent[path[-1]] = parent[path[-1]][0]
    name = schema_name_for(document) or "achievementcredential"
    for version in (1, 2):
        _agree(document, name, version)


def test_unknown_keywords_are_refused_not_ignored() -> None:
    with pytest.raises(ValueError):
        compile_schema({"type": "object", "dependentRequired": {"a": ["b"]}}, {})
