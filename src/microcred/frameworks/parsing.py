"""Parse custom frameworks at the boundary: a CSV file or a 1EdTech CASE 1.0 CFPackage → validated specs.

Every problem is collected (up to ``MAX_PROBLEMS``) with a stable code and EN/FR text, then raised together as
one ``FrameworkError``; nothing here touches the database.

CSV columns: ``uri`` and ``label_en`` required; optional ``kind`` (knowledge, skill, attitude, competence;
default skill), ``code``, ``label_fr``, ``alt_labels_en``, ``alt_labels_fr`` (``|``-separated),
``description_en``, ``description_fr``, ``broader_uri`` (``|``-separated URIs of rows in the same file).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from typing import Any

from microcred.frameworks.errors import FrameworkError, Problem
from microcred.frameworks.specs import KINDS, CompetencySpec

MAX_PROBLEMS = 50
CSV_COLUMNS = (
    "uri",
    "kind",
    "code",
    "label_en",
    "label_fr",
    "alt_labels_en",
    "alt_labels_fr",
    "description_en",
    "description_fr",
    "broader_uri",
)
REQUIRED_COLUMNS = ("uri", "label_en")
MAX_LENGTHS = {"uri": 500, "code": 100, "label_en": 500, "label_fr": 500}
CASE_KINDS = {"knowledge": "knowledge", "skill": "skill", "attitude": "attitude", "disposition": "attitude"}


class _Problems:
    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, code: str, en: str, fr: str, row: int | None = None, field: str = "") -> None:
        if len(self.items) < MAX_PROBLEMS:
            self.items.append(Problem(code, en, fr, row, field))

    def raise_if_any(self, code: str, en: str, fr: str) -> None:
        if self.items:
            raise FrameworkError(code, en, fr, tuple(self.items))


def parse_framework_csv(data: bytes) -> list[CompetencySpec]:
    """The competencies a CSV file describes, or ``FrameworkError("invalid_csv")`` listing every problem."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FrameworkError(
            "csv_encoding", "The file is not UTF-8 text.", "Le fichier n'est pas du texte UTF-8."
        ) from exc
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [name.strip() for name in reader.fieldnames or ()]
    _check_header(header)
    reader.fieldnames = header
    problems = _Problems()
    specs: list[CompetencySpec] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(reader, start=2):  # row 1 is the header, as in a spreadsheet
        if None in row:
            problems.add(
                "csv_extra_values", "More values than columns.", "Plus de valeurs que de colonnes.", number
            )
            continue
        spec = _competency_from_row({k: (v or "").strip() for k, v in row.items()}, number, problems)
        if spec is None:
            continue
        if spec.uri in seen:
            problems.add(
                "csv_duplicate_uri",
                f"URI already used on row {seen[spec.uri]}.",
                f"URI déjà utilisé à la ligne {seen[spec.uri]}.",
                number,
                "uri",
            )
            continue
        seen[spec.uri] = number
        specs.append(spec)
    if not specs and not problems.items:
        problems.add(
            "csv_no_rows", "The file has no data rows.", "Le fichier ne contient aucune ligne de données."
        )
    _check_hierarchy(specs, seen, problems)
    problems.raise_if_any(
        "invalid_csv",
        "The framework CSV is invalid; nothing was imported.",
        "Le fichier CSV du référentiel est invalide ; rien n'a été importé.",
    )
    return specs


def _check_header(header: list[str]) -> None:
    if not header:
        raise FrameworkError("csv_empty", "The file is empty.", "Le fichier est vide.")
    problems = _Problems()
    for column in REQUIRED_COLUMNS:
        if column not in header:
            problems.add(
                "csv_missing_column",
                "Required column is missing.",
                "Colonne obligatoire manquante.",
                field=column,
            )
    for column in header:
        if column not in CSV_COLUMNS:
            problems.add("csv_unknown_column", "Unknown column.", "Colonne inconnue.", field=column)
    problems.raise_if_any(
        "invalid_csv_header",
        f"The CSV header is invalid. Expected columns: {', '.join(CSV_COLUMNS)}.",
        f"L'en-tête du CSV est invalide. Colonnes attendues : {', '.join(CSV_COLUMNS)}.",
    )


def _split(value: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(part.strip() for part in value.split("|") if part.strip()))


def _competency_from_row(row: Mapping[str, str], number: int, problems: _Problems) -> CompetencySpec | None:
    before = len(problems.items)
    for column in REQUIRED_COLUMNS:
        if not row.get(column):
            problems.add(
                "csv_required_value", "A value is required.", "Une valeur est obligatoire.", number, column
            )
    for column, limit in MAX_LENGTHS.items():
        if len(row.get(column, "")) > limit:
            problems.add(
                "csv_value_too_long",
                f"At most {limit} characters.",
                f"Au plus {limit} caractères.",
                number,
                column,
            )
    uri = row.get("uri", "")
    if uri and any(char.isspace() for char in uri):
        problems.add(
            "csv_invalid_uri",
            "A URI cannot contain spaces.",
            "Un URI ne peut contenir d'espaces.",
            number,
            "uri",
        )
    kind = (row.get("kind") or "skill").lower()
    if kind not in KINDS:
        problems.add(
            "csv_invalid_kind",
            f"Kind must be one of: {', '.join(KINDS)}.",
            f"Le type doit être l'un de : {', '.join(KINDS)}.",
            number,
            "kind",
        )
    if len(problems.items) > before:
        return None
    return CompetencySpec(
        uri=uri,
        label_en=row["label_en"],
        kind=kind,
        code=row.get("code", ""),
        label_fr=row.get("label_fr", ""),
        alt_labels_en=_split(row.get("alt_labels_en", "")),
        alt_labels_fr=_split(row.get("alt_labels_fr", "")),
        description_en=row.get("description_en", ""),
        description_fr=row.get("description_fr", ""),
        broader=_split(row.get("broader_uri", "")),
    )


def _check_hierarchy(specs: list[CompetencySpec], rows: dict[str, int], problems: _Problems) -> None:
    parents = {spec.uri: spec.broader for spec in specs}
    for spec in specs:
        for broader in spec.broader:
            if broader == spec.uri:
                problems.add(
                    "broader_self",
                    "A competency cannot be its own broader.",
                    "Une compétence ne peut être sa propre parente.",
                    rows[spec.uri],
                    "broader_uri",
                )
            elif broader not in parents:
                problems.add(
                    "broader_unknown",
                    f"Broader URI {broader} is not in the file.",
                    f"L'URI générique {broader} n'est pas dans le fichier.",
                    rows[spec.uri],
                    "broader_uri",
                )
    if not problems.items and (looped := _first_cycle(parents)):
        problems.add(
            "broader_cycle",
            f"The hierarchy has a cycle through {looped}.",
            f"La hiérarchie contient un cycle passant par {looped}.",
            rows.get(looped),
            "broader_uri",
        )


def _first_cycle(parents: Mapping[str, tuple[str, ...]]) -> str | None:
    state: dict[str, int] = {}  # 1 visiting, 2 done
    for start in parents:
        stack: list[tuple[str, int]] = [(start, 0)]
        while stack:
            node, position = stack.pop()
            if position == 0:
                if state.get(node) == 2:
                    continue
                if state.get(node) == 1:
                    return node
                state[node] = 1
            children = parents.get(node, ())
            if position < len(children):
                stack.append((node, position + 1))
                if state.get(children[position]) != 2:
                    stack.append((children[position], 0))
            else:
                state[node] = 2
    return None


def parse_case_package(package: Any) -> tuple[dict[str, str], list[CompetencySpec]]:
    """CASE 1.0 CFPackage → (document metadata, competencies); isChildOf associations give the hierarchy."""
    problems = _Problems()
    if not isinstance(package, dict) or not isinstance(package.get("CFDocument"), dict):
        raise FrameworkError(
            "case_invalid",
            "Not a CASE CFPackage: CFDocument is missing.",
            "Ce n'est pas un CFPackage CASE : CFDocument est absent.",
        )
    document = package["CFDocument"]
    items = package.get("CFItems") or []
    associations = package.get("CFAssociations") or []
    if not isinstance(items, list) or not isinstance(associations, list):
        raise FrameworkError(
            "case_invalid",
            "CFItems and CFAssociations must be lists.",
            "CFItems et CFAssociations doivent être des listes.",
        )
    if not str(document.get("title", "")).strip() or not str(document.get("identifier", "")).strip():
        problems.add(
            "case_required_value",
            "CFDocument needs a title and an identifier.",
            "CFDocument doit avoir un titre et un identifiant.",
            field="CFDocument",
        )
    by_identifier: dict[str, dict[str, Any]] = {}
    for number, item in enumerate(items, start=1):
        if not _has_text(item, "identifier") or not _has_text(item, "fullStatement"):
            problems.add(
                "case_required_value",
                "A CFItem needs an identifier and a fullStatement.",
                "Un CFItem doit avoir un identifiant et un fullStatement.",
                number,
                "CFItems",
            )
            continue
        by_identifier[str(item["identifier"]).strip()] = item
    broader = _case_parents(associations, by_identifier, str(document.get("identifier", "")), problems)
    if not by_identifier and not problems.items:
        problems.add("case_no_items", "The package has no CFItems.", "Le paquet ne contient aucun CFItem.")
    problems.raise_if_any(
        "invalid_case",
        "The CASE package is invalid; nothing was imported.",
        "Le paquet CASE est invalide ; rien n'a été importé.",
    )
    uris = {ident: _case_uri(item) for ident, item in by_identifier.items()}
    specs = [
        _case_competency(item, uris[ident], tuple(uris[p] for p in broader.get(ident, ())))
        for ident, item in by_identifier.items()
    ]
    meta = {key: str(document.get(key) or "") for key in ("identifier", "uri", "title", "version", "creator")}
    meta["language"] = str(document.get("language") or "en")
    return meta, specs


def _case_parents(
    associations: list[Any], items: Mapping[str, Any], document_id: str, problems: _Problems
) -> dict[str, tuple[str, ...]]:
    parents: dict[str, list[str]] = {}
    for number, association in enumerate(associations, start=1):
        if not isinstance(association, dict) or association.get("associationType") != "isChildOf":
            continue
        origin = _node_identifier(association.get("originNodeURI"))
        destination = _node_identifier(association.get("destinationNodeURI"))
        if origin not in items or (destination not in items and destination != document_id):
            problems.add(
                "case_unknown_node",
                "An isChildOf association points to an unknown node.",
                "Une association isChildOf désigne un nœud inconnu.",
                number,
                "CFAssociations",
            )
            continue
        if destination in items and destination not in parents.setdefault(origin, []):
            parents[origin].append(destination)
    return {key: tuple(value) for key, value in parents.items()}


def _has_text(item: Any, key: str) -> bool:
    return isinstance(item, dict) and bool(str(item.get(key) or "").strip())


def _node_identifier(node: Any) -> str:
    if isinstance(node, dict):
        return str(node.get("identifier") or "").strip()
    return ""


def _case_uri(item: Mapping[str, Any]) -> str:
    uri = str(item.get("uri") or "").strip()
    return uri[:500] if uri else f"urn:uuid:{str(item['identifier']).strip()}"


def _case_competency(item: Mapping[str, Any], uri: str, broader: tuple[str, ...]) -> CompetencySpec:
    statement = str(item["fullStatement"]).strip()
    short = str(item.get("abbreviatedStatement") or "").strip()
    item_type = str(item.get("CFItemType") or "").strip().lower()
    french = str(item.get("language") or "").lower().startswith("fr")
    label = (short or statement)[:500]
    description = statement if short else ""
    return CompetencySpec(
        uri=uri,
        label_en=label,
        label_fr=label if french else "",
        kind=CASE_KINDS.get(item_type, "competence"),
        code=str(item.get("humanCodingScheme") or "").strip()[:100],
        description_en=description,
        description_fr=description if french else "",
        broader=broader,
    )
