"""Issuer pages: offerings, enrolment, assessment records with evidence, award status; the learner's claim
page; evidence downloads. Views parse, check the role (``permissions``), call a service and render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from microcred.assessment import errors, permissions, selectors, services
from microcred.assessment.evidence import MAX_EVIDENCE_BYTES, MAX_FILES_PER_RECORD
from microcred.assessment.forms import ClaimForm, EnrolForm, OfferingForm, RecordForm
from microcred.assessment.models import Enrollment, Evidence, Offering

MAX_RECORD_REQUEST_BYTES = MAX_FILES_PER_RECORD * MAX_EVIDENCE_BYTES + 1024 * 1024
EVIDENCE_CSP = "default-src 'none'; sandbox; frame-ancestors 'none'; form-action 'none'"


def _lang() -> str:
    return get_language() or "en"


def _declared_length(request: HttpRequest) -> int:
    value = request.META.get("CONTENT_LENGTH") or "0"
    return int(value) if value.isdigit() else 0


def _offering(request: HttpRequest, pk: int) -> Offering:
    offering = get_object_or_404(Offering.objects.select_related("version", "organization"), pk=pk)
    if not permissions.can_view_offering(request.user, offering):
        raise PermissionDenied(_("You do not run or assess this offering."))
    return offering


@login_required
def offering_list(request: HttpRequest) -> HttpResponse:
    offerings = permissions.visible_offerings(request.user).select_related("version", "organization")
    can_create = permissions.run_organizations(request.user).exists()
    if not can_create and not offerings.exists():
        raise PermissionDenied(_("You do not run or assess offerings for any organisation."))
    context = {"offerings": offerings, "can_create": can_create}
    return render(request, "assessment/offering_list.html", context)


@login_required
def offering_create(request: HttpRequest) -> HttpResponse:
    organizations = permissions.run_organizations(request.user)
    if not organizations.exists():
        raise PermissionDenied(_("You do not run offerings for any organisation."))
    form = OfferingForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        try:
            offering = services.offering_create(**form.cleaned_data, actor=request.user)
        except errors.NotAuthorized as exc:
            raise PermissionDenied(exc.message(_lang())) from exc
        except errors.AssessmentError as exc:
            form.add_error(None, exc.message(_lang()))
        else:
            messages.success(request, _("Offering created."))
            return redirect("assessment:offering", pk=offering.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "assessment/offering_form.html", {"form": form}, status=status)


def _offering_page(
    request: HttpRequest, offering: Offering, form: EnrolForm, status: int = 200
) -> HttpResponse:
    enrollments = offering.enrollments.select_related("award").order_by("email")
    context = {
        "offering": offering,
        "title": offering.version.title(_lang()),
        "enrollments": enrollments,
        "form": form if permissions.can_run(request.user, offering) else None,
    }
    return render(request, "assessment/offering_detail.html", context, status=status)


@login_required
def offering_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _offering_page(request, _offering(request, pk), EnrolForm())


@login_required
@require_POST
def enrol(request: HttpRequest, pk: int) -> HttpResponse:
    offering = _offering(request, pk)
    if not permissions.can_run(request.user, offering):
        raise PermissionDenied(_("Only registrars and organisation administrators enrol learners."))
    form = EnrolForm(request.POST)
    if form.is_valid():
        try:
            services.enrollment_create(offering=offering, actor=request.user, **form.cleaned_data)
        except errors.AssessmentError as exc:
            form.add_error(None, exc.message(_lang()))
            return _offering_page(request, offering, form, status=exc.http_status)
        messages.success(
            request, _("Learner enrolled; an invitation was sent to %(email)s.") % form.cleaned_data
        )
        return redirect("assessment:offering", pk=offering.pk)
    return _offering_page(request, offering, form, status=400)


def _enrollment(request: HttpRequest, pk: int) -> Enrollment:
    enrollment = get_object_or_404(
        Enrollment.objects.select_related("offering__version", "offering__organization"), pk=pk
    )
    is_learner = request.user.is_authenticated and enrollment.user_id == request.user.pk
    if not (is_learner or permissions.enrollment_visible(request.user, enrollment)):
        raise PermissionDenied(_("You cannot see this learner's assessment."))
    return enrollment


@login_required
def enrollment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    enrollment = _enrollment(request, pk)
    offering = enrollment.offering
    latest = selectors.latest_records(enrollment)
    rows = [
        {"req": req, "record": latest.get(req.link.pk), "met": req.is_met_by(latest.get(req.link.pk))}
        for req in selectors.requirements_for_version(offering.version)
    ]
    decision = selectors.award_decision(enrollment)
    context = {
        "enrollment": enrollment,
        "title": offering.version.title(_lang()),
        "rows": rows,
        "decision": decision,
        "missing": decision.describe(_lang()),
        "awarded": hasattr(enrollment, "award"),
        "can_award": permissions.can_run(request.user, offering),
        "can_assess": permissions.assessor_organization(request.user, offering) is not None,
        "language": _lang(),
    }
    return render(request, "assessment/enrollment_detail.html", context)


@login_required
def record_create(request: HttpRequest, pk: int) -> HttpResponse:
    enrollment = _enrollment(request, pk)
    if permissions.assessor_organization(request.user, enrollment.offering) is None:
        raise PermissionDenied(_("Only assessors of the issuing or a partner organisation record results."))
    if _declared_length(request) > MAX_RECORD_REQUEST_BYTES:  # refuse before reading the upload
        return HttpResponse(errors.EvidenceTooLarge().message(_lang()), status=413, content_type="text/plain")
    requirements = {
        req.link.pk: req for req in selectors.requirements_for_version(enrollment.offering.version)
    }
    link_id = request.POST.get("link") or request.GET.get("link") or ""
    requirement = requirements.get(int(link_id)) if link_id.isdigit() else None
    if requirement is None:
        return render(
            request,
            "assessment/record_choose.html",
            {"enrollment": enrollment, "reqs": requirements.values()},
        )
    form = RecordForm(request.POST or None, request.FILES or None, requirement=requirement, language=_lang())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.assessment_record_create(
                enrollment=enrollment, competency_link=requirement.link, assessed_on=data["assessed_on"],
                actor=request.user, rubric_level=data.get("rubric_level"), status=data.get("status") or "",
                score=data.get("score"), narrative=data["narrative"], files=data["files"], urls=data["urls"],
            )  # fmt: skip
        except errors.AssessmentError as exc:
            form.add_error(None, exc.message(_lang()))
        else:
            messages.success(request, _("Assessment recorded."))
            return redirect("assessment:enrollment", pk=enrollment.pk)
    status = 400 if request.method == "POST" else 200
    context = {"enrollment": enrollment, "form": form, "req": requirement, "language": _lang()}
    return render(request, "assessment/record_form.html", context, status=status)


@login_required
@require_POST
def award_grant(request: HttpRequest, pk: int) -> HttpResponse:
    enrollment = _enrollment(request, pk)
    if not permissions.can_run(request.user, enrollment.offering):
        raise PermissionDenied(_("Only registrars and organisation administrators grant awards."))
    try:
        services.award_grant(enrollment=enrollment, actor=request.user)
    except errors.AssessmentError as exc:
        messages.error(request, exc.message(_lang()))
    else:
        messages.success(request, _("Award granted: the credential can now be issued."))
    return redirect("assessment:enrollment", pk=enrollment.pk)


@login_required
@require_POST
def reinvite(request: HttpRequest, pk: int) -> HttpResponse:
    enrollment = _enrollment(request, pk)
    if not permissions.can_run(request.user, enrollment.offering):
        raise PermissionDenied(_("Only registrars and organisation administrators enrol learners."))
    try:
        services.enrollment_reinvite(enrollment=enrollment, actor=request.user)
    except errors.AssessmentError as exc:
        messages.error(request, exc.message(_lang()))
    else:
        messages.success(request, _("A new invitation was sent; the previous link no longer works."))
    return redirect("assessment:offering", pk=enrollment.offering_id)


@login_required
def evidence_download(request: HttpRequest, public_id: Any) -> HttpResponse:
    evidence = get_object_or_404(
        Evidence.objects.select_related("record__enrollment__offering__version"),
        public_id=public_id,
        kind=Evidence.Kind.FILE,
    )
    if not permissions.can_download(request.user, evidence):
        raise PermissionDenied(_("You cannot see this evidence."))
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name or "evidence",
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = EVIDENCE_CSP
    response["Cache-Control"] = "private, no-store"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


def claim(request: HttpRequest, token: str) -> HttpResponse:
    """The learner's invitation: set a password (new account) or link the signed-in account."""
    try:
        enrollment = services.enrollment_for_token(token)
    except errors.InvalidInvitation as exc:
        return render(request, "assessment/claim.html", {"error": exc.message(_lang())}, status=404)
    from microcred.accounts.models import User

    signed_in = request.user.is_authenticated
    has_account = not signed_in and User.objects.filter(email__iexact=enrollment.email).exists()
    form = None if signed_in or has_account else ClaimForm(request.POST or None, email=enrollment.email)
    context: dict[str, Any] = {
        "enrollment": enrollment, "title": enrollment.offering.version.title(_lang()), "form": form,
        "has_account": has_account, "signed_in": signed_in,
    }  # fmt: skip
    if request.method != "POST" or has_account:
        return render(request, "assessment/claim.html", context)
    if form is not None and not form.is_valid():
        return render(request, "assessment/claim.html", context, status=400)
    password = form.cleaned_data["password1"] if form is not None else ""
    try:
        claimed = services.enrollment_claim(token=token, user=request.user, password=password)
    except errors.AssessmentError as exc:
        context["error"] = exc.message(_lang())
        return render(request, "assessment/claim.html", context, status=exc.http_status)
    if not signed_in:
        login(request, claimed.user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, _("Your account is linked to this enrolment."))
    return redirect("assessment:enrollment", pk=claimed.pk)
