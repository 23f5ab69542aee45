"""Signing keys at rest: envelope encryption round trip, no plaintext stored, fail-closed opening."""

from __future__ import annotations

import dataclasses

import pytest
from django.test import override_settings

from credcore._internal.multibase import decode_multibase
from credcore.keys import Ed25519Multikey
from microcred.issuance import keyring
from microcred.issuance.envelope import KeyEncryptionKey, open_secret, seal_secret
from microcred.issuance.errors import KeyDecryptionFailed
from microcred.issuance.models import SigningKey

AAD = b"microcred:signing-key:v1:1:z6Mk-test"


def test_seal_then_open_returns_the_plaintext() -> None:
    kek = KeyEncryptionKey("a-long-enough-test-key-encryption-key")
    sealed = seal_secret(b"secret bytes", kek=kek, associated_data=AAD)
    assert open_secret(sealed, kek=kek, associated_data=AAD) == b"secret bytes"


def test_each_seal_uses_a_fresh_data_key_and_nonce() -> None:
    kek = KeyEncryptionKey("a-long-enough-test-key-encryption-key")
    first = seal_secret(b"same", kek=kek, associated_data=AAD)
    second = seal_secret(b"same", kek=kek, associated_data=AAD)
    assert first.ciphertext != second.ciphertext
    assert first.wrapped_data_key != second.wrapped_data_key


@pytest.mark.parametrize(
    ("kek", "aad"),
    [
        (KeyEncryptionKey("another-key-encryption-key-entirely"), AAD),  # wrong KEK
        (KeyEncryptionKey("a-long-enough-test-key-encryption-key"), AAD + b"-other-row"),  # moved row
    ],
)
def test_open_fails_closed_with_the_wrong_kek_or_row(kek: KeyEncryptionKey, aad: bytes) -> None:
    sealed = seal_secret(
        b"secret", kek=KeyEncryptionKey("a-long-enough-test-key-encryption-key"), associated_data=AAD
    )
    with pytest.raises(KeyDecryptionFailed):
        open_secret(sealed, kek=kek, associated_data=aad)


@pytest.mark.parametrize("part", ["ciphertext", "wrapped_data_key"])
def test_open_fails_closed_when_a_byte_is_altered(part: str) -> None:
    kek = KeyEncryptionKey("a-long-enough-test-key-encryption-key")
    sealed = seal_secret(b"secret", kek=kek, associated_data=AAD)
    blob = bytearray(getattr(sealed, part))
    blob[-1] ^= 0x01
    with pytest.raises(KeyDecryptionFailed):
        open_secret(dataclasses.replace(sealed, **{part: bytes(blob)}), kek=kek, associated_data=AAD)


def test_an_empty_kek_is_refused() -> None:
    with pytest.raises(KeyDecryptionFailed):
        KeyEncryptionKey("")


def test_kek_repr_shows_only_a_fingerprint() -> None:
    value = "a-long-enough-test-key-encryption-key"
    kek = KeyEncryptionKey(value)
    assert value not in repr(kek)
    assert kek.fingerprint in repr(kek)


def _secret_forms(key: Ed25519Multikey) -> list[bytes]:
    multibase = key.secret_key_multibase()
    seed = decode_multibase(multibase)[2:]  # drop the ed25519-priv multicodec header
    assert len(seed) == 32
    return [multibase.encode("ascii"), seed]


@pytest.mark.django_db
def test_stored_key_round_trips_and_holds_no_plaintext(signing_key: SigningKey) -> None:
    stored = SigningKey.objects.get(pk=signing_key.pk)
    key = keyring.unseal(stored)
    assert key.can_sign
    assert key.public_key_multibase == stored.public_key_multibase
    assert key.verify(key.sign(b"payload"), b"payload")
    for secret in _secret_forms(key):
        for column in (bytes(stored.sealed_secret_key), bytes(stored.wrapped_data_key)):
            assert secret not in column
        assert secret.decode("latin-1") not in repr(stored)
        assert secret.decode("latin-1") not in str(stored)
    assert key.secret_key_multibase() not in repr(key)


@pytest.mark.django_db
def test_a_wrong_kek_in_settings_fails_closed(signing_key: SigningKey) -> None:
    from django.conf import settings

    wrong = dataclasses.replace(settings.CONFIG, key_encryption_key="a-different-key-encryption-key!!")
    with override_settings(CONFIG=wrong), pytest.raises(KeyDecryptionFailed):
        keyring.unseal(SigningKey.objects.get(pk=signing_key.pk))


@pytest.mark.django_db
def test_a_sealed_key_copied_to_another_row_does_not_open(signing_key: SigningKey, other_org) -> None:
    from microcred.issuance import services

    other = services.signing_key_create(organization=other_org)
    SigningKey.objects.filter(pk=other.pk).update(
        wrapped_data_key=signing_key.wrapped_data_key, sealed_secret_key=signing_key.sealed_secret_key
    )
    with pytest.raises(KeyDecryptionFailed):
        keyring.unseal(SigningKey.objects.get(pk=other.pk))
