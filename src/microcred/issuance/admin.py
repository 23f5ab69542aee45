"""Read-only admin views: no secret material is ever listed or editable here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from microcred.issuance.models import ApiToken, AuditEvent, SigningKey, StatusList


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(SigningKey)
class SigningKeyAdmin(ReadOnlyAdmin):
    list_display = ("organization", "public_key_multibase", "status", "created_at", "retired_at")
    list_filter = ("status",)
    fields = ("organization", "public_key_multibase", "status", "kek_fingerprint", "created_at", "retired_at")


@admin.register(StatusList)
class StatusListAdmin(ReadOnlyAdmin):
    list_display = ("organization", "purpose", "sequence", "allocated", "size", "revision", "published_at")
    fields = ("organization", "purpose", "sequence", "size", "allocated", "revision", "published_at")


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ("organization", "name", "prefix", "created_at", "last_used_at", "revoked_at")
    fields = ("organization", "name", "prefix", "created_by", "created_at", "last_used_at", "revoked_at")


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "organization", "action", "subject_type", "actor", "actor_label")
    list_filter = ("action",)
