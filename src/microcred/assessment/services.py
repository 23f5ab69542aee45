"""Writes: offerings, enrolment by email and account claims, assessment records with evidence, awards.

``<noun>_<verb>``, keyword-only, one transaction each (DESIGN.md §7.6). Each checks the actor's role itself
(``actor=None`` is a trusted system caller) and raises the stable errors of ``errors``. Invitation emails are
sent after commit, so a rolled-back enrolment never mails a dead link.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Final

from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from microcred.accounts.models import Organization, User
from microcred.assessment import errors, permissions
from microcred.assessment.evidence import MAX_FILES_PER_RECORD, EvidenceFile
from microcred.assessment.models import AssessmentRecord, Award, Enrollment, Evidence, Offering
from microcred.assessment.selectors import Requirement, award_decision, results_snapshot
from microcred.catalog.choices import DeliveryMode, Lifecycle
from microcred.catalog.models import AssessmentDesign, MicroCredentialVersion, OutcomeCompetency
from microcred.issuance.identity import public_url

INVITATION_VALIDITY: Final = timedelta(days=14)
logger = logging.getLogger(__name__)


def _require(allowed: bool) -> None:
    if not allowed:
        raise errors.NotAuthorized()


# -- offerings ----------------------------------------------------------------------------------------------


@transaction.atomic
def offering_create(
    *, version: MicroCredentialVersion, organization: Organization, start_date: date, end_date: date,
    delivery_mode: str, seats: int | None, actor: Any | None,
) -> Offering:  # fmt: skip
    if actor is not None:
        _require(permissions.has_role(actor, organization, permissions.RUN_ROLES))
    if version.status != Lifecycle.PUBLISHED:
        raise errors.VersionNotPublished()
    issuers = set(version.issuers.values_list("pk", flat=True)) | {version.micro_credential.owner_id}
    if organization.pk not in issuers:
        raise errors.NotAnIssuer(organization.slug)
    if end_date < start_date:
        raise errors.InvalidDates()
    if delivery_mode not in DeliveryMode.values or (seats is not None and seats < 1):
        raise errors.InvalidChoice("delivery_mode/seats")
    return Offering.objects.create(
        version=version, organization=organization, start_date=start_date, end_date=end_date,
        delivery_mode=delivery_mode, seats=seats, created_by=_user_or_none(actor),
    )  # fmt: skip


def _user_or_none(actor: Any | None) -> Any | None:
    return actor if getattr(actor, "is_authenticated", False) else None


# -- enrolment and claims -----------------------------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def enrollment_create(
    *, offering: Offering, email: str, kind: str = Enrollment.Kind.PROGRAM, actor: Any | None
) -> Enrollment:
    """Enrol a learner by email and mail them an invitation to claim an account (after commit)."""
    offering = Offering.objects.select_for_update().select_related("version").get(pk=offering.pk)
    if actor is not None:
        _require(permissions.can_run(actor, offering))
    email = email.strip().lower()
    if kind not in Enrollment.Kind.values or "@" not in email or len(email) > 254:
        raise errors.InvalidChoice("kind/email")
    if offering.enrollments.filter(email=email).exists():
        raise errors.AlreadyEnrolled(email)
    if kind == Enrollment.Kind.PROGRAM and offering.seats is not None:
        taken = offering.enrollments.filter(kind=Enrollment.Kind.PROGRAM).exclude(
            status=Enrollment.Status.WITHDRAWN
        )
        if taken.count() >= offering.seats:
            raise errors.OfferingFull()
    token = secrets.token_urlsafe(32)
    enrollment = Enrollment.objects.create(
        offering=offering, email=email, kind=kind, invitation_token_hash=_token_hash(token),
        invited_at=timezone.now(), created_by=_user_or_none(actor),
    )  # fmt: skip
    transaction.on_commit(lambda: _send_invitation(enrollment, token))
    return enrollment


@transaction.atomic
def enrollment_reinvite(*, enrollment: Enrollment, actor: Any | None) -> Enrollment:
    """A new invitation for a learner who has not claimed yet; the previous link stops working."""
    enrollment = (
        Enrollment.objects.select_for_update().select_related("offering__version").get(pk=enrollment.pk)
    )
    if actor is not None:
        _require(permissions.can_run(actor, enrollment.offering))
    if enrollment.claimed_at is not None or enrollment.status != Enrollment.Status.INVITED:
        raise errors.AlreadyClaimed()
    token = secrets.token_urlsafe(32)
    enrollment.invitation_token_hash = _token_hash(token)
    enrollment.invited_at = timezone.now()
    enrollment.save(update_fields=["invitation_token_hash", "invited_at"])
    transaction.on_commit(lambda: _send_invitation(enrollment, token))
    return enrollment


def _send_invitation(enrollment: Enrollment, token: str) -> None:
    version = enrollment.offering.version
    with translation.override("en"):
        link_en = public_url(reverse("assessment:claim", kwargs={"token": token}))
    with translation.override("fr"):
        link_fr = public_url(reverse("assessment:claim", kwargs={"token": token}))
    body = (
        f"You are enrolled in “{version.title_en}”. "
        f"Claim your account to follow your progress:\n{link_en}\n\n"
        f"Vous êtes inscrit(e) à « {version.title_fr} ». "
        "Réclamez votre compte pour suivre votre progression :\n"
        f"{link_fr}\n\nThis link works once, for 14 days. "
        "/ Ce lien ne fonctionne qu'une fois, pendant 14 jours.\n"
    )
    try:
        send_mail(
            subject=f"{version.title_en} / {version.title_fr}: invitation",
            message=body,
            from_email=None,
            recipient_list=[enrollment.email],
        )
    except Exception:  # the enrolment is committed; say which one failed, never the link (it holds the token)
        logger.exception("invitation email for enrollment %s could not be sent", enrollment.pk)


def enrollment_for_token(token: str) -> Enrollment:
    """The open invitation ``token`` belongs to; one error for unknown, used and expired tokens."""
    enrollment = (
        Enrollment.objects.select_related("offering__version")
        .filter(invitation_token_hash=_token_hash(token), claimed_at__isnull=True)
        .exclude(invitation_token_hash="")
        .first()
    )
    if enrollment is None or enrollment.status == Enrollment.Status.WITHDRAWN:
        raise errors.InvalidInvitation()
    if enrollment.invited_at is None or enrollment.invited_at + INVITATION_VALIDITY < timezone.now():
        raise errors.InvalidInvitation()
    return enrollment


@transaction.atomic
def enrollment_claim(*, token: str, user: Any | None = None, password: str = "") -> Enrollment:
    """Link the invitation to ``user`` (signed in with the invited address) or create an account with
    ``password`` (already validated by the form). The token works once."""
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment_for_token(token).pk)
    if user is not None and getattr(user, "is_authenticated", False):
        if user.email.lower() != enrollment.email:
            raise errors.WrongAccount()
    else:
        if User.objects.filter(email__iexact=enrollment.email).exists():
            raise errors.AccountExists()
        user = User.objects.create_user(enrollment.email, password)
    enrollment.user = user
    enrollment.status = Enrollment.Status.ACTIVE
    enrollment.claimed_at = timezone.now()
    enrollment.invitation_token_hash = ""
    enrollment.save(update_fields=["user", "status", "claimed_at", "invitation_token_hash"])
    return enrollment


# -- assessment records -------------------------------------------------------------------------------------


def _check_result(
    design: AssessmentDesign | None, rubric_level: int | None, status: str, score: Decimal | None
) -> str:
    """The record's status: derived from the rubric level when the outcome has a rubric, else given."""
    if score is not None and not Decimal(0) <= score <= Decimal(100):
        raise errors.InvalidResult("score")
    if design is not None and design.rubric_levels:
        if rubric_level is None or not 0 <= rubric_level < len(design.rubric_levels):
            raise errors.InvalidResult("rubric_level")
        met = rubric_level >= design.required_level
        return AssessmentRecord.ResultStatus.MET if met else AssessmentRecord.ResultStatus.NOT_MET
    if rubric_level is not None or status not in AssessmentRecord.ResultStatus.values:
        raise errors.InvalidResult("status")
    return status


@transaction.atomic
def assessment_record_create(
    *, enrollment: Enrollment, competency_link: OutcomeCompetency, assessed_on: date, actor: Any,
    rubric_level: int | None = None, status: str = "", score: Decimal | None = None, narrative: str = "",
    files: Sequence[EvidenceFile] = (), urls: Sequence[str] = (),
) -> AssessmentRecord:  # fmt: skip
    """Record one competency's result for one enrollment, by an assessor of the issuing or a partner
    organisation, with evidence (files already checked by ``evidence.parse_upload``, https links)."""
    enrollment = Enrollment.objects.select_related("offering__version", "offering__organization").get(
        pk=enrollment.pk
    )
    offering = enrollment.offering
    organization = permissions.assessor_organization(actor, offering)
    if organization is None:
        raise errors.NotAuthorized()
    if enrollment.status == Enrollment.Status.WITHDRAWN:
        raise errors.EnrollmentWithdrawn()
    link = (
        OutcomeCompetency.objects.select_related("outcome__assessment")
        .filter(pk=competency_link.pk, outcome__version_id=offering.version_id)
        .first()
    )
    if link is None:
        raise errors.CompetencyNotInVersion()
    if len(files) > MAX_FILES_PER_RECORD:
        raise errors.InvalidResult("too many files")
    requirement = Requirement(link, getattr(link.outcome, "assessment", None))
    final_status = _check_result(requirement.design, rubric_level, status, score)
    record = AssessmentRecord.objects.create(
        enrollment=enrollment, competency_link=link, rubric_level=rubric_level, score=score,
        status=final_status, assessor=actor, assessor_organization=organization, assessed_on=assessed_on,
        narrative=narrative.strip(),
    )  # fmt: skip
    for upload in files:
        evidence = Evidence(
            record=record, kind=Evidence.Kind.FILE, original_name=upload.name,
            content_type=upload.content_type, size=upload.size, sha256=upload.sha256,
        )  # fmt: skip
        evidence.file.save("evidence", ContentFile(upload.content), save=False)
        evidence.save()
    for url in urls:
        Evidence.objects.create(record=record, kind=Evidence.Kind.URL, url=url)
    return record


# -- awards -------------------------------------------------------------------------------------------------


@transaction.atomic
def award_grant(*, enrollment: Enrollment, actor: Any | None) -> Award:
    """Record that the enrollment met every required competency; refuses (``award_not_eligible``) if not."""
    enrollment = (
        Enrollment.objects.select_for_update().select_related("offering__version").get(pk=enrollment.pk)
    )
    if actor is not None:
        _require(permissions.can_run(actor, enrollment.offering))
    if Award.objects.filter(enrollment=enrollment).exists():
        raise errors.AlreadyAwarded()
    decision = award_decision(enrollment)
    if not decision.eligible:
        raise errors.NotEligible(decision.reason or f"{len(decision.missing)} missing")
    return Award.objects.create(
        enrollment=enrollment, decided_by=_user_or_none(actor), results=results_snapshot(enrollment)
    )
