"""Issuer-facing design pages: create and edit drafts, submit for review, publish, start a new version.

Who may do what is decided by ``accounts.Membership`` roles on the owning organisation: org admins and program
designers design; only org admins publish (the review step). Views only parse, call a service and render.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from microcred.accounts.models import Organization
from microcred.catalog import services
from microcred.catalog.forms import NewMicroCredentialForm, OutcomeFormSet, VersionForm
from microcred.catalog.models import MicroCredential, MicroCredentialVersion


def _design_orgs(user: Any) -> Any:
    if user.is_superuser:
        return Organization.objects.all()
    return Organization.objects.filter(
        memberships__user=user, memberships__role__in=services.DESIGN_ROLES
    ).distinct()


def _version_for(request: HttpRequest, slug: str, number: int) -> MicroCredentialVersion:
    version = get_object_or_404(
        MicroCredentialVersion.objects.select_related("micro_credential__owner"),
        micro_credential__slug=slug,
        number=number,
    )
    owner = version.micro_credential.owner
    if not services.user_has_role(user=request.user, organization=owner, roles=services.DESIGN_ROLES):
        raise PermissionDenied(_("You do not design micro-credentials for this organisation."))
    return version


@login_required
def index(request: HttpRequest) -> HttpResponse:
    orgs = _design_orgs(request.user)
    credentials = (
        MicroCredential.objects.filter(owner__in=orgs).select_related("owner").prefetch_related("versions")
    )
    return render(request, "catalog/design/index.html", {"credentials": credentials, "orgs": orgs})


def _outcomes_from(formset: Any) -> tuple[Any, ...]:
    return tuple(
        form.to_input() for form in formset.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")
    )


@login_required
def create(request: HttpRequest) -> HttpResponse:
    orgs = _design_orgs(request.user)
    if not orgs.exists():
        raise PermissionDenied(_("You do not design micro-credentials for any organisation."))
    form = NewMicroCredentialForm(request.POST or None, organizations=orgs)
    formset = OutcomeFormSet(request.POST or None, prefix="outcomes")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            version = services.microcredential_create(
                owner=form.cleaned_data["owner"],
                slug=form.cleaned_data["slug"],
                data=form.to_input(_outcomes_from(formset)),
                actor=request.user,
            )
        except services.CatalogError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Draft saved."))
            return redirect("catalog:design_edit", slug=version.micro_credential.slug, number=version.number)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "catalog/design/edit.html",
        {"form": form, "formset": formset, "creating": True},
        status=status,
    )


@login_required
def edit(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    version = _version_for(request, slug, number)
    if not version.is_editable:
        messages.info(request, _("This version is no longer a draft; start a new version to change it."))
        return render(request, "catalog/design/version.html", {"v": version}, status=200)
    if request.method == "POST":
        form = VersionForm(request.POST)
        formset = OutcomeFormSet(request.POST, prefix="outcomes")
    else:
        form = VersionForm(initial=VersionForm.initial_from(version))
        formset = OutcomeFormSet(initial=_initial_outcomes(version), prefix="outcomes")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            services.version_update_draft(
                version=version, data=form.to_input(_outcomes_from(formset)), actor=request.user
            )
        except services.CatalogError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Draft saved."))
            return redirect("catalog:design_edit", slug=slug, number=number)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "formset": formset, "v": version, "creating": False}
    if request.GET.get("suggest") == "1":
        context["suggestions"] = _alignment_suggestions(version)
    return render(request, "catalog/design/edit.html", context, status=status)


def _alignment_suggestions(version: MicroCredentialVersion) -> list[dict[str, Any]]:
    """The platform's ESCO suggestions for each outcome, for the designer to review and paste in."""
    from microcred.frameworks.selectors import competency_suggestions

    return [
        {
            "outcome": outcome.text_en,
            "hits": competency_suggestions(text=outcome.text_en, top=5, language="en"),
        }
        for outcome in version.outcomes.all()
    ]


def _initial_outcomes(version: MicroCredentialVersion) -> list[dict[str, Any]]:
    from microcred.catalog.forms import OutcomeForm

    return OutcomeForm.initial_from(version)


_ACTIONS = {
    "submit": (services.version_submit_for_review, _("Submitted for review.")),
    "return": (services.version_return_to_draft, _("Returned to draft.")),
    "publish": (services.version_publish, _("Published.")),
    "retire": (services.version_retire, _("Retired.")),
}


@login_required
@require_POST
def act(request: HttpRequest, slug: str, number: int, action: str) -> HttpResponse:
    version = _version_for(request, slug, number)
    if action == "new-version":
        try:
            new = services.version_create_next(micro_credential=version.micro_credential, actor=request.user)
        except services.CatalogError as exc:
            messages.error(request, exc.message)
            return redirect("catalog:design_index")
        messages.success(request, _("New draft version created."))
        return redirect("catalog:design_edit", slug=slug, number=new.number)
    if action not in _ACTIONS:
        return HttpResponse(status=404)
    service, done = _ACTIONS[action]
    try:
        service(version=version, actor=request.user)
    except services.CatalogError as exc:
        if exc.code == "not_authorized":
            raise PermissionDenied(exc.message) from exc
        messages.error(request, exc.message)
    else:
        messages.success(request, str(done))
    return redirect("catalog:design_index")
