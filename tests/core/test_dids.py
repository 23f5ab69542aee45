"""did:key resolution, did:web documents and URL mapping, and the resolver's failure modes."""

from __future__ import annotations

from typing import Any

import pytest

from credcore.dids import DidResolver, did_key_document, did_web_document, did_web_from_url, did_web_to_url
from credcore.errors import CredcoreError, ResolutionError
from credcore.keys import Ed25519Multikey

from .conftest import FIXTURES, load_json

DID_KEY_EXAMPLE = FIXTURES / "did-key-examples" / "didkey-01-An-example-of-a-did-key-DID-Document.json"


def test_did_key_document_matches_spec_example_relationships() -> None:
    example = load_json(DID_KEY_EXAMPLE)
    document = did_key_document(example["id"])
    assert document["id"] == example["id"]
    assert document["verificationMethod"] == example["verificationMethod"]
    for relationship in ("authentication", "assertionMethod", "capabilityDelegation", "capabilityInvocation"):
        assert document[relationship] == example[relationship]


def test_resolve_did_key_verification_method() -> None:
    key = Ed25519Multikey.generate()
    method = DidResolver().resolve_verification_method(key.id)
    assert method.id == key.id and method.controller == key.did_key
    assert method.public_key == key.public_key_bytes
    assert method.is_authorized_for("assertionMethod")
    assert method.is_authorized_for("authentication")
    assert key.id in method.assertion_method
    bare = DidResolver().resolve_verification_method(key.did_key)
    assert bare.id == key.id


@pytest.mark.parametrize(
    "vm_id",
    [
        "did:key:zDnaegE6RR3atJtHKwTRTWHsJ3kNHqFwv7n9YjTgmU7TyfU76#zDnaegE6RR3atJtHKwTRTWHsJ3kNHqFwv7n9YjTgmU7TyfU76",
        "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#other",
        "did:example:123#key",
        "relative#key",
        "",
    ],
)
def test_unresolvable_methods(vm_id: str) -> None:
    with pytest.raises(ResolutionError):
        DidResolver().resolve_verification_method(vm_id)


@pytest.mark.parametrize(
    ("did", "url"),
    [
        ("did:web:w3c-ccg.github.io", "https://w3c-ccg.github.io/.well-known/did.json"),
        ("did:web:w3c-ccg.github.io:user:alice", "https://w3c-ccg.github.io/user/alice/did.json"),
        ("did:web:example.com%3A3000:user:alice", "https://example.com:3000/user/alice/did.json"),
    ],
)
def test_did_web_to_url_spec_examples(did: str, url: str) -> None:
    assert did_web_to_url(did) == url


@pytest.mark.parametrize(
    "did",
    [
        "did:web:",
        "did:web:exa_mple.com",
        "did:web:example.com::x",
        "did:web:example.com%3A99999",
        "did:key:z6Mk",
    ],
)
def test_did_web_to_url_rejects(did: str) -> None:
    with pytest.raises(ResolutionError):
        did_web_to_url(did)


def test_did_web_from_url() -> None:
    assert did_web_from_url("example.edu") == "did:web:example.edu"
    assert did_web_from_url("example.edu:8443", "/issuers/42/") == "did:web:example.edu%3A8443:issuers:42"
    with pytest.raises(CredcoreError):
        did_web_from_url("bad domain")


@pytest.mark.parametrize("context", ["did", "cid"])
def test_did_web_document_resolves_through_fetcher(context: str) -> None:
    key = Ed25519Multikey.generate()
    document = did_web_document("example.edu", key, path="issuers/7", context=context)
    assert document["id"] == "did:web:example.edu:issuers:7"
    expected_contexts = (
        ["https://www.w3.org/ns/cid/v1"]
        if context == "cid"
        else ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"]
    )
    assert document["@context"] == expected_contexts
    assert "secretKeyMultibase" not in str(document)
    vm_id = document["assertionMethod"][0]
    assert document["authentication"] == [vm_id]
    seen: list[str] = []

    def fetcher(url: str) -> dict[str, Any]:
        seen.append(url)
        return document

    method = DidResolver(fetcher=fetcher).resolve_verification_method(vm_id)
    assert seen == ["https://example.edu/issuers/7/did.json"]
    assert method.public_key == key.public_key_bytes and method.is_authorized_for("assertionMethod")


def test_did_web_with_several_keys() -> None:
    keys = [Ed25519Multikey.generate(), Ed25519Multikey.generate()]
    document = did_web_document("example.edu", keys)
    assert [m["id"] for m in document["verificationMethod"]] == [
        "did:web:example.edu#key-1",
        "did:web:example.edu#key-2",
    ]


def test_did_web_without_fetcher_fails_closed() -> None:
    with pytest.raises(ResolutionError):
        DidResolver().resolve("did:web:example.edu")


def test_fetcher_errors_and_mismatched_ids_are_resolution_errors() -> None:
    def broken(url: str) -> dict[str, Any]:
        raise OSError("down")

    with pytest.raises(ResolutionError):
        DidResolver(fetcher=broken).resolve("did:web:example.edu")
    other = did_web_document("evil.example", Ed25519Multikey.generate())
    with pytest.raises(ResolutionError):
        DidResolver(fetcher=lambda url: other).resolve("did:web:example.edu")


def test_relative_references_and_relationship_listing() -> None:
    key = Ed25519Multikey.generate()
    controller = "https://example.edu/issuers/1"
    document = {
        "id": controller,
        "verificationMethod": [
            {
                "id": "#k1",
                "type": "Multikey",
                "controller": controller,
                "publicKeyMultibase": key.public_key_multibase,
            }
        ],
        "authentication": ["#k1"],
    }
    method = DidResolver(documents={controller: document}).resolve_verification_method(f"{controller}#k1")
    assert method.is_authorized_for("authentication")
    assert not method.is_authorized_for("assertionMethod")


def test_method_with_foreign_controller_is_rejected() -> None:
    key = Ed25519Multikey.generate()
    controller = "https://example.edu/issuers/1"
    document = {
        "id": controller,
        "verificationMethod": [
            {
                "id": f"{controller}#k1",
                "type": "Multikey",
                "controller": "https://evil.example/",
                "publicKeyMultibase": key.public_key_multibase,
            }
        ],
        "assertionMethod": [f"{controller}#k1"],
    }
    with pytest.raises(ResolutionError):
        DidResolver(documents={controller: document}).resolve_verification_method(f"{controller}#k1")
