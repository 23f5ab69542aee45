"""Forms parse requests into the typed values the services take (DESIGN.md §7.2): evidence files are sniffed
and size-checked here, into ``evidence.EvidenceFile`` objects, before any service sees them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from microcred.accounts.models import Organization
from microcred.assessment.errors import AssessmentError
from microcred.assessment.evidence import MAX_FILES_PER_RECORD, parse_upload, parse_url
from microcred.assessment.models import AssessmentRecord, Enrollment
from microcred.assessment.selectors import Requirement
from microcred.catalog.choices import DeliveryMode, Lifecycle
from microcred.catalog.models import MicroCredentialVersion


def _message(exc: AssessmentError) -> str:
    return exc.message(get_language() or "en")


class OfferingForm(forms.Form):
    version = forms.ModelChoiceField(
        label=_("Micro-credential"), queryset=MicroCredentialVersion.objects.none()
    )
    organization = forms.ModelChoiceField(label=_("Offered by"), queryset=Organization.objects.none())
    start_date = forms.DateField(label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(label=_("End date"), widget=forms.DateInput(attrs={"type": "date"}))
    delivery_mode = forms.ChoiceField(label=_("Delivery mode"), choices=DeliveryMode.choices)
    seats = forms.IntegerField(
        label=_("Seats"), min_value=1, required=False, help_text=_("Leave empty for no limit.")
    )

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]
        self.fields["version"].queryset = (  # type: ignore[attr-defined]
            MicroCredentialVersion.objects.filter(status=Lifecycle.PUBLISHED)
            .filter(Q(issuers__in=organizations) | Q(micro_credential__owner__in=organizations))
            .distinct()
            .order_by("title_en")
        )


class EnrolForm(forms.Form):
    email = forms.EmailField(label=_("Learner email"))
    kind = forms.ChoiceField(
        label=_("Kind"), choices=Enrollment.Kind.choices, initial=Enrollment.Kind.PROGRAM
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceFilesField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        uploads = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        if len(uploads) > MAX_FILES_PER_RECORD:
            raise forms.ValidationError(_("At most five files per record."), code="too_many_files")
        parsed = []
        for upload in uploads:
            try:
                parsed.append(parse_upload(upload))
            except AssessmentError as exc:
                raise forms.ValidationError(_message(exc), code=exc.code) from exc
        return parsed


class RecordForm(forms.Form):
    link = forms.IntegerField(widget=forms.HiddenInput)
    rubric_level = forms.TypedChoiceField(label=_("Rubric level reached"), coerce=int, required=False)
    status = forms.ChoiceField(
        label=_("Result"), choices=AssessmentRecord.ResultStatus.choices, required=False
    )
    score = forms.DecimalField(
        label=_("Score (%)"), min_value=0, max_value=100, max_digits=5, decimal_places=2, required=False
    )
    assessed_on = forms.DateField(label=_("Date assessed"), widget=forms.DateInput(attrs={"type": "date"}))
    narrative = forms.CharField(
        label=_("Narrative"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    files = EvidenceFilesField(
        label=_("Evidence files"),
        required=False,
        help_text=_("PDF, PNG, JPEG, plain text or MP4; at most 10 MB each, five files."),
    )
    urls = forms.CharField(
        label=_("Evidence links"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("One https:// address per line."),
    )

    def __init__(self, *args: Any, requirement: Requirement, language: str, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("link", requirement.link.pk)
        kwargs["initial"].setdefault("assessed_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.requirement = requirement
        if requirement.has_rubric:
            levels = requirement.design.rubric_levels  # type: ignore[union-attr]
            self.fields["rubric_level"].choices = [  # type: ignore[attr-defined]
                (i, requirement.level_label(i, language)) for i in range(len(levels))
            ]
            self.fields["rubric_level"].required = True
            del self.fields["status"]
        else:
            del self.fields["rubric_level"]
            self.fields["status"].required = True

    def clean_link(self) -> int:
        if self.cleaned_data["link"] != self.requirement.link.pk:
            raise forms.ValidationError(_("The form was for another competency."), code="link_mismatch")
        return int(self.cleaned_data["link"])

    def clean_urls(self) -> list[str]:
        try:
            return [parse_url(line) for line in self.cleaned_data["urls"].splitlines() if line.strip()]
        except AssessmentError as exc:
            raise forms.ValidationError(_message(exc), code=exc.code) from exc


class ClaimForm(forms.Form):
    password1 = forms.CharField(
        label=_("Choose a password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("Repeat the password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            raise forms.ValidationError(_("The two passwords differ."), code="password_mismatch")
        if first:
            from microcred.accounts.models import User

            validate_password(first, User(email=self.email))
        return data


class OpenReviewForm(forms.Form):
    partners = forms.ModelMultipleChoiceField(
        label=_("Partner organisations"),
        queryset=Organization.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, version: MicroCredentialVersion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = version.partners.order_by("name_en")  # type: ignore[attr-defined]


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)


class SignOffForm(forms.Form):
    comment = forms.CharField(
        label=_("Endorsement statement"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text=_(
            "Why your organisation endorses this micro-credential; it is part of the signed endorsement."
        ),
    )
