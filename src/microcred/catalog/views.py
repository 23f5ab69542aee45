"""Public portal: search with facets, and the detail page with the nutrition label. Thin: reads via
selectors."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from microcred.catalog import choices as c
from microcred.catalog import selectors
from microcred.catalog.markers import compute_markers, compute_osap

FACET_TITLES = {
    "delivery_mode": c.DeliveryMode,
    "pace": c.Pace,
    "duration": c.DurationBucket,
    "cost": c.CostBucket,
    "language": c.Language,
}


# Region names used by the catalog's organisations, translated for the region facet.
REGION_LABELS = {
    "Ontario": gettext_lazy("Ontario"),
    "Northern Ontario": gettext_lazy("Northern Ontario"),
    "Eastern Ontario": gettext_lazy("Eastern Ontario"),
    "Central Ontario": gettext_lazy("Central Ontario"),
    "Southwestern Ontario": gettext_lazy("Southwestern Ontario"),
    "Toronto": gettext_lazy("Toronto"),
    "Manitoba": gettext_lazy("Manitoba"),
}


def _language() -> str:
    return "fr" if (get_language() or "en").startswith("fr") else "en"


def search(request: HttpRequest) -> HttpResponse:
    error = ""
    try:
        params = selectors.SearchParams.parse(request.GET)
    except selectors.SearchParamError as exc:
        params = selectors.SearchParams()
        error = _("The filter “%(field)s” has a value we do not know: %(value)s. It was ignored.") % {
            "field": exc.field,
            "value": exc.value,
        }
    result = selectors.catalog_search(params)
    language = _language()
    if language == "fr":
        _relabel_providers(result.facets.get("provider", []))
    regions = result.facets.get("region", [])
    for i, fv in enumerate(regions):
        regions[i] = selectors.FacetValue(
            fv.value, str(REGION_LABELS.get(fv.value, fv.label)), fv.count, fv.selected
        )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "result": result,
        "params": params,
        "error": error,
        "cards": [_card(version, language) for version in result.items],
        "facet_groups": _facet_groups(result),
        "sort_choices": c.Sort.choices,
        "query_without_page": query.urlencode(),
        "status": 400 if error else 200,
    }
    return render(request, "catalog/search.html", context, status=400 if error else 200)


def _relabel_providers(values: list[selectors.FacetValue]) -> None:
    from microcred.accounts.models import Organization

    names = dict(
        Organization.objects.filter(slug__in=[v.value for v in values]).values_list("slug", "name_fr")
    )
    for i, value in enumerate(values):
        values[i] = selectors.FacetValue(
            value.value, names.get(value.value) or value.label, value.count, value.selected
        )


def _facet_groups(result: selectors.SearchResult) -> list[dict[str, object]]:
    titles = {
        "delivery_mode": _("Delivery mode"),
        "pace": _("Pace"),
        "duration": _("Duration"),
        "cost": _("Cost"),
        "language": _("Language"),
        "provider": _("Provider"),
        "region": _("Region"),
        "marker": _("Quality markers"),
    }
    groups = [
        {"name": name, "title": title, "values": values, "rows": _facet_rows(name, values)}
        for name, title in titles.items()
        if (values := result.facets.get(name, []))
    ]
    return groups


def _facet_rows(name: str, values: list[selectors.FacetValue]) -> str:
    """The checkboxes of one facet, built here (escaped by format_html): the template loop over ≈ 200
    facet values (≈ 150 providers at 100,000 micro-credentials) was most of the portal's time (ADR 0033)."""
    return format_html_join(
        "\n",
        '<p class="facet"><input type="checkbox" id="f_{0}_{1}" name="{0}" value="{2}"{3}>\n'
        '  <label for="f_{0}_{1}">{4} <span class="count">({5})</span></label></p>',
        (
            (name, i, fv.value, mark_safe(" checked") if fv.selected else "", fv.label, fv.count)
            for i, fv in enumerate(values, start=1)
        ),
    )


def _card(version: object, language: str) -> dict[str, object]:
    v = version  # MicroCredentialVersion
    return {
        "slug": v.micro_credential.slug,  # type: ignore[attr-defined]
        "title": v.title(language),  # type: ignore[attr-defined]
        "description": v.description(language),  # type: ignore[attr-defined]
        "owner": v.micro_credential.owner.name(language),  # type: ignore[attr-defined]
        "version": v,
        "markers": [c.Marker(code).label for code in v.marker_codes],  # type: ignore[attr-defined]
    }


def detail(request: HttpRequest, slug: str) -> HttpResponse:
    version = selectors.version_detail(slug)
    if version is None:
        raise Http404(_("No published micro-credential has this address."))
    language = _language()
    markers = compute_markers(version)
    osap = compute_osap(version)
    context = {
        "v": version,
        "language": language,
        "other_language": "en" if language == "fr" else "fr",
        "title": version.title(language),
        "description": version.description(language),
        "markers": [
            {"code": m.code, "label": c.Marker(m.code).label, "met": m.met, "reason": m.reason_in(language)}
            for m in markers
        ],
        "osap": osap,
        "osap_reason": osap.reason_in(language),
        "outcomes": _outcomes(version, language),
        "issuers": [org.name(language) for org in version.issuers.all()],
        "partners": [org.name(language) for org in version.partners.all()],
        "endorsements": [
            {"org": e.organization.name(language), "statement": e.statement(language), "date": e.endorsed_on}
            for e in version.endorsements.all()
        ],
        "occupations": list(version.target_occupations.all()),
        "stacks_into": _stacks_into(version, language),
        "stacked_from": [
            (s.micro_credential.slug, s.title(language)) for s in selectors.stacked_from(version)
        ],
        "languages": [c.Language(code).label for code in version.language_codes],
    }
    return render(request, "catalog/detail.html", context)


def _stacks_into(version: object, language: str) -> dict[str, str] | None:
    target = version.stacks_into  # type: ignore[attr-defined]
    if target is not None and target.current_version is not None:
        return {"slug": target.slug, "name": target.current_version.title(language)}
    name = version.stacks_into_name(language)  # type: ignore[attr-defined]
    return {"slug": "", "name": name} if name else None


def _outcomes(version: object, language: str) -> list[dict[str, object]]:
    out = []
    for outcome in version.outcomes.all():  # type: ignore[attr-defined]
        design = getattr(outcome, "assessment", None)
        out.append(
            {
                "text": outcome.text(language),
                "competencies": [
                    {
                        "uri": link.competency.uri,
                        "label": _competency_label(link.competency, language)[0],
                        "lang": _competency_label(link.competency, language)[1],
                        "kind": c.CompetencyKind(link.kind).label,
                    }
                    for link in outcome.competency_links.all()
                ],
                "assessment": None
                if design is None
                else {
                    "method": c.AssessmentMethod(design.method).label,
                    "evidence": design.evidence_required(language),
                    "indicator": c.Indicator(design.indicator).label,
                    "summative": design.summative,
                    "rubric": design.rubric(language),
                },
            }
        )
    return out


def _competency_label(competency: object, language: str) -> tuple[str, str]:
    """The label in the page's language, or the English one marked ``lang="en"`` where ESCO has no French."""
    english: str = competency.label_en  # type: ignore[attr-defined]
    if language != "fr":
        return english, ""
    french = getattr(competency, "label_fr", "")
    return (french, "") if french else (english, "en")
