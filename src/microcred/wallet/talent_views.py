"""Talent search pages: the learner's visibility settings and the employer's search."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from microcred.wallet import errors, passport, services, share_services, talent
from microcred.wallet.forms import TalentForm, TalentSearchForm
from microcred.wallet.models import TalentSkill
from microcred.wallet.views import lang, refused


@login_required
def settings_page(request: HttpRequest) -> HttpResponse:
    skills = passport.verified_skills(request.user, lang())
    profile = services.profile_ensure(user=request.user)
    initial = {
        "opt_in": profile.talent_opt_in,
        "headline": profile.talent_headline,
        "skills": list(TalentSkill.objects.filter(owner=request.user).values_list("uri", flat=True)),
    }
    form = TalentForm(request.POST or None, initial=initial, choices=[(s.uri, s.label) for s in skills])
    if request.method != "POST":
        return render(request, "wallet/talent_settings.html", {"form": form, "skills": skills})
    if not form.is_valid():
        return render(request, "wallet/talent_settings.html", {"form": form, "skills": skills}, status=400)
    share_services.talent_update(
        user=request.user,
        opt_in=form.cleaned_data["opt_in"],
        headline=form.cleaned_data["headline"],
        skill_uris=form.cleaned_data["skills"],
    )
    messages.success(request, _("Your talent search settings are saved."))
    return redirect("wallet:talent_settings")


@login_required
def search_page(request: HttpRequest) -> HttpResponse:
    if not talent.is_employer(request.user):
        return refused(request, errors.NotAnEmployer())
    form = TalentSearchForm(request.GET or None)
    context: dict[str, object] = {"form": form, "searched": False}
    if form.is_valid() and (form.cleaned_data["skill"] or form.cleaned_data["occupation"]):
        uris = talent.skills_matching(form.cleaned_data["skill"])
        occupation, occupation_uris = talent.skills_for_occupation(form.cleaned_data["occupation"])
        context.update(
            searched=True,
            occupation=occupation,
            matches=talent.search(
                searcher=request.user,
                skill_uris=uris + occupation_uris,
                language=lang(),
            ),
        )
    return render(request, "wallet/talent_search.html", context)
