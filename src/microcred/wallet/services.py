"""Writes of the wallet: profile and holder key, email confirmation, claiming credentials issued here,
importing credentials from any issuer, re-checking and removing them (sharing: ``share_services``).

``<noun>_<verb>``, keyword-only, one transaction each (DESIGN.md §7.6). Verification (which may fetch status
lists) runs before the transaction opens; the transaction only writes what was decided.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from typing import Any, Final

from django.core import signing
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from credcore.errors import CredcoreError
from microcred.issuance.identity import public_url
from microcred.issuance.models import IssuedCredential
from microcred.wallet import errors, selectors, verifying
from microcred.wallet.documents import summary
from microcred.wallet.holder import install_holder_key
from microcred.wallet.models import LearnerProfile, WalletCredential

__all__ = [
    "credential_claim",
    "credential_import",
    "credential_refresh",
    "credential_remove",
    "email_verification_send",
    "email_verify",
    "profile_ensure",
]

MAX_IMPORT_BYTES: Final = 2 * 1024 * 1024
EMAIL_LINK_MAX_AGE: Final = 3 * 24 * 3600
_EMAIL_SALT: Final = "microcred.wallet.email-verify"
logger = logging.getLogger(__name__)


# -- profile and email confirmation -------------------------------------------------------------------------


@transaction.atomic
def profile_ensure(*, user: Any) -> LearnerProfile:
    """The learner's profile, created with a sealed holder key (did:key) the first time."""
    profile = LearnerProfile.objects.select_for_update().filter(user=user).first()
    if profile is None:
        profile = LearnerProfile(user=user)
    if not profile.holder_public_key:
        install_holder_key(profile)
        profile.save()
    return profile


def email_verification_token(user: Any) -> str:
    return signing.dumps({"u": user.pk, "e": user.email.lower()}, salt=_EMAIL_SALT)


def email_verification_send(*, user: Any) -> None:
    """Mail a confirmation link (EN and FR). Sent after commit, so a rolled-back signup never mails."""
    token = email_verification_token(user)

    def send() -> None:
        links = []
        for language in ("en", "fr"):
            with translation.override(language):
                links.append(public_url(reverse("wallet:verify_email", kwargs={"token": token})))
        body = (
            f"Confirm your email address to claim the credentials issued to it:\n{links[0]}\n\n"
            f"Confirmez votre adresse courriel pour réclamer les titres émis à son nom :\n{links[1]}\n\n"
            "This link works for 3 days. / Ce lien est valable 3 jours.\n"
        )
        try:
            send_mail("Confirm your email / Confirmez votre courriel", body, None, [user.email])
        except Exception:  # the account exists; the learner can ask for a new link
            logger.exception("confirmation email for user %s could not be sent", user.pk)

    transaction.on_commit(send)


@transaction.atomic
def email_verify(*, token: str) -> Any:
    """Mark the address in ``token`` as confirmed (only while it is still the account's address)."""
    from microcred.accounts.models import User

    try:
        data = signing.loads(token, salt=_EMAIL_SALT, max_age=EMAIL_LINK_MAX_AGE)
    except signing.BadSignature:
        raise errors.InvalidVerificationLink() from None
    user = User.objects.filter(pk=data.get("u"), is_active=True).first()
    if user is None or user.email.lower() != data.get("e"):
        raise errors.InvalidVerificationLink()
    profile = profile_ensure(user=user)
    if profile.email_verified_at is None:
        profile.email_verified_at = timezone.now()
        profile.save(update_fields=["email_verified_at"])
    return user


# -- adding credentials -------------------------------------------------------------------------------------


def _fingerprint(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _refuse_duplicate(user: Any, fingerprint: str, document: dict[str, Any]) -> None:
    """The same text, or the same credential id from the same issuer (ids are the issuer's to make unique)."""
    about = summary(document)
    mine = WalletCredential.objects.filter(owner=user)
    if mine.filter(fingerprint=fingerprint).exists():
        raise errors.Duplicate()
    same = mine.filter(credential_id=about.credential_id, issuer_id=about.issuer_id)
    if about.credential_id and same.exists():
        raise errors.Duplicate(about.credential_id)


def _new_credential(
    *,
    user: Any,
    origin: str,
    fmt: str,
    container: str,
    raw: str,
    document: dict[str, Any],
    report: Any,
    issued: Any = None,
) -> WalletCredential:
    about = summary(document)
    result = verifying.summarize(report)
    return WalletCredential.objects.create(
        owner=user,
        origin=origin,
        issued=issued,
        format=fmt,
        container=container,
        raw=raw,
        document=document,
        fingerprint=_fingerprint(raw),
        credential_id=about.credential_id,
        name=about.name,
        issuer_name=about.issuer_name,
        issuer_id=about.issuer_id,
        verified=result["verified"],
        verification=result,
        checked_at=timezone.now(),
    )


def credential_claim(*, user: Any, issued_ids: Sequence[int]) -> list[WalletCredential]:
    """Add credentials issued here to ``user``'s confirmed address. All or nothing: one that is not theirs
    (or already in the wallet) refuses the whole claim."""
    if not selectors.email_verified(user):
        raise errors.EmailNotVerified()
    wanted = sorted({int(pk) for pk in issued_ids})
    if not wanted:
        raise errors.NothingChosen()
    claimable = {c.pk: c for c in selectors.claimable_credentials(user)}
    if any(pk not in claimable for pk in wanted):
        raise errors.NotClaimable()
    checked = [(claimable[pk], verifying.verify(claimable[pk].document)) for pk in wanted]
    try:
        with transaction.atomic():
            return [_add_issued(user, issued, report) for issued, report in checked]
    except IntegrityError:  # a concurrent request added the same credential first
        raise errors.Duplicate() from None


def _add_issued(user: Any, issued: IssuedCredential, report: Any) -> WalletCredential:
    raw = json.dumps(issued.document, ensure_ascii=False)
    _refuse_duplicate(user, _fingerprint(raw), issued.document)
    return _new_credential(
        user=user,
        origin=WalletCredential.Origin.ISSUED_HERE,
        fmt="ob3-json",
        container="json",
        raw=raw,
        document=issued.document,
        report=report,
        issued=issued,
    )


def _fetcher() -> Any:
    """The verification app's https fetcher when the operator enabled network retrieval (an OB 2.0 badge image
    may hold only its assertion URL); otherwise none, and such a badge is refused as unusable."""
    from microcred.verification.fetching import fetch_bytes, network_enabled

    return fetch_bytes if network_enabled() else None


def credential_import(
    *, user: Any, data: bytes, filename: str | None = None, media_type: str | None = None
) -> WalletCredential:
    """Parse any supported format, verify it, store it with its result. Unverifiable credentials are stored
    too (the learner sees why); unreadable input is refused with :class:`errors.UnusableInput`."""
    from credcore.formats import parse_credential_input

    if len(data) > MAX_IMPORT_BYTES:
        raise errors.TooLarge()
    if not data.strip():
        raise errors.UnusableInput("empty")
    try:
        parsed = parse_credential_input(data, filename=filename, media_type=media_type, fetcher=_fetcher())
    except CredcoreError as exc:
        raise errors.UnusableInput(getattr(exc, "code", "invalid_document")) from None
    document = dict(parsed.document)
    _refuse_duplicate(user, _fingerprint(parsed.raw), document)
    report = verifying.verify(parsed)
    try:
        with transaction.atomic():
            _refuse_duplicate(user, _fingerprint(parsed.raw), document)
            return _new_credential(
                user=user,
                origin=WalletCredential.Origin.IMPORTED,
                fmt=parsed.format,
                container=parsed.container,
                raw=parsed.raw,
                document=document,
                report=report,
            )
    except IntegrityError:  # a concurrent request added the same text first
        raise errors.Duplicate() from None


# -- re-checking and removing -------------------------------------------------------------------------------


def credential_refresh(*, credential: WalletCredential, force: bool = False) -> Any:
    """The credential's current report; stores the new result when the stored one is stale."""
    report = verifying.report_for(credential)
    if force or verifying.is_stale(credential.checked_at):
        result = verifying.summarize(report)
        with transaction.atomic():
            WalletCredential.objects.filter(pk=credential.pk).update(
                verified=result["verified"], verification=result, checked_at=timezone.now()
            )
        credential.verified, credential.verification = result["verified"], result
    return report


@transaction.atomic
def credential_remove(*, user: Any, credential_id: int) -> None:
    """Remove one credential from the wallet (and from every share link showing it)."""
    credential = WalletCredential.objects.select_for_update().filter(owner=user, pk=credential_id).first()
    if credential is None:
        raise errors.NotFound()
    credential.delete()
