"""Catalog API (django-ninja), mounted at ``/api/catalog``: search with the portal's facets, detail, CTDL
export.

Texts are returned in both languages (``{"en": ..., "fr": ...}``); errors use the platform's one error shape
(``microcred.api.errors``): a stable ``code`` and the message in EN and FR.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from ninja import Query, Router, Schema, Status

from microcred.api.errors import ApiError, error_body
from microcred.catalog import choices as c
from microcred.catalog import ctdl, selectors
from microcred.catalog.markers import compute_markers, compute_osap
from microcred.catalog.models import MicroCredentialVersion

router = Router(tags=["catalog"])


class Text(Schema):
    en: str
    fr: str


class Marker(Schema):
    code: str
    met: bool
    reason: Text


class Osap(Schema):
    eligible: bool
    reason: Text


class Organization(Schema):
    slug: str
    name: Text
    region: str


class Summary(Schema):
    slug: str
    version: int
    title: Text
    description: Text
    owner: Organization
    delivery_mode: str
    pace: str
    effort_hours: int
    effort_weeks: int
    cost_cad: str
    languages: list[str]
    markers: list[str]
    osap_eligible: bool
    url: str


class FacetValue(Schema):
    value: str
    label: str
    count: int
    selected: bool


class SearchPage(Schema):
    total: int
    page: int
    page_size: int
    pages: int
    items: list[Summary]
    facets: dict[str, list[FacetValue]]


class Competency(Schema):
    uri: str
    label: Text
    kind: str


class Assessment(Schema):
    method: str
    evidence_required: Text
    indicator: str
    summative: bool
    rubric_levels: list[Text]
    required_level: int


class Outcome(Schema):
    text: Text
    competencies: list[Competency]
    assessment: Assessment | None


class Endorsement(Schema):
    organization: Organization
    statement: Text
    endorsed_on: str


class Occupation(Schema):
    code: str
    uri: str
    label: Text


class Detail(Summary):
    purpose: str
    interaction: str
    credential_form: str
    credits: str | None
    transcript_equivalence: Text
    validity_months: int | None
    ministry_approved: bool
    quality_assured: bool
    accreditation_body: str
    issuers: list[Organization]
    partners: list[Organization]
    quality_markers: list[Marker]
    osap: Osap
    outcomes: list[Outcome]
    endorsements: list[Endorsement]
    target_occupations: list[Occupation]
    stacks_into: Text | None
    stacks_into_slug: str | None
    published_at: str | None


class SearchQuery(Schema):
    """All values are parsed by ``SearchParams.parse`` so that the portal and the API agree exactly."""

    q: str = ""
    skill: str = ""
    occupation: str = ""
    delivery_mode: list[str] = []
    pace: list[str] = []
    duration: list[str] = []
    cost: list[str] = []
    language: list[str] = []
    provider: list[str] = []
    region: list[str] = []
    osap: str = ""
    marker: list[str] = []
    sort: str = c.Sort.RELEVANCE.value
    page: str = "1"
    page_size: str = str(selectors.DEFAULT_PAGE_SIZE)


def _text(en: str, fr: str) -> dict[str, str]:
    return {"en": en, "fr": fr or en}


def _org(org: Any) -> dict[str, Any]:
    return {"slug": org.slug, "name": _text(org.name_en, org.name_fr), "region": org.region}


def _summary(v: MicroCredentialVersion) -> dict[str, Any]:
    return {
        "slug": v.micro_credential.slug,
        "version": v.number,
        "title": _text(v.title_en, v.title_fr),
        "description": _text(v.description_en, v.description_fr),
        "owner": _org(v.micro_credential.owner),
        "delivery_mode": v.delivery_mode,
        "pace": v.pace,
        "effort_hours": v.effort_hours,
        "effort_weeks": v.effort_weeks,
        "cost_cad": f"{v.cost_cad:.2f}",
        "languages": v.language_codes,
        "markers": v.marker_codes,
        "osap_eligible": v.derived_osap_eligible,
        "url": f"/en/microcredentials/{v.micro_credential.slug}/",
    }


@router.get(
    "/microcredentials",
    response={200: SearchPage, 422: ApiError},
    summary="Search published micro-credentials with facets",
)
def search(request: HttpRequest, query: Query[SearchQuery]) -> Any:
    try:
        params = selectors.SearchParams.parse(request.GET)
    except selectors.SearchParamError as exc:
        return Status(
            422,
            error_body(
                request,
                code="invalid_parameter",
                en=f"The parameter '{exc.field}' has a value outside its vocabulary: {exc.value}",
                fr=f"Le paramètre « {exc.field} » a une valeur hors de son vocabulaire : {exc.value}",
                details=[
                    {
                        "code": "invalid_value",
                        "field": exc.field,
                        "message_en": "invalid value",
                        "message_fr": "valeur invalide",
                    }
                ],
            ),
        )
    result = selectors.catalog_search(params)
    return Status(
        200,
        {
            "total": result.total,
            "page": params.page,
            "page_size": params.page_size,
            "pages": result.pages,
            "items": [_summary(v) for v in result.items],
            "facets": {
                name: [vars(fv) | {"label": str(fv.label)} for fv in values]
                for name, values in result.facets.items()
            },
        },
    )


def _not_found(request: HttpRequest, slug: str) -> Status:
    return Status(
        404,
        error_body(
            request,
            code="not_found",
            en=f"No published micro-credential has the identifier '{slug}'.",
            fr=f"Aucun microcertificat publié ne porte l'identifiant « {slug} ».",
        ),
    )


@router.get(
    "/microcredentials/{slug}",
    response={200: Detail, 404: ApiError},
    summary="One published micro-credential with its nutrition label",
)
def detail(request: HttpRequest, slug: str) -> Any:
    v = selectors.version_detail(slug)
    if v is None:
        return _not_found(request, slug)
    osap = compute_osap(v)
    target = v.stacks_into.current_version if v.stacks_into_id else None  # type: ignore[union-attr]
    stacks = (
        _text(target.title_en, target.title_fr)
        if target
        else (_text(v.stacks_into_name_en, v.stacks_into_name_fr) if v.stacks_into_name_en else None)
    )
    return Status(
        200,
        _summary(v)
        | {
            "purpose": v.purpose,
            "interaction": v.interaction,
            "credential_form": v.credential_form,
            "credits": None if v.credits is None else f"{v.credits:.2f}",
            "transcript_equivalence": _text(v.transcript_equivalence_en, v.transcript_equivalence_fr),
            "validity_months": v.validity_months,
            "ministry_approved": v.ministry_approved,
            "quality_assured": v.quality_assured,
            "accreditation_body": v.accreditation_body,
            "issuers": [_org(o) for o in v.issuers.all()],
            "partners": [_org(o) for o in v.partners.all()],
            "quality_markers": [
                {"code": m.code, "met": m.met, "reason": m.reason} for m in compute_markers(v)
            ],
            "osap": {"eligible": osap.eligible, "reason": osap.reason},
            "outcomes": [_outcome(o) for o in v.outcomes.all()],
            "endorsements": [
                {
                    "organization": _org(e.organization),
                    "statement": _text(e.statement_en, e.statement_fr),
                    "endorsed_on": e.endorsed_on.isoformat(),
                }
                for e in v.endorsements.all()
            ],
            "target_occupations": [
                {"code": o.code, "uri": o.uri, "label": _text(o.label_en, o.label_fr)}
                for o in v.target_occupations.all()
            ],
            "stacks_into": stacks,
            "stacks_into_slug": v.stacks_into.slug if target else None,  # type: ignore[union-attr]
            "published_at": v.published_at.isoformat() if v.published_at else None,
        },
    )


def _outcome(outcome: Any) -> dict[str, Any]:
    design = getattr(outcome, "assessment", None)
    return {
        "text": _text(outcome.text_en, outcome.text_fr),
        "competencies": [
            {
                "uri": link.competency.uri,
                "label": _text(link.competency.label_en, link.competency.label_fr),
                "kind": link.kind,
            }
            for link in outcome.competency_links.all()
        ],
        "assessment": None
        if design is None
        else {
            "method": design.method,
            "evidence_required": _text(design.evidence_required_en, design.evidence_required_fr),
            "indicator": design.indicator,
            "summative": design.summative,
            "rubric_levels": [_text(lv.get("en", ""), lv.get("fr", "")) for lv in design.rubric_levels],
            "required_level": design.required_level,
        },
    }


@router.get(
    "/ctdl/{slug}",
    response={200: dict[str, Any], 404: ApiError},
    summary="CTDL JSON-LD record of one published micro-credential",
)
def ctdl_record(request: HttpRequest, slug: str) -> Any:
    v = selectors.version_detail(slug)
    if v is None:
        return _not_found(request, slug)
    return JsonResponse(
        ctdl.credential_document(v, base_url=_base_url(request)), content_type="application/ld+json"
    )


@router.get(
    "/ctdl", response={200: dict[str, Any]}, summary="CTDL JSON-LD export of every published micro-credential"
)
def ctdl_export(request: HttpRequest) -> Any:
    return JsonResponse(
        ctdl.catalog_document(base_url=_base_url(request)), content_type="application/ld+json"
    )


def _base_url(request: HttpRequest) -> str:
    from django.conf import settings

    return str(getattr(settings, "MICROCRED_PUBLIC_BASE_URL", "")) or request.build_absolute_uri("/").rstrip(
        "/"
    )
