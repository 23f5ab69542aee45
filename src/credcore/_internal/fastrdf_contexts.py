"""Compiled active contexts for the fast JSON-LD → RDF path (:mod:`credcore._internal.fastrdf`).

Every active context is produced by pyld's own Context Processing algorithm
(https://www.w3.org/TR/json-ld11-api/#context-processing-algorithm) with the same options and in the same
sequence as pyld's Expansion algorithm (https://www.w3.org/TR/json-ld11-api/#expansion-algorithm) would
apply them: the top-level ``@context`` array, type-scoped contexts (``propagate`` false, step 11), the revert
to the previous context when entering a new node object (step 7) and property-scoped contexts (step 8 and
step 13.6, with ``override protected``). The results are wrapped in :class:`Ctx` objects that memoise every
transition and every per-term decision, so that a document walk after the first one does only dictionary
look-ups. Anything this module does not fully model is reported as ``None`` (unsupported), never guessed.
"""

from __future__ import annotations

import re
import threading
from typing import Any, Final

from cachetools import LRUCache
from pyld import jsonld
from pyld.context_resolver import ContextResolver

from credcore._internal.fastrdf_plans import Plan, Shape, ValuePlan
from credcore.contexts import CONTEXT_URLS, document_loader

__all__ = ["Ctx", "Plan", "ValuePlan", "top_context"]

XSD_DOUBLE: Final = "http://www.w3.org/2001/XMLSchema#double"
RDF_TYPE: Final = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_MAX_CONTEXTS: Final = 2048  # bound on memoised active contexts (the reachable set is far smaller)
# bound on the per-document-shape memos of all contexts together (node key sets, @type value lists): documents
# choose these, so the memos must not grow with what a client sends; past the bound nothing more is kept
_MAX_SHAPES: Final = 16384
_memo_entries = 0
_KEYWORD_LIKE: Final = re.compile(r"^@[a-zA-Z]+$")
_ABSOLUTE: Final = re.compile(r"^([A-Za-z][A-Za-z0-9+-.]*|_):[^\s]*$")  # pyld's _is_absolute_iri
# an absolute IRI for pyld (no white space), a valid N-Quads IRIREF
# (https://www.w3.org/TR/n-quads/#grammar-production-IRIREF) and one credcore.jsonld's safe mode accepts
_CLEAN_IRI: Final = re.compile(r'[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>"{}|^`\\\x00-\x1f\x7f]*')
_BLANK: Final = re.compile(r"_:[^\s]+")

_lock = threading.RLock()
_processor = jsonld.JsonLdProcessor()
_options: Final[dict[str, Any]] = {
    "base": None,
    "documentLoader": document_loader,
    "contextResolver": ContextResolver(LRUCache(maxsize=1000), document_loader),
    "processingMode": "json-ld-1.1",
    "isFrame": False,
    "keepFreeFloatingNodes": False,
    "extractAllScripts": True,
    "produceGeneralizedRdf": False,
    "rdfDirection": "i18n-datatype",
}
_wrapped: dict[int, Ctx] = {}
_top: dict[tuple[str, ...], Ctx | None] = {}


def clean_iri(value: str) -> bool:
    """True when ``value`` is an absolute IRI for pyld (so toRDF keeps it) and a valid N-Quads IRIREF."""
    return _CLEAN_IRI.fullmatch(value) is not None


class Unsupported(Exception):
    """Raised internally when the fast path cannot prove it produces pyld's exact output."""


def _memo_room() -> bool:
    """Count one more memo entry if the global bound allows it."""
    global _memo_entries
    if _memo_entries >= _MAX_SHAPES:
        return False
    _memo_entries += 1
    return True


def _wrap(raw: dict[str, Any]) -> Ctx:
    ctx = _wrapped.get(id(raw))
    if ctx is None or ctx.raw is not raw:
        if len(_wrapped) >= _MAX_CONTEXTS:
            raise Unsupported("too many active contexts")
        ctx = Ctx(raw)
        _wrapped[id(raw)] = ctx
    return ctx


def _process(active: dict[str, Any], local: Any, **kwargs: bool) -> dict[str, Any]:
    try:
        result: dict[str, Any] = _processor._process_context(active, local, _options, **kwargs)
    except Exception as exc:  # context errors are for the generic path to report
        raise Unsupported("context processing failed") from exc
    return result


class Ctx:
    """A pyld active context plus memoised transitions and per-key plans."""

    __slots__ = (
        "_embedded",
        "_node_keep",
        "_node_revert",
        "_shapes",
        "_typed",
        "_typed_by_values",
        "has_previous",
        "plans",
        "raw",
        "scoped_types",
        "type_keys",
        "type_terms",
    )

    def __init__(self, raw: dict[str, Any]) -> None:
        self.raw = raw
        self.has_previous = bool(raw.get("previousContext"))
        mappings = raw["mappings"]
        self.type_keys = frozenset(k for k, m in mappings.items() if m and m["@id"] == "@type") | {"@type"}
        self.scoped_types = frozenset(
            k for k, m in mappings.items() if m and m.get("@context") not in (None, False)
        )
        self.type_terms: dict[str, str] = {}  # memo: @type value → IRI term, for defined terms only
        self.plans: dict[str, Plan | None] = {}
        self._typed: dict[tuple[str, ...], Ctx] = {}
        self._typed_by_values: dict[tuple[str, ...], Ctx] = {}
        self._node_revert: dict[str, Ctx] = {}
        self._node_keep: dict[str, Ctx] = {}
        self._embedded: dict[tuple[str, ...], Ctx] = {}
        self._shapes: dict[tuple[tuple[Any, ...], str | None], Shape] = {}

    # -- IRI Expansion, https://www.w3.org/TR/json-ld11-api/#iri-expansion (pyld's _expand_iri, no base)
    def expand_iri(self, value: str, *, vocab: bool) -> str:
        """Expand ``value``; raise :class:`Unsupported` unless the result is a clean absolute IRI or a
        blank node identifier (``_:``) or a keyword."""
        mappings = self.raw["mappings"]
        if value.startswith("@"):
            raise Unsupported("keyword-like value")
        if vocab and value in mappings:
            mapping = mappings[value]
            if mapping is None:
                raise Unsupported("null term")
            result: str = mapping["@id"]
        else:
            colon = value.find(":")
            result = ""
            if colon > 0:
                prefix, suffix = value[:colon], value[colon + 1 :]
                if prefix == "_":
                    if _BLANK.fullmatch(value) is None:
                        raise Unsupported("blank node identifier")
                    return value
                if suffix.startswith("//"):
                    result = value
                else:
                    mapping = mappings.get(prefix)
                    if mapping and mapping["_prefix"]:
                        result = mapping["@id"] + suffix
                    elif _ABSOLUTE.match(value):
                        result = value
            if not result:
                if vocab and "@vocab" in self.raw:
                    result = self.raw["@vocab"] + value
                else:
                    raise Unsupported("relative IRI")
        if result.startswith("_:") or result.startswith("@"):
            return result
        if not clean_iri(result):
            raise Unsupported("not an absolute IRI")
        return result

    # -- transitions -------------------------------------------------------------------------------
    def typed_for(self, types: list[str]) -> Ctx:
        """:meth:`typed` for a node's ``@type`` values (strings) as written: the scoped ones, sorted."""
        values = tuple(types)
        found = self._typed_by_values.get(values)
        if found is None:
            scoped = self.scoped_types
            found = self.typed(tuple(t for t in sorted(types) if t in scoped))
            if len(values) <= 8 and _memo_room():
                self._typed_by_values[values] = found
        return found

    def typed(self, type_terms: tuple[str, ...]) -> Ctx:
        """Apply the type-scoped contexts of ``type_terms`` (already sorted) with propagate=false
        (expansion algorithm step 11)."""
        if not type_terms:
            return self
        found = self._typed.get(type_terms)
        if found is None:
            with _lock:
                raw = self.raw
                for term in type_terms:
                    local = jsonld.JsonLdProcessor.get_context_value(self.raw, term, "@context")
                    if local is not None and local is not False:
                        raw = _process(raw, local, propagate=False)
                found = _wrap(raw)
                self._typed[type_terms] = found
        return found

    def embedded(self, urls: tuple[str, ...]) -> Ctx:
        """Process an embedded ``@context`` of bundled URLs on top of this context (expansion algorithm
        step 9; e.g. an EndorsementCredential inside an OpenBadgeCredential)."""
        found = self._embedded.get(urls)
        if found is None:
            if not all(url in CONTEXT_URLS for url in urls) or len(self._embedded) >= 64:
                raise Unsupported("embedded context")
            with _lock:
                found = _wrap(_process(self.raw, list(urls) if len(urls) > 1 else urls[0]))
                self._embedded[urls] = found
        return found

    def type_term(self, value: str) -> str:
        """The ``<IRI>`` term of a ``@type`` value (vocabulary-relative IRI expansion in this context)."""
        term = self.type_terms.get(value)
        if term is None:
            iri = self.expand_iri(value, vocab=True)
            if iri[0] in "_@":
                raise Unsupported("blank node or keyword type")
            term = f"<{iri}>"
            if value in self.raw["mappings"] and len(self.type_terms) < 1024:
                self.type_terms[value] = term
        return term

    def id_term(self, value: str) -> str:
        """The IRI term of an ``@id`` value (document-relative IRI expansion, no base), or the raw blank
        node identifier (the caller relabels it)."""
        colon = value.find(":")
        if colon > 0 and value[colon + 1 : colon + 3] == "//" and _CLEAN_IRI.fullmatch(value) is not None:
            return f"<{value}>"
        iri = self.expand_iri(value, vocab=False)
        return iri if iri.startswith("_:") else f"<{iri}>"

    def node_ctx(self, key: str, keep: bool) -> Ctx:
        """The active context for a node object that is the value of ``key`` expanded in this (term)
        context: revert a non-propagated context unless ``keep``, then apply the property-scoped context
        with override protected (expansion algorithm steps 7–8; pyld ``_expand``)."""
        cache = self._node_keep if keep else self._node_revert
        found = cache.get(key)
        if found is None:
            with _lock:
                scoped = jsonld.JsonLdProcessor.get_context_value(self.raw, key, "@context")
                raw = self.raw if keep else self.raw.get("previousContext", self.raw)
                if scoped is not None:
                    raw = _process(raw, scoped, override_protected=True)
                found = _wrap(raw)
                cache[key] = found
        return found

    def shape(self, keys: tuple[Any, ...], type_key: str | None) -> Shape:
        """The ``@id`` key and the sorted (IRI, key, plan) properties of a node object with ``keys`` (in
        document order) whose ``@type`` entry is ``type_key``, in this active context; raises
        :class:`Unsupported` for a key without a plan, a second ``@id`` alias or a ``@type`` alias that
        this context reads differently. Memoised: node objects of one kind share their keys."""
        found = self._shapes.get((keys, type_key))
        if found is None:
            found = self._make_shape(keys, type_key)  # Unsupported propagates, and is not memoised
            if len(keys) <= 32 and _memo_room():
                self._shapes[keys, type_key] = found
        return found

    def _make_shape(self, keys: tuple[Any, ...], type_key: str | None) -> Shape:
        id_key = None
        props: list[tuple[str, str, Plan]] = []
        for key in keys:
            plan = self.plans.get(key) or self.plan(key)
            if plan is None:
                if key == "@context":
                    continue
                raise Unsupported(f"key {key!r}")
            keyword = plan.keyword
            if keyword is None:
                if key == type_key:
                    raise Unsupported("@type alias differs in scoped context")
                props.append((plan.iri, key, plan))
            elif keyword == "@type":
                if key != type_key:
                    raise Unsupported("@type alias differs in scoped context")
            else:
                if id_key is not None:
                    raise Unsupported("colliding @id")
                id_key = key
        props.sort(key=lambda prop: prop[:2])
        return id_key, tuple(props)

    # -- per-key plans ---------------------------------------------------------------------------
    def plan(self, key: str) -> Plan | None:
        """The plan for ``key`` of a node object in this active context, None when unsupported."""
        try:
            return self.plans[key]
        except KeyError:
            pass
        with _lock:
            try:
                plan: Plan | None = self._make_plan(key)
            except Unsupported:
                plan = None
            if len(self.plans) < 4096:
                self.plans[key] = plan
        return plan

    def _make_plan(self, key: str) -> Plan | None:
        if type(key) is not str:
            return None
        if key in ("@id", "@type"):
            return Plan(key, key, "", None, False, None)
        if key.startswith("@") or _KEYWORD_LIKE.match(key):
            return None  # other keywords → generic path
        if key not in self.raw["mappings"]:
            # an absolute or compact IRI, or a term expanded with @vocab; undefined terms raise here
            iri = self.expand_iri(key, vocab=True)
            if iri[0] in "_@" or iri == RDF_TYPE or "@language" in self.raw or "@direction" in self.raw:
                return None
            return Plan(None, iri, f"<{iri}>", None, False, ValuePlan(None, self, key))
        mapping = self.raw["mappings"][key]
        if mapping is None or mapping.get("reverse"):
            return None
        iri = mapping["@id"]
        if iri in ("@id", "@type"):
            return Plan(iri, iri, "", None, False, None)
        if iri.startswith("@") or iri.startswith("_:") or iri == RDF_TYPE or not clean_iri(iri):
            return None
        if any(k in mapping for k in ("@language", "@direction", "@index", "@nest", "@reverse")):
            return None
        if "@language" in self.raw or "@direction" in self.raw:
            return None
        containers = set(mapping.get("@container") or ())
        containers.discard("@set")
        if containers and containers not in ({"@list"}, {"@graph"}):
            return None
        container = next(iter(containers), None)
        is_json = mapping.get("@type") == "@json"
        if is_json:
            return None if container else Plan(None, iri, f"<{iri}>", None, True, None)
        term_raw = self.raw
        if mapping.get("@context") is not None:
            term_raw = _process(self.raw, mapping["@context"], propagate=True, override_protected=True)
        term_ctx = _wrap(term_raw)
        if "@language" in term_raw or "@direction" in term_raw:
            return None
        term_map = term_raw["mappings"].get(key)
        if term_map is None:
            # a null scoped context (VerifiablePresentation's verifiableCredential): the key is undefined
            # in its own term context, so values expand without coercion
            if key in term_raw["mappings"] or "@vocab" in term_raw or container == "@list":
                return None
            return Plan(None, iri, f"<{iri}>", container, False, ValuePlan(None, term_ctx, key))
        if term_map["@id"] != iri or term_map.get("reverse"):
            return None
        if any(k in term_map for k in ("@language", "@direction")):
            return None
        term_containers = set(term_map.get("@container") or ()) - {"@set"}
        if term_containers != containers:
            return None
        coerce = term_map.get("@type")
        if coerce in ("@json", "@none", XSD_DOUBLE) or (
            coerce is not None and coerce not in ("@id", "@vocab") and not clean_iri(coerce)
        ):
            return None
        return Plan(None, iri, f"<{iri}>", container, False, ValuePlan(coerce, term_ctx, key))


def top_context(urls: tuple[str, ...]) -> Ctx | None:
    """The active context after processing the document's top-level ``@context`` (bundled URLs only)."""
    try:
        return _top[urls]
    except KeyError:
        pass
    if not urls or not all(url in CONTEXT_URLS for url in urls):
        return None
    with _lock:
        try:
            initial = _processor._get_initial_context(_options)
            raw = _process(initial, list(urls) if len(urls) > 1 else urls[0])
            ctx: Ctx | None = _wrap(raw)
        except Unsupported:
            ctx = None
        if len(_top) < 256:
            _top[urls] = ctx
    return ctx
