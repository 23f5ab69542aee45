"""Badge baking (https://www.imsglobal.org/spec/ob/v3p0/#baking): known answers from the 1EdTech validator's
baked badges, round trips, and the damaged or hostile images a verifier must refuse."""

from __future__ import annotations

import json
import struct
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.fixtures.formats.samples import TINY_SVG, tiny_png

from credcore.formats import (
    MalformedImageError,
    NoBakedCredentialError,
    bake_png,
    bake_svg,
    extract_baked,
    parse_credential_input,
)
from credcore.formats.png import iter_chunks

FORMATS = Path(__file__).resolve().parent.parent / "fixtures" / "formats" / "validator-ob30"
BAKED_PNG = (FORMATS / "simple-json.png").read_bytes()


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def strip_badge(png: bytes) -> bytes:
    """The 1EdTech image without its badge chunk, rebuilt from the parsed chunks."""
    kept = [c.raw for c in iter_chunks(png) if not (c.type == b"iTXt" and c.data.startswith(b"openbadge"))]
    return b"\x89PNG\r\n\x1a\n" + b"".join(kept)


def test_png_known_answer_rebaking_the_1edtech_badge_reproduces_it_byte_for_byte() -> None:
    """The validator's image holds its credential in one uncompressed iTXt chunk just before IEND; baking the
    same text into the stripped image must give back exactly the same file."""
    text = extract_baked(BAKED_PNG)
    assert text.lstrip().startswith("{")
    assert bake_png(strip_badge(BAKED_PNG), text) == BAKED_PNG


def test_png_known_answer_chunk_layout() -> None:
    text = "header.payload.signature"
    baked = bake_png(tiny_png(), text)
    expected = chunk(b"iTXt", b"openbadgecredential\x00\x00\x00\x00\x00" + text.encode())
    assert expected in baked
    assert baked.endswith(expected + chunk(b"IEND", b""))


def test_svg_known_answer_1edtech_badges() -> None:
    json_text = extract_baked((FORMATS / "simple-json.svg").read_bytes())
    assert json.loads(json_text) == json.loads(extract_baked(BAKED_PNG))
    jwt_text = extract_baked((FORMATS / "simple-jwt.svg").read_bytes())
    assert jwt_text.startswith("eyJhbGciOiJSUzI1NiIs") and jwt_text.count(".") == 2  # {"alg":"RS256",…


def test_rebaking_replaces_the_previous_credential() -> None:
    once = bake_png(BAKED_PNG, {"@context": ["https://www.w3.org/ns/credentials/v2"], "id": "urn:x:1"})
    assert json.loads(extract_baked(once))["id"] == "urn:x:1"
    badge_chunks = [c for c in iter_chunks(once) if c.data.startswith(b"openbadge")]
    assert len(badge_chunks) == 1
    svg = bake_svg(bake_svg(TINY_SVG, "a.b.c"), {"id": "urn:x:2"})
    assert svg.count("openbadges:credential") == 2  # one element: open and close tags
    assert json.loads(extract_baked(svg.encode())) == {"id": "urn:x:2"}


def test_svg_keeps_the_image_and_escapes_cdata_end() -> None:
    credential = {"name": "tricky ]]> <b>&amp;</b>", "id": "urn:x:3"}
    baked = bake_svg(TINY_SVG, credential)
    assert '<circle cx="5" cy="5" r="4"/>' in baked
    assert 'xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"' in baked
    assert json.loads(extract_baked(baked.encode())) == credential


def test_svg_jws_goes_in_the_verify_attribute() -> None:
    baked = bake_svg(TINY_SVG, "aGVhZA.cGF5bG9hZA.c2ln")
    assert '<openbadges:credential verify="aGVhZA.cGF5bG9hZA.c2ln"></openbadges:credential>' in baked


def _with_badge_chunk(body: bytes) -> bytes:
    png = tiny_png()
    end = png.rindex(b"IEND") - 4
    return png[:end] + chunk(b"iTXt", body) + png[end:]


@pytest.mark.parametrize(
    ("png", "error"),
    [
        (BAKED_PNG[:-5], MalformedImageError),  # truncated
        (BAKED_PNG[:40] + bytes([BAKED_PNG[40] ^ 1]) + BAKED_PNG[41:], MalformedImageError),  # CRC
        (BAKED_PNG + b"junk", MalformedImageError),  # after IEND
        (
            _with_badge_chunk(b"openbadgecredential\x00\x01\x00\x00\x00" + zlib.compress(b"{}" * 10**6)),
            MalformedImageError,
        ),  # compressed: never inflated
        (_with_badge_chunk(b"openbadgecredential\x00\x00\x00\x00\x00\xff\xfe"), MalformedImageError),  # UTF-8
        (tiny_png(), NoBakedCredentialError),
        (b"\x89PNG\r\n\x1a\n" + chunk(b"IEND", b""), MalformedImageError),  # IHDR first
    ],
)
def test_damaged_or_hostile_png_is_refused(png: bytes, error: type[Exception]) -> None:
    with pytest.raises(error):
        extract_baked(png)
    with pytest.raises(error):
        parse_credential_input(png)


def test_two_badge_chunks_are_ambiguous() -> None:
    png = tiny_png()
    end = png.rindex(b"IEND") - 4
    badge = chunk(b"iTXt", b"openbadgecredential\x00\x00\x00\x00\x00{}")
    with pytest.raises(MalformedImageError):
        extract_baked(png[:end] + badge + badge + png[end:])


@pytest.mark.parametrize(
    "svg",
    [
        '<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        '<svg xmlns="http://www.w3.org/2000/svg">&b;</svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><unclosed></svg>',
        '<html xmlns="http://www.w3.org/1999/xhtml"/>',
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:o="https://purl.imsglobal.org/ob/v3p0">'
        '<o:credential verify="a.b.c">{"also": "content"}</o:credential></svg>',
    ],
)
def test_hostile_or_malformed_svg_is_refused(svg: str) -> None:
    with pytest.raises(MalformedImageError):
        extract_baked(svg.encode())


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=120, deadline=None)
@given(st.dictionaries(st.text(max_size=12), json_values, max_size=6))
def test_round_trip_any_json_credential(credential: dict[str, object]) -> None:
    assert json.loads(extract_baked(bake_png(tiny_png(), credential))) == credential
    assert json.loads(extract_baked(bake_svg(TINY_SVG, credential).encode())) == credential


@pytest.mark.parametrize(
    "body",
    ["<g>" * 100_000 + "</g>" * 100_000, "<g/>" * 60_000],
    ids=["nested-100000", "flat-60000"],
)
def test_svg_parse_stops_early_on_deep_or_huge_trees(body: str) -> None:
    svg = f'<svg xmlns="http://www.w3.org/2000/svg">{body}</svg>'
    with pytest.raises(MalformedImageError, match="nested too deeply or has too many elements"):
        extract_baked(svg.encode())
