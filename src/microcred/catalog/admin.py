"""Django admin for portal operators: micro-credentials and versions; published versions are read-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from microcred.catalog.models import Endorsement, LearningOutcome, MicroCredential, MicroCredentialVersion


class OutcomeInline(admin.TabularInline):  # type: ignore[type-arg]
    model = LearningOutcome
    fields = ("position", "text_en", "text_fr")
    extra = 0

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None or obj.is_editable

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None or obj.is_editable

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None or obj.is_editable


@admin.register(MicroCredentialVersion)
class VersionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("micro_credential", "number", "status", "title_en", "effort_weeks", "cost_cad")
    list_filter = ("status", "delivery_mode", "pace", "derived_osap_eligible")
    search_fields = ("title_en", "title_fr", "micro_credential__slug")
    readonly_fields = ("status", "derived_markers", "derived_osap_eligible", "published_at", "retired_at")
    inlines = [OutcomeInline]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and (obj is None or obj.is_editable)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) and (obj is None or obj.is_editable)


@admin.register(MicroCredential)
class MicroCredentialAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("slug", "owner", "current_version")
    search_fields = ("slug",)
    list_select_related = ("owner", "current_version")


@admin.register(Endorsement)
class EndorsementAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("version", "organization", "endorsed_on")
