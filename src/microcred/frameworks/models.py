"""Competency frameworks (ESCO, NOC 2021, custom), their competencies and occupations (DESIGN.md §3).

Imported reference data: rows are written only by ``services`` (bulk, idempotent imports) and read through
``selectors``. ``CompetencyLabel`` is a derived, normalised label table for fast type-ahead.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Framework(models.Model):
    class Kind(models.TextChoices):
        ESCO = "esco", _("ESCO")
        NOC = "noc", _("NOC 2021")
        CUSTOM = "custom", _("Custom")

    slug = models.SlugField(unique=True, max_length=80)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    version = models.CharField(_("version"), max_length=50, blank=True)
    source_url = models.URLField(_("source URL"), max_length=500, blank=True)
    attribution = models.TextField(_("attribution"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return f"{self.name_en} {self.version}".strip()

    def name(self, language: str) -> str:
        return self.name_fr if language.startswith("fr") and self.name_fr else self.name_en


class Competency(models.Model):
    """A skill, knowledge item, attitude or competence of a framework, or a grouping node of its hierarchy."""

    class Kind(models.TextChoices):
        KNOWLEDGE = "knowledge", _("Knowledge")
        SKILL = "skill", _("Skill")
        ATTITUDE = "attitude", _("Attitude")
        COMPETENCE = "competence", _("Competence")

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="competencies")
    uri = models.CharField(_("URI"), max_length=500)
    code = models.CharField(_("code"), max_length=100, blank=True)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.SKILL)
    is_group = models.BooleanField(
        _("grouping node"), default=False, help_text=_("A group in the hierarchy (e.g. an ESCO skill group).")
    )
    reuse_level = models.CharField(_("reuse level"), max_length=32, blank=True)
    label_en = models.CharField(_("preferred label (English)"), max_length=500)
    label_fr = models.CharField(_("preferred label (French)"), max_length=500, blank=True)
    alt_labels_en = models.JSONField(_("alternative labels (English)"), default=list, blank=True)
    alt_labels_fr = models.JSONField(_("alternative labels (French)"), default=list, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    broader = models.ManyToManyField(
        "self", through="CompetencyBroader", symmetrical=False, related_name="narrower", blank=True
    )

    class Meta:
        verbose_name_plural = _("competencies")
        ordering = ["framework_id", "label_en"]
        constraints = [models.UniqueConstraint(fields=["framework", "uri"], name="frameworks_competency_uri")]
        indexes = [models.Index(fields=["uri"], name="frameworks_competency_uri_idx")]

    def __str__(self) -> str:
        return self.label_en

    def label(self, language: str) -> str:
        return self.label_fr if language.startswith("fr") and self.label_fr else self.label_en


class CompetencyBroader(models.Model):
    """``narrower`` sits under ``broader`` in its framework's hierarchy (ESCO broader, CASE isChildOf)."""

    narrower = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="broader_links")
    broader = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="narrower_links")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["narrower", "broader"], name="frameworks_competency_broader_unique"
            )
        ]


class CompetencyLabel(models.Model):
    """One searchable key per label and per word start of it, accent- and case-folded (derived data)."""

    class Language(models.TextChoices):
        EN = "en", _("English")
        FR = "fr", _("French")

    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="search_labels")
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=2, choices=Language.choices)
    key = models.CharField(max_length=255, db_index=True)  # PostgreSQL also gets a pattern-ops index for LIKE
    label = models.CharField(max_length=500)
    is_preferred = models.BooleanField(default=False)
    word_position = models.PositiveSmallIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.language}:{self.key}"


class Occupation(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="occupations")
    code = models.CharField(_("code"), max_length=50)
    uri = models.CharField(_("URI"), max_length=500, blank=True)
    isco_group = models.CharField(_("ISCO-08 group"), max_length=8, blank=True)
    teer = models.PositiveSmallIntegerField(_("TEER"), null=True, blank=True)
    label_en = models.CharField(_("title (English)"), max_length=500)
    label_fr = models.CharField(_("title (French)"), max_length=500, blank=True)
    alt_labels_en = models.JSONField(_("alternative titles (English)"), default=list, blank=True)
    alt_labels_fr = models.JSONField(_("alternative titles (French)"), default=list, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    competencies = models.ManyToManyField(
        Competency, through="OccupationCompetency", related_name="occupations"
    )

    class Meta:
        ordering = ["framework_id", "code"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="frameworks_occupation_code")
        ]
        indexes = [models.Index(fields=["uri"], name="frameworks_occupation_uri_idx")]

    def __str__(self) -> str:
        return f"{self.code} {self.label_en}"

    def label(self, language: str) -> str:
        return self.label_fr if language.startswith("fr") and self.label_fr else self.label_en


class OccupationCompetency(models.Model):
    class Relation(models.TextChoices):
        ESSENTIAL = "essential", _("Essential")
        OPTIONAL = "optional", _("Optional")

    occupation = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="competency_links")
    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="occupation_links")
    relation = models.CharField(max_length=16, choices=Relation.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["occupation", "competency"], name="frameworks_occupation_competency"
            )
        ]
