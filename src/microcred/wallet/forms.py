"""Forms of the wallet pages: parse at the boundary, the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD = 2 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Credential file (JSON, JWT, PNG or SVG)"), required=False)
    text = forms.CharField(
        label=_("Or paste the credential (JSON or VC-JWT)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload, text = data.get("file"), (data.get("text") or "").strip()
        if not upload and not text:
            raise forms.ValidationError(_("Upload a file or paste a credential."))
        if upload and upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is too large (2 MB at most)."))
        return data

    def payload(self) -> tuple[bytes, str | None, str | None]:
        upload = self.cleaned_data.get("file")
        if upload:
            return upload.read(), upload.name, getattr(upload, "content_type", None)
        return self.cleaned_data["text"].strip().encode("utf-8"), None, None


class ShareForm(forms.Form):
    EXPIRY_CHOICES = [
        ("7", _("7 days")),
        ("30", _("30 days")),
        ("90", _("90 days")),
        ("365", _("1 year")),
        ("", _("Never (until I revoke it)")),
    ]

    label = forms.CharField(label=_("Label (only you see it)"), max_length=200, required=False)
    credentials = forms.TypedMultipleChoiceField(
        label=_("Credentials to share"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    include_evidence = forms.BooleanField(label=_("Include evidence"), required=False)
    expires = forms.ChoiceField(
        label=_("Link expires after"), choices=EXPIRY_CHOICES, required=False, initial="30"
    )

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["credentials"].choices = choices

    def expires_in_days(self) -> int | None:
        value = self.cleaned_data.get("expires")
        return int(value) if value else None


class TalentForm(forms.Form):
    opt_in = forms.BooleanField(label=_("Let employers find me by the skills I choose"), required=False)
    headline = forms.CharField(label=_("Headline (optional)"), max_length=200, required=False)
    skills = forms.MultipleChoiceField(
        label=_("Skills employers may see"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["skills"].choices = choices


class TalentSearchForm(forms.Form):
    skill = forms.CharField(label=_("ESCO skill (name or URI)"), max_length=200, required=False)
    occupation = forms.CharField(label=_("Or occupation (name, code or URI)"), max_length=200, required=False)


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    confirm = forms.BooleanField(
        label=_("I understand that my wallet, shares and account are erased for good")
    )
