"""Safe-mode proof without building RDF: does the compiled fast path accept this document?

eddsa-jcs-2022 signs JSON, not RDF, but ``add_proof`` still refuses a document that JSON-LD processing
would change (ADR 0004 §3): an undefined term, a relative IRI, an unsafe number… The full check used to be
``credcore.jsonld.to_rdf`` — a complete expansion to quads whose result was thrown away. :func:`is_safe`
answers the same question for documents that only use the bundled contexts, at a fraction of the cost, by
walking the document with exactly the decisions of :mod:`credcore._internal.fastrdf` (the same node
classification, :func:`~credcore._internal.fastrdf.classify`, the same IRI and value expansion, the same
literal checks) while skipping what only builds output: literal strings, blank node labels, the duplicate
filter, sorting, list chains.

Contract (ADR 0011): ``is_safe(document)`` is True exactly when ``fastrdf.to_rdf(document)`` returns quads,
which the fast path's own tests prove only happens when the generic safe path accepts the document with the
same quads. False means "not proven here", never "unsafe": the caller then runs the full check, which
decides and reports. Proven by property tests against ``fastrdf.to_rdf`` (tests/core/test_fastcheck.py).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from credcore._internal.fastrdf import _context_urls, _node_ctx, _value_object, classify, graph_nodes
from credcore._internal.fastrdf_contexts import Ctx, Plan, Unsupported, ValuePlan, top_context
from credcore._internal.fastrdf_terms import _SURROGATE, MAX_SAFE_INT, json_literal

__all__ = ["is_safe"]


def is_safe(document: Mapping[str, Any]) -> bool:
    """True when ``document`` provably expands in safe mode without losing anything (see the module
    docstring); False when that is not proven here and the full check must decide."""
    if type(document) is not dict:
        return False
    try:
        top = top_context(_context_urls(document.get("@context")))
        return top is not None and _node(top, document, True)
    except Exception:  # Unsupported, RecursionError, or any surprise: the full check decides
        return False


def _node(ctx: Ctx, element: dict[str, Any], top: bool = False) -> bool:
    """Check one node object; True when it yields at least one statement (``fastrdf`` returns None
    for a document without statements)."""
    ctx, active, types, id_value, props = classify(ctx, element, top)
    if id_value is not None:
        active.id_term(id_value)
    for type_ in types:
        ctx.type_term(type_)
    produced = bool(types)
    for _iri, key, plan in props:
        value = element[key]
        kind = type(value)
        if plan.plain and kind is str:  # the common cases inlined: a plain string literal…
            if not value.isascii() and _SURROGATE.search(value) is not None:
                raise Unsupported("lone surrogate")
            produced = True
        elif kind is dict and plan.container is None and not plan.is_json and "@value" not in value:
            values = plan.values  # … and an embedded node object
            assert values is not None
            _node(_node_ctx(values, value), value)
            produced = True
        elif _property(plan, value):
            produced = True
    return produced


def _property(plan: Plan, value: Any) -> bool:
    """``fastrdf._Walk.property`` without output; True when the entry yields a statement."""
    if plan.is_json:
        json_literal(value)
        return True
    if value is None:
        return False
    values = plan.values
    assert values is not None
    items = value if type(value) is list else [value]
    produced = False
    if plan.container == "@graph":
        for node_ctx, item in graph_nodes(values, items):
            _node(node_ctx, item)
            produced = True
        return produced
    for item in items:
        if item is not None:
            _value(values, item)
            produced = True
    return produced or plan.container == "@list"  # an empty list is rdf:nil


def _value(plan: ValuePlan, item: Any) -> None:
    """``fastrdf._Walk.value_with_key`` without output: raises where it raises."""
    kind = type(item)
    if kind is str:
        coerce = plan.coerce
        if coerce == "@id":
            plan.value_ctx.id_term(item)
        elif coerce == "@vocab":
            if plan.value_ctx.expand_iri(item, vocab=True)[0] == "@":
                raise Unsupported("keyword reference")
        elif not item.isascii() and _SURROGATE.search(item) is not None:
            raise Unsupported("lone surrogate")
    elif kind is dict:
        if "@value" in item:
            _value_object(item)
        else:
            _node(_node_ctx(plan, item), item)
    elif kind is int:
        if not -MAX_SAFE_INT <= item <= MAX_SAFE_INT:
            raise Unsupported("integer beyond 2^53")
    elif kind is float:
        if not math.isfinite(item):
            raise Unsupported("non-finite number")
    elif kind is not bool:
        raise Unsupported("not a JSON scalar")  # nested arrays and foreign types
