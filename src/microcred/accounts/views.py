"""Learner sign-up, and where a person lands after signing in (sign in and out are Django's auth views)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from microcred.accounts import services
from microcred.accounts.forms import SignupForm


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("wallet:home")
    language = (translation.get_language() or "en")[:2]
    form = SignupForm(request.POST or None, initial={"preferred_language": language})
    if request.method != "POST":
        return render(request, "accounts/signup.html", {"form": form})
    if not form.is_valid():
        return render(request, "accounts/signup.html", {"form": form}, status=400)
    from microcred.wallet.errors import WalletError

    data = form.cleaned_data
    try:
        user = services.learner_signup(
            email=data["email"],
            password=data["password1"],
            preferred_language=data["preferred_language"],
            display_name=data["display_name"],
        )
    except WalletError as exc:
        context = {"form": form, "error": exc.message(language), "code": exc.code}
        return render(request, "accounts/signup.html", context, status=exc.http_status)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, _("Welcome! We sent you a link to confirm your email address."))
    with translation.override(user.preferred_language):
        from django.urls import reverse

        return redirect(reverse("wallet:home"))


@login_required
def after_login(request: HttpRequest) -> HttpResponse:
    """Issuer staff land on their issuer pages; everyone else (learners, employers) on the wallet."""
    if request.user.memberships.exclude(organization__kind__in=("employer", "industry_body")).exists():
        return redirect("issuance-pages:credentials-home")
    return redirect("wallet:home")
