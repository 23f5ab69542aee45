"""The catalog's search index: one narrow row per *published* version, and its search document.

``SearchEntry`` holds only what search, facets and sorting read (about 60 bytes a row), so counting facets
over 100,000 micro-credentials never touches the wide version rows. ``SearchDocument`` holds the normalised
text (``search_text.normalise``) that the full-text index is built on: an FTS5 external-content table kept in
step by triggers on SQLite, a generated ``tsvector`` column with a GIN index on PostgreSQL (migration 0002).
Both are
written only by ``search_index.search_entry_sync`` (called by the services that publish, retire and refresh a
version's derived fields); a version that is not published has neither (ADR 0031).
"""

from __future__ import annotations

from django.db import models

from microcred.accounts.models import Organization

LANGUAGE_BITS = {"en": 1, "fr": 2}
MARKER_BITS = {
    "relevant": 1,
    "accredited": 2,
    "standardized": 4,
    "assessed": 8,
    "flexible": 16,
    "stackable": 32,
}


class SearchEntry(models.Model):
    version = models.OneToOneField(
        "catalog.MicroCredentialVersion", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    owner = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    delivery_mode = models.CharField(max_length=16)
    pace = models.CharField(max_length=16)
    effort_weeks = models.PositiveIntegerField()
    effort_hours = models.PositiveIntegerField()
    cost_cad = models.DecimalField(max_digits=9, decimal_places=2)
    language_bits = models.PositiveSmallIntegerField(default=0)
    marker_bits = models.PositiveSmallIntegerField(default=0)
    osap_eligible = models.BooleanField(default=False)
    title_en = models.CharField(max_length=200)
    published_at = models.DateTimeField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["title_en", "version"], name="catalog_search_title_idx"),
            models.Index(fields=["-published_at", "version"], name="catalog_search_newest_idx"),
            models.Index(fields=["cost_cad", "title_en", "version"], name="catalog_search_cost_idx"),
            models.Index(fields=["-cost_cad", "title_en", "version"], name="catalog_search_costdesc_idx"),
            models.Index(fields=["effort_weeks", "title_en", "version"], name="catalog_search_weeks_idx"),
            models.Index(fields=["effort_hours", "title_en", "version"], name="catalog_search_hours_idx"),
            # Covers the count statements of combinations (every filtered and counted column but the title):
            # SQLite and PostgreSQL count over this narrow index instead of the rows (ADR 0033).
            models.Index(
                fields=[
                    "delivery_mode",
                    "pace",
                    "osap_eligible",
                    "effort_weeks",
                    "cost_cad",
                    "language_bits",
                    "marker_bits",
                    "owner",
                ],
                name="catalog_search_facets_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"search entry of version {self.pk}"


class SearchDocument(models.Model):
    version = models.OneToOneField(
        "catalog.MicroCredentialVersion", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    document = models.TextField()

    def __str__(self) -> str:
        return f"search document of version {self.pk}"


class SearchIndexState(models.Model):
    """One row: a token that changes with every write to the search index, so that facet counts cached per
    process (``search._Counts``) are never served for data they were not computed from. A random token, not a
    counter: a rolled-back write can never make an old number stand for new data."""

    token = models.CharField(max_length=32)

    def __str__(self) -> str:
        return f"search index state {self.token}"


class SearchFacetPair(models.Model):
    """How many search entries carry both facet keys ``a`` and ``b`` (``search_counts``; ADR 0033)."""

    a = models.CharField(max_length=64)
    b = models.CharField(max_length=64)
    count = models.IntegerField()  # no CHECK: the upsert inserts negative deltas

    class Meta:
        constraints = [models.UniqueConstraint(fields=["a", "b"], name="catalog_facetpair_unique")]

    def __str__(self) -> str:
        return f"{self.a} & {self.b}: {self.count}"
