"""Writes for the frameworks domain: imports of ESCO, NOC 2021, CSV and CASE frameworks (DESIGN.md §7.6).

Every import is one transaction and idempotent: rows are matched on their natural keys (competency URI,
occupation code), created in bulk when missing, updated in bulk when a value changed, left alone otherwise.
Derived rows (hierarchy links, label keys, occupation links) are reconciled to exactly what the source says.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.db.models import Model

from microcred.frameworks import sources
from microcred.frameworks.errors import FrameworkError
from microcred.frameworks.keys import label_keys
from microcred.frameworks.models import (
    Competency,
    CompetencyBroader,
    CompetencyLabel,
    Framework,
    Occupation,
    OccupationCompetency,
)
from microcred.frameworks.parsing import parse_case_package, parse_framework_csv
from microcred.frameworks.specs import CompetencySpec, FrameworkSpec, OccupationSpec

BATCH = 2000
CHUNK = 500  # ids per IN (...) clause


@dataclass(frozen=True, slots=True)
class ImportReport:
    framework: str
    competencies_created: int = 0
    competencies_updated: int = 0
    competencies_unchanged: int = 0
    broader_links: int = 0
    labels_written: int = 0
    occupations_created: int = 0
    occupations_updated: int = 0
    occupation_links: int = 0
    skipped: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        return (
            f"{self.framework}: competencies +{self.competencies_created} ~{self.competencies_updated} "
            f"={self.competencies_unchanged}, hierarchy links {self.broader_links}, label keys written "
            f"{self.labels_written}, occupations +{self.occupations_created} ~{self.occupations_updated}, "
            f"occupation links {self.occupation_links}, skipped {self.skipped}, {self.seconds:.1f} s"
        )


def esco_import(*, data_dir: Path | None = None, batch_size: int = BATCH) -> ImportReport:
    """Import (or refresh) ESCO v1.1.1 from the data shipped in ``skillscore``."""
    started = time.perf_counter()
    competencies, occupations, orphan_links = sources.esco_specs(data_dir)
    with transaction.atomic():
        framework = _framework_upsert(sources.ESCO)
        counts = _competencies_sync(framework, competencies, batch_size)
        occupation_counts = _occupations_sync(framework, occupations, batch_size)
        counts["skipped"] += occupation_counts.pop("skipped") + orphan_links
        counts.update(occupation_counts)
    return ImportReport(framework.slug, seconds=time.perf_counter() - started, **counts)


def noc_import(*, data_dir: Path | None = None, batch_size: int = BATCH) -> ImportReport:
    """Import (or refresh) the 516 NOC 2021 unit groups as occupations with their TEER."""
    started = time.perf_counter()
    with transaction.atomic():
        framework = _framework_upsert(sources.NOC)
        counts = _occupations_sync(framework, sources.noc_specs(data_dir), batch_size)
    return ImportReport(framework.slug, seconds=time.perf_counter() - started, **counts)


def framework_csv_import(*, data: bytes, framework: FrameworkSpec, batch_size: int = BATCH) -> ImportReport:
    """Import a custom framework from CSV bytes; on any problem raise ``FrameworkError`` and write nothing."""
    started = time.perf_counter()
    specs = parse_framework_csv(data)
    with transaction.atomic():
        target = _framework_upsert(framework, require_kind=Framework.Kind.CUSTOM)
        counts = _competencies_sync(target, specs, batch_size)
    return ImportReport(target.slug, seconds=time.perf_counter() - started, **counts)


def case_package_import(*, package: Any, slug: str | None = None, batch_size: int = BATCH) -> ImportReport:
    """Import a 1EdTech CASE 1.0 CFPackage (CFDocument, CFItems, isChildOf links) as a custom framework."""
    started = time.perf_counter()
    meta, specs = parse_case_package(package)
    spec = sources.case_framework_spec(meta, slug)
    with transaction.atomic():
        target = _framework_upsert(spec, require_kind=Framework.Kind.CUSTOM)
        counts = _competencies_sync(target, specs, batch_size)
    return ImportReport(target.slug, seconds=time.perf_counter() - started, **counts)


def _framework_upsert(spec: FrameworkSpec, require_kind: str | None = None) -> Framework:
    values = {
        "kind": spec.kind,
        "name_en": spec.name_en,
        "name_fr": spec.name_fr,
        "version": spec.version,
        "source_url": spec.source_url,
        "attribution": spec.attribution,
    }
    existing = Framework.objects.select_for_update().filter(slug=spec.slug).first()
    if existing is not None and require_kind is not None and existing.kind != require_kind:
        raise FrameworkError(
            "framework_not_custom",
            f"Framework '{spec.slug}' is a {existing.kind} framework; only custom frameworks can be "
            "imported here.",
            f"Le référentiel « {spec.slug} » est de type {existing.kind} ; seuls les référentiels "
            "personnalisés peuvent être importés ici.",
        )
    if existing is None:
        return Framework.objects.create(slug=spec.slug, **values)
    if any(getattr(existing, key) != value for key, value in values.items()):
        for key, value in values.items():
            setattr(existing, key, value)
        existing.save()
    return existing


def _diff(
    existing: dict[str, Model], specs: Iterable[tuple[str, dict[str, Any]]], build: Any
) -> tuple[list[Any], list[Any], int]:
    """Split specs into new objects, changed objects (updated in place) and an unchanged count."""
    created, updated, unchanged = [], [], 0
    for key, values in specs:
        current = existing.get(key)
        if current is None:
            created.append(build(key, values))
        elif any(getattr(current, field) != value for field, value in values.items()):
            for field, value in values.items():
                setattr(current, field, value)
            updated.append(current)
        else:
            unchanged += 1
    return created, updated, unchanged


def _competencies_sync(framework: Framework, specs: Sequence[CompetencySpec], batch: int) -> dict[str, int]:
    existing: dict[str, Model] = {c.uri: c for c in Competency.objects.filter(framework=framework)}
    fields = list(CompetencySpec(uri="x", label_en="x").values())
    created, updated, unchanged = _diff(
        existing,
        ((spec.uri, spec.values()) for spec in specs),
        lambda uri, values: Competency(framework=framework, uri=uri, **values),
    )
    Competency.objects.bulk_create(created, batch_size=batch)
    Competency.objects.bulk_update(updated, fields, batch_size=batch)
    ids = dict(Competency.objects.filter(framework=framework).values_list("uri", "id"))
    touched = {ids[c.uri] for c in updated}
    labels = _labels_rebuild(framework, specs, ids, touched, {ids[c.uri] for c in created}, batch)
    links, skipped = _broader_sync(framework, specs, ids, batch)
    return {
        "competencies_created": len(created),
        "competencies_updated": len(updated),
        "competencies_unchanged": unchanged,
        "broader_links": links,
        "labels_written": labels,
        "skipped": skipped,
    }


def _chunks(values: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def _labels_rebuild(
    framework: Framework,
    specs: Sequence[CompetencySpec],
    ids: dict[str, int],
    touched: set[int],
    created: set[int],
    batch: int,
) -> int:
    for chunk in _chunks(sorted(touched)):
        CompetencyLabel.objects.filter(competency_id__in=chunk).delete()
    rows: list[tuple[Any, ...]] = []
    for spec in specs:
        competency_id = ids[spec.uri]
        if spec.is_group or competency_id not in touched | created:
            continue
        rows += _label_rows(framework, competency_id, spec)
    columns = ("competency", "framework", "language", "key", "label", "is_preferred", "word_position")
    _insert(CompetencyLabel, columns, rows, batch)
    return len(rows)


def _label_rows(framework: Framework, competency_id: int, spec: CompetencySpec) -> list[tuple[Any, ...]]:
    """(competency, framework, language, key, label, is_preferred, word_position) rows, best label per key."""
    best: dict[tuple[str, str], tuple[Any, ...]] = {}
    for language, preferred, alternatives in (
        ("en", spec.label_en, spec.alt_labels_en),
        ("fr", spec.label_fr, spec.alt_labels_fr),
    ):
        for label, is_preferred in [(preferred, True)] + [(alt, False) for alt in alternatives]:
            for key, position in label_keys(label) if label else ():
                current = best.get((language, key))
                if current is None or (current[5], -current[6]) < (is_preferred, -position):
                    best[(language, key)] = (
                        competency_id, framework.pk, language, key, label[:500], is_preferred, position
                    )  # fmt: skip
    return list(best.values())


def _insert(model: type[Model], columns: Sequence[str], rows: Sequence[tuple[Any, ...]], batch: int) -> None:
    """Derived rows without model instances: COPY on PostgreSQL, multi-row INSERTs elsewhere."""
    if not rows:
        return
    quote = connection.ops.quote_name
    names = ", ".join(quote(model._meta.get_field(column).column) for column in columns)
    if connection.vendor == "postgresql":  # COPY: no giant statements for the driver to parse
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
        return
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    per_statement = max(1, min(batch, 30000 // len(columns)))  # stay under SQLite's bound-parameter limit
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            values = ", ".join([one] * len(chunk))
            # Identifiers come from model metadata, quoted by the backend; values are bound parameters.
            sql = f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES {values}"  # noqa: S608
            cursor.execute(sql, [value for row in chunk for value in row])


def _broader_sync(
    framework: Framework, specs: Sequence[CompetencySpec], ids: dict[str, int], batch: int
) -> tuple[int, int]:
    wanted: set[tuple[int, int]] = set()
    skipped = 0
    for spec in specs:
        for broader in spec.broader:
            if broader in ids:
                wanted.add((ids[spec.uri], ids[broader]))
            else:
                skipped += 1
    rows = CompetencyBroader.objects.filter(narrower__framework=framework)
    current = {(n, b): pk for pk, n, b in rows.values_list("pk", "narrower_id", "broader_id")}
    stale = sorted(pk for pair, pk in current.items() if pair not in wanted)
    for chunk in _chunks(stale):
        CompetencyBroader.objects.filter(pk__in=chunk).delete()
    _insert(CompetencyBroader, ("narrower", "broader"), sorted(wanted - current.keys()), batch)
    return len(wanted), skipped


def _occupations_sync(framework: Framework, specs: Sequence[OccupationSpec], batch: int) -> dict[str, int]:
    existing: dict[str, Model] = {o.code: o for o in Occupation.objects.filter(framework=framework)}
    created, updated, _unchanged = _diff(
        existing,
        ((spec.code, spec.values()) for spec in specs),
        lambda code, values: Occupation(framework=framework, code=code, **values),
    )
    Occupation.objects.bulk_create(created, batch_size=batch)
    Occupation.objects.bulk_update(
        updated, list(OccupationSpec(code="x", label_en="x").values()), batch_size=batch
    )
    links, skipped = _occupation_links_sync(framework, specs, batch)
    return {
        "occupations_created": len(created),
        "occupations_updated": len(updated),
        "occupation_links": links,
        "skipped": skipped,
    }


def _occupation_links_sync(
    framework: Framework, specs: Sequence[OccupationSpec], batch: int
) -> tuple[int, int]:
    occupation_ids = dict(Occupation.objects.filter(framework=framework).values_list("code", "id"))
    competency_ids = dict(Competency.objects.filter(framework=framework).values_list("uri", "id"))
    wanted: dict[tuple[int, int], str] = {}
    skipped = 0
    for spec in specs:
        for relation, uris in (("essential", spec.essential), ("optional", spec.optional)):
            for uri in uris:
                if uri in competency_ids:
                    wanted.setdefault((occupation_ids[spec.code], competency_ids[uri]), relation)
                else:
                    skipped += 1
    current = {
        (occupation, competency): (pk, relation)
        for pk, occupation, competency, relation in OccupationCompetency.objects.filter(
            occupation__framework=framework
        ).values_list("pk", "occupation_id", "competency_id", "relation")
    }
    stale = sorted(pk for pair, (pk, relation) in current.items() if wanted.get(pair) != relation)
    for chunk in _chunks(stale):
        OccupationCompetency.objects.filter(pk__in=chunk).delete()
    missing = [(o, c, r) for (o, c), r in sorted(wanted.items()) if current.get((o, c), (0, ""))[1] != r]
    _insert(OccupationCompetency, ("occupation", "competency", "relation"), missing, batch)
    return len(wanted), skipped
