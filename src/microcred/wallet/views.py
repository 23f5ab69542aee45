"""The learner's wallet pages: home, claim, import, one credential (with downloads), the skills passport,
export and account deletion, email confirmation. Thin: forms parse, services write, selectors read."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from microcred.wallet import errors, exports, passport, selectors, services, share_services, talent, verifying
from microcred.wallet.forms import DeleteAccountForm, ImportForm
from microcred.wallet.models import WalletCredential

MAX_REFRESH_PER_PAGE = 20


def lang() -> str:
    return (translation.get_language() or "en")[:2]


def refused(
    request: HttpRequest,
    exc: errors.WalletError,
    template: str = "wallet/refused.html",
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    return render(
        request,
        template,
        {**(context or {}), "error": exc.message(lang()), "code": exc.code},
        status=exc.http_status,
    )


def _owned(request: HttpRequest, pk: int) -> WalletCredential:
    credential = selectors.credential_get(request.user, pk)
    if credential is None:
        raise errors.NotFound()
    return credential


@login_required
def home(request: HttpRequest) -> HttpResponse:
    credentials = list(selectors.wallet_credentials(request.user))
    for credential in [c for c in credentials if verifying.is_stale(c.checked_at)][:MAX_REFRESH_PER_PAGE]:
        services.credential_refresh(credential=credential)
    context = {
        "credentials": credentials,
        "claimable_count": selectors.claimable_credentials(request.user).count(),
        "email_verified": selectors.email_verified(request.user),
        "is_employer": talent.is_employer(request.user),
    }
    return render(request, "wallet/home.html", context)


@login_required
def claim(request: HttpRequest) -> HttpResponse:
    context = {
        "claimable": list(selectors.claimable_credentials(request.user)),
        "email_verified": selectors.email_verified(request.user),
    }
    if request.method != "POST":
        return render(request, "wallet/claim.html", context)
    try:
        ids = [int(value) for value in request.POST.getlist("issued")]
        added = services.credential_claim(user=request.user, issued_ids=ids)
    except ValueError:
        return refused(request, errors.NotClaimable(), "wallet/claim.html", context)
    except errors.WalletError as exc:
        return refused(request, exc, "wallet/claim.html", context)
    messages.success(request, _("%(count)d credential(s) added to your wallet.") % {"count": len(added)})
    return redirect("wallet:home")


@login_required
def import_credential(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method != "POST":
        return render(request, "wallet/import.html", {"form": form})
    if not form.is_valid():
        return render(request, "wallet/import.html", {"form": form}, status=400)
    data, filename, media_type = form.payload()
    try:
        added = services.credential_import(
            user=request.user, data=data, filename=filename, media_type=media_type
        )
    except errors.WalletError as exc:
        return refused(request, exc, "wallet/import.html", {"form": form})
    if added.verified:
        messages.success(request, _("The credential was verified and added to your wallet."))
    else:
        messages.warning(request, _("The credential was added, but it did not verify: see why below."))
    return redirect("wallet:credential", pk=added.pk)


@login_required
def credential(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        item = _owned(request, pk)
    except errors.WalletError as exc:
        return refused(request, exc)
    report = services.credential_refresh(credential=item)
    return render(
        request,
        "wallet/credential.html",
        {"credential": item, "report": report, "can_bake": exports.can_bake(item)},
    )


@login_required
@require_POST
def credential_remove(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        services.credential_remove(user=request.user, credential_id=pk)
    except errors.WalletError as exc:
        return refused(request, exc)
    messages.success(request, _("The credential was removed from your wallet."))
    return redirect("wallet:home")


def _attachment(content: bytes | str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def credential_download(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    try:
        item = _owned(request, pk)
        if kind == "json":
            body = json.dumps(item.document, ensure_ascii=False, indent=2)
            return _attachment(body, "application/json", f"credential-{item.pk}.json")
        if not exports.can_bake(item):
            raise errors.NotFound("not bakeable")
        if kind == "png":
            return _attachment(exports.badge_png(item), "image/png", f"badge-{item.pk}.png")
        return _attachment(exports.badge_svg(item), "image/svg+xml", f"badge-{item.pk}.svg")
    except errors.WalletError as exc:
        return refused(request, exc)


@login_required
def passport_page(request: HttpRequest) -> HttpResponse:
    context = {
        "groups": passport.passport_groups(request.user, lang()),
        "stacks": passport.stack_progress(request.user, lang()),
        "credential_count": selectors.wallet_credentials(request.user).count(),
    }
    return render(request, "wallet/passport.html", context)


@login_required
def export(request: HttpRequest) -> HttpResponse:
    profile = services.profile_ensure(user=request.user)
    archive = exports.export_zip(profile, list(selectors.wallet_credentials(request.user).order_by("pk")))
    return _attachment(archive, "application/zip", "microcred-wallet.zip")


@login_required
def presentation(request: HttpRequest) -> HttpResponse:
    """The whole wallet as a signed Verifiable Presentation (optional ?challenge=…&domain=…)."""
    profile = services.profile_ensure(user=request.user)
    credentials = list(selectors.wallet_credentials(request.user).order_by("pk"))
    document = exports.presentation(
        profile,
        credentials,
        challenge=request.GET.get("challenge") or None,
        domain=request.GET.get("domain") or None,
    )
    response = JsonResponse(document, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = 'attachment; filename="presentation.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def delete_account(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None)
    if request.method != "POST":
        return render(request, "wallet/delete_account.html", {"form": form})
    if not form.is_valid():
        return render(request, "wallet/delete_account.html", {"form": form}, status=400)
    try:
        share_services.account_delete(user=request.user, password=form.cleaned_data["password"])
    except errors.WalletError as exc:
        return refused(request, exc, "wallet/delete_account.html", {"form": form})
    logout(request)
    return render(request, "wallet/account_deleted.html")


def verify_email(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button (mail scanners follow links); POST confirms."""
    if request.method != "POST":
        return render(request, "wallet/verify_email.html", {"token": token})
    try:
        services.email_verify(token=token)
    except errors.WalletError as exc:
        return refused(request, exc)
    messages.success(request, _("Your email address is confirmed."))
    return redirect("wallet:claim" if request.user.is_authenticated else "accounts:login")


@login_required
@require_POST
def resend_verification(request: HttpRequest) -> HttpResponse:
    services.email_verification_send(user=request.user)
    messages.success(request, _("We sent you a new confirmation link."))
    return redirect("wallet:claim")
