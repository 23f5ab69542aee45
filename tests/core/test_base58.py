"""The table/limb base58btc codec equals the straightforward digit-by-digit one it replaced.

Oracle: the previous implementation of ``credcore._internal.multibase`` (one big-integer step per digit),
kept here verbatim.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from credcore._internal.multibase import b58decode, b58encode
from credcore.errors import KeyFormatError

ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
INDEX = {char: index for index, char in enumerate(ALPHABET)}


def reference_encode(data: bytes) -> str:
    zeros = len(data) - len(data.lstrip(b"\0"))
    number = int.from_bytes(data, "big")
    digits: list[str] = []
    while number:
        number, remainder = divmod(number, 58)
        digits.append(ALPHABET[remainder])
    return "1" * zeros + "".join(reversed(digits))


def reference_decode(text: str) -> bytes:
    number = 0
    for char in text:
        index = INDEX.get(char)
        if index is None:
            raise KeyFormatError(f"invalid base58btc character {char!r}")
        number = number * 58 + index
    zeros = len(text) - len(text.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * zeros + body


BYTES = st.one_of(
    st.binary(max_size=80),
    st.binary(min_size=64, max_size=64),  # signatures
    st.builds(lambda zeros, rest: b"\0" * zeros + rest, st.integers(0, 5), st.binary(max_size=40)),
)


@settings(max_examples=2000)
@given(BYTES)
def test_encode_equals_the_reference(data: bytes) -> None:
    assert b58encode(data) == reference_encode(data)
    assert b58decode(b58encode(data)) == data


@settings(max_examples=2000)
@given(st.text(ALPHABET, max_size=100))
def test_decode_equals_the_reference(text: str) -> None:
    assert b58decode(text) == reference_decode(text)


@settings(max_examples=500)
@given(st.text(max_size=20).filter(lambda text: any(char not in INDEX for char in text)))
def test_any_character_outside_the_alphabet_is_refused(text: str) -> None:
    with pytest.raises(KeyFormatError):
        reference_decode(text)
    with pytest.raises(KeyFormatError):
        b58decode(text)


@pytest.mark.parametrize("text", ["0", "O", "I", "l", "+", "z\n", "é", "\U0001f600", "1 1"])
def test_lookalike_and_non_ascii_characters_are_refused(text: str) -> None:
    with pytest.raises(KeyFormatError):
        b58decode(text)
