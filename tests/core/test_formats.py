"""parse_credential_input / verify_imported on the 1EdTech validator's baked badges and JWTs."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.core._ob_fixtures import load, resolver_for

from credcore.errors import CredcoreError, InvalidDocumentError
from credcore.formats import (
    InputTooLargeError,
    MalformedImageError,
    NoBakedCredentialError,
    UnsupportedFormatError,
    parse_credential_input,
    verify_imported,
)

FORMATS = Path(__file__).resolve().parent.parent / "fixtures" / "formats" / "validator-ob30"
SIMPLE = load(FORMATS / "simple.json")


@pytest.mark.parametrize(
    ("name", "fmt", "container"),
    [
        ("simple.json", "ob3-json", "json"),
        ("simple-json.png", "ob3-json", "png"),
        ("simple-json.svg", "ob3-json", "svg"),
        ("simple-jwt.png", "vc-jwt", "png"),
        ("simple-jwt.svg", "vc-jwt", "svg"),
        ("simple.jwt", "vc-jwt", "jwt"),
    ],
)
def test_detects_format_and_container(name: str, fmt: str, container: str) -> None:
    parsed = parse_credential_input((FORMATS / name).read_bytes(), filename=name)
    assert (parsed.format, parsed.container) == (fmt, container)


@pytest.mark.parametrize("name", ["simple-json.png", "simple-json.svg"])
def test_baked_ob3_images_carry_the_signed_fixture_and_verify(name: str) -> None:
    parsed = parse_credential_input((FORMATS / name).read_bytes())
    unsigned = {key: value for key, value in parsed.document.items() if key != "proof"}
    assert unsigned == {key: value for key, value in SIMPLE.items() if key != "proof"}
    assert parsed.document["proof"][0]["proofValue"].startswith("z76jrNcyxHg5fV17h96yCRwqUa")  # its own proof
    result = verify_imported(parsed, resolver=resolver_for(parsed.document))
    assert result.verified, result.to_json()
    assert result.check("proof").status == "passed"


@pytest.mark.parametrize("name", ["simple-jwt.png", "simple-jwt.svg"])
def test_jwt_badge_with_embedded_jwk_verifies_signature_but_not_issuer(name: str) -> None:
    parsed = parse_credential_input((FORMATS / name).read_bytes())
    result = verify_imported(parsed, resolver=resolver_for(parsed.document))
    assert result.check("jwt_signature").status == "passed"
    assert result.check("issuer_key").problems[0].code == "jwt_key_not_bound"
    assert not result.verified


def test_tampered_baked_credential_fails_its_proof() -> None:
    svg = (FORMATS / "simple-json.svg").read_text(encoding="utf-8")
    svg = svg.replace("Teamwork Badge", "Leadership Badge")
    parsed = parse_credential_input(svg.encode())
    result = verify_imported(parsed, resolver=resolver_for(parsed.document))
    assert result.check("proof").status == "failed"
    assert not result.verified


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"", UnsupportedFormatError),
        (b"hello", UnsupportedFormatError),
        (b"\xff\xfe\x00", UnsupportedFormatError),
        (b"[1, 2]", UnsupportedFormatError),
        (b'{"a": 1, "a": 2}', InvalidDocumentError),
        (b'{"a": NaN}', InvalidDocumentError),
        (b'{"a": "\\ud800"}', InvalidDocumentError),
        (b"[" * 100_000 + b"]" * 100_000, InvalidDocumentError),
        (b'{"a":' * 70 + b"1" + b"}" * 70, InputTooLargeError),
        (b"\x89PNG\r\n\x1a\n", MalformedImageError),
        (b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", NoBakedCredentialError),
        (
            b"<!DOCTYPE x [<!ENTITY a 'b'>]><svg xmlns='http://www.w3.org/2000/svg'>&a;</svg>",
            MalformedImageError,
        ),
        (b"a.b.c", InvalidDocumentError),
        (b" " * (9 * 1024 * 1024), InputTooLargeError),
    ],
)
def test_unusable_input_raises_a_coded_error(data: bytes, error: type[CredcoreError]) -> None:
    with pytest.raises(error) as raised:
        parse_credential_input(data)
    assert raised.value.code and raised.value.message("fr")
