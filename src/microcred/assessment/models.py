"""Partner review and sign-off, offerings, enrollments, assessment records with evidence, awards
(DESIGN.md §3).

Rows here point at a catalog version and its parts but never change them: comments, endorsements and records
are attached to a version, exactly as the catalog's own endorsements are. Writes go through ``services`` and
``signoff``; reads through ``selectors``.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.db import models
from django.utils.translation import gettext_lazy as _

from microcred.accounts.models import Organization
from microcred.catalog.choices import DeliveryMode
from microcred.catalog.models import MicroCredentialVersion, OutcomeCompetency

# -- co-design and sign-off ---------------------------------------------------------------------------------


class PartnerReview(models.Model):
    """A version opened for review by one partner organisation; the partner comments, then signs off."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        SIGNED_OFF = "signed_off", _("Signed off")

    version = models.ForeignKey(
        MicroCredentialVersion, on_delete=models.CASCADE, related_name="partner_reviews"
    )
    partner = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="partner_reviews")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["version_id", "partner_id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "partner"], name="assessment_review_version_partner")
        ]

    def __str__(self) -> str:
        return f"{self.version} · {self.partner}"


class ReviewComment(models.Model):
    review = models.ForeignKey(PartnerReview, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]


class Endorsement(models.Model):
    """A partner's signed EndorsementCredential about a version's Achievement.

    ``content_digest`` fingerprints what the partner saw; an endorsement whose digest no longer matches the
    version (a draft edited after sign-off) is not served by ``selectors.endorsements_for_version``.
    """

    version = models.ForeignKey(
        MicroCredentialVersion, on_delete=models.CASCADE, related_name="signed_endorsements"
    )
    partner = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="signed_endorsements")
    review = models.OneToOneField(PartnerReview, on_delete=models.PROTECT, related_name="endorsement")
    comment = models.TextField(_("endorsement comment"))
    credential = models.JSONField(editable=False)
    content_digest = models.CharField(max_length=64, editable=False)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "partner"], name="assessment_endorsement_unique")
        ]


# -- offerings and enrollments ------------------------------------------------------------------------------


class Offering(models.Model):
    version = models.ForeignKey(MicroCredentialVersion, on_delete=models.PROTECT, related_name="offerings")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="offerings")
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    delivery_mode = models.CharField(_("delivery mode"), max_length=16, choices=DeliveryMode.choices)
    seats = models.PositiveIntegerField(_("seats"), null=True, blank=True, help_text=_("Empty: no limit."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")), name="assessment_offering_dates"
            )
        ]

    def __str__(self) -> str:
        return f"{self.version} · {self.start_date:%Y-%m-%d}"


class Enrollment(models.Model):
    class Kind(models.TextChoices):
        PROGRAM = "program", _("Program and assessment")
        ASSESSMENT_ONLY = "assessment_only", _("Assessment only")

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        ACTIVE = "active", _("Active")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    offering = models.ForeignKey(Offering, on_delete=models.PROTECT, related_name="enrollments")
    email = models.EmailField(_("learner email"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="enrollments"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.PROGRAM)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.INVITED)
    invitation_token_hash = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    invited_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["offering_id", "email"]
        constraints = [
            models.UniqueConstraint(fields=["offering", "email"], name="assessment_enrollment_unique_email")
        ]

    def __str__(self) -> str:
        return f"{self.email} · {self.offering}"

    def __repr__(self) -> str:  # never the token hash
        return f"<Enrollment {self.pk} offering={self.offering_id} {self.kind} {self.status}>"


# -- assessment records and evidence ------------------------------------------------------------------------


class AssessmentRecord(models.Model):
    """One judgement of one competency of one outcome for one enrollment. The latest one counts."""

    class ResultStatus(models.TextChoices):
        MET = "met", _("Met")
        NOT_MET = "not_met", _("Not met")

    enrollment = models.ForeignKey(Enrollment, on_delete=models.PROTECT, related_name="records")
    competency_link = models.ForeignKey(OutcomeCompetency, on_delete=models.PROTECT, related_name="+")
    rubric_level = models.PositiveIntegerField(_("rubric level"), null=True, blank=True)
    score = models.DecimalField(_("score (%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=ResultStatus.choices, blank=True)
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assessor_organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    assessed_on = models.DateField(_("date assessed"))
    narrative = models.TextField(_("narrative"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["enrollment_id", "competency_link_id", "assessed_on", "pk"]
        indexes = [models.Index(fields=["enrollment", "competency_link"], name="assessment_record_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__gte=0, score__lte=100),
                name="assessment_record_score_range",
            )
        ]


def evidence_storage() -> Storage:
    """``STORAGES["evidence"]`` when a deployment defines one (e.g. a private bucket), else the default.

    Whatever it is, it must not be publicly served: evidence leaves only through ``views.evidence_download``.
    """
    return storages["evidence"] if "evidence" in settings.STORAGES else storages["default"]


def evidence_upload_name(instance: object, filename: str) -> str:
    """Non-guessable, extension-less storage names: the original name is kept in a column, never on disk."""
    return f"assessment-evidence/{uuid.uuid4().hex}{uuid.uuid4().hex}"


class Evidence(models.Model):
    class Kind(models.TextChoices):
        FILE = "file", _("File")
        URL = "url", _("Link")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    record = models.ForeignKey(AssessmentRecord, on_delete=models.PROTECT, related_name="evidence")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    file = models.FileField(
        upload_to=evidence_upload_name, storage=evidence_storage, blank=True, max_length=200
    )
    original_name = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=64, blank=True)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    url = models.URLField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["record_id", "pk"]


# -- awards -------------------------------------------------------------------------------------------------


class Award(models.Model):
    """The decision that an enrollment met every required competency. ``results`` is the snapshot the
    issuance app builds the credential from (``selectors.award_results``)."""

    enrollment = models.OneToOneField(Enrollment, on_delete=models.PROTECT, related_name="award")
    decided_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    results = models.JSONField(editable=False)

    class Meta:
        ordering = ["decided_at", "pk"]
