"""RDF terms and quads in canonical N-Quads form (https://www.w3.org/TR/rdf-canon/#canonical-quads).

A :data:`Quad` is ``(subject, predicate, object, graph)``, each already serialised as an N-Quads term
in RDFC-1.0 canonical form; the graph is ``""`` for the default graph. Building terms here (and only
here) keeps the escaping rules in one place for every producer: the generic pyld path, the compiled
fast path and the canonicalizer.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

__all__ = [
    "RDF_LANGSTRING",
    "RDF_TYPE",
    "XSD_STRING",
    "Quad",
    "blank_node",
    "escape_literal",
    "iri",
    "is_blank_node",
    "literal",
    "serialize_quad",
    "serialize_quads",
]

Quad = tuple[str, str, str, str]

XSD_STRING: Final = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING: Final = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
RDF_TYPE: Final = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def _escape_table() -> dict[int, str]:
    table = {code: f"\\u{code:04X}" for code in [*range(0x20), 0x7F]}
    table.update({0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r"})
    table.update({ord('"'): '\\"', ord("\\"): "\\\\"})
    return table


_ESCAPES: Final = _escape_table()


def escape_literal(lexical: str) -> str:
    """Escape a literal's lexical form as RDFC-1.0 requires
    (https://www.w3.org/TR/rdf-canon/#canonical-quads): ``\\"`` ``\\\\`` ``\\b`` ``\\t`` ``\\n`` ``\\f``
    ``\\r``, other U+0000–U+001F and U+007F as ``\\uXXXX`` (uppercase hex); nothing else."""
    return lexical.translate(_ESCAPES)


def iri(value: str) -> str:
    """An IRI term ``<value>`` (canonical N-Quads do not escape IRIs)."""
    return f"<{value}>"


def blank_node(label: str) -> str:
    """A blank node term ``_:label``."""
    return label if label.startswith("_:") else f"_:{label}"


def is_blank_node(term: str) -> bool:
    return term.startswith("_:")


def literal(lexical: str, datatype: str | None = None, language: str | None = None) -> str:
    """A literal term: ``"x"``, ``"x"@lang`` or ``"x"^^<datatype>`` (xsd:string is implied, never written)."""
    quoted = f'"{escape_literal(lexical)}"'
    if language:
        return f"{quoted}@{language}"
    if datatype and datatype != XSD_STRING:
        return f"{quoted}^^<{datatype}>"
    return quoted


def serialize_quad(quad: Quad) -> str:
    """One canonical N-Quads line, ending with ``\\n``."""
    subject, predicate, object_, graph = quad
    if graph:
        return f"{subject} {predicate} {object_} {graph} .\n"
    return f"{subject} {predicate} {object_} .\n"


def serialize_quads(quads: Iterable[Quad]) -> str:
    """Serialise quads as sorted N-Quads lines (no relabelling: use :mod:`credcore.rdfc` for that)."""
    return "".join(sorted({serialize_quad(quad) for quad in quads}))
