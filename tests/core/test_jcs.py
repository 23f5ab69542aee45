"""credcore.jcs equals the reference RFC 8785 implementation byte for byte, on its fast path and off it."""

import json

import pytest
import rfc8785
from hypothesis import given, settings
from hypothesis import strategies as st

from credcore import jcs
from credcore.errors import SafeModeError

SAFE_INT = st.integers(min_value=-(2**53 - 1), max_value=2**53 - 1)
TEXT = st.text(st.characters(codec="utf-8"), max_size=12)  # every scalar value incl. controls and astral
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | SAFE_INT | TEXT | st.floats(allow_nan=False, allow_infinity=False),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(TEXT, children, max_size=4),
    max_leaves=25,
)
NO_FLOATS = st.recursive(
    st.none() | st.booleans() | SAFE_INT | TEXT,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(TEXT, children, max_size=4),
    max_leaves=25,
)


@settings(max_examples=1500)
@given(JSON_VALUES)
def test_equals_the_reference_implementation(value):
    assert jcs.canonicalize(value) == rfc8785.dumps(value)


@settings(max_examples=1500)
@given(NO_FLOATS)
def test_equals_the_reference_on_float_free_documents(value):
    assert jcs.canonicalize(value) == rfc8785.dumps(value)


def test_fast_path_taken_for_a_float_free_credential():
    credential = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "name": "Ünïcödé \u0008\u007f 🎓",
        "n": 12,
    }
    assert jcs._fast_path_applies(credential)
    assert jcs.canonicalize(credential) == rfc8785.dumps(credential)


@pytest.mark.parametrize(
    "value",
    [
        {"x": "a\u0000b"},  # NUL would be ambiguous with the float placeholders
        {"\U0001f600": 1, "\ufb01": 2},  # UTF-16 order differs from code-point order here
        {"k": "\ud800"},  # a lone surrogate
    ],
)
def test_reference_path_for_what_json_dumps_cannot_decide(value):
    assert not jcs._fast_path_applies(value)


def test_floats_take_the_fast_path_in_their_ecmascript_form():
    value = {"b": [0.5, 1e21, 12.0, -0.0, 1e-7, 5e-324], "a": "x", "c": 1.7976931348623157e308}
    assert jcs._fast_path_applies(value)
    assert jcs.canonicalize(value) == rfc8785.dumps(value)
    assert b"[0.5,1e+21,12,0,1e-7,5e-324]" in jcs.canonicalize(value)
    # text that reads like a placeholder
    lookalike = {**value, "a": "\\u00000\\u0000", "d": '"\\u00001\\u0000"'}
    assert jcs.canonicalize(lookalike) == rfc8785.dumps(lookalike)


def test_utf16_key_order_is_respected():
    # U+1F600 is D83D DE00 in UTF-16, which sorts before U+FB01: code-point order would put it last.
    assert jcs.canonicalize({"\U0001f600": 1, "\ufb01": 2}) == json.dumps(
        {"\U0001f600": 1, "\ufb01": 2}, ensure_ascii=False, separators=(",", ":")
    ).encode()


def test_unsafe_integers_are_refused():
    with pytest.raises(SafeModeError):
        jcs.canonicalize({"n": 2**53})


@pytest.mark.parametrize("number", [float("nan"), float("inf"), -float("inf")])
def test_non_finite_numbers_are_refused(number):
    with pytest.raises(SafeModeError):
        jcs.canonicalize({"n": [number]})


BOUNDARY_FLOATS = st.one_of(
    st.floats(min_value=1e-5, max_value=1e-3),
    st.floats(min_value=1e15, max_value=1e17),
    st.floats(min_value=-1e17, max_value=-1e15),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([1e-4, -1e-4, 0.0001000000000001, 9.999999999999998e15, 1e16, 0.1, 0.5, 85.5, 2.5e-4]),
)


@settings(max_examples=3000)
@given(st.lists(BOUNDARY_FLOATS, min_size=1, max_size=3))
def test_plain_path_floats_equal_the_reference(numbers):
    """Floats the plain path leaves to Python's repr are written exactly as ECMAScript writes them."""
    value = {"n": numbers}
    plain = jcs._plain_dumps(value)
    if plain is not None:
        assert plain == rfc8785.dumps(value)
    assert jcs.canonicalize(value) == rfc8785.dumps(value)


@settings(max_examples=1500)
@given(JSON_VALUES)
def test_plain_path_equals_the_reference_whenever_it_answers(value):
    plain = jcs._plain_dumps(value)
    if plain is not None:
        assert plain == rfc8785.dumps(value)


def test_plain_path_is_taken_for_credentials_with_ordinary_scores():
    credential = {"@context": ["https://www.w3.org/ns/credentials/v2"], "name": "é — x\n", "score": 85.5}
    assert jcs._plain_dumps(credential) == rfc8785.dumps(credential)


@pytest.mark.parametrize(
    "value",
    [
        {"n": 12.0},  # integral: ECMAScript writes 12
        {"n": 1e16},  # Python writes 1e+16, ECMAScript 10000000000000000
        {"n": 1e-5},  # Python writes 1e-05, ECMAScript 0.00001
        {"n": -0.0},
        {"n": 2**53},
        {"\U0001f600": 1, "\ufb01": 2},
        {"k": "\ud800"},
        {1: "non-string key"},
        {"t": ("tuple",)},
        "a scalar",
    ],
)
def test_plain_path_declines_what_it_cannot_write_exactly(value):
    assert jcs._plain_dumps(value) is None


def test_orjson_accelerates_the_plain_path():
    assert jcs._ORJSON is not None, "orjson is a pinned dependency (pyproject.toml)"


@settings(max_examples=800)
@given(JSON_VALUES)
def test_plain_path_without_orjson_equals_the_reference(value):
    """The json C encoder fallback (no orjson installed) writes the same bytes."""
    saved = jcs._ORJSON
    jcs._ORJSON = None
    try:
        plain = jcs._plain_dumps(value)
    finally:
        jcs._ORJSON = saved
    if plain is not None:
        assert plain == rfc8785.dumps(value) == jcs._plain_dumps(value)


@pytest.mark.parametrize("with_orjson", [True, False])
def test_a_cycle_is_not_walked_forever(with_orjson):
    cyclic: dict = {"a": 1}
    cyclic["self"] = cyclic
    saved = jcs._ORJSON
    jcs._ORJSON = saved if with_orjson else None
    try:
        assert jcs._plain_dumps(cyclic) is None
    finally:
        jcs._ORJSON = saved
