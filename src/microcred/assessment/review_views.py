"""Partner review pages: the owner's designers open a version for review; partners' endorsers comment and sign
off (which signs an EndorsementCredential with the partner's key)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from microcred.assessment import errors, permissions, signoff
from microcred.assessment.forms import CommentForm, OpenReviewForm, SignOffForm
from microcred.assessment.models import PartnerReview
from microcred.catalog.models import MicroCredentialVersion


def _lang() -> str:
    return get_language() or "en"


def _version(request: HttpRequest, slug: str, number: int) -> MicroCredentialVersion:
    version = get_object_or_404(
        MicroCredentialVersion.objects.select_related("micro_credential__owner"),
        micro_credential__slug=slug,
        number=number,
    )
    if not permissions.can_view_review(request.user, version):
        raise PermissionDenied(_("You do not take part in the review of this micro-credential."))
    return version


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    partner = Q(partner__memberships__user=user, partner__memberships__role__in=permissions.ENDORSE_ROLES)
    owner = Q(
        version__micro_credential__owner__memberships__user=user,
        version__micro_credential__owner__memberships__role__in=permissions.DESIGN_ROLES,
    )
    reviews = (
        PartnerReview.objects.all() if user.is_superuser else PartnerReview.objects.filter(partner | owner)
    )
    reviews = reviews.distinct().select_related("version__micro_credential", "partner").order_by("-opened_at")
    return render(request, "assessment/review_index.html", {"reviews": reviews})


def _page(
    request: HttpRequest, version: MicroCredentialVersion, status: int = 200, **forms: object
) -> HttpResponse:
    can_design = permissions.can_open_review(request.user, version)
    reviews = (
        PartnerReview.objects.filter(version=version)
        if can_design
        else permissions.reviews_for_endorser(request.user, version)
    )
    items = []
    for review in (
        reviews.select_related("partner").prefetch_related("comments__author").order_by("partner__name_en")
    ):
        endorsement = getattr(review, "endorsement", None)
        items.append(
            {
                "review": review,
                "name": review.partner.name(_lang()),
                "can_sign": review.status == "open" and permissions.can_endorse(request.user, review),
                "endorsement": endorsement,
                "comment_form": forms.get(f"comment_{review.pk}") or CommentForm(),
                "sign_form": forms.get(f"sign_{review.pk}") or SignOffForm(),
            }
        )
    context = {
        "v": version,
        "title": version.title(_lang()),
        "items": items,
        "open_form": (forms.get("open") or OpenReviewForm(version=version)) if can_design else None,
    }
    return render(request, "assessment/review.html", context, status=status)


@login_required
def review(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    return _page(request, _version(request, slug, number))


@login_required
@require_POST
def open_review(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    version = _version(request, slug, number)
    if not permissions.can_open_review(request.user, version):
        raise PermissionDenied(_("Only the owner's designers open a version for partner review."))
    form = OpenReviewForm(request.POST, version=version)
    if form.is_valid():
        try:
            signoff.review_open(
                version=version, partners=list(form.cleaned_data["partners"]), actor=request.user
            )
        except errors.AssessmentError as exc:
            form.add_error(None, exc.message(_lang()))
            return _page(request, version, status=exc.http_status, open=form)
        messages.success(request, _("The version is open for partner review."))
        return redirect("assessment:review", slug=slug, number=number)
    return _page(request, version, status=400, open=form)


def _review(request: HttpRequest, pk: int) -> PartnerReview:
    review = get_object_or_404(
        PartnerReview.objects.select_related("version__micro_credential", "partner"), pk=pk
    )
    allowed = permissions.can_endorse(request.user, review) or permissions.can_open_review(
        request.user, review.version
    )
    if not allowed:
        raise PermissionDenied(_("You do not take part in this review."))
    return review


def _back(review: PartnerReview) -> HttpResponse:
    version = review.version
    return redirect("assessment:review", slug=version.micro_credential.slug, number=version.number)


@login_required
@require_POST
def comment(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            signoff.review_comment_add(review=review, body=form.cleaned_data["body"], actor=request.user)
        except errors.AssessmentError as exc:
            form.add_error(None, exc.message(_lang()))
            return _page(request, review.version, status=exc.http_status, **{f"comment_{pk}": form})
        messages.success(request, _("Comment added."))
        return _back(review)
    return _page(request, review.version, status=400, **{f"comment_{pk}": form})


@login_required
@require_POST
def sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    if not permissions.can_endorse(request.user, review):
        raise PermissionDenied(_("Only the partner's endorsers and administrators sign off."))
    form = SignOffForm(request.POST)
    if form.is_valid():
        try:
            signoff.review_sign_off(review=review, comment=form.cleaned_data["comment"], actor=request.user)
        except errors.AssessmentError as exc:
            form.add_error(None, exc.message(_lang()))
            return _page(request, review.version, status=exc.http_status, **{f"sign_{pk}": form})
        messages.success(request, _("Signed off: your organisation's endorsement is signed and attached."))
        return _back(review)
    return _page(request, review.version, status=400, **{f"sign_{pk}": form})
