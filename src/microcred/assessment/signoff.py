"""Writes of co-design and sign-off: open a version for partner review, comment, sign off.

Signing off creates an OB 3.0 EndorsementCredential about the version's Achievement, issued by the partner's
did:web and signed with the partner's own key (created on first use through ``issuance.services``). Sign-off
needs the version's content frozen (in review or published): endorsing a draft that may still change would
endorse something else. The endorsement also stores a digest of what was reviewed
(``selectors.version_digest``).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction
from django.utils import timezone

from credcore.openbadges import EndorsementCredential, EndorsementSubject, Profile
from microcred.accounts.models import Organization
from microcred.assessment import errors, permissions
from microcred.assessment.models import Endorsement, PartnerReview, ReviewComment
from microcred.assessment.selectors import achievement_id, version_digest
from microcred.catalog.choices import Lifecycle
from microcred.catalog.models import MicroCredentialVersion
from microcred.issuance import services as issuance_services
from microcred.issuance.identity import organization_did
from microcred.issuance.keyring import sign_document
from microcred.issuance.models import SigningKey

MAX_COMMENT_LENGTH = 5000


@transaction.atomic
def review_open(
    *, version: MicroCredentialVersion, partners: list[Organization], actor: Any | None
) -> list[PartnerReview]:
    """Open the version for review by each of ``partners`` (all must be partners of the version)."""
    version = MicroCredentialVersion.objects.select_related("micro_credential").get(pk=version.pk)
    if actor is not None and not permissions.can_open_review(actor, version):
        raise errors.NotAuthorized()
    if version.status not in (Lifecycle.DRAFT, Lifecycle.IN_REVIEW):
        raise errors.VersionNotReviewable(version.status)
    allowed = set(version.partners.values_list("pk", flat=True))
    if not partners or any(org.pk not in allowed for org in partners):
        raise errors.NotAPartner()
    opened_by = actor if getattr(actor, "is_authenticated", False) else None
    return [
        PartnerReview.objects.get_or_create(version=version, partner=org, defaults={"opened_by": opened_by})[
            0
        ]
        for org in partners
    ]


def _require_participant(actor: Any | None, review: PartnerReview) -> None:
    if actor is None:
        return
    if not (permissions.can_endorse(actor, review) or permissions.can_open_review(actor, review.version)):
        raise errors.NotAuthorized()


@transaction.atomic
def review_comment_add(*, review: PartnerReview, body: str, actor: Any) -> ReviewComment:
    """A comment by the partner's endorsers or the owner's designers, while the review is open."""
    review = (
        PartnerReview.objects.select_for_update()
        .select_related("version__micro_credential")
        .get(pk=review.pk)
    )
    _require_participant(actor, review)
    if review.status != PartnerReview.Status.OPEN:
        raise errors.ReviewClosed()
    body = body.strip()[:MAX_COMMENT_LENGTH]
    if not body:
        raise errors.AssessmentError("empty comment")
    return ReviewComment.objects.create(review=review, author=actor, body=body)


@transaction.atomic
def review_sign_off(*, review: PartnerReview, comment: str, actor: Any | None) -> Endorsement:
    """The partner endorses the version: a signed EndorsementCredential, stored and returned."""
    review = (
        PartnerReview.objects.select_for_update()
        .select_related("version__micro_credential", "partner")
        .get(pk=review.pk)
    )
    if actor is not None and not permissions.can_endorse(actor, review):
        raise errors.NotAuthorized()
    if review.status != PartnerReview.Status.OPEN:
        raise errors.ReviewClosed()
    version = review.version
    if version.status not in (Lifecycle.IN_REVIEW, Lifecycle.PUBLISHED):
        raise errors.VersionNotFrozen(version.status)
    partner = review.partner
    user = actor if getattr(actor, "is_authenticated", False) else None
    if not SigningKey.objects.filter(organization=partner, status=SigningKey.Status.ACTIVE).exists():
        issuance_services.signing_key_create(organization=partner, actor=user, actor_label="endorsement")
    comment = comment.strip()[:MAX_COMMENT_LENGTH]
    credential = sign_document(_endorsement_credential(version, partner, comment), organization=partner)
    review.status = PartnerReview.Status.SIGNED_OFF
    review.save(update_fields=["status"])
    return Endorsement.objects.create(
        version=version,
        partner=partner,
        review=review,
        comment=comment,
        credential=credential,
        content_digest=version_digest(version),
        signed_by=user,
    )


def _endorsement_credential(version: MicroCredentialVersion, partner: Organization, comment: str) -> dict:
    endorsement = EndorsementCredential(
        id=f"urn:uuid:{uuid.uuid4()}",
        name=f"{partner.name_en} endorses {version.title_en}",
        issuer=Profile(id=organization_did(partner), name=partner.name_en, url=partner.website or None),
        subject=EndorsementSubject(id=achievement_id(version), endorsement_comment=comment or None),
        valid_from=timezone.now().replace(microsecond=0),
    )
    return endorsement.to_json()
