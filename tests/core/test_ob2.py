"""Open Badges 2.0 import: hosted and signed assertions against a fixed set of issuer documents."""

from __future__ import annotations

import json
from typing import Any

import pytest
from tests.fixtures.formats.samples import NOW, OB2, World, build_world, ob2_objects, ob2_signed, tiny_png

from credcore.formats import parse_credential_input, verify_imported
from credcore.formats.png import PNG_SIGNATURE, iter_chunks
from credcore.results import VerificationResult


def world_with(**overrides: dict[str, Any]) -> World:
    world = build_world()
    for url, document in overrides.items():
        world.web[url] = json.dumps(document).encode()
    return world


def verify(data: bytes, world: World, **kwargs: Any) -> VerificationResult:
    parsed = parse_credential_input(data, fetcher=world.fetch)
    return verify_imported(parsed, resolver=world.resolver, fetcher=world.fetch, now=NOW, **kwargs)


def codes(result: VerificationResult) -> set[str]:
    return {problem.code for problem in result.problem_details}


HOSTED = ob2_objects()["hosted"]
SIGNED = ob2_objects()["signed"]


def test_hosted_assertion_verifies_and_names_its_checks() -> None:
    world = build_world()
    result = verify(json.dumps(HOSTED).encode(), world)
    assert result.verified, result.to_json()
    assert [check.name for check in result.checks] == [
        "ob2_structure",
        "ob2_badge",
        "ob2_hosted",
        "validity_window",
        "recipient",
    ]


def test_recipient_hash_is_checked() -> None:
    world = build_world()
    data = json.dumps(HOSTED).encode()
    assert verify(data, world, expected_recipient="learner@example.com").check("recipient").status == "passed"
    assert "recipient_mismatch" in codes(verify(data, world, expected_recipient="someone@example.com"))


def test_presented_assertion_that_differs_from_the_hosted_one_fails() -> None:
    changed = {**HOSTED, "expires": "2099-01-01T00:00:00Z"}
    assert "ob2_hosted_mismatch" in codes(verify(json.dumps(changed).encode(), build_world()))


def test_hosted_outside_the_issuers_origin_fails() -> None:
    elsewhere = {**HOSTED, "id": "https://evil.example/assertions/1"}
    world = world_with(**{elsewhere["id"]: elsewhere})
    assert "ob2_origin_not_allowed" in codes(verify(json.dumps(elsewhere).encode(), world))


def test_hosted_revoked_fails() -> None:
    revoked = {**HOSTED, "revoked": True}
    world = world_with(**{HOSTED["id"]: revoked})
    assert "ob2_revoked" in codes(verify(json.dumps(revoked).encode(), world))


def test_unreachable_issuer_fails_closed() -> None:
    world = build_world()
    del world.web[f"{OB2}/badge"]
    result = verify(json.dumps(HOSTED).encode(), world)
    assert not result.verified
    assert result.check("ob2_badge").status == "failed"


def test_signed_assertion_verifies() -> None:
    result = verify(ob2_signed(SIGNED).encode(), build_world())
    assert result.verified, result.to_json()
    assert result.check("ob2_signature").detail == f"{OB2}/key"


def test_signed_assertion_tampered_fails() -> None:
    header, _, signature = ob2_signed(SIGNED).split(".")
    changed = ob2_signed({**SIGNED, "issuedOn": "2020-01-01T00:00:00Z"}).split(".")[1]
    assert "ob2_signature_invalid" in codes(verify(f"{header}.{changed}.{signature}".encode(), build_world()))


def test_signed_with_a_key_the_issuer_does_not_own_fails() -> None:
    key = {**ob2_objects()["key"], "owner": "https://evil.example/issuer"}
    world = world_with(**{key["id"]: key})
    assert "ob2_key_not_issuers" in codes(verify(ob2_signed(SIGNED).encode(), world))


def test_signed_assertion_on_the_revocation_list_fails() -> None:
    revocations = {**ob2_objects()["revocations"], "revokedAssertions": [{"id": SIGNED["id"]}]}
    world = world_with(**{revocations["id"]: revocations})
    assert "ob2_revoked" in codes(verify(ob2_signed(SIGNED).encode(), world))


@pytest.mark.parametrize(
    "verification", [{"type": "signed", "creator": f"{OB2}/key"}, {"type": {"x": 1}}, "x"]
)
def test_verification_type_must_match_how_it_arrived(verification: object) -> None:
    presented = {**HOSTED, "verification": verification}
    world = world_with(**{HOSTED["id"]: presented})
    result = verify(json.dumps(presented).encode(), world)
    assert not result.verified


def test_expired_assertion_fails() -> None:
    expired = {**HOSTED, "expires": "2026-06-01T00:00:00Z"}
    world = world_with(**{HOSTED["id"]: expired})
    assert "expired" in codes(verify(json.dumps(expired).encode(), world))


def test_ob2_png_baked_with_only_the_assertion_url_is_fetched() -> None:
    """OB 2.0 baking: a tEXt chunk ``openbadges`` holding the assertion URL."""
    import struct
    import zlib

    png = tiny_png()
    body = b"openbadges\x00" + HOSTED["id"].encode()
    chunk = struct.pack(">I", len(body)) + b"tEXt" + body + struct.pack(">I", zlib.crc32(b"tEXt" + body))
    baked = png[: png.rindex(b"IEND") - 4] + chunk + png[png.rindex(b"IEND") - 4 :]
    assert baked.startswith(PNG_SIGNATURE) and len(list(iter_chunks(baked))) == 4
    world = build_world()
    parsed = parse_credential_input(baked, fetcher=world.fetch)
    assert (parsed.format, parsed.container, parsed.raw) == ("ob2-hosted", "png", HOSTED["id"])
    assert verify_imported(parsed, resolver=world.resolver, fetcher=world.fetch, now=NOW).verified


@pytest.mark.parametrize("field", ["id", "badge"])
def test_unparsable_urls_fail_closed_without_an_error(field: str) -> None:
    """Found by bench/fuzz.py: ``urlsplit`` raises on a bracket in the host ("Invalid IPv6 URL")."""
    presented = {**HOSTED, field: "https://issuer.ex]mple/ob2/x"}
    result = verify(json.dumps(presented).encode(), build_world())
    assert not result.verified
    assert "check_error" not in codes(result)
