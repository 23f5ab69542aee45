"""Writes to the catalog's search index (``search_models``): one entry and one document per published version.

``search_entry_sync`` is the only writer; the catalog services call it whenever a version's status or derived
fields change (publish, retire, refresh of markers / OSAP), inside their transaction. ``search_index_rebuild``
rebuilds the whole index from the published versions (after a bulk load, or to repair), and
``search_index_analyze`` refreshes the planner statistics, which matter to SQLite's plans (ADR 0031).
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.db import connection, transaction

from microcred.catalog import choices as c
from microcred.catalog.search_counts import entry_change, search_counts_rebuild
from microcred.catalog.search_models import (
    LANGUAGE_BITS,
    MARKER_BITS,
    SearchDocument,
    SearchEntry,
    SearchIndexState,
)
from microcred.catalog.search_text import normalise

if TYPE_CHECKING:
    from microcred.catalog.models import MicroCredentialVersion

SEARCH_TABLES = ("catalog_searchentry", "catalog_searchdocument")


def bits(codes: list[str], table: dict[str, int]) -> int:
    out = 0
    for code in codes:
        out |= table.get(code, 0)
    return out


def search_document(version: MicroCredentialVersion) -> str:
    """Titles, descriptions, issuers, outcomes and competency labels, EN and FR, normalised."""
    parts = [version.title_en, version.title_fr, version.description_en, version.description_fr]
    issuers = sorted(version.issuers.all(), key=lambda org: org.pk)  # one order, however they were loaded
    parts += [org.name_en for org in issuers] + [org.name_fr for org in issuers]
    prefetched = "outcomes" in getattr(version, "_prefetched_objects_cache", {})
    outcomes = (
        version.outcomes.all()
        if prefetched
        else version.outcomes.prefetch_related("competency_links__competency")
    )
    for outcome in outcomes:
        parts += [outcome.text_en, outcome.text_fr]
        for link in outcome.competency_links.all():
            parts += [link.competency.label_en, getattr(link.competency, "label_fr", "") or ""]
    return normalise(" ".join(p for p in parts if p))


def entry_for(version: MicroCredentialVersion) -> SearchEntry:
    """The search entry of a version, from its own (already derived) columns."""
    return SearchEntry(
        version_id=version.pk,
        owner_id=version.micro_credential.owner_id,
        delivery_mode=version.delivery_mode,
        pace=version.pace,
        effort_weeks=version.effort_weeks,
        effort_hours=version.effort_hours,
        cost_cad=version.cost_cad,
        language_bits=bits(version.language_codes, LANGUAGE_BITS),
        marker_bits=bits(version.marker_codes, MARKER_BITS),
        osap_eligible=version.derived_osap_eligible,
        title_en=version.title_en,
        published_at=version.published_at,
    )


def search_index_touch() -> None:
    """A new state token: every cached facet count computed before this write is stale."""
    if not SearchIndexState.objects.filter(pk=1).update(token=uuid.uuid4().hex):
        SearchIndexState.objects.create(pk=1, token=uuid.uuid4().hex)


def search_index_token() -> str | None:
    return SearchIndexState.objects.filter(pk=1).values_list("token", flat=True).first()


def search_entry_sync(*, version: MicroCredentialVersion) -> None:
    """Make the index agree with the version: an entry and a document if published, nothing otherwise."""
    with transaction.atomic():
        search_index_touch()
        old = SearchEntry.objects.filter(version_id=version.pk).first()
        SearchEntry.objects.filter(version_id=version.pk).delete()
        SearchDocument.objects.filter(version_id=version.pk).delete()
        new = entry_for(version) if version.status == c.Lifecycle.PUBLISHED else None
        if new is not None:
            new.save(force_insert=True)
            SearchDocument(version_id=version.pk, document=search_document(version)).save(force_insert=True)
        entry_change(old, new)  # the maintained facet counts, in the same transaction (ADR 0033)


def search_index_rebuild(*, batch: int = 500) -> int:
    """Rebuild every entry and document from the published versions; returns how many were indexed."""
    from microcred.catalog.models import MicroCredentialVersion

    published = (
        MicroCredentialVersion.objects.filter(status=c.Lifecycle.PUBLISHED)
        .select_related("micro_credential")
        .prefetch_related("issuers", "outcomes__competency_links__competency")
        .order_by("pk")
    )
    count = 0
    with transaction.atomic():
        search_index_touch()
        SearchEntry.objects.all().delete()
        SearchDocument.objects.all().delete()
        for start in range(0, published.count(), batch):
            versions = list(published[start : start + batch])
            SearchEntry.objects.bulk_create([entry_for(v) for v in versions])
            SearchDocument.objects.bulk_create(
                [SearchDocument(version_id=v.pk, document=search_document(v)) for v in versions]
            )
            count += len(versions)
        search_counts_rebuild()
    search_index_analyze()
    return count


def search_index_analyze() -> None:
    """Refresh the planner statistics of the search tables (SQLite plans without them are guesses)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("ANALYZE")
        else:
            for table in SEARCH_TABLES:
                cursor.execute(f"ANALYZE {table}")
