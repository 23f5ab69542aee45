"""The generic-path oracle for the fast JSON-LD → RDF tests.

Uses ``credcore.jsonld.to_rdf_generic`` when the crypto engineer's module provides it; otherwise calls
pyld 3.3 directly with the same options (bundled loader, ``base: None``, ``rdfDirection:
'i18n-datatype'``) and writes each term in RDFC-1.0 canonical N-Quads form with an implementation that
is independent from the one under test.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from pyld import jsonld

from credcore.contexts import document_loader

Quad = tuple[str, str, str, str]
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def _escape(text: str) -> str:
    out = []
    for char in text:
        code = ord(char)
        if char == "\\":
            out.append("\\\\")
        elif char == '"':
            out.append('\\"')
        elif char == "\n":
            out.append("\\n")
        elif char == "\r":
            out.append("\\r")
        elif char == "\t":
            out.append("\\t")
        elif char == "\b":
            out.append("\\b")
        elif char == "\f":
            out.append("\\f")
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\u{code:04X}")
        else:
            out.append(char)
    return "".join(out)


def _term(node: dict[str, Any]) -> str:
    if node["type"] == "IRI":
        return "<" + node["value"] + ">"
    if node["type"] == "blank node":
        return node["value"]
    lexical = '"' + _escape(node["value"]) + '"'
    datatype = node.get("datatype")
    if datatype == RDF_LANGSTRING:
        return lexical + "@" + node["language"]
    if datatype in (None, XSD_STRING):
        return lexical
    return lexical + "^^<" + datatype + ">"


def pyld_to_rdf(document: dict[str, Any]) -> list[Quad]:
    """pyld 3.3 toRDF with the platform's options, as Quad tuples (graph "" = default graph)."""
    dataset = jsonld.to_rdf(
        copy.deepcopy(document),
        {"documentLoader": document_loader, "base": None, "rdfDirection": "i18n-datatype"},
    )
    quads: list[Quad] = []
    for graph_name, triples in dataset.items():
        if graph_name == "@default":
            graph = ""
        else:
            graph = graph_name if graph_name.startswith("_:") else f"<{graph_name}>"
        for triple in triples:
            subject, predicate, object_ = (_term(triple[part]) for part in ("subject", "predicate", "object"))
            quads.append((subject, predicate, object_, graph))
    return quads


def _pick() -> Callable[[dict[str, Any]], list[Quad]]:
    try:
        from credcore.jsonld import to_rdf_generic  # type: ignore[attr-defined]
    except ImportError:
        return pyld_to_rdf

    def generic(document: dict[str, Any]) -> list[Quad]:
        return list(to_rdf_generic(document))

    return generic


generic_to_rdf = _pick()
