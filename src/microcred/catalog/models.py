"""Micro-credentials and their versions (DESIGN.md §3).

A ``MicroCredential`` is the stable identity (slug, owner). Everything a learner or employer relies on lives
on a
``MicroCredentialVersion``; once a version is published it is never edited again: a change is a new version.
The
services enforce this for the normal paths and ``save()``/``delete()`` refuse it for every other path,
including
the outcomes, competency links and assessment designs that belong to the version.

Quality markers and OSAP eligibility are *derived*: ``markers.py`` computes them from the data, and the
``derived_*`` columns below are a cache written only by ``services.version_refresh_derived``, and the search
index (``search_models``: one narrow row and one text document per published version) is written only by
``search_index.search_entry_sync``. Nobody types them in.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from microcred.accounts.models import Organization
from microcred.catalog import choices as c


class ImmutableVersionError(Exception):
    """A published or retired version (or one of its parts) was about to be changed in place."""

    code = "version_immutable"


class MicroCredential(models.Model):
    slug = models.SlugField(unique=True, max_length=100)
    owner = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="micro_credentials")
    current_version = models.ForeignKey(
        "MicroCredentialVersion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The published version, if any (maintained by services).",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.slug


# Fields a published version may still change: only its retirement.
_RETIREMENT_FIELDS = frozenset({"status", "retired_at", "updated_at"})


class MicroCredentialVersion(models.Model):
    micro_credential = models.ForeignKey(MicroCredential, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=16, choices=c.Lifecycle.choices, default=c.Lifecycle.DRAFT)

    title_en = models.CharField(_("title (English)"), max_length=200)
    title_fr = models.CharField(_("title (French)"), max_length=200)
    description_en = models.TextField(_("description (English)"))
    description_fr = models.TextField(_("description (French)"))
    subject_webpage = models.URLField(_("web page"), blank=True)

    issuers = models.ManyToManyField(Organization, related_name="issued_versions", verbose_name=_("issuers"))
    partners = models.ManyToManyField(
        Organization, related_name="partnered_versions", blank=True, verbose_name=_("partners")
    )

    purpose = models.CharField(_("purpose"), max_length=16, choices=c.Purpose.choices)
    delivery_mode = models.CharField(_("delivery mode"), max_length=16, choices=c.DeliveryMode.choices)
    pace = models.CharField(_("pace"), max_length=16, choices=c.Pace.choices)
    interaction = models.CharField(_("interaction"), max_length=16, choices=c.Interaction.choices)
    credential_form = models.CharField(_("credential form"), max_length=16, choices=c.CredentialForm.choices)

    effort_hours = models.PositiveIntegerField(_("hours of effort"))
    effort_weeks = models.PositiveIntegerField(_("weeks of study"))
    cost_cad = models.DecimalField(_("cost (CAD)"), max_digits=9, decimal_places=2)
    languages = models.CharField(
        _("languages of instruction"),
        max_length=16,
        help_text="Comma-separated language codes, e.g. 'en,fr'.",
    )
    credits = models.DecimalField(_("credits"), max_digits=5, decimal_places=2, null=True, blank=True)
    transcript_equivalence_en = models.CharField(
        _("transcript equivalence (English)"), max_length=200, blank=True
    )
    transcript_equivalence_fr = models.CharField(
        _("transcript equivalence (French)"), max_length=200, blank=True
    )
    validity_months = models.PositiveIntegerField(
        _("validity (months)"), null=True, blank=True, help_text="Empty: the credential does not expire."
    )
    target_occupations = models.ManyToManyField(
        "frameworks.Occupation",
        blank=True,
        related_name="target_of_versions",
        verbose_name=_("target occupations"),
    )

    ministry_approved = models.BooleanField(_("approved by the Ministry"), default=False)
    quality_assured = models.BooleanField(_("quality-assured"), default=False)
    quality_assurance_body = models.CharField(_("quality assurance body"), max_length=200, blank=True)
    accreditation_body = models.CharField(_("accreditation body"), max_length=200, blank=True)

    stacks_into = models.ForeignKey(
        MicroCredential,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stacked_from",
        verbose_name=_("stacks into (micro-credential)"),
    )
    stacks_into_name_en = models.CharField(_("stacks into (English name)"), max_length=200, blank=True)
    stacks_into_name_fr = models.CharField(_("stacks into (French name)"), max_length=200, blank=True)
    extra = models.JSONField(_("additional fields"), default=dict, blank=True)

    # Derived: written only by services.version_refresh_derived, from the data above (never typed in).
    derived_markers = models.CharField(max_length=120, blank=True, editable=False)
    derived_osap_eligible = models.BooleanField(default=False, editable=False)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["micro_credential_id", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["micro_credential", "number"], name="catalog_version_number_unique"
            ),
            models.UniqueConstraint(
                fields=["micro_credential"],
                condition=models.Q(status="published"),
                name="catalog_one_published_version",
            ),
            models.CheckConstraint(condition=models.Q(cost_cad__gte=0), name="catalog_cost_not_negative"),
        ]
        indexes = [
            models.Index(fields=["status", "title_en"], name="catalog_status_title_idx"),
            models.Index(fields=["status", "effort_weeks"], name="catalog_status_weeks_idx"),
            models.Index(fields=["status", "cost_cad"], name="catalog_status_cost_idx"),
            models.Index(fields=["stacks_into", "status"], name="catalog_stacks_into_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.micro_credential.slug} v{self.number}"

    # -- immutability ---------------------------------------------------------------------------------------
    @property
    def is_editable(self) -> bool:
        return self.status == c.Lifecycle.DRAFT

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            stored = type(self).objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored in (c.Lifecycle.PUBLISHED, c.Lifecycle.RETIRED):
                _refuse_unless_retiring(stored, self.status, kwargs.get("update_fields"))
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        if self.status != c.Lifecycle.DRAFT:
            raise ImmutableVersionError(f"version {self.pk} is {self.status}; only drafts can be deleted")
        return super().delete(*args, **kwargs)

    # -- presentation helpers -------------------------------------------------------------------------------
    def title(self, language: str) -> str:
        return _pick(language, self.title_en, self.title_fr)

    def description(self, language: str) -> str:
        return _pick(language, self.description_en, self.description_fr)

    def stacks_into_name(self, language: str) -> str:
        return _pick(language, self.stacks_into_name_en, self.stacks_into_name_fr)

    def transcript_equivalence(self, language: str) -> str:
        return _pick(language, self.transcript_equivalence_en, self.transcript_equivalence_fr)

    @property
    def language_codes(self) -> list[str]:
        return [code for code in self.languages.split(",") if code]

    @property
    def marker_codes(self) -> list[str]:
        return [code for code in self.derived_markers.split(",") if code]


def _refuse_unless_retiring(stored: str, new_status: str, update_fields: Any) -> None:
    retiring = (
        stored == c.Lifecycle.PUBLISHED
        and new_status == c.Lifecycle.RETIRED
        and update_fields is not None
        and set(update_fields) <= _RETIREMENT_FIELDS
    )
    if not retiring:
        raise ImmutableVersionError(f"a {stored} version is immutable: create a new version instead")


def _pick(language: str, english: str, french: str) -> str:
    return french if language.startswith("fr") and french else english


class _VersionPart(models.Model):
    """Anything that belongs to a version is frozen with it."""

    class Meta:
        abstract = True

    def owning_version(self) -> MicroCredentialVersion:
        raise NotImplementedError

    def _guard(self) -> None:
        version = self.owning_version()
        status = type(version).objects.filter(pk=version.pk).values_list("status", flat=True).first()
        if status is not None and status != c.Lifecycle.DRAFT:
            raise ImmutableVersionError(f"the version is {status}; its parts can no longer change")

    def save(self, *args: Any, **kwargs: Any) -> None:
        self._guard()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        self._guard()
        return super().delete(*args, **kwargs)


class LearningOutcome(_VersionPart):
    version = models.ForeignKey(MicroCredentialVersion, on_delete=models.CASCADE, related_name="outcomes")
    position = models.PositiveIntegerField(default=0)
    text_en = models.TextField(_("outcome (English)"))
    text_fr = models.TextField(_("outcome (French)"))

    class Meta:
        ordering = ["version_id", "position", "id"]

    def __str__(self) -> str:
        return self.text_en[:80]

    def owning_version(self) -> MicroCredentialVersion:
        return self.version

    def text(self, language: str) -> str:
        return _pick(language, self.text_en, self.text_fr)


class OutcomeCompetency(_VersionPart):
    """An outcome's alignment to a framework competency, as knowledge, skill or attitude."""

    outcome = models.ForeignKey(LearningOutcome, on_delete=models.CASCADE, related_name="competency_links")
    competency = models.ForeignKey(
        "frameworks.Competency", on_delete=models.PROTECT, related_name="catalog_outcome_links"
    )
    kind = models.CharField(max_length=16, choices=c.CompetencyKind.choices, default=c.CompetencyKind.SKILL)

    class Meta:
        ordering = ["outcome_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["outcome", "competency"], name="catalog_outcome_competency_unique"
            )
        ]

    def owning_version(self) -> MicroCredentialVersion:
        return self.outcome.version


class AssessmentDesign(_VersionPart):
    """How one outcome is assessed: method, evidence, rubric and the level a learner must reach."""

    outcome = models.OneToOneField(LearningOutcome, on_delete=models.CASCADE, related_name="assessment")
    method = models.CharField(_("method"), max_length=16, choices=c.AssessmentMethod.choices)
    evidence_required_en = models.TextField(_("evidence required (English)"))
    evidence_required_fr = models.TextField(_("evidence required (French)"))
    rubric_levels = models.JSONField(
        _("rubric levels"), default=list, help_text='List of {"en": ..., "fr": ...}, lowest level first.'
    )
    required_level = models.PositiveIntegerField(
        _("required level"), default=0, help_text="Index into the rubric levels, 0 = lowest."
    )
    indicator = models.CharField(_("indicator of achievement"), max_length=16, choices=c.Indicator.choices)
    summative = models.BooleanField(_("summative"), default=True)

    def owning_version(self) -> MicroCredentialVersion:
        return self.outcome.version

    def evidence_required(self, language: str) -> str:
        return _pick(language, self.evidence_required_en, self.evidence_required_fr)

    def rubric(self, language: str) -> list[dict[str, Any]]:
        return [
            {
                "label": _pick(language, level.get("en", ""), level.get("fr", "")),
                "required": i == self.required_level,
            }
            for i, level in enumerate(self.rubric_levels)
        ]


class Endorsement(models.Model):
    """A partner's sign-off on a version. Adding one does not change the version it endorses."""

    version = models.ForeignKey(MicroCredentialVersion, on_delete=models.CASCADE, related_name="endorsements")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="catalog_endorsements"
    )
    statement_en = models.TextField(_("statement (English)"))
    statement_fr = models.TextField(_("statement (French)"))
    endorsed_on = models.DateField(_("endorsed on"))

    class Meta:
        ordering = ["endorsed_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "organization"], name="catalog_endorsement_unique")
        ]

    def statement(self, language: str) -> str:
        return _pick(language, self.statement_en, self.statement_fr)


from microcred.catalog.search_models import (  # noqa: E402  (registers the models)
    SearchDocument,
    SearchEntry,
    SearchFacetPair,
    SearchIndexState,
)

__all__ = [
    "AssessmentDesign",
    "Endorsement",
    "ImmutableVersionError",
    "LearningOutcome",
    "MicroCredential",
    "MicroCredentialVersion",
    "OutcomeCompetency",
    "SearchDocument",
    "SearchEntry",
    "SearchFacetPair",
    "SearchIndexState",
]
