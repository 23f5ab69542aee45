"""``fastcheck.is_safe`` answers exactly when the compiled fast path (``fastrdf.to_rdf``) returns quads.

The fast path is itself proven identical to the generic safe path (tests/core/test_fastrdf.py), so a True
here means the full safe-mode expansion accepts the document; a False only means "ask the full check".
Corpora: the copied standards fixtures, the realistic micro-credential, the benchmark fixture, the
hypothesis-generated OB 3.0 credentials and their mutations (undefined terms, relative IRIs, unsafe
numbers, inline contexts, …).
"""

from __future__ import annotations

import contextlib
import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from credcore import jsonld
from credcore._internal.fastcheck import is_safe
from credcore._internal.fastrdf import to_rdf
from credcore.errors import CredcoreError

from .fastrdf_strategies import credentials, mutated
from .test_fastrdf import DOCUMENTS, REALISTIC, SLOW

BENCH_FIXTURE = Path(__file__).resolve().parents[2] / "bench" / "fixtures" / "ob3-microcredential.json"


def _agrees(document: Any) -> bool:
    """Assert ``is_safe`` agrees with the fast path (and never touches its input); return the answer."""
    original = copy.deepcopy(document)
    answer = is_safe(document)
    assert document == original, "the check must not modify its input"
    assert answer == (to_rdf(copy.deepcopy(document)) is not None)
    if answer:  # the full safe-mode check accepts it too
        jsonld.to_rdf_generic(copy.deepcopy(document))
    return answer


@pytest.mark.parametrize(("name", "document"), DOCUMENTS, ids=[name for name, _ in DOCUMENTS])
def test_standards_documents(name: str, document: dict[str, Any]) -> None:
    _agrees(document)


def test_most_of_the_standards_corpus_is_proven_safe_here() -> None:
    assert sum(is_safe(document) for _, document in DOCUMENTS) >= 150


@pytest.mark.parametrize("path", [REALISTIC, BENCH_FIXTURE], ids=["realistic", "bench"])
def test_realistic_credentials_are_proven_safe(path: Path) -> None:
    assert _agrees(json.loads(path.read_text(encoding="utf-8")))


@SLOW
@given(credentials())
def test_random_credentials(document: dict[str, Any]) -> None:
    _agrees(document)


@SLOW
@given(mutated())
def test_random_mutations(document: dict[str, Any]) -> None:
    if not _agrees(document):
        # whatever is not proven here, the full check either accepts or rejects it: never a crash
        with contextlib.suppress(CredcoreError):
            jsonld.to_rdf(copy.deepcopy(document))


@pytest.mark.parametrize(
    "change",
    [
        {"undefinedTerm": "x"},
        {"id": "relative"},
        {"name": 2**53},
        {"name": float("nan")},
        {"name": "\ud800"},
        {"name": [["nested"]]},
        {"name": ("not", "json")},
        {"type": ["VerifiableCredential", "NotDefined"]},
        {"issuer": "not an iri"},
        {"credentialSubject": {"id": "https://example.org/s", "type": ["AchievementSubject"], "x": 1}},
        {"credentialSubject": {"id": "https://example.org/s", 1: "non-string key"}},
        {"credentialSubject": {"id": "https://example.org/s", "@id": "https://example.org/t"}},
        {"credentialSubject": {"type": "AchievementSubject", "@type": "AchievementSubject"}},
        {"credentialSchema": {"id": "https://example.org/s", "type": "JsonSchema", "jsonSchema": [2**60]}},
        {"@context": ["https://www.w3.org/ns/credentials/v2", {"x": "https://example.org/x"}]},
    ],
)
def test_unsafe_or_unsupported_documents_are_not_proven(change: dict[str, Any]) -> None:
    document = json.loads(REALISTIC.read_text(encoding="utf-8"))
    document.update(change)
    assert _agrees(document) is False


def test_a_document_without_statements_is_not_proven() -> None:
    assert _agrees({"@context": "https://www.w3.org/ns/credentials/v2", "id": "urn:x:1"}) is False
    assert _agrees({"@context": "https://www.w3.org/ns/credentials/v2", "name": None}) is False
    assert _agrees({"@context": "https://www.w3.org/ns/credentials/v2", "name": []}) is False
    assert _agrees({"@context": "https://www.w3.org/ns/credentials/v2", "name": "x"}) is True


@given(st.sampled_from([None, [], "x", 1, ["https://www.w3.org/ns/credentials/v2"]]))
def test_non_documents_are_not_proven(document: Any) -> None:
    assert is_safe(document) is False


def test_shape_memos_are_bounded_and_answers_do_not_depend_on_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """Documents choose their key sets: past the global bound nothing more is memoised, and both walks
    still give the same answers."""
    from credcore._internal import fastrdf_contexts

    document = json.loads(REALISTIC.read_text(encoding="utf-8"))
    expected = sorted(to_rdf(copy.deepcopy(document)) or [])
    monkeypatch.setattr(fastrdf_contexts, "_memo_entries", fastrdf_contexts._MAX_SHAPES)
    subject = document["credentialSubject"]
    for index in range(50):  # new key orders: new shapes, none of them kept
        reordered = dict(reversed(list(subject.items()))) if index % 2 else dict(subject)
        reordered[f"undefined{index}"] = "x"
        assert is_safe({**document, "credentialSubject": reordered}) is False
    assert fastrdf_contexts._memo_entries == fastrdf_contexts._MAX_SHAPES
    assert is_safe(document) is True
    assert sorted(to_rdf(copy.deepcopy(document)) or []) == expected
