from django.contrib import admin

from microcred.verification.models import TrustedIssuer


@admin.register(TrustedIssuer)
class TrustedIssuerAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name_en", "issuer_id", "active", "updated_at")
    list_filter = ("active",)
    search_fields = ("issuer_id", "name_en", "name_fr")
    readonly_fields = ("created_at", "updated_at")
