"""Designer forms: validate everything at the boundary, then hand services a typed ``VersionInput``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from microcred.accounts.models import Organization
from microcred.catalog import choices as c
from microcred.catalog.inputs import AssessmentInput, InputError, OutcomeInput, VersionInput
from microcred.catalog.models import MicroCredential, MicroCredentialVersion

ESCO_PREFIX = "http://data.europa.eu/esco/"


class VersionForm(forms.Form):
    title_en = forms.CharField(label=_("Title (English)"), max_length=200)
    title_fr = forms.CharField(label=_("Title (French)"), max_length=200)
    description_en = forms.CharField(
        label=_("Description (English)"), widget=forms.Textarea(attrs={"rows": 4})
    )
    description_fr = forms.CharField(
        label=_("Description (French)"), widget=forms.Textarea(attrs={"rows": 4})
    )
    subject_webpage = forms.URLField(label=_("Web page"), required=False, assume_scheme="https")
    issuers = forms.ModelMultipleChoiceField(label=_("Issuers"), queryset=Organization.objects.all())
    partners = forms.ModelMultipleChoiceField(
        label=_("Industry or community partners"), queryset=Organization.objects.all(), required=False
    )
    purpose = forms.ChoiceField(label=_("Purpose"), choices=c.Purpose.choices)
    delivery_mode = forms.ChoiceField(label=_("Delivery mode"), choices=c.DeliveryMode.choices)
    pace = forms.ChoiceField(label=_("Pace"), choices=c.Pace.choices)
    interaction = forms.ChoiceField(label=_("Interaction"), choices=c.Interaction.choices)
    credential_form = forms.ChoiceField(label=_("Credential form"), choices=c.CredentialForm.choices)
    effort_hours = forms.IntegerField(label=_("Hours of effort"), min_value=1, max_value=2000)
    effort_weeks = forms.IntegerField(label=_("Weeks of study"), min_value=1, max_value=104)
    cost_cad = forms.DecimalField(
        label=_("Cost (CAD)"), min_value=Decimal(0), max_value=Decimal(100000), decimal_places=2, max_digits=9
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages of instruction"), choices=c.Language.choices, widget=forms.CheckboxSelectMultiple
    )
    credits = forms.DecimalField(
        label=_("Credits"), required=False, min_value=Decimal(0), max_digits=5, decimal_places=2
    )
    transcript_equivalence_en = forms.CharField(
        label=_("Transcript equivalence (English)"), max_length=200, required=False
    )
    transcript_equivalence_fr = forms.CharField(
        label=_("Transcript equivalence (French)"), max_length=200, required=False
    )
    validity_months = forms.IntegerField(
        label=_("Validity (months)"), required=False, min_value=1, max_value=240
    )
    ministry_approved = forms.BooleanField(label=_("Approved by the Ministry"), required=False)
    quality_assured = forms.BooleanField(label=_("Quality-assured"), required=False)
    quality_assurance_body = forms.CharField(
        label=_("Quality assurance body"), max_length=200, required=False
    )
    accreditation_body = forms.CharField(label=_("Accreditation body"), max_length=200, required=False)
    stacks_into = forms.ModelChoiceField(
        label=_("Stacks into (micro-credential)"), queryset=MicroCredential.objects.all(), required=False
    )
    stacks_into_name_en = forms.CharField(
        label=_("Stacks into (English name)"), max_length=200, required=False
    )
    stacks_into_name_fr = forms.CharField(
        label=_("Stacks into (French name)"), max_length=200, required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("quality_assurance_body") and not data.get("quality_assured"):
            self.add_error("quality_assured", _("Tick this box when you name a quality assurance body."))
        if bool(data.get("stacks_into_name_en")) != bool(data.get("stacks_into_name_fr")):
            self.add_error("stacks_into_name_fr", _("Give the larger credential's name in both languages."))
        return data

    @classmethod
    def initial_from(cls, version: MicroCredentialVersion) -> dict[str, Any]:
        initial = {name: getattr(version, name) for name in cls.base_fields if hasattr(version, name)}
        initial["issuers"] = list(version.issuers.all())
        initial["partners"] = list(version.partners.all())
        initial["languages"] = version.language_codes
        initial["stacks_into"] = version.stacks_into
        return initial

    def to_input(self, outcomes: tuple[OutcomeInput, ...] | None) -> VersionInput:
        d = self.cleaned_data
        return VersionInput(
            **{
                k: d[k] or ""
                for k in ("title_en", "title_fr", "description_en", "description_fr", "subject_webpage")
            },
            **{k: d[k] for k in ("purpose", "delivery_mode", "pace", "interaction", "credential_form")},
            effort_hours=d["effort_hours"],
            effort_weeks=d["effort_weeks"],
            cost_cad=d["cost_cad"],
            languages=tuple(d["languages"]),
            issuer_ids=tuple(org.pk for org in d["issuers"]),
            partner_ids=tuple(org.pk for org in d["partners"]),
            credits=d.get("credits"),
            transcript_equivalence_en=d.get("transcript_equivalence_en", ""),
            transcript_equivalence_fr=d.get("transcript_equivalence_fr", ""),
            validity_months=d.get("validity_months"),
            ministry_approved=d["ministry_approved"],
            quality_assured=d["quality_assured"],
            quality_assurance_body=d.get("quality_assurance_body", ""),
            accreditation_body=d.get("accreditation_body", ""),
            stacks_into_id=d["stacks_into"].pk if d.get("stacks_into") else None,
            stacks_into_name_en=d.get("stacks_into_name_en", ""),
            stacks_into_name_fr=d.get("stacks_into_name_fr", ""),
            outcomes=outcomes,
        )


class NewMicroCredentialForm(VersionForm):
    owner = forms.ModelChoiceField(label=_("Owning organisation"), queryset=Organization.objects.none())
    slug = forms.SlugField(
        label=_("Address (slug)"), max_length=100, help_text=_("Lower-case letters, digits and hyphens.")
    )

    field_order = ["owner", "slug"]

    def __init__(self, *args: Any, organizations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = (
            organizations if organizations is not None else Organization.objects.none()
        )  # type: ignore[attr-defined]

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data["slug"]
        if MicroCredential.objects.filter(slug=slug).exists():
            raise forms.ValidationError(_("That address is already used by another micro-credential."))
        return slug


class OutcomeForm(forms.Form):
    text_en = forms.CharField(label=_("Outcome (English)"), widget=forms.Textarea(attrs={"rows": 2}))
    text_fr = forms.CharField(label=_("Outcome (French)"), widget=forms.Textarea(attrs={"rows": 2}))
    competencies = forms.CharField(
        label=_("ESCO competencies"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One ESCO address per line."),
    )
    kind = forms.ChoiceField(label=_("Competency type"), choices=c.CompetencyKind.choices)
    method = forms.ChoiceField(label=_("Assessment method"), choices=c.AssessmentMethod.choices)
    evidence_en = forms.CharField(
        label=_("Evidence required (English)"), widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence_fr = forms.CharField(
        label=_("Evidence required (French)"), widget=forms.Textarea(attrs={"rows": 2})
    )
    rubric = forms.CharField(
        label=_("Rubric levels"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One level per line, lowest first, as: English | French"),
    )
    required_level = forms.IntegerField(
        label=_("Required level (1 = lowest)"),
        initial=1,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    indicator = forms.ChoiceField(label=_("Indicator of achievement"), choices=c.Indicator.choices)
    summative = forms.BooleanField(label=_("Summative assessment"), required=False, initial=True)

    def clean_competencies(self) -> list[str]:
        uris = [line.strip() for line in self.cleaned_data["competencies"].splitlines() if line.strip()]
        for uri in uris:
            if not uri.startswith(ESCO_PREFIX):
                raise forms.ValidationError(
                    _("“%(value)s” is not an ESCO address."), params={"value": uri[:80]}
                )
        return uris

    def clean_rubric(self) -> list[dict[str, str]]:
        levels = []
        for line in self.cleaned_data["rubric"].splitlines():
            if not line.strip():
                continue
            english, sep, french = line.partition("|")
            if not sep or not english.strip() or not french.strip():
                raise forms.ValidationError(_("Write each rubric level as: English | French"))
            levels.append({"en": english.strip(), "fr": french.strip()})
        return levels

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        levels = data.get("rubric") or []
        level = data.get("required_level")
        if levels and level and level > len(levels):
            self.add_error("required_level", _("The required level must be one of the rubric levels."))
        return data

    def to_input(self) -> OutcomeInput:
        d = self.cleaned_data
        try:
            return OutcomeInput(
                text_en=d["text_en"],
                text_fr=d["text_fr"],
                competencies=tuple((uri, d["kind"]) for uri in d["competencies"]),
                assessment=AssessmentInput(
                    method=d["method"],
                    evidence_required_en=d["evidence_en"],
                    evidence_required_fr=d["evidence_fr"],
                    indicator=d["indicator"],
                    rubric_levels=tuple(d["rubric"]),
                    required_level=(d["required_level"] - 1) if d["rubric"] else 0,
                    summative=d["summative"],
                ),
            )
        except InputError as exc:  # pragma: no cover - the form's own checks come first
            raise forms.ValidationError(str(exc)) from exc

    @staticmethod
    def initial_from(version: MicroCredentialVersion) -> list[dict[str, Any]]:
        rows = []
        for outcome in version.outcomes.all():
            design = getattr(outcome, "assessment", None)
            links = list(outcome.competency_links.all())
            rows.append(
                {
                    "text_en": outcome.text_en,
                    "text_fr": outcome.text_fr,
                    "competencies": "\n".join(link.competency.uri for link in links),
                    "kind": links[0].kind if links else c.CompetencyKind.SKILL,
                    "method": design.method if design else "",
                    "evidence_en": design.evidence_required_en if design else "",
                    "evidence_fr": design.evidence_required_fr if design else "",
                    "rubric": "\n".join(f"{lv['en']} | {lv['fr']}" for lv in design.rubric_levels)
                    if design
                    else "",
                    "required_level": (design.required_level + 1) if design else 1,
                    "indicator": design.indicator if design else c.Indicator.COMPETENCE,
                    "summative": design.summative if design else True,
                }
            )
        return rows


OutcomeFormSet = forms.formset_factory(
    OutcomeForm, extra=1, min_num=1, validate_min=True, max_num=20, validate_max=True
)
