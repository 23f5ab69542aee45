"""Terms, escaping and JSON-LD → RDF in safe mode (undefined terms, relative IRIs, big integers,
unknown contexts all fail closed)."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from credcore import jsonld
from credcore.errors import InvalidDocumentError, SafeModeError, UnknownContextError
from credcore.jsonld import to_rdf, to_rdf_generic
from credcore.rdf import escape_literal, iri, literal, serialize_quad, serialize_quads

from .conftest import VECTORS, load_json, read_text
from .samples import minimal_credential, sample_credential


def test_literal_escaping_follows_rdfc() -> None:
    assert escape_literal('a"b\\c') == 'a\\"b\\\\c'
    assert escape_literal("\b\t\n\f\r") == "\\b\\t\\n\\f\\r"
    assert escape_literal("\x00\x01\x0b\x0e\x1f\x7f") == "\\u0000\\u0001\\u000B\\u000E\\u001F\\u007F"
    assert escape_literal("é ≥ 😀 \u0080 \u2028") == "é ≥ 😀 \u0080 \u2028"


def test_term_builders() -> None:
    assert iri("https://a.example/x") == "<https://a.example/x>"
    assert literal("x") == '"x"'
    assert literal("x", "http://www.w3.org/2001/XMLSchema#string") == '"x"'
    assert literal("1", "http://www.w3.org/2001/XMLSchema#integer") == (
        '"1"^^<http://www.w3.org/2001/XMLSchema#integer>'
    )
    assert literal("chat", language="fr") == '"chat"@fr'
    assert serialize_quad(("<s>", "<p>", '"o"', "")) == '<s> <p> "o" .\n'
    assert serialize_quad(("<s>", "<p>", '"o"', "_:g")) == '<s> <p> "o" _:g .\n'


def test_vector_document_statements() -> None:
    quads = to_rdf(load_json(VECTORS / "unsigned.json"))
    assert serialize_quads(quads) == read_text(VECTORS / "eddsa-rdfc-2022" / "canonDocDataInt.txt")


def test_generic_path_is_what_to_rdf_falls_back_to(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jsonld, "_FAST_TO_RDF", lambda document: None)
    document = sample_credential()
    assert sorted(to_rdf(document)) == sorted(to_rdf_generic(document))


def test_control_characters_are_escaped_in_statements() -> None:
    document = minimal_credential()
    document["credentialSubject"]["name"] = "bell\x07 back\x08 ff\x0c del\x7f tab\t"
    objects = [quad[2] for quad in to_rdf(document) if quad[1] == "<https://schema.org/name>"]
    assert objects == ['"bell\\u0007 back\\b ff\\f del\\u007F tab\\t"']


def test_language_and_direction_use_i18n_datatype() -> None:
    document = minimal_credential()
    document["credentialSubject"]["name"] = {"@value": "Apprenant", "@language": "fr"}
    document["name"] = {"@value": "مرحبا", "@language": "ar", "@direction": "rtl"}
    objects = {quad[2] for quad in to_rdf(document)}
    assert '"Apprenant"@fr' in objects
    assert '"مرحبا"^^<https://www.w3.org/ns/i18n#ar_rtl>' in objects


def test_input_is_not_modified() -> None:
    document = sample_credential()
    before = copy.deepcopy(document)
    to_rdf(document)
    assert document == before


def _with(path: list[str], value: Any, base: dict[str, Any] | None = None) -> dict[str, Any]:
    document = base if base is not None else minimal_credential()
    target = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return document


@pytest.mark.parametrize(
    "document",
    [
        pytest.param(_with(["foo"], "bar"), id="undefined-top-level"),
        pytest.param(_with(["credentialSubject", "foo"], "bar"), id="undefined-in-subject"),
        pytest.param(_with(["@foo"], 1), id="keyword-like-term"),
        pytest.param(_with(["id"], "abc"), id="relative-id"),
        pytest.param(_with(["credentialSubject", "id"], "learner/1"), id="relative-subject-id"),
        pytest.param(_with(["type"], ["VerifiableCredential", "Unknown"]), id="undefined-type"),
        pytest.param(_with(["issuer"], "issuers/1"), id="relative-issuer"),
        pytest.param(_with(["credentialSubject", "age"], 2**53), id="int-2^53-undefined-term"),
        pytest.param(_with(["name"], {"@value": "x", "@language": "en US"}), id="bad-language"),
        pytest.param(
            _with(["credentialSubject", "achievement", "foo"], "bar", sample_credential()),
            id="ob-nested-undefined",
        ),
        pytest.param(_with(["credentialSubject", "creditsEarned"], 2**53, sample_credential()), id="ob-2^53"),
        pytest.param(
            _with(["credentialSubject", "creditsEarned"], -(2**53), sample_credential()), id="ob-neg"
        ),
        pytest.param(
            {"@context": ["https://www.w3.org/ns/credentials/v2"], "id": "urn:x"}, id="no-statements"
        ),
        pytest.param(
            _with(["credentialSubject", "creditsEarned"], float("nan"), sample_credential()), id="nan"
        ),
    ],
)
def test_safe_mode_violations(document: dict[str, Any]) -> None:
    with pytest.raises(SafeModeError):
        to_rdf(document)
    with pytest.raises(SafeModeError):
        to_rdf_generic(document)


def test_integer_limits_are_inclusive() -> None:
    document = sample_credential()
    document["credentialSubject"]["creditsEarned"] = 2**53 - 1
    to_rdf(document)
    document["credentialSubject"]["creditsEarned"] = -(2**53 - 1)
    to_rdf(document)
    document["credentialSubject"]["creditsEarned"] = True  # a bool is not an integer here
    with pytest.raises(SafeModeError):
        document["evidence"][0]["narrative"] = 2**60
        to_rdf(document)


@pytest.mark.parametrize(
    "contexts",
    [
        ["https://www.w3.org/ns/credentials/v2", "https://unknown.example/context.jsonld"],
        ["https://www.w3.org/ns/credentials/v2", {"@import": "https://unknown.example/c.jsonld"}],
        "https://unknown.example/context.jsonld",
    ],
)
def test_unknown_context_is_reported_as_such(contexts: Any) -> None:
    document = minimal_credential()
    document["@context"] = contexts
    with pytest.raises(UnknownContextError):
        to_rdf(document)


def test_unknown_context_inside_a_node_is_reported() -> None:
    document = minimal_credential()
    document["credentialSubject"]["@context"] = "https://unknown.example/context.jsonld"
    with pytest.raises(UnknownContextError):
        to_rdf(document)


def test_not_an_object_is_invalid() -> None:
    with pytest.raises(InvalidDocumentError):
        to_rdf_generic([minimal_credential()])  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (["@context"], ["https://www.w3.org/ns/credentials/v2", {"type": "@id"}]),  # protected term
        (["name"], {"@value": "x", "@type": "relative"}),  # relative datatype: invalid typed value
        (["name"], {"@value": {"a": 1}}),  # invalid value object
    ],
)
def test_invalid_json_ld_is_invalid_document(path: list[str], value: Any) -> None:
    with pytest.raises(InvalidDocumentError) as raised:
        to_rdf(_with(path, value))
    assert "RdfError" not in raised.value.detail


def test_vocab_context_accepts_extra_terms() -> None:
    """The examples context maps every term with @vocab: nothing is dropped, so nothing is rejected."""
    document = json.loads((VECTORS / "unsigned.json").read_text())
    document["foo"] = "bar"
    assert any(quad[1] == "<https://www.w3.org/ns/credentials/examples#foo>" for quad in to_rdf(document))


def test_deeply_nested_documents_are_invalid_not_crashes() -> None:
    from credcore.jcs import canonicalize as jcs_canonicalize

    document = minimal_credential()
    nested: dict[str, Any] = {"name": "leaf"}
    for _ in range(5000):
        nested = {"name": "level", "credentialSubject": nested}
    document["credentialSubject"] = nested
    with pytest.raises(InvalidDocumentError):
        to_rdf_generic(document)
    with pytest.raises(InvalidDocumentError):
        to_rdf(document)
    with pytest.raises(InvalidDocumentError):
        jcs_canonicalize(document)


@pytest.mark.parametrize("identifier", ["https://example.org/a\n", "_:b0\n"])
def test_a_trailing_newline_in_an_identifier_is_not_an_iri(identifier: str) -> None:
    document = minimal_credential()
    document["credentialSubject"]["id"] = identifier
    with pytest.raises((SafeModeError, InvalidDocumentError)):
        to_rdf_generic(document)
