"""Issuer pages for issued credentials: the list per organisation (search, state filter, pages), one
credential (what, to whom, status entries, history) and the lifecycle forms (revoke, suspend, unsuspend,
renew, award again).

Views parse, check the role (``lifecycle_selectors.can_view`` / ``can_act``), call ``credential_lifecycle``
through ``lifecycle_forms.ACTIONS`` and render. A refusal renders an explained 403 and changes nothing
(docs/adr/0027).
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from microcred.accounts.models import Organization
from microcred.issuance import lifecycle_selectors as selectors
from microcred.issuance.errors import IssuanceError
from microcred.issuance.lifecycle_forms import ACTIONS, LifecycleForm
from microcred.issuance.models import IssuedCredential

__all__ = ["credential_action", "credential_detail", "credential_list", "credentials_home"]


def _refused(request: HttpRequest, organization: Organization | None = None) -> HttpResponse:
    return render(request, "issuance/refused.html", {"organization": organization}, status=403)


def _page_number(raw: str | None) -> int:
    return int(raw) if raw and raw.isdigit() and 0 < len(raw) < 7 else 1


@require_safe
@login_required
def credentials_home(request: HttpRequest) -> HttpResponse:
    """The organisations whose issued credentials the user may see (straight to the list when one)."""
    organizations = list(selectors.viewable_organizations(request.user))
    if not organizations:
        return _refused(request)
    if len(organizations) == 1:
        return redirect("issuance-pages:credentials", slug=organizations[0].slug)
    return render(request, "issuance/credentials_home.html", {"organizations": organizations})


@require_safe
@login_required
def credential_list(request: HttpRequest, slug: str) -> HttpResponse:
    organization = get_object_or_404(Organization, slug=slug)
    if not selectors.can_view(request.user, organization):
        return _refused(request, organization)
    query = request.GET.get("q", "")[: selectors.MAX_QUERY]
    state = request.GET.get("state", "")
    page = selectors.credential_page(
        organization=organization, query=query, state=state, page=_page_number(request.GET.get("page"))
    )
    context = {
        "organization": organization,
        "page": page,
        "q": query,
        "state": state if state in IssuedCredential.State.values else "",
        "states": IssuedCredential.State.choices,
    }
    return render(request, "issuance/credentials.html", context)


def _credential(organization: Organization, pk: int) -> IssuedCredential:
    credential = selectors.credential_in(organization=organization, pk=pk)
    if credential is None:
        raise Http404
    return credential


@require_safe
@login_required
def credential_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organization = get_object_or_404(Organization, slug=slug)
    if not selectors.can_view(request.user, organization):
        return _refused(request, organization)
    credential = _credential(organization, pk)
    can_act = selectors.can_act(request.user, organization)
    context = {
        "organization": organization,
        "credential": credential,
        "identities": selectors.recipient_identities(credential),
        "document_json": json.dumps(credential.document, indent=2, ensure_ascii=False),
        "entries": selectors.status_entries(credential),
        "history": selectors.credential_history(credential),
        "replaced_by": IssuedCredential.objects.filter(replaces=credential).order_by("pk"),
        "actions": [a for a in ACTIONS.values() if a.applies_to(credential)] if can_act else [],
        "can_act": can_act,
    }
    return render(request, "issuance/credential.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def credential_action(request: HttpRequest, slug: str, pk: int, action: str) -> HttpResponse:
    organization = get_object_or_404(Organization, slug=slug)
    if action not in ACTIONS:
        raise Http404
    if not selectors.can_act(request.user, organization):
        return _refused(request, organization)
    credential = _credential(organization, pk)
    chosen = ACTIONS[action]
    form = LifecycleForm(request.POST if request.method == "POST" else None, action=chosen)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                result = chosen.perform(credential, form.cleaned_data.get("reason", ""), request.user)
            except IssuanceError as error:
                status = error.http_status
                form.add_error(None, f"{error.message(request.LANGUAGE_CODE)} ({error.code})")
            else:
                messages.success(request, _("Done: %(action)s.") % {"action": chosen.label})
                return redirect("issuance-pages:credential", slug=organization.slug, pk=result.pk)
    context = {
        "organization": organization,
        "credential": credential,
        "action": chosen,
        "form": form,
        "applies": chosen.applies_to(credential),
        "new_valid_until": selectors.renewal_valid_until(credential, timezone.now())
        if action == "renew"
        else None,
    }
    return render(request, "issuance/credential_action.html", context, status=status)
