"""The per-key plans of the fast JSON-LD → RDF path (:mod:`credcore._internal.fastrdf`): what the walks need
to know about one key of a node object in one active context, computed once per context by
:meth:`credcore._internal.fastrdf_contexts.Ctx.plan` and memoised there."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from credcore._internal.fastrdf_contexts import Ctx

__all__ = ["Plan", "Shape", "ValuePlan"]


@dataclass(slots=True)
class ValuePlan:
    """How values of one property are expanded in its term context (expansion algorithm step 13.7.4 and
    Value Expansion, https://www.w3.org/TR/json-ld11-api/#value-expansion)."""

    coerce: str | None  # '@id', '@vocab', a datatype IRI, or None
    value_ctx: Ctx  # the term context (property-scoped context applied)
    key: str  # the active property, for the node-object context transitions


@dataclass(slots=True)
class Plan:
    """Everything the walk needs about one key of a node object in one active context."""

    keyword: str | None  # '@id' / '@type' for aliases, None for a property
    iri: str
    term: str  # '<iri>'
    container: str | None  # '@list', '@graph' or None ('@set' is transparent)
    is_json: bool
    values: ValuePlan | None
    plain: bool = field(init=False)  # a string value is a plain literal (only its characters matter)

    def __post_init__(self) -> None:
        values = self.values
        self.plain = (
            self.keyword is None
            and not self.is_json
            and self.container != "@graph"
            and values is not None
            and values.coerce not in ("@id", "@vocab")
        )


Shape = tuple[str | None, tuple[tuple[str, str, Plan], ...]]
