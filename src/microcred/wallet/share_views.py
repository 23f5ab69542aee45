"""Sharing pages: the learner's share links (create, revoke, QR code, LinkedIn), the public share page and its
signed Verifiable Presentation. A link that is unknown, expired or revoked shows nothing (404)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from microcred.issuance.identity import public_url
from microcred.wallet import errors, exports, selectors, services, share_services
from microcred.wallet.forms import ShareForm
from microcred.wallet.views import refused


def _choices(request: HttpRequest) -> list[tuple[int, str]]:
    return [(c.pk, f"{c.name} — {c.issuer_name}") for c in selectors.wallet_credentials(request.user)]


def share_url(token: str) -> str:
    return public_url(reverse("wallet:shared", kwargs={"token": token}))


def _rows(request: HttpRequest) -> list[dict[str, object]]:
    rows = []
    for share in selectors.shares_of(request.user):
        token = selectors.share_token(share)
        url = share_url(token)
        live = selectors.share_for_token(token) is not None
        rows.append(
            {
                "share": share,
                "url": url,
                "live": live,
                "qr": exports.qr_svg(url, title=_("QR code of the share link")) if live else "",
                "linkedin": [(c, exports.linkedin_url(c, url)) for c in share.credentials.all()]
                if live
                else [],
            }
        )
    return rows


@login_required
def shares(request: HttpRequest) -> HttpResponse:
    form = ShareForm(request.POST or None, choices=_choices(request))
    context = {"form": form, "rows": []}
    if request.method == "POST":
        if not form.is_valid():
            context["rows"] = _rows(request)
            return render(request, "wallet/shares.html", context, status=400)
        try:
            share_services.share_create(
                user=request.user,
                credential_ids=form.cleaned_data["credentials"],
                include_evidence=form.cleaned_data["include_evidence"],
                expires_in_days=form.expires_in_days(),
                label=form.cleaned_data["label"],
            )
        except errors.WalletError as exc:
            context["rows"] = _rows(request)
            return refused(request, exc, "wallet/shares.html", context)
        messages.success(request, _("Your share link is ready."))
        return redirect("wallet:shares")
    context["rows"] = _rows(request)
    return render(request, "wallet/shares.html", context)


@login_required
@require_POST
def share_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        share_services.share_revoke(user=request.user, share_id=pk)
    except errors.WalletError as exc:
        return refused(request, exc)
    messages.success(request, _("The link is revoked: it shows nothing any more."))
    return redirect("wallet:shares")


def _not_available(request: HttpRequest) -> HttpResponse:
    response = render(request, "wallet/share_gone.html", status=404)
    response["Cache-Control"] = "no-store"
    return response


def shared(request: HttpRequest, token: str) -> HttpResponse:
    """The public page of a share link: each credential verified now, evidence only if the learner chose."""
    share = selectors.share_for_token(token)
    if share is None:
        return _not_available(request)
    share_services.share_record_view(share=share)
    items = [
        (credential, services.credential_refresh(credential=credential))
        for credential in selectors.shared_credentials(share)
    ]
    response = render(
        request,
        "wallet/shared.html",
        {
            "share": share,
            "items": items,
            "show_evidence": share.include_evidence,
            "token": token,
            "holder": share.owner.display_name,
        },
    )
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


def shared_presentation(request: HttpRequest, token: str) -> HttpResponse:
    """The shared credentials as a Verifiable Presentation signed by the learner's holder key; a verifier may
    ask for a fresh proof with ``?challenge=…&domain=…``."""
    share = selectors.share_for_token(token)
    if share is None:
        return _not_available(request)
    profile = services.profile_ensure(user=share.owner)
    challenge, domain = (
        request.GET.get("challenge", "")[:200] or None,
        request.GET.get("domain", "")[:200] or None,
    )
    document = exports.presentation(
        profile, selectors.shared_credentials(share), challenge=challenge, domain=domain
    )
    response = JsonResponse(document, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Cache-Control"] = "no-store"
    return response
