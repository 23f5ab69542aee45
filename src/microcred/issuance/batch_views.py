"""Issuer pages for bulk issuance: upload a CSV, follow a batch's progress (done/total).

Org admins and registrars of the issuing organisation only; views parse, call a service and render.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from microcred.accounts.models import Membership, Organization
from microcred.catalog.models import MicroCredentialVersion
from microcred.issuance import bulk
from microcred.issuance.errors import IssuanceError
from microcred.issuance.models import IssuanceBatch

ISSUE_ROLES = (Membership.Role.ORG_ADMIN, Membership.Role.REGISTRAR)
MAX_CSV_BYTES = 20 * 1024 * 1024


def issuing_orgs(user: Any) -> Any:
    if user.is_superuser:
        return Organization.objects.all()
    return Organization.objects.filter(memberships__user=user, memberships__role__in=ISSUE_ROLES).distinct()


class BatchUploadForm(forms.Form):
    organization = forms.ModelChoiceField(
        queryset=Organization.objects.none(), label=_("Issuing organisation")
    )
    version = forms.ModelChoiceField(
        queryset=MicroCredentialVersion.objects.none(), label=_("Micro-credential")
    )
    csv_file = forms.FileField(
        label=_("CSV file (header: email; optional idempotency_key, evidence_url, narrative)")
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        orgs = issuing_orgs(user)
        self.fields["organization"].queryset = orgs  # type: ignore[attr-defined]
        self.fields["version"].queryset = MicroCredentialVersion.objects.filter(  # type: ignore[attr-defined]
            status="published", issuers__in=orgs
        ).distinct()

    def clean_csv_file(self) -> str:
        upload = self.cleaned_data["csv_file"]
        if upload.size > MAX_CSV_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        try:
            return str(upload.read().decode("utf-8"))
        except UnicodeDecodeError:
            raise forms.ValidationError(_("The file is not UTF-8 text.")) from None


@login_required
def batches(request: HttpRequest) -> HttpResponse:
    form = BatchUploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            rows = bulk.parse_csv(form.cleaned_data["csv_file"])
            batch = bulk.batch_create(
                organization=form.cleaned_data["organization"],
                version=form.cleaned_data["version"],
                rows=rows,
                source="csv",
                actor=request.user,  # type: ignore[arg-type]
            )
        except IssuanceError as error:
            form.add_error(None, f"{error.message(request.LANGUAGE_CODE)} {error.detail}")
        else:
            return redirect("issuance-pages:batch", batch_id=batch.pk)
    recent = IssuanceBatch.objects.filter(organization__in=issuing_orgs(request.user)).select_related(
        "version", "organization"
    )[:50]
    return render(request, "issuance/batches.html", {"form": form, "batches": recent})


@login_required
def batch(request: HttpRequest, batch_id: int) -> HttpResponse:
    found = IssuanceBatch.objects.select_related("version", "organization").filter(pk=batch_id).first()
    if found is None:
        raise Http404
    if not issuing_orgs(request.user).filter(pk=found.organization_id).exists():
        raise PermissionDenied
    response = render(
        request, "issuance/batch.html", {"batch": found, "percent": round(found.progress * 100)}
    )
    if found.state != IssuanceBatch.State.COMPLETED:
        response["Refresh"] = "2"  # the page follows the job until it completes (no script needed)
    return response
