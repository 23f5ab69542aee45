"""The catalog's controlled vocabularies (HEQCO typology, DESIGN.md §1), shared by models, forms and the
API."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Lifecycle(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Retired")


class Purpose(models.TextChoices):
    PATHWAY = "pathway", _("Pathway to further study")
    UPDATE = "update", _("Update of existing skills")
    TECHNICAL = "technical", _("Technical skills")
    TRANSFERABLE = "transferable", _("Transferable skills")


class DeliveryMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")


class Pace(models.TextChoices):
    FIXED = "fixed", _("Fixed schedule")
    SELF_PACED = "self_paced", _("Self-paced")


class Interaction(models.TextChoices):
    COHORT = "cohort", _("Cohort")
    INDEPENDENT = "independent", _("Independent")
    BOTH = "both", _("Cohort and independent")


class CredentialForm(models.TextChoices):
    DIGITAL = "digital", _("Digital")
    PAPER = "paper", _("Paper")
    BOTH = "both", _("Digital and paper")


class Indicator(models.TextChoices):
    """Indicator of achievement, ordered from weakest to strongest."""

    PARTICIPATION = "participation", _("Participation")
    COMPETENCE = "competence", _("Demonstrated competence")
    MASTERY = "mastery", _("Demonstrated mastery")


INDICATOR_RANK = {Indicator.PARTICIPATION: 0, Indicator.COMPETENCE: 1, Indicator.MASTERY: 2}


class CompetencyKind(models.TextChoices):
    KNOWLEDGE = "knowledge", _("Knowledge")
    SKILL = "skill", _("Skill")
    ATTITUDE = "attitude", _("Attitude")


class AssessmentMethod(models.TextChoices):
    WRITTEN_EXAM = "written_exam", _("Written examination")
    PRACTICAL = "practical", _("Practical demonstration")
    SIMULATION = "simulation", _("Simulation")
    PROJECT = "project", _("Project")
    PORTFOLIO = "portfolio", _("Portfolio")
    OBSERVATION = "observation", _("Workplace observation")
    ORAL = "oral", _("Oral assessment")
    REFLECTION = "reflection", _("Reflective assignment")


class Language(models.TextChoices):
    EN = "en", _("English")
    FR = "fr", _("French")


class DurationBucket(models.TextChoices):
    UP_TO_4 = "le4", _("Up to 4 weeks")
    FROM_5_TO_12 = "5to12", _("5 to 12 weeks")
    OVER_12 = "gt12", _("More than 12 weeks")


class CostBucket(models.TextChoices):
    FREE = "free", _("Free")
    UNDER_500 = "lt500", _("Under $500")
    FROM_500_TO_1000 = "500to1000", _("$500 to $1,000")
    OVER_1000 = "gt1000", _("Over $1,000")


class Marker(models.TextChoices):
    RELEVANT = "relevant", _("Relevant")
    ACCREDITED = "accredited", _("Accredited")
    STANDARDIZED = "standardized", _("Standardized")
    ASSESSED = "assessed", _("Assessed")
    FLEXIBLE = "flexible", _("Flexible")
    STACKABLE = "stackable", _("Stackable")


class Sort(models.TextChoices):
    RELEVANCE = "relevance", _("Title A–Z")
    NEWEST = "newest", _("Newest")
    COST_ASC = "cost", _("Cost: low to high")
    COST_DESC = "-cost", _("Cost: high to low")
    WEEKS_ASC = "weeks", _("Duration: shortest first")
    HOURS_ASC = "hours", _("Effort: fewest hours first")
