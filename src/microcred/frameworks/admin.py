"""Operators browse imported frameworks; rows come from the import commands, so most fields are read-only."""

from __future__ import annotations

from django.contrib import admin

from microcred.frameworks.models import Competency, Framework, Occupation, OccupationCompetency


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin[Framework]):
    list_display = ["slug", "kind", "name_en", "name_fr", "version", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["slug", "name_en", "name_fr"]


@admin.register(Competency)
class CompetencyAdmin(admin.ModelAdmin[Competency]):
    list_display = ["label_en", "label_fr", "kind", "is_group", "framework", "uri"]
    list_filter = ["framework", "kind", "is_group", "reuse_level"]
    search_fields = ["label_en", "label_fr", "uri", "code"]
    list_select_related = ["framework"]
    readonly_fields = ["framework", "uri"]
    show_full_result_count = False


class OccupationCompetencyInline(admin.TabularInline[OccupationCompetency, Occupation]):
    model = OccupationCompetency
    raw_id_fields = ["competency"]
    extra = 0


@admin.register(Occupation)
class OccupationAdmin(admin.ModelAdmin[Occupation]):
    list_display = ["code", "label_en", "label_fr", "framework", "teer", "isco_group"]
    list_filter = ["framework", "teer"]
    search_fields = ["code", "label_en", "label_fr", "uri"]
    list_select_related = ["framework"]
    readonly_fields = ["framework", "uri"]
    inlines = [OccupationCompetencyInline]
    show_full_result_count = False
