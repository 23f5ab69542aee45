"""VC-JWT import: signatures checked against keys we sign with independently (cryptography, by hand), and the
classic JWS attacks (alg none, HMAC with the public key, algorithm/key mismatch, kid swaps, tampering)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.fixtures.formats.samples import (
    NOW,
    WEB_DID,
    b64url,
    build_world,
    credential,
    ed_key,
    ed_signer,
    es256_signer,
    p256_key,
    sign_jws,
    vc11_jwt,
    vc_jose,
)

from credcore import Ed25519Multikey
from credcore.errors import InvalidDocumentError
from credcore.formats import parse_credential_input, verify_imported
from credcore.results import VerificationResult

WORLD = build_world()


def verify(token: str) -> VerificationResult:
    return verify_imported(parse_credential_input(token.encode()), resolver=WORLD.resolver, now=NOW)


def failed_codes(result: VerificationResult) -> set[str]:
    return {problem.code for problem in result.problem_details}


def test_vc_jose_eddsa_did_key_verifies() -> None:
    token = vc_jose(credential(ed_key().did_key))
    parsed = parse_credential_input(token.encode())
    assert (parsed.format, parsed.container, parsed.raw) == ("vc-jwt", "jwt", token)
    result = verify(token)
    assert result.verified, result.to_json()
    assert result.check("jwt_signature").detail == f"EdDSA by {ed_key().id}"
    assert result.check("issuer_key").status == "passed"


def test_vc11_es256_did_web_verifies_and_decodes_registered_claims() -> None:
    document = credential(WEB_DID)
    vc = {key: value for key, value in document.items() if key not in ("id",)}
    vc["issuer"] = {key: value for key, value in document["issuer"].items() if key != "id"}
    payload = {"vc": vc, "iss": WEB_DID, "jti": document["id"], "nbf": 1781533800}
    token = sign_jws({"alg": "ES256", "kid": f"{WEB_DID}#p256"}, payload, es256_signer(p256_key()))
    parsed = parse_credential_input(token.encode())
    assert parsed.document["id"] == document["id"]
    assert parsed.document["issuer"]["id"] == WEB_DID
    assert verify(token).verified
    assert verify(vc11_jwt(credential(WEB_DID))).verified


def test_the_sample_signature_checks_with_cryptography_alone() -> None:
    """The token the tests rely on is a real EdDSA JWS (RFC 8037), independent of the code under test."""
    header, payload, signature = vc_jose(credential(ed_key().did_key)).split(".")
    assert json.loads(base64_decode(header))["alg"] == "EdDSA"
    assert ed_key().verify(base64_decode(signature), f"{header}.{payload}".encode())


def base64_decode(segment: str) -> bytes:
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


def _forge(header: dict[str, Any], token: str, signature: bytes | None = None) -> str:
    _, payload, old = token.split(".")
    head = b64url(json.dumps(header).encode())
    sig = old if signature is None else b64url(signature)
    return f"{head}.{payload}.{sig}"


@pytest.mark.parametrize("alg", ["none", "HS256", "HS512", "PS256", "ES384", ""])
def test_disallowed_algorithms_fail(alg: str) -> None:
    token = vc_jose(credential(ed_key().did_key))
    forged = _forge({"alg": alg, "kid": ed_key().id}, token)
    result = verify(forged)
    assert not result.verified
    assert "jwt_algorithm_not_allowed" in failed_codes(result)


def test_hmac_with_the_public_key_as_secret_fails() -> None:
    """Algorithm confusion: an attacker MACs the token with the issuer's public key bytes."""
    token = vc_jose(credential(ed_key().did_key))
    header = {"alg": "HS256", "kid": ed_key().id}
    head, payload = b64url(json.dumps(header).encode()), token.split(".")[1]
    mac = hmac.new(ed_key().public_key_bytes, f"{head}.{payload}".encode(), hashlib.sha256).digest()
    assert not verify(f"{head}.{payload}.{b64url(mac)}").verified


def test_algorithm_must_match_the_key_type() -> None:
    document = credential(ed_key().did_key)
    token = sign_jws({"alg": "ES256", "kid": ed_key().id}, document, es256_signer(p256_key()))
    result = verify(token)
    assert "jwt_signature_invalid" in failed_codes(result)


def test_tampered_payload_fails() -> None:
    token = vc_jose(credential(ed_key().did_key))
    header, payload, signature = token.split(".")
    document = json.loads(base64_decode(payload))
    document["name"] = "Doctor of Medicine"
    forged = f"{header}.{b64url(json.dumps(document).encode())}.{signature}"
    assert "jwt_signature_invalid" in failed_codes(verify(forged))


def test_key_of_someone_else_is_not_the_issuers() -> None:
    """Signed correctly, but by another did:key than the issuer's: signature passes, issuer_key fails."""
    other = Ed25519Multikey.from_seed(b"\x42" * 32)
    other = Ed25519Multikey.from_seed(
        b"\x42" * 32, controller=other.did_key, key_id=other.did_key_verification_method
    )
    token = sign_jws({"alg": "EdDSA", "kid": other.id}, credential(ed_key().did_key), ed_signer(other))
    result = verify(token)
    assert result.check("jwt_signature").status == "passed"
    assert "jwt_key_not_issuers" in failed_codes(result)


def test_embedded_jwk_is_not_bound_to_the_issuer() -> None:
    key = p256_key()
    numbers = key.public_key().public_numbers()
    jwk = {
        "kty": "EC",
        "crv": "P-256",
        "x": b64url(numbers.x.to_bytes(32, "big")),
        "y": b64url(numbers.y.to_bytes(32, "big")),
    }
    token = sign_jws({"alg": "ES256", "jwk": jwk}, credential(WEB_DID), es256_signer(key))
    result = verify(token)
    assert result.check("jwt_signature").status == "passed"
    assert "jwt_key_not_bound" in failed_codes(result)


@pytest.mark.parametrize(
    ("claims", "code"),
    [
        ({"iss": "did:web:someone.else"}, "jwt_claim_mismatch"),
        ({"exp": 1700000000}, "jwt_expired"),
        ({"nbf": 4102444800}, "jwt_not_yet_valid"),
        ({"exp": "tomorrow"}, "jwt_claim_invalid"),
    ],
)
def test_registered_claims_are_checked(claims: dict[str, Any], code: str) -> None:
    payload = {**credential(ed_key().did_key), **claims}
    token = sign_jws({"alg": "EdDSA", "kid": ed_key().id}, payload, ed_signer(ed_key()))
    assert code in failed_codes(verify(token))


def test_crit_and_unencoded_payload_are_refused_at_parse() -> None:
    token = vc_jose(credential(ed_key().did_key))
    with pytest.raises(InvalidDocumentError):
        parse_credential_input(_forge({"alg": "EdDSA", "crit": ["b64"], "b64": False}, token).encode())


def test_rs256_needs_a_2048_bit_key() -> None:
    from cryptography.hazmat.primitives.asymmetric import rsa

    from credcore.formats.jws import alg_matches_key

    small = rsa.generate_private_key(public_exponent=65537, key_size=1024).public_key()
    assert not alg_matches_key("RS256", small)
    pem = small.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    assert pem.startswith(b"-----BEGIN PUBLIC KEY-----")


TOKEN = vc_jose(credential(ed_key().did_key))


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=0), st.integers(min_value=1, max_value=255))
def test_any_change_to_the_signed_bytes_fails(position: int, flip: int) -> None:
    header, payload, signature = TOKEN.split(".")
    raw = bytearray(base64_decode(payload))
    raw[position % len(raw)] ^= flip
    try:
        parsed = parse_credential_input(f"{header}.{b64url(bytes(raw))}.{signature}".encode())
    except InvalidDocumentError:
        return
    assert not verify_imported(parsed, resolver=WORLD.resolver, now=NOW).verified


def test_es256_with_a_p256_did_key_issuer_verifies() -> None:
    """A P-256 did:key (multicodec 0x1200, compressed point; https://w3c-ccg.github.io/did-key-spec/#p-256) is
    decoded locally; its single key is the issuer's."""
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    from credcore._internal.multibase import b58encode

    point = p256_key().public_key().public_bytes(Encoding.X962, PublicFormat.CompressedPoint)
    fingerprint = "z" + b58encode(b"\x80\x24" + point)
    did = f"did:key:{fingerprint}"
    token = sign_jws(
        {"alg": "ES256", "kid": f"{did}#{fingerprint}"}, credential(did), es256_signer(p256_key())
    )
    result = verify(token)
    assert fingerprint.startswith("zDn")
    assert result.verified, result.to_json()
    forged = sign_jws({"alg": "ES256", "kid": f"{did}#{fingerprint}"}, credential(did), ed_signer(ed_key()))
    assert "jwt_signature_invalid" in failed_codes(verify(forged))
