"""Fast JSON-LD → RDF for credentials that use only the bundled contexts.

``to_rdf(document)`` produces exactly the quads that pyld 3.3's ``to_rdf`` (options ``base: None``,
``rdfDirection: 'i18n-datatype'``, the bundled document loader) produces — same statements, same blank
node labels ``_:b0, _:b1, …`` — in the credential core's ``Quad`` form (RDFC-1.0 canonical N-Quads
terms, graph ``""`` for the default graph), or ``None`` when the document uses anything it does not fully
handle, so the caller falls back to the generic path (which also reports the errors).

It fuses three algorithms of the JSON-LD 1.1 API into one walk over the compacted document:

* Expansion (https://www.w3.org/TR/json-ld11-api/#expansion-algorithm), with every active context
  obtained from pyld's own context processing and memoised (:mod:`credcore._internal.fastrdf_contexts`);
* Node Map Generation (https://www.w3.org/TR/json-ld11-api/#node-map-generation): blank node labels are
  issued in its depth-first order — properties of a node sorted by expanded IRI, values in document order,
  a graph object's label before its content — and duplicate statements are merged with pyld's equality;
* Deserialize JSON-LD to RDF (https://www.w3.org/TR/json-ld11-api/#deserialize-json-ld-to-rdf-algorithm):
  list nodes (``@list``) get their labels afterwards in (graph, subject, property) order, as pyld does.

Supported: top-level ``@context`` as bundled URLs, ``id``/``type`` (and ``@id``/``@type``), defined terms
with ``@set``, ``@list`` and ``@graph`` containers, ``@id``/``@vocab``/``@json``/datatype coercion,
type-scoped and property-scoped contexts, value objects with ``@value``/``@language``/``@direction``.
Everything else (embedded contexts, ``@graph``/``@included``/``@nest``/``@reverse``/``@index``, compact
IRIs or undefined terms as keys, relative IRIs, unsafe numbers, nested arrays, …) returns ``None``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Final

from credcore._internal.fastrdf_contexts import RDF_TYPE, Ctx, Plan, Unsupported, ValuePlan, top_context
from credcore._internal.fastrdf_terms import check_language, json_literal, literal, value_key

__all__ = ["Quad", "classify", "graph_nodes", "to_rdf"]

Quad = tuple[str, str, str, str]

_RDF: Final = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_TYPE: Final = f"<{RDF_TYPE}>"
_FIRST: Final = f"<{_RDF}first>"
_REST: Final = f"<{_RDF}rest>"
_NIL: Final = f"<{_RDF}nil>"
_VALUE_KEYS: Final = frozenset(("@value", "@language", "@direction"))


def to_rdf(document: Mapping[str, Any]) -> list[Quad] | None:
    """Deserialize ``document`` to RDF (https://www.w3.org/TR/json-ld11-api/#deserialize-json-ld-to-rdf-algorithm)
    exactly as the generic pyld path would, or return ``None`` when the fast path does not apply."""
    if type(document) is not dict:
        return None
    walk = _Walk()
    try:
        top = top_context(_context_urls(document.get("@context")))
        if top is None:
            return None
        walk.node(top, document, "", top=True)
        walk.lists_to_rdf()
    except Exception:  # Unsupported, RecursionError, or any surprise: the generic path decides
        return None
    return walk.quads or None  # no statements: the generic path reports it


class _Walk:
    """One document's state: output, duplicate filter, blank node issuer, pending lists."""

    __slots__ = ("counter", "issued", "lists", "quads", "seen")

    def __init__(self) -> None:
        self.quads: list[Quad] = []
        self.seen: set[tuple[Any, ...]] = set()
        self.counter = 0
        self.issued: dict[str, str] = {}
        self.lists: list[tuple[str, str, str, int, str, str, str, list[str]]] = []

    def bnode(self, old: str | None = None) -> str:
        """pyld's IdentifierIssuer('_:b'): a fresh label, or the label already issued for ``old``."""
        if old is not None and old in self.issued:
            return self.issued[old]
        label = f"_:b{self.counter}"
        self.counter += 1
        if old is not None:
            self.issued[old] = label
        return label

    def add(self, graph: str, subject: str, predicate: str, obj: str, key: tuple[Any, ...]) -> None:
        """Add a statement unless the node map already holds an equal value for (subject, property)."""
        full = (graph, subject, predicate, *key)
        if full not in self.seen:
            self.seen.add(full)
            self.quads.append((subject, predicate, obj, graph))

    # -- expansion + node map ------------------------------------------------------------------------
    def node(self, ctx: Ctx, element: dict[str, Any], graph: str, *, top: bool = False) -> str:
        """Expand one node object (expansion algorithm steps 11–14) and add it to the node map
        (node map generation steps 3–6); return its subject term."""
        ctx, active, types, id_value, props = classify(ctx, element, top)

        if id_value is None:
            subject = self.bnode()
        else:
            subject = active.id_term(id_value)
            if subject[0] == "_":
                subject = self.bnode(subject)
        add = self.add
        for type_ in types:
            obj = ctx.type_term(type_)
            add(graph, subject, _TYPE, obj, (obj,))

        for _iri, key, plan in props:
            self.property(plan, element[key], graph, subject)
        return subject

    def property(self, plan: Plan, value: Any, graph: str, subject: str) -> None:
        """Expand one entry's value (expansion algorithm step 13) and add it to the node map."""
        if plan.is_json:
            obj, key = json_literal(value)
            self.add(graph, subject, plan.term, obj, key)
            return
        if value is None:
            return
        values = plan.values
        assert values is not None
        items = value if type(value) is list else [value]
        if plan.container == "@graph":
            for node_ctx, item in graph_nodes(values, items):
                graph_node = self.bnode()
                self.add(graph, subject, plan.term, graph_node, (graph_node,))
                self.node(node_ctx, item, graph_node)
        elif plan.container == "@list":
            cells = [self.value(values, item, graph) for item in items if item is not None]
            order = (graph or "@default", _sort_id(subject), plan.iri, len(self.lists))
            self.lists.append((*order, graph, subject, plan.term, cells))
        else:
            for item in items:
                if item is not None:
                    obj, key = self.value_with_key(values, item, graph)
                    self.add(graph, subject, plan.term, obj, key)

    def value(self, plan: ValuePlan, item: Any, graph: str) -> str:
        return self.value_with_key(plan, item, graph)[0]

    def value_with_key(self, plan: ValuePlan, item: Any, graph: str) -> tuple[str, tuple[Any, ...]]:
        """Value Expansion (https://www.w3.org/TR/json-ld11-api/#value-expansion) of one array item,
        or expansion of a nested node / value object; returns the object term and its node-map key."""
        kind = type(item)
        if kind is dict:
            if "@value" in item:
                return _value_object(item)
            obj = self.node(_node_ctx(plan, item), item, graph)
            return obj, (obj,)
        if kind is list:
            raise Unsupported("nested array")
        coerce = plan.coerce
        if kind is str and coerce == "@id":
            obj = plan.value_ctx.id_term(item)
            if obj[0] == "_":
                obj = self.bnode(obj)
            return obj, (obj,)
        if kind is str and coerce == "@vocab":
            iri = plan.value_ctx.expand_iri(item, vocab=True)
            if iri[0] == "@":
                raise Unsupported("keyword reference")
            obj = self.bnode(iri) if iri.startswith("_:") else f"<{iri}>"
            return obj, (obj,)
        datatype = None if coerce == "@id" or coerce == "@vocab" else coerce
        return literal(item, datatype, None, None), (item, kind is bool, datatype, None)

    # -- Deserialize JSON-LD to RDF: lists ----------------------------------------------------------
    def lists_to_rdf(self) -> None:
        """Convert pending ``@list`` values to rdf:first/rest chains, issuing labels in pyld's order
        (graphs, subjects and properties sorted; https://www.w3.org/TR/json-ld11-api/#list-to-rdf-conversion)."""
        pending = sorted(self.lists, key=lambda entry: entry[:4])
        for _g, _s, _p, _n, graph, subject, predicate, cells in pending:
            if not cells:
                self.quads.append((subject, predicate, _NIL, graph))
                continue
            node = self.bnode()
            self.quads.append((subject, predicate, node, graph))
            for index, cell in enumerate(cells):
                rest = self.bnode() if index + 1 < len(cells) else _NIL
                self.quads.append((node, _FIRST, cell, graph))
                self.quads.append((node, _REST, rest, graph))
                node = rest



def classify(
    ctx: Ctx, element: dict[str, Any], top: bool
) -> tuple[Ctx, Ctx, list[str], str | None, tuple[tuple[str, str, Plan], ...]]:
    """Expansion algorithm steps 9–13 for the keys of one node object: the context after an embedded
    ``@context``, the active context after type-scoped contexts, the ``@type`` values, the ``@id`` value and
    the (IRI, key, plan) of every property sorted by IRI; raises :class:`Unsupported` for anything else.
    What depends only on the keys is memoised per active context (:meth:`Ctx.shape`)."""
    if "@context" in element and not top:
        ctx = ctx.embedded(_context_urls(element["@context"]))
    type_key = None
    types: list[str] = []
    active = ctx
    found = ctx.type_keys.intersection(element)
    if found:
        if len(found) > 1:
            raise Unsupported("several @type entries")
        (type_key,) = found
        raw_types = element[type_key]
        types = raw_types if type(raw_types) is list else [raw_types]
        for type_ in types:
            if type(type_) is not str:
                raise Unsupported("@type value")
        if ctx.scoped_types:
            active = ctx.typed_for(types)
    id_key, props = active.shape(tuple(element), type_key)
    id_value = None
    if id_key is not None:
        id_value = element[id_key]
        if type(id_value) is not str:
            raise Unsupported("@id value")
    return ctx, active, types, id_value, props


def _context_urls(context: Any) -> tuple[str, ...]:
    """A ``@context`` made only of context URLs (they must also be bundled, checked by the caller)."""
    if type(context) is str:
        return (context,)
    if type(context) is list and context and all(type(url) is str for url in context):
        return tuple(context)
    raise Unsupported("inline or empty @context")


def graph_nodes(plan: ValuePlan, items: list[Any]) -> Iterator[tuple[Ctx, dict[str, Any]]]:
    """The node objects of a ``@graph`` container's values, each with its active context."""
    for item in items:
        if item is None:
            continue
        if type(item) is not dict or "@value" in item:
            raise Unsupported("graph container value")
        yield _node_ctx(plan, item), item


def _sort_id(term: str) -> str:
    return term[1:-1] if term.startswith("<") else term


def _node_ctx(plan: ValuePlan, item: dict[str, Any]) -> Ctx:
    """Pick the active context for a nested node object: keep a type-scoped context only for a bare
    node reference (pyld ``_expand``: ``must_revert``), then apply the property-scoped context."""
    ctx = plan.value_ctx
    keep = False
    if ctx.has_previous and len(item) == 1:
        (key,) = item
        mapping = ctx.raw["mappings"].get(key)
        keep = key == "@id" or bool(mapping and mapping["@id"] == "@id")
    return ctx.node_ctx(plan.key, keep)


def _value_object(item: dict[str, Any]) -> tuple[str, tuple[Any, ...]]:
    """A value object with ``@value`` and optional ``@language``/``@direction`` (expansion algorithm
    step 13.4.7–13.4.9 and 15)."""
    if not _VALUE_KEYS.issuperset(item):
        raise Unsupported("value object keys")
    value = item["@value"]
    language = check_language(item["@language"]) if "@language" in item else None
    direction = item.get("@direction")
    if "@direction" in item and direction not in ("ltr", "rtl"):
        raise Unsupported("direction")
    if (language is not None or "@direction" in item) and type(value) is not str:
        raise Unsupported("language-tagged non-string")
    if value is None:
        raise Unsupported("null @value")
    return literal(value, None, language, direction), value_key(value, None, language)
