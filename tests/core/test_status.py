"""Bitstring Status List: known-answer encodings, bit order, limits, and the Validate algorithm."""

from __future__ import annotations

import base64
import gzip
import zlib
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from credcore.errors import InvalidDocumentError
from credcore.status import (
    MIN_ENTRIES,
    BitstringStatusList,
    BitstringStatusListEntry,
    build_status_list_credential,
)

from ._ob_fixtures import BSL_EXAMPLES, VALIDATOR, load

W3C_EMPTY_LIST = "uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA"


def _encode_raw(data: bytes) -> str:
    return "u" + base64.urlsafe_b64encode(gzip.compress(data)).rstrip(b"=").decode()


def test_empty_list_encodes_byte_identical_to_the_w3c_example() -> None:
    example = load(BSL_EXAMPLES / "bsl-02-Example-BitstringStatusListCredential.json")
    assert example["credentialSubject"]["encodedList"] == W3C_EMPTY_LIST
    assert BitstringStatusList.create().encode() == W3C_EMPTY_LIST


def test_w3c_example_decodes_to_131072_clear_entries() -> None:
    status_list = BitstringStatusList.decode(W3C_EMPTY_LIST)
    assert len(status_list) == MIN_ENTRIES
    assert not any(status_list.bits)


def test_1edtech_test_list_has_exactly_entry_23_set() -> None:
    encoded = load(VALIDATOR / "bit-string-list" / "testlist.json")["credentialSubject"]["encodedList"]
    status_list = BitstringStatusList.decode(encoded)
    assert len(status_list) == MIN_ENTRIES
    assert [i for i, byte in enumerate(status_list.bits) if byte] == [2]
    assert status_list.get(23) == 1
    assert status_list.get(22) == 0 and status_list.get(24) == 0


def test_index_zero_is_the_left_most_bit() -> None:
    status_list = BitstringStatusList.create().set(0).set(9)
    assert status_list.bits[:2] == bytes([0b1000_0000, 0b0100_0000])


def test_set_and_clear_return_new_lists() -> None:
    empty = BitstringStatusList.create()
    revoked = empty.set(94567)
    assert empty.get(94567) == 0 and revoked.get(94567) == 1
    assert revoked.clear(94567) == empty


@settings(max_examples=50, deadline=None)
@given(st.sets(st.integers(min_value=0, max_value=MIN_ENTRIES - 1), max_size=40))
def test_encode_decode_round_trip_keeps_exactly_the_set_entries(indices: set[int]) -> None:
    status_list = BitstringStatusList.create()
    for index in indices:
        status_list = status_list.set(index)
    decoded = BitstringStatusList.decode(status_list.encode())
    assert decoded == status_list
    set_bits = {
        byte_index * 8 + bit
        for byte_index, byte in enumerate(decoded.bits)
        if byte
        for bit in range(8)
        if byte & (0x80 >> bit)
    }
    assert set_bits == indices
    assert all(decoded.get(index) == 1 for index in indices)


def test_lists_below_the_herd_privacy_minimum_are_refused() -> None:
    with pytest.raises(InvalidDocumentError):
        BitstringStatusList.create(MIN_ENTRIES - 8)
    with pytest.raises(InvalidDocumentError):
        BitstringStatusList.decode(_encode_raw(bytes(MIN_ENTRIES // 8 - 1)))


@pytest.mark.parametrize(
    "encoded",
    [
        "zH4sIAAAAAAAAA",  # wrong multibase
        "u" + base64.urlsafe_b64encode(b"not gzip").decode().rstrip("="),
        "u" + base64.urlsafe_b64encode(zlib.compress(bytes(16384))).decode().rstrip("="),  # zlib, not gzip
        W3C_EMPTY_LIST[:30],  # truncated
    ],
)
def test_malformed_encoded_lists_are_refused(encoded: str) -> None:
    with pytest.raises(InvalidDocumentError):
        BitstringStatusList.decode(encoded)


def test_decompression_bombs_are_refused() -> None:
    bomb = _encode_raw(bytes(65 * 1024 * 1024))
    with pytest.raises(InvalidDocumentError):
        BitstringStatusList.decode(bomb)


def test_entry_parses_string_and_integer_indexes() -> None:
    spec = BitstringStatusListEntry.from_json(
        load(BSL_EXAMPLES / "bsl-01-Example-StatusListCredential-using-simple-entries.json")[
            "credentialStatus"
        ][0]
    )
    assert spec.status_list_index == 94567 and spec.status_purpose == "revocation"
    fixture = load(VALIDATOR / "bit-string-list" / "credential-status-revoked.json")["credentialStatus"]
    assert BitstringStatusListEntry.from_json(fixture).status_list_index == 23
    for bad in ("-1", "1e3", "", True, 1.5, "٣"):
        with pytest.raises(InvalidDocumentError):
            BitstringStatusListEntry.from_json({**fixture, "statusListIndex": bad})


def test_build_status_list_credential() -> None:
    credential = build_status_list_credential(
        id="https://college.example.ca/status/1",
        issuer="did:web:college.example.ca",
        status_list=BitstringStatusList.create().set(7),
        status_purpose="suspension",
        valid_from=datetime(2024, 1, 1, tzinfo=UTC),
        ttl_ms=300_000,
    )
    assert credential["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert credential["credentialSubject"]["statusPurpose"] == "suspension"
    assert credential["credentialSubject"]["ttl"] == 300_000
    assert BitstringStatusList.decode(credential["credentialSubject"]["encodedList"]).get(7) == 1
    with pytest.raises(InvalidDocumentError):
        build_status_list_credential(id="x", issuer="did:web:a", status_list=BitstringStatusList.create())


def _walk(value: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if isinstance(value, dict):
        found.append(value)
        for item in value.values():
            found.extend(_walk(item))
    elif isinstance(value, list):
        for item in value:
            found.extend(_walk(item))
    return found


W3C_EXAMPLES = sorted(BSL_EXAMPLES.glob("bsl-*.json"))


@pytest.mark.parametrize("path", W3C_EXAMPLES, ids=lambda p: p.name)
def test_every_w3c_example_entry_parses_and_every_list_decodes(path: Any) -> None:
    for node in _walk(load(path)):
        if node.get("type") == "BitstringStatusListEntry":
            entry = BitstringStatusListEntry.from_json(node)
            assert entry.to_json()["statusListIndex"] == node["statusListIndex"]
        if "encodedList" in node:
            assert len(BitstringStatusList.decode(node["encodedList"])) == MIN_ENTRIES
