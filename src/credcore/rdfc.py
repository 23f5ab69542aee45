"""RDF Dataset Canonicalization RDFC-1.0 (https://www.w3.org/TR/rdf-canon/) over pre-serialised quads.

Terms arrive as canonical N-Quads strings (:mod:`credcore.rdf`), so hashing works on strings and
never re-serialises. Blank nodes are the terms starting with ``_:``. Poison graphs are bounded like
the JavaScript reference (rdf-canonize): the Hash N-Degree Quads algorithm may run at most
``n ** max_work_factor`` times, ``n`` being the number of blank nodes whose first-degree hash is not
unique (https://www.w3.org/TR/rdf-canon/#dataset-poisoning); permutations are bounded as well.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Iterable
from typing import ClassVar, Final

from credcore.errors import CredcoreError
from credcore.rdf import Quad

__all__ = ["CanonicalizationLimitError", "IdentifierIssuer", "canonicalize", "canonicalize_with_map"]

DEFAULT_MAX_WORK_FACTOR: Final = 1
DEFAULT_MAX_PERMUTATIONS: Final = 50_000


class CanonicalizationLimitError(CredcoreError):
    code: ClassVar[str] = "canonicalization_limit_exceeded"
    message_en: ClassVar[str] = "The document's blank nodes are too symmetric to canonicalize safely."
    message_fr: ClassVar[str] = (
        "Les nœuds anonymes du document sont trop symétriques pour être canonisés sans risque."
    )


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class IdentifierIssuer:
    """Issue identifiers with a prefix in order (https://www.w3.org/TR/rdf-canon/#issue-identifier)."""

    __slots__ = ("issued", "prefix")

    def __init__(self, prefix: str, issued: dict[str, str] | None = None) -> None:
        self.prefix = prefix
        self.issued: dict[str, str] = issued if issued is not None else {}

    def issue(self, existing: str) -> str:
        """https://www.w3.org/TR/rdf-canon/#issue-identifier-algorithm"""
        identifier = self.issued.get(existing)
        if identifier is None:
            identifier = f"_:{self.prefix}{len(self.issued)}"
            self.issued[existing] = identifier
        return identifier

    def copy(self) -> IdentifierIssuer:
        return IdentifierIssuer(self.prefix, dict(self.issued))


class _Canonicalizer:
    """The canonicalization state (https://www.w3.org/TR/rdf-canon/#canon-state)."""

    def __init__(self, quads: list[Quad], max_work_factor: int, max_permutations: int) -> None:
        self.quads = quads
        self.blank_node_to_quads: dict[str, list[Quad]] = {}
        self.first_degree: dict[str, str] = {}
        self.canonical = IdentifierIssuer("c14n")
        self.max_work_factor = max_work_factor
        self.remaining_deep_iterations = 0
        self.remaining_permutations = max_permutations

    def map_blank_nodes(self) -> None:
        """Step 2: for every quad, reference it from each blank node it mentions
        (https://www.w3.org/TR/rdf-canon/#canon-algo-algo)."""
        table = self.blank_node_to_quads
        for quad in self.quads:
            subject, _, object_, graph = quad
            if subject.startswith("_:"):
                table.setdefault(subject, []).append(quad)
            if object_.startswith("_:") and object_ != subject:
                table.setdefault(object_, []).append(quad)
            if graph.startswith("_:") and graph != subject and graph != object_:
                table.setdefault(graph, []).append(quad)

    def hash_first_degree_quads(self, reference: str) -> str:
        """https://www.w3.org/TR/rdf-canon/#hash-1d-quads"""
        lines = []
        for subject, predicate, object_, graph in self.blank_node_to_quads[reference]:
            if subject.startswith("_:"):
                subject = "_:a" if subject == reference else "_:z"
            if object_.startswith("_:"):
                object_ = "_:a" if object_ == reference else "_:z"
            if graph.startswith("_:"):
                graph = "_:a" if graph == reference else "_:z"
            if graph:
                lines.append(f"{subject} {predicate} {object_} {graph} .\n")
            else:
                lines.append(f"{subject} {predicate} {object_} .\n")
        lines.sort()
        return _sha256("".join(lines))

    def hash_related_blank_node(
        self, related: str, quad: Quad, issuer: IdentifierIssuer, position: str
    ) -> str:
        """https://www.w3.org/TR/rdf-canon/#hash-related-blank-node"""
        identifier = self.canonical.issued.get(related) or issuer.issued.get(related)
        if identifier is None:
            identifier = self.first_degree[related]
        predicate = quad[1] if position != "g" else ""
        return _sha256(f"{position}{predicate}{identifier}")

    def hash_n_degree_quads(self, identifier: str, issuer: IdentifierIssuer) -> tuple[str, IdentifierIssuer]:
        """https://www.w3.org/TR/rdf-canon/#hash-nd-quads"""
        if self.remaining_deep_iterations <= 0:
            raise CanonicalizationLimitError("maximum deep iterations exceeded")
        self.remaining_deep_iterations -= 1
        related_map = self._hash_to_related_blank_nodes(identifier, issuer)
        data_to_hash = []
        for related_hash in sorted(related_map):
            data_to_hash.append(related_hash)
            chosen_path, chosen_issuer = self._choose_path(related_map[related_hash], issuer)
            data_to_hash.append(chosen_path)
            issuer = chosen_issuer
        return _sha256("".join(data_to_hash)), issuer

    def _hash_to_related_blank_nodes(self, identifier: str, issuer: IdentifierIssuer) -> dict[str, list[str]]:
        """Steps 1–3 of https://www.w3.org/TR/rdf-canon/#hash-nd-quads"""
        related_map: dict[str, list[str]] = {}
        for quad in self.blank_node_to_quads[identifier]:
            for term, position in ((quad[0], "s"), (quad[2], "o"), (quad[3], "g")):
                if term.startswith("_:") and term != identifier:
                    related_hash = self.hash_related_blank_node(term, quad, issuer, position)
                    related_map.setdefault(related_hash, []).append(term)
        return related_map

    def _choose_path(self, blank_nodes: list[str], issuer: IdentifierIssuer) -> tuple[str, IdentifierIssuer]:
        """Steps 5.2–5.4 of https://www.w3.org/TR/rdf-canon/#hash-nd-quads: the lexicographically
        least path over all permutations of the related blank nodes."""
        chosen_path = ""
        chosen_issuer = issuer
        for permutation in itertools.permutations(blank_nodes):
            self.remaining_permutations -= 1
            if self.remaining_permutations < 0:
                raise CanonicalizationLimitError("maximum permutations exceeded")
            issuer_copy = issuer.copy()
            path = ""
            recursion_list = []
            skip = False
            for related in permutation:
                canonical = self.canonical.issued.get(related)
                if canonical is not None:
                    path += canonical
                else:
                    if related not in issuer_copy.issued:
                        recursion_list.append(related)
                    path += issuer_copy.issue(related)
                if chosen_path and path > chosen_path:
                    skip = True
                    break
            if skip:
                continue
            for related in recursion_list:
                result_hash, result_issuer = self.hash_n_degree_quads(related, issuer_copy)
                path += issuer_copy.issue(related) + f"<{result_hash}>"
                issuer_copy = result_issuer
                if chosen_path and path > chosen_path:
                    skip = True
                    break
            if skip:
                continue
            if not chosen_path or path < chosen_path:
                chosen_path, chosen_issuer = path, issuer_copy
        return chosen_path, chosen_issuer

    def run(self) -> dict[str, str]:
        """Steps 2–6 of https://www.w3.org/TR/rdf-canon/#canon-algo-algo; returns the canonical map."""
        self.map_blank_nodes()
        hash_to_blank_nodes: dict[str, list[str]] = {}
        for blank_node in self.blank_node_to_quads:
            first_degree = self.hash_first_degree_quads(blank_node)
            self.first_degree[blank_node] = first_degree
            hash_to_blank_nodes.setdefault(first_degree, []).append(blank_node)
        non_unique: list[list[str]] = []
        for first_degree in sorted(hash_to_blank_nodes):
            identifiers = hash_to_blank_nodes[first_degree]
            if len(identifiers) > 1:
                non_unique.append(identifiers)
            else:
                self.canonical.issue(identifiers[0])
        count = sum(len(identifiers) for identifiers in non_unique)
        self.remaining_deep_iterations = count**self.max_work_factor
        for identifiers in non_unique:
            self._issue_from_n_degree(identifiers)
        return self.canonical.issued

    def _issue_from_n_degree(self, identifiers: list[str]) -> None:
        """Step 6 of https://www.w3.org/TR/rdf-canon/#canon-algo-algo"""
        hash_path_list: list[tuple[str, IdentifierIssuer]] = []
        for identifier in identifiers:
            if identifier in self.canonical.issued:
                continue
            temporary = IdentifierIssuer("b")
            temporary.issue(identifier)
            hash_path_list.append(self.hash_n_degree_quads(identifier, temporary))
        hash_path_list.sort(key=lambda result: result[0])
        for _, issuer in hash_path_list:
            for existing in issuer.issued:
                self.canonical.issue(existing)


def canonicalize_with_map(
    quads: Iterable[Quad],
    *,
    max_work_factor: int = DEFAULT_MAX_WORK_FACTOR,
    max_permutations: int = DEFAULT_MAX_PERMUTATIONS,
) -> tuple[str, dict[str, str]]:
    """Canonical N-Quads and the input-to-canonical blank node map
    (https://www.w3.org/TR/rdf-canon/#canon-algo-algo, step 7: relabel, serialise, sort)."""
    unique = list(dict.fromkeys(quads))
    state = _Canonicalizer(unique, max_work_factor, max_permutations)
    issued = state.run()
    lines = set()
    for subject, predicate, object_, graph in unique:
        if issued:
            subject = issued.get(subject, subject)
            object_ = issued.get(object_, object_)
            graph = issued.get(graph, graph)
        if graph:
            lines.add(f"{subject} {predicate} {object_} {graph} .\n")
        else:
            lines.add(f"{subject} {predicate} {object_} .\n")
    return "".join(sorted(lines)), dict(issued)


def canonicalize(
    quads: Iterable[Quad],
    *,
    max_work_factor: int = DEFAULT_MAX_WORK_FACTOR,
    max_permutations: int = DEFAULT_MAX_PERMUTATIONS,
) -> str:
    """RDFC-1.0 canonical N-Quads of ``quads``: sorted lines, each ending with ``\\n``."""
    canonical, _ = canonicalize_with_map(
        quads, max_work_factor=max_work_factor, max_permutations=max_permutations
    )
    return canonical
