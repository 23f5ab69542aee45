"""Read-only admin views: writes go through the services (roles, rules, one transaction), never the admin.
Invitation token hashes and evidence file names are not shown."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from microcred.assessment.models import (
    AssessmentRecord,
    Award,
    Endorsement,
    Enrollment,
    Offering,
    PartnerReview,
)


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Offering)
class OfferingAdmin(ReadOnlyAdmin):
    list_display = ("version", "organization", "start_date", "end_date", "delivery_mode", "seats")


@admin.register(Enrollment)
class EnrollmentAdmin(ReadOnlyAdmin):
    list_display = ("email", "offering", "kind", "status", "claimed_at")
    list_filter = ("kind", "status")
    fields = ("offering", "email", "user", "kind", "status", "invited_at", "claimed_at", "created_at")


@admin.register(AssessmentRecord)
class AssessmentRecordAdmin(ReadOnlyAdmin):
    list_display = ("enrollment", "competency_link", "rubric_level", "status", "assessor", "assessed_on")


@admin.register(Award)
class AwardAdmin(ReadOnlyAdmin):
    list_display = ("enrollment", "decided_at", "decided_by")


@admin.register(PartnerReview)
class PartnerReviewAdmin(ReadOnlyAdmin):
    list_display = ("version", "partner", "status", "opened_at")


@admin.register(Endorsement)
class EndorsementAdmin(ReadOnlyAdmin):
    list_display = ("version", "partner", "created_at", "signed_by")
