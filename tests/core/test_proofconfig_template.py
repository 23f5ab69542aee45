"""The proof configuration template is byte-identical to the generic path wherever it applies,
and declines (returns None) everywhere else."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from credcore import cryptosuites
from credcore._internal.proofconfig import (
    MAX_EXTRA_CONTEXTS,
    TEMPLATE_CONTEXTS,
    VC_V2_CONTEXT,
    context_list_supported,
    template_canonical_proof_config,
)
from credcore.cryptosuites import canonical_proof_config_generic, rdfc_proof_configuration
from credcore.errors import InvalidDocumentError
from credcore.jsonld import to_rdf_generic
from credcore.rdfc import canonicalize

PURPOSES = [
    "assertionMethod",
    "authentication",
    "capabilityDelegation",
    "capabilityInvocation",
    "keyAgreement",
]
METHODS = [
    "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
    "did:web:college.example:issuers:7#key-1",
    "https://example.edu/issuers/565049#z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi",
    "urn:uuid:0c3c8d52-6b77-4c61-8c5e-cb1f0f3f2b10",
]


def _config(**changes: Any) -> dict[str, Any]:
    config: dict[str, Any] = {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "created": "2026-11-25T10:00:00Z",
        "verificationMethod": METHODS[0],
        "proofPurpose": "assertionMethod",
        "@context": [VC_V2_CONTEXT, "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
    }
    config.update(changes)
    return {name: value for name, value in config.items() if value is not None}


def _assert_same(config: dict[str, Any]) -> None:
    template = template_canonical_proof_config(config)
    assert template is not None, config
    assert template == canonical_proof_config_generic(config)
    assert template == canonicalize(to_rdf_generic(config))  # pyld itself, whatever fast path exists


@pytest.mark.parametrize("context", sorted(TEMPLATE_CONTEXTS))
@pytest.mark.parametrize("purpose", PURPOSES)
def test_each_template_context_and_purpose(context: str, purpose: str) -> None:
    _assert_same(_config(**{"@context": [VC_V2_CONTEXT, context], "proofPurpose": purpose}))


def test_every_accepted_context_list() -> None:
    """Exhaustive over the lists the template accepts: up to MAX_EXTRA_CONTEXTS, in every order."""
    compared = 0
    for size in range(MAX_EXTRA_CONTEXTS + 1):
        for combination in itertools.permutations(sorted(TEMPLATE_CONTEXTS), size):
            contexts = [VC_V2_CONTEXT, *combination]
            if context_list_supported(contexts):
                _assert_same(_config(**{"@context": contexts}))
                compared += 1
    assert compared > 300


def test_conflicting_context_lists_are_not_templated() -> None:
    """OB 3.0.2 and 3.0.3 together redefine protected terms: the generic path rejects the list,
    so the template must not accept it either."""
    ob2 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json"
    ob3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
    assert template_canonical_proof_config(_config(**{"@context": [VC_V2_CONTEXT, ob2, ob3]})) is None
    with pytest.raises(InvalidDocumentError):
        canonical_proof_config_generic(_config(**{"@context": [VC_V2_CONTEXT, ob2, ob3]}))
    too_many = [VC_V2_CONTEXT, *sorted(TEMPLATE_CONTEXTS - {ob2})[:4]]
    assert template_canonical_proof_config(_config(**{"@context": too_many})) is None


@pytest.mark.parametrize("method", METHODS)
def test_every_optional_field(method: str) -> None:
    optional = {
        "expires": "2031-01-01T00:00:00.123+02:00",
        "challenge": 'c"h\\a\tl\x01l\x7f',
        "domain": "verifier.example é 😀",
        "nonce": "n\n\r\b\f",
    }
    for size in range(len(optional) + 1):
        for names in itertools.combinations(optional, size):
            _assert_same(_config(verificationMethod=method, **{name: optional[name] for name in names}))
    _assert_same(_config(created=None))


_STRINGS = st.text(st.characters(blacklist_categories=("Cs",)), max_size=20)
_STAMPS = st.datetimes(timezones=st.sampled_from([None])).map(
    lambda moment: moment.strftime("%Y-%m-%dT%H:%M:%SZ")
)


@settings(max_examples=60, deadline=None)
@given(
    challenge=_STRINGS,
    domain=_STRINGS,
    nonce=_STRINGS,
    suite=_STRINGS,
    created=_STAMPS,
    method=st.sampled_from(METHODS),
    purpose=st.sampled_from(PURPOSES),
    context=st.sampled_from(sorted(TEMPLATE_CONTEXTS)),
)
def test_template_equals_generic_on_generated_configs(
    challenge: str, domain: str, nonce: str, suite: str, created: str, method: str, purpose: str, context: str
) -> None:
    _assert_same(
        _config(
            challenge=challenge,
            domain=domain,
            nonce=nonce,
            cryptosuite=suite,
            created=created,
            verificationMethod=method,
            proofPurpose=purpose,
            **{"@context": [VC_V2_CONTEXT, context]},
        )
    )


@pytest.mark.parametrize(
    "changes",
    [
        {"id": "urn:uuid:1"},
        {"previousProof": "urn:uuid:1"},
        {"foo": "bar"},
        {"domain": ["a.example", "b.example"]},
        {"created": 5},
        {"type": "Ed25519Signature2020"},
        {"proofPurpose": "somethingElse"},
        {"verificationMethod": "relative#key"},
        {"verificationMethod": "xsd:string"},
        {"verificationMethod": "has space:x y"},
        {"@context": VC_V2_CONTEXT},
        {"@context": ["https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json", VC_V2_CONTEXT]},
        {"@context": [VC_V2_CONTEXT, "https://www.w3.org/2018/credentials/v1"]},
        {"@context": [VC_V2_CONTEXT, "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json"]},
        {"@context": [VC_V2_CONTEXT, {"@vocab": "https://vocab.example/"}]},
        {"@context": None},
        {"cryptosuite": None},
    ],
)
def test_template_declines_what_it_does_not_model(changes: dict[str, Any]) -> None:
    config = _config(**changes)
    if "cryptosuite" in changes:
        config.pop("cryptosuite", None)
    if "@context" in changes and changes["@context"] is None:
        config.pop("@context", None)
    assert template_canonical_proof_config(config) is None


def test_proof_configuration_uses_the_template(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(config: Any) -> str:
        raise AssertionError("generic path used")

    monkeypatch.setattr(cryptosuites, "canonical_proof_config_generic", fail)
    document = {"@context": _config()["@context"]}
    options = {name: value for name, value in _config().items() if name != "@context"}
    assert rdfc_proof_configuration(document, options).startswith(b"_:c14n0 ")


def test_non_standard_configuration_takes_the_generic_path() -> None:
    document = {"@context": _config()["@context"]}
    options = {name: value for name, value in _config(id="urn:uuid:proof-1").items() if name != "@context"}
    canonical = rdfc_proof_configuration(document, options).decode()
    assert "<urn:uuid:proof-1> <https://w3id.org/security#verificationMethod>" in canonical
