"""Forms and the action table of the issuer's lifecycle pages: each action names the ``credential_lifecycle``
function that performs it, the states it starts from, and whether it takes a reason (docs/adr/0027)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from microcred.issuance import credential_lifecycle as lifecycle
from microcred.issuance.models import IssuedCredential

__all__ = ["ACTIONS", "LifecycleAction", "LifecycleForm"]

State = IssuedCredential.State
REASON_MAX = 500


@dataclass(frozen=True)
class LifecycleAction:
    name: str
    label: Promise
    explanation: Promise
    from_states: tuple[str, ...]
    reason: str  # "required", "optional" or "none"
    perform: Callable[..., IssuedCredential]
    needs_version: bool = False  # renew and re-award rebuild the credential from its micro-credential

    def applies_to(self, credential: IssuedCredential) -> bool:
        if self.needs_version and credential.version is None:
            return False
        return credential.state in self.from_states


def _revoke(credential: IssuedCredential, reason: str, actor: Any) -> IssuedCredential:
    return lifecycle.credential_revoke(credential=credential, reason=reason, actor=actor, actor_label="web")


def _suspend(credential: IssuedCredential, reason: str, actor: Any) -> IssuedCredential:
    return lifecycle.credential_suspend(credential=credential, reason=reason, actor=actor, actor_label="web")


def _unsuspend(credential: IssuedCredential, reason: str, actor: Any) -> IssuedCredential:
    return lifecycle.credential_unsuspend(
        credential=credential, reason=reason, actor=actor, actor_label="web"
    )


def _renew(credential: IssuedCredential, reason: str, actor: Any) -> IssuedCredential:
    # One renewal per credential: resubmitting the form returns the credential the first submission made.
    return lifecycle.credential_renew(
        credential=credential, idempotency_key=f"web-renew:{credential.pk}", actor=actor, actor_label="web"
    )


def _reaward(credential: IssuedCredential, reason: str, actor: Any) -> IssuedCredential:
    return lifecycle.credential_reaward(
        credential=credential, idempotency_key=f"web-reaward:{credential.pk}", actor=actor, actor_label="web"
    )


ACTIONS: dict[str, LifecycleAction] = {
    action.name: action
    for action in (
        LifecycleAction(
            "revoke",
            _("Revoke"),
            _("Revocation is permanent: verifiers will refuse this credential from now on."),
            (State.ACTIVE, State.SUSPENDED, State.EXPIRED),
            "required",
            _revoke,
        ),
        LifecycleAction(
            "suspend",
            _("Suspend"),
            _("Verifiers will refuse this credential until the suspension is lifted."),
            (State.ACTIVE,),
            "optional",
            _suspend,
        ),
        LifecycleAction(
            "unsuspend",
            _("Lift the suspension"),
            _("Verifiers will accept this credential again."),
            (State.SUSPENDED,),
            "optional",
            _unsuspend,
        ),
        LifecycleAction(
            "renew",
            _("Renew"),
            _(
                "A new credential with a new validity period is signed for the same recipient and results; "
                "this one, if still active or suspended, is revoked as superseded."
            ),
            (State.ACTIVE, State.SUSPENDED, State.EXPIRED),
            "none",
            _renew,
            needs_version=True,
        ),
        LifecycleAction(
            "reaward",
            _("Award again"),
            _("A new credential with new status entries is signed for the same recipient and results."),
            (State.REVOKED,),
            "none",
            _reaward,
            needs_version=True,
        ),
    )
}


class LifecycleForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=REASON_MAX, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    confirm = forms.BooleanField(label=_("I confirm this change."), required=True)

    def __init__(self, *args: Any, action: LifecycleAction, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.action = action
        if action.reason == "none":
            del self.fields["reason"]
        elif action.reason == "required":
            self.fields["reason"].required = True
            self.fields["reason"].error_messages["required"] = _("Give the reason for this change.")
            self.fields["reason"].label = _("Reason (required, recorded in the audit log)")
        else:
            self.fields["reason"].label = _("Reason (optional, recorded in the audit log)")

    def clean_reason(self) -> str:
        reason = str(self.cleaned_data.get("reason", "")).strip()
        if self.action.reason == "required" and not reason:
            raise forms.ValidationError(_("Give the reason for this change."), code="reason_required")
        return reason
