"""Reads from the catalog: search with facets (``search.catalog_search``, over the search index), and the
detail of one published micro-credential.

The portal and the API both parse their query into one ``SearchParams`` (``SearchParams.parse``) and call
``catalog_search``; both therefore accept exactly the same facets and give exactly the same answers.
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from microcred.catalog import choices as c
from microcred.catalog.models import MicroCredentialVersion
from microcred.catalog.search import catalog_search
from microcred.catalog.search_params import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    MAX_QUERY_LENGTH,
    FacetValue,
    SearchParamError,
    SearchParams,
    SearchResult,
)

__all__ = [
    "DEFAULT_PAGE_SIZE",
    "MAX_PAGE_SIZE",
    "MAX_QUERY_LENGTH",
    "FacetValue",
    "SearchParamError",
    "SearchParams",
    "SearchResult",
    "catalog_search",
    "published_versions",
    "stacked_from",
    "version_detail",
]


def published_versions() -> QuerySet[MicroCredentialVersion]:
    return MicroCredentialVersion.objects.filter(status=c.Lifecycle.PUBLISHED)


def version_detail(slug: str) -> MicroCredentialVersion | None:
    """The published version of a micro-credential, with everything the detail page and API show, in a fixed
    number of queries (one per relation; ``test_detail`` counts them)."""
    from microcred.catalog.models import Endorsement, LearningOutcome, OutcomeCompetency

    return (
        published_versions()
        .filter(micro_credential__slug=slug)
        .select_related("micro_credential__owner", "stacks_into__current_version")
        .prefetch_related(
            "issuers",
            "partners",
            "target_occupations",
            Prefetch("endorsements", Endorsement.objects.select_related("organization")),
            Prefetch("outcomes", LearningOutcome.objects.select_related("assessment")),
            Prefetch("outcomes__competency_links", OutcomeCompetency.objects.select_related("competency")),
            Prefetch(
                "micro_credential__stacked_from",
                published_versions().select_related("micro_credential").order_by("title_en", "pk"),
                to_attr="published_stacked_from",
            ),
        )
        .first()
    )


def stacked_from(version: MicroCredentialVersion) -> list[MicroCredentialVersion]:
    """Published micro-credentials that count toward this one (``version_detail`` prefetches them)."""
    prefetched = getattr(version.micro_credential, "published_stacked_from", None)
    if prefetched is not None:
        return list(prefetched)
    return sorted(
        published_versions()
        .filter(stacks_into=version.micro_credential_id)
        .select_related("micro_credential"),
        key=lambda v: (v.title_en, v.pk),
    )
