"""JSON-LD to RDF in safe mode (https://www.w3.org/TR/json-ld11-api/#deserialize-json-ld-to-rdf-algorithm).

Safe mode fails closed, as the JavaScript reference does, on anything that would silently escape the
signature: a property the contexts do not define, a relative IRI in ``@id``/``@type``/a datatype, a
malformed language tag, an integer beyond ±(2^53−1), a document without statements
(https://www.w3.org/TR/vc-data-integrity/#securing-data-losslessly). Contexts come only from the
bundled static loader; an unknown one raises :class:`UnknownContextError`.

:func:`to_rdf` first tries the compiled fast path (``credcore._internal.fastrdf``) when it is installed
and supports the document, then the generic pyld path, :func:`to_rdf_generic`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from typing import Any, Final

from pyld import jsonld as pyld_jsonld

from credcore.contexts import document_loader
from credcore.errors import CredcoreError, InvalidDocumentError, SafeModeError, UnknownContextError
from credcore.rdf import RDF_LANGSTRING, Quad, escape_literal

__all__ = ["MAX_SAFE_INTEGER", "check_safe_numbers", "to_rdf", "to_rdf_generic"]

MAX_SAFE_INTEGER: Final = 2**53 - 1
_IRI: Final = re.compile(r'^[A-Za-z][A-Za-z0-9+.\-]*:[^\x00-\x20<>"{}|^`\\]*$')
_BLANK: Final = re.compile(r"^_:[^\s]+$")
_LANGUAGE: Final = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")


def _static_document_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """The bundled loader, tagging documents ``static`` so that pyld keeps their processed form in
    its shared cache (bundled contexts are immutable and hash-checked; untagged ones are re-processed
    on every call)."""
    return {**document_loader(url, options), "tag": "static"}


_OPTIONS: Final[dict[str, Any]] = {
    "base": None,
    "documentLoader": _static_document_loader,
    "rdfDirection": "i18n-datatype",
    "produceGeneralizedRdf": False,
    "processingMode": "json-ld-1.1",
}


def _load_fast_path() -> Callable[[Mapping[str, Any]], list[Quad] | None] | None:
    try:
        from credcore._internal import fastrdf  # type: ignore[attr-defined, unused-ignore]
    except ImportError:
        return None
    function: Callable[[Mapping[str, Any]], list[Quad] | None] | None = getattr(fastrdf, "to_rdf", None)
    return function


_FAST_TO_RDF: Final = _load_fast_path()


def to_rdf(document: Mapping[str, Any]) -> list[Quad]:
    """The RDF dataset of ``document`` as canonical-form quads, in safe mode (fast path when available)."""
    if not isinstance(document, Mapping):
        raise InvalidDocumentError("a JSON-LD document must be a JSON object")
    check_safe_numbers(document)  # whichever path runs, JavaScript-unsafe numbers never get signed
    if _FAST_TO_RDF is not None:
        try:
            quads = _FAST_TO_RDF(document)
        except RecursionError as error:
            raise InvalidDocumentError("the document is nested too deeply") from error
        if quads is not None:
            return quads
    return to_rdf_generic(document)


def to_rdf_generic(document: Mapping[str, Any]) -> list[Quad]:
    """The generic pyld 3.3 path: JSON-LD expansion with a dropped-property hook, then toRDF
    (https://www.w3.org/TR/json-ld11-api/#deserialize-json-ld-to-rdf-algorithm) with ``base=None``
    and ``rdfDirection='i18n-datatype'``, as the JavaScript eddsa-rdfc-2022 cryptosuite does."""
    if not isinstance(document, Mapping):
        raise InvalidDocumentError("a JSON-LD document must be a JSON object")
    check_safe_numbers(document)
    processor = _SafeProcessor(on_property_dropped=_reject_dropped_property)
    try:
        dataset = processor.to_rdf(dict(document), dict(_OPTIONS))
    except pyld_jsonld.JsonLdError as error:
        raise _unwrap(error) from error
    except RecursionError as error:
        raise InvalidDocumentError("the document is nested too deeply") from error
    quads = _dataset_to_quads(dataset)
    if not quads:
        raise SafeModeError("the document expands to no statements")
    return quads


def check_safe_numbers(value: Any) -> None:
    """Reject integers beyond ±(2^53−1) and non-finite numbers anywhere: they do not survive
    JavaScript (https://www.rfc-editor.org/rfc/rfc8785#section-3.2.2.3, I-JSON §2.2)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, (bool, str)) or item is None:
            continue
        elif isinstance(item, int):
            if not -MAX_SAFE_INTEGER <= item <= MAX_SAFE_INTEGER:
                raise SafeModeError(f"integer {item} is beyond ±(2^53−1)")
        elif isinstance(item, float):
            if not math.isfinite(item):
                raise SafeModeError("non-finite number")
        else:
            raise InvalidDocumentError(f"not a JSON value: {type(item).__name__}")


def _reject_dropped_property(expanded_property: Any) -> None:
    raise SafeModeError(f"undefined term {expanded_property!r} would be dropped")


def _unwrap(error: BaseException) -> CredcoreError:
    """Find our own error inside pyld's wrapping (it chains loader failures as causes)."""
    seen: set[int] = set()
    current: BaseException | None = error
    innermost: BaseException = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, CredcoreError):
            return current
        if isinstance(current, pyld_jsonld.JsonLdError):
            innermost = current
        current = current.__cause__ or current.__context__
    code = getattr(innermost, "code", None) or getattr(innermost, "type", None) or "JSON-LD error"
    if code == "loading remote context failed":
        return UnknownContextError(str(getattr(innermost, "details", "")))
    return InvalidDocumentError(f"JSON-LD processing failed: {code}")


class _SafeProcessor(pyld_jsonld.JsonLdProcessor):  # type: ignore[misc]
    """pyld's processor, checking the expanded form before it becomes RDF (where pyld drops
    relative IRIs silently)."""

    def expand(self, input_: Any, options: dict[str, Any]) -> Any:
        expanded = super().expand(input_, options)
        _check_expanded(expanded)
        return expanded


def _check_iri(value: Any, what: str) -> None:
    # fullmatch: ``$`` alone would accept a trailing newline, which would then reach N-Quads raw
    if not isinstance(value, str) or not (_IRI.fullmatch(value) or _BLANK.fullmatch(value)):
        raise SafeModeError(f"{what} {value!r} is not an absolute IRI")


def _check_expanded(expanded: Any) -> None:
    """Walk the expanded form: every ``@id``, ``@type`` and datatype must be an absolute IRI or a
    blank node, every language tag well formed."""
    stack = [expanded]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
            continue
        if not isinstance(item, dict):
            continue
        if "@value" in item:
            _check_value_object(item)
            continue
        for key, value in item.items():
            if key == "@id":
                _check_iri(value, "@id")
            elif key == "@type":
                for entry in value if isinstance(value, list) else [value]:
                    _check_iri(entry, "@type")
            elif key == "@reverse" and isinstance(value, dict):
                for property_iri, objects in value.items():
                    _check_iri(property_iri, "property")
                    stack.append(objects)
            elif key == "@index":
                continue
            else:
                stack.append(value)


def _check_value_object(item: Mapping[str, Any]) -> None:
    datatype = item.get("@type")
    if datatype is not None and datatype != "@json":
        _check_iri(datatype, "datatype")
    language = item.get("@language")
    if language is not None and (not isinstance(language, str) or not _LANGUAGE.fullmatch(language)):
        raise SafeModeError(f"invalid language tag {language!r}")
    if item.get("@value") is None:
        raise SafeModeError("@value is null")


def _term(node: Mapping[str, Any]) -> str:
    kind = node["type"]
    value: str = node["value"]
    if kind == "IRI":
        return f"<{value}>"
    if kind == "blank node":
        return value
    quoted = f'"{escape_literal(value)}"'
    datatype = node.get("datatype")
    if datatype == RDF_LANGSTRING and node.get("language"):
        return f"{quoted}@{node['language']}"
    if datatype and datatype != "http://www.w3.org/2001/XMLSchema#string":
        return f"{quoted}^^<{datatype}>"
    return quoted


def _dataset_to_quads(dataset: Mapping[str, list[Mapping[str, Any]]]) -> list[Quad]:
    quads: list[Quad] = []
    for graph_name, triples in dataset.items():
        if graph_name == "@default":
            graph = ""
        elif graph_name.startswith("_:"):
            graph = graph_name
        else:
            graph = f"<{graph_name}>"
        for triple in triples:
            quads.append(
                (_term(triple["subject"]), _term(triple["predicate"]), _term(triple["object"]), graph)
            )
    return quads
