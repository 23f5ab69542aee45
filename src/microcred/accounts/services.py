"""Writes of accounts: learner sign-up (``<noun>_<verb>``, keyword-only, one transaction)."""

from __future__ import annotations

from django.db import transaction

from microcred.accounts.models import User

__all__ = ["learner_signup"]


@transaction.atomic
def learner_signup(
    *, email: str, password: str, preferred_language: str = "en", display_name: str = ""
) -> User:
    """A new learner account with a wallet profile (holder key); a confirmation link is mailed after commit.
    Raises ``wallet.errors.EmailTaken`` for an address that already has an account."""
    from microcred.wallet import errors
    from microcred.wallet.services import email_verification_send, profile_ensure

    email = email.strip().lower()
    if User.objects.select_for_update().filter(email__iexact=email).exists():
        raise errors.EmailTaken()
    language = preferred_language if preferred_language in ("en", "fr") else "en"
    user = User.objects.create_user(
        email, password, preferred_language=language, display_name=display_name.strip()
    )
    profile_ensure(user=user)
    email_verification_send(user=user)
    return user
