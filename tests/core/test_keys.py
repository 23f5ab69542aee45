"""Multibase, multicodec and Ed25519 Multikey: known answers and rejection of malformed keys."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from credcore._internal.multibase import (
    b58decode,
    b58encode,
    decode_multibase,
    encode_multibase_base58btc,
    encode_multibase_base64url,
    varint_encode,
)
from credcore.errors import CryptoError, KeyFormatError
from credcore.keys import Ed25519Multikey

from .conftest import FIXTURES, load_json

PUBLIC = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
SECRET = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq"


def test_base58_known_answers() -> None:
    assert b58encode(b"") == ""
    assert b58encode(b"\0\0\x01") == "112"
    assert b58encode(b"hello world") == "StV1DL6CwTryKyV"
    assert b58decode("StV1DL6CwTryKyV") == b"hello world"
    assert b58decode("112") == b"\0\0\x01"


def test_multicodec_varints() -> None:
    assert varint_encode(0xED) == b"\xed\x01"
    assert varint_encode(0x1300) == b"\x80\x26"
    assert varint_encode(1) == b"\x01"


@given(st.binary(min_size=1, max_size=80))
def test_multibase_round_trip(data: bytes) -> None:
    assert decode_multibase(encode_multibase_base58btc(data)) == data
    assert decode_multibase(encode_multibase_base64url(data)) == data
    assert "=" not in encode_multibase_base64url(data)


@pytest.mark.parametrize("bad", ["", "z", "x123", "z0OIl", "uab+c", "uab/c", "uab==", 12])
def test_multibase_rejects_malformed(bad: object) -> None:
    with pytest.raises(KeyFormatError):
        decode_multibase(bad)  # type: ignore[arg-type]


def test_vector_key_pair_and_did_key() -> None:
    key = Ed25519Multikey.from_multibase(PUBLIC, SECRET)
    assert key.public_key_multibase == PUBLIC
    assert key.secret_key_multibase() == SECRET
    assert key.did_key == f"did:key:{PUBLIC}"
    assert key.did_key_verification_method == f"did:key:{PUBLIC}#{PUBLIC}"
    assert key.id == key.did_key_verification_method
    assert key.controller == key.did_key


def test_sign_is_deterministic_ed25519_and_verifies() -> None:
    key = Ed25519Multikey.from_multibase(PUBLIC, SECRET)
    signature = key.sign(b"message")
    assert len(signature) == 64
    assert signature == key.sign(b"message")
    assert key.verify(signature, b"message")
    assert not key.verify(signature, b"messagf")
    assert not key.verify(signature[:-1] + bytes([signature[-1] ^ 1]), b"message")
    assert not key.verify(signature[:63], b"message")
    assert not Ed25519Multikey.generate().verify(signature, b"message")


def test_public_only_cannot_sign() -> None:
    key = Ed25519Multikey.from_multibase(PUBLIC, SECRET).public_only()
    assert not key.can_sign
    with pytest.raises(CryptoError):
        key.sign(b"x")
    with pytest.raises(KeyFormatError):
        key.secret_key_multibase()


def test_document_round_trip_and_secret_handling() -> None:
    key = Ed25519Multikey.generate(controller="did:web:example.edu", key_id="did:web:example.edu#key-1")
    public_document = key.to_document()
    assert "secretKeyMultibase" not in public_document
    assert public_document["type"] == "Multikey"
    assert public_document["id"] == "did:web:example.edu#key-1"
    secret_document = key.to_document(include_secret=True)
    assert secret_document["secretKeyMultibase"].startswith("z3u2")
    restored = Ed25519Multikey.from_document(secret_document)
    assert restored == key and restored.can_sign
    assert restored.verify(key.sign(b"abc"), b"abc")
    assert Ed25519Multikey.from_document(public_document) == key
    secret = secret_document["secretKeyMultibase"]
    assert secret not in repr(restored) and secret not in str(restored)
    assert secret[1:] not in repr(restored)


def test_spec_multikey_example_parses() -> None:
    examples = FIXTURES / "vc-di-eddsa-examples"
    document = load_json(examples / "eddsa-01-An-Ed25519-public-key-encoded-as-a-Multikey.json")
    key = Ed25519Multikey.from_document(document)
    assert key.public_key_multibase == document["publicKeyMultibase"]


def _document(**changes: object) -> dict[str, object]:
    base: dict[str, object] = {
        "type": "Multikey",
        "id": f"did:key:{PUBLIC}#{PUBLIC}",
        "controller": f"did:key:{PUBLIC}",
        "publicKeyMultibase": PUBLIC,
        "secretKeyMultibase": SECRET,
    }
    base.update(changes)
    return {key: value for key, value in base.items() if value is not None}


@pytest.mark.parametrize(
    "changes",
    [
        {"type": "JsonWebKey"},
        {"type": None},
        {"id": "key-1"},
        {"id": None},
        {"controller": None},
        {"controller": 5},
        {"publicKeyMultibase": None},
        {"publicKeyMultibase": "zDnaegE6RR3atJtHKwTRTWHsJ3kNHqFwv7n9YjTgmU7TyfU76"},  # P-256
        {"publicKeyMultibase": PUBLIC[:-1]},
        {"publicKeyMultibase": PUBLIC + "2" * 100_000},
        {"publicKeyMultibase": "u" + PUBLIC[1:]},
        {"secretKeyMultibase": SECRET[:-2]},
        {"secretKeyMultibase": 42},
        {"secretKeyMultibase": Ed25519Multikey.generate().secret_key_multibase()},  # mismatched pair
        {"@context": "https://www.w3.org/ns/credentials/v2"},
    ],
)
def test_invalid_multikey_documents_are_rejected(changes: dict[str, object]) -> None:
    with pytest.raises(KeyFormatError):
        Ed25519Multikey.from_document(_document(**changes))


def test_from_seed_rejects_wrong_length() -> None:
    with pytest.raises(KeyFormatError):
        Ed25519Multikey.from_seed(b"\0" * 31)
    assert Ed25519Multikey.from_seed(b"\1" * 32).can_sign


def test_verification_keys_from_raw_bytes_are_cached_and_checked() -> None:
    key = Ed25519Multikey.generate()
    raw = key.public_key_bytes
    first = Ed25519Multikey.for_verification(raw, controller=key.controller, key_id=key.id)
    assert first is Ed25519Multikey.for_verification(raw, controller=key.controller, key_id=key.id)
    assert first == key.public_only() and not first.can_sign
    signature = key.sign(b"data")
    assert first.verify(signature, b"data") and not first.verify(signature, b"other")
    with pytest.raises(KeyFormatError):
        Ed25519Multikey.for_verification(raw[:31], controller=key.controller, key_id=key.id)
    with pytest.raises(KeyFormatError):
        Ed25519Multikey.for_verification(raw, controller="not absolute", key_id=key.id)


def test_public_only_keys_from_multibase_are_cached_but_secret_ones_are_not() -> None:
    key = Ed25519Multikey.generate()
    public = key.public_key_multibase
    assert Ed25519Multikey.from_multibase(public) is Ed25519Multikey.from_multibase(public)
    secret = key.secret_key_multibase()
    signing = Ed25519Multikey.from_multibase(public, secret)
    assert signing is not Ed25519Multikey.from_multibase(public, secret)
    with pytest.raises(KeyFormatError):
        Ed25519Multikey.from_multibase(public, controller="relative")
