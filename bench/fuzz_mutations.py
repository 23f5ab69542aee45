"""The mutations bench/fuzz.py applies to its seeds (seeded, deterministic): byte level, structural (JSON
values anywhere in a credential, JWS header/payload/signature, PNG chunks, SVG content) and random inputs."""

from __future__ import annotations

import base64
import json
import random
import struct
import zlib
from typing import Any

from tests.fixtures.formats.samples import b64url

_STRINGS = [
    "",
    "a",
    "é",
    "\u0000",
    "\ud7ff",
    "did:key:z6Mk",
    "https://evil.example/",
    "urn:uuid:1",
    "0",
    "true",
    "2030-01-01T00:00:00Z",
    "eddsa-rdfc-2022",
    "eddsa-jcs-2022",
    "#",
    "x" * 300,
    "<![CDATA[",
    "]]>",
    "\"'<&",
]


def _b64(segment: str) -> bytes:
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


# -- mutations --------------------------------------------------------------------------------------


def random_json(rng: random.Random, depth: int = 0) -> Any:
    choice = rng.randrange(8 if depth < 4 else 5)
    if choice == 0:
        return None
    if choice == 1:
        return rng.choice([True, False])
    if choice == 2:
        return rng.choice([0, -1, 1.5, 2**63, 10**400 if rng.random() < 0.1 else 7, 1e308])
    if choice in (3, 4):
        return (
            rng.choice(_STRINGS)
            if rng.random() < 0.7
            else "".join(chr(rng.randrange(1, 0x2FFF)) for _ in range(rng.randrange(12)))
        )
    if choice == 5:
        return [random_json(rng, depth + 1) for _ in range(rng.randrange(4))]
    return {
        rng.choice([*_STRINGS, "id", "type", "@context", "proof", "issuer"]): random_json(rng, depth + 1)
        for _ in range(rng.randrange(4))
    }


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            out.extend(_paths(child, (*prefix, key)))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            out.extend(_paths(child, (*prefix, index)))
    return out


def _mutate_string(rng: random.Random, text: str) -> str:
    action = rng.randrange(5)
    if action == 0 or not text:
        return text + rng.choice(["x", " ", "é", "\u200b", "0"])
    position = rng.randrange(len(text))
    if action == 1:
        return text[:position] + text[position + 1 :]
    if action == 2:
        return (
            text[:position]
            + chr((ord(text[position]) ^ (1 << rng.randrange(7))) or 65)
            + text[position + 1 :]
        )
    if action == 3:
        return text.upper() if text != text.upper() else text.lower() + "A"
    return rng.choice(_STRINGS)


def mutate_tree(rng: random.Random, document: Any) -> Any:
    """Change one value anywhere in a JSON tree (returns a new tree)."""
    tree = json.loads(json.dumps(document))
    paths = _paths(tree)
    path = rng.choice(paths[1:] if len(paths) > 1 else paths)
    if not path:
        return random_json(rng)
    parent = tree
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    current = parent[last]
    action = rng.randrange(6)
    if action == 0:
        del parent[last]
    elif action == 1:
        parent[last] = random_json(rng)
    elif action == 2 and isinstance(current, str):
        parent[last] = _mutate_string(rng, current)
    elif action == 3 and isinstance(current, list) and len(current) > 1:
        i, j = rng.sample(range(len(current)), 2)
        current[i], current[j] = current[j], current[i]
    elif action == 4 and isinstance(current, dict):
        current[rng.choice([*_STRINGS, "id", "type", "name", "proof"])] = random_json(rng)
    elif isinstance(current, int | float) and not isinstance(current, bool):
        parent[last] = current + rng.choice([1, -1, 0.5])
    else:
        parent[last] = [current] if rng.random() < 0.5 else random_json(rng)
    return tree


def mutate_bytes(rng: random.Random, data: bytes, other: bytes) -> bytes:
    buffer = bytearray(data)
    for _ in range(rng.choice([1, 1, 1, 2, 4])):
        if not buffer:
            break
        action = rng.randrange(7)
        position = rng.randrange(len(buffer))
        if action == 0:
            buffer[position] ^= 1 << rng.randrange(8)
        elif action == 1:
            buffer[position] = rng.randrange(256)
        elif action == 2:
            buffer[position:position] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 9)))
        elif action == 3:
            del buffer[position : position + rng.randrange(1, 64)]
        elif action == 4:
            span = buffer[position : position + rng.randrange(1, 64)]
            buffer[position:position] = span
        elif action == 5:
            del buffer[position:]
        else:
            cut = rng.randrange(len(other) or 1)
            buffer[position:] = other[cut:]
    return bytes(buffer)


def _jws_structural(rng: random.Random, token: str) -> str:
    header, payload, signature = token.split(".")
    action = rng.randrange(6)
    if action == 0:
        return (
            b64url(json.dumps(mutate_tree(rng, json.loads(_b64(header)))).encode())
            + f".{payload}.{signature}"
        )
    if action == 1:
        return (
            f"{header}."
            + b64url(json.dumps(mutate_tree(rng, json.loads(_b64(payload)))).encode())
            + f".{signature}"
        )
    if action == 2:
        forged = {
            **json.loads(_b64(header)),
            "alg": rng.choice(["none", "HS256", "ES256", "RS256", "EdDSA", "Ed25519"]),
        }
        return (
            b64url(json.dumps(forged).encode()) + f".{payload}." + ("" if rng.random() < 0.3 else signature)
        )
    if action == 3:
        raw = bytearray(_b64(signature))
        if raw:
            raw[rng.randrange(len(raw))] ^= 1 << rng.randrange(8)
        return f"{header}.{payload}.{b64url(bytes(raw))}"
    if action == 4:  # re-serialise the same payload differently: the signature must not carry over
        return (
            f"{header}." + b64url(json.dumps(json.loads(_b64(payload)), indent=1).encode()) + f".{signature}"
        )
    return f"{header}.{payload}.{signature}" + rng.choice(["=", " ", "\n", ".", "A"])


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png_with_text(png: bytes, text: bytes, *, compressed: bool = False, twice: bool = False) -> bytes:
    iend = png.rindex(b"IEND") - 4
    start = png.index(b"iTXt") - 4 if b"iTXt" in png else iend
    end = start + 12 + struct.unpack(">I", png[start : start + 4])[0] if start != iend else iend
    body = b"openbadgecredential\x00" + (
        b"\x01\x00" + b"\x00\x00" + zlib.compress(text) if compressed else b"\x00\x00\x00\x00" + text
    )
    chunk = _png_chunk(b"iTXt", body)
    return png[:start] + chunk + (chunk if twice else b"") + png[end:]


def _inner_text(name: str, data: bytes) -> str:
    if name.endswith(".png"):
        start = data.index(b"openbadgecredential\x00") + len("openbadgecredential") + 5
        end = data.rindex(b"IEND") - 8
        return data[start:end].decode()
    if 'verify="' in data.decode():
        text = data.decode()
        return text.split('verify="', 1)[1].split('"', 1)[0]
    text = data.decode()
    return text.split("<![CDATA[", 1)[1].rsplit("]]>", 1)[0]


def _structural_text(rng: random.Random, text: str) -> str:
    if text.lstrip().startswith("{"):
        return json.dumps(mutate_tree(rng, json.loads(text)), indent=rng.choice([None, 2]))
    return _jws_structural(rng, text)


def structural(rng: random.Random, name: str, data: bytes) -> bytes:
    if name.endswith((".json", ".jwt", ".jws")):
        return _structural_text(rng, data.decode()).encode()
    inner = _inner_text(name, data)
    if name.endswith(".png"):
        action = rng.randrange(4)
        if action == 0:
            return _png_with_text(data, inner.encode(), compressed=True)
        if action == 1:
            return _png_with_text(data, inner.encode(), twice=True)
        return _png_with_text(data, _structural_text(rng, inner).encode())
    return (
        data.decode()
        .replace(inner, _structural_text(rng, inner).replace("]]>", "]]]]><![CDATA[>"), 1)
        .encode()
    )


def generate(rng: random.Random, names: list[str], samples: dict[str, bytes]) -> tuple[str, bytes, Any]:
    name = rng.choice(names)
    roll = rng.random()
    if roll < 0.5:
        return name, mutate_bytes(rng, samples[name], samples[rng.choice(names)]), None
    if roll < 0.9:
        return name, structural(rng, name, samples[name]), None
    if roll < 0.95:
        return "random-bytes", bytes(rng.randrange(256) for _ in range(rng.randrange(64))), None
    value = random_json(rng)
    return "random-json", json.dumps(value).encode(), value
