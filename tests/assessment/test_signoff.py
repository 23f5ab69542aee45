"""Co-design and sign-off: partners review, comment and sign off; sign-off is an EndorsementCredential about
the version's Achievement, signed with the partner's own key, verified via its served did:web document."""

from __future__ import annotations

import copy

import pytest

from credcore import DidResolver, verify_credential
from microcred.assessment import errors, selectors, signoff
from microcred.assessment.models import Endorsement, PartnerReview, ReviewComment
from microcred.catalog import services as catalog_services
from microcred.issuance.identity import organization_did
from microcred.issuance.models import AuditEvent, SigningKey

pytestmark = pytest.mark.django_db


def open_review(version, partner, people):
    [review] = signoff.review_open(version=version, partners=[partner], actor=people["designer"])
    return review


def test_sign_off_signs_an_endorsement_with_the_partners_key_that_verifies(
    in_review, partner, people, fetch_json
):
    review = open_review(in_review, partner, people)
    signoff.review_comment_add(
        review=review, body="Add cold-chain handling.", actor=people["partner_endorser"]
    )
    assert SigningKey.objects.filter(organization=partner).count() == 0
    endorsement = signoff.review_sign_off(
        review=review, comment="Reflects what we hire for.", actor=people["partner_endorser"]
    )
    assert SigningKey.objects.filter(organization=partner, status="active").count() == 1
    assert AuditEvent.objects.filter(organization=partner, action="signing_key.created").count() == 1
    credential = endorsement.credential
    assert credential["type"] == ["VerifiableCredential", "EndorsementCredential"]
    assert credential["issuer"]["id"] == organization_did(partner)
    assert credential["credentialSubject"]["id"] == selectors.achievement_id(in_review)
    assert credential["credentialSubject"]["endorsementComment"] == "Reflects what we hire for."
    assert credential["proof"]["verificationMethod"].startswith(organization_did(partner) + "#")
    result = verify_credential(credential, resolver=DidResolver(fetcher=fetch_json))
    assert result.verified, result.to_json()
    assert selectors.endorsements_for_version(in_review) == [credential]
    review.refresh_from_db()
    assert review.status == PartnerReview.Status.SIGNED_OFF


def test_a_tampered_endorsement_does_not_verify(in_review, partner, people, fetch_json):
    review = open_review(in_review, partner, people)
    signed = signoff.review_sign_off(
        review=review, comment="Yes.", actor=people["partner_endorser"]
    ).credential
    tampered = copy.deepcopy(signed)
    tampered["credentialSubject"]["endorsementComment"] = "No."
    assert not verify_credential(tampered, resolver=DidResolver(fetcher=fetch_json)).verified


def test_an_existing_partner_key_is_used_not_replaced(in_review, partner, people):
    from microcred.issuance import services as issuance_services

    key = issuance_services.signing_key_create(organization=partner)
    review = open_review(in_review, partner, people)
    endorsement = signoff.review_sign_off(review=review, comment="Yes.", actor=people["partner_endorser"])
    assert endorsement.credential["proof"]["verificationMethod"].endswith("#" + key.public_key_multibase)
    assert SigningKey.objects.filter(organization=partner).count() == 1


def test_only_partners_of_the_version_can_be_invited(draft, other_org, people):
    with pytest.raises(errors.NotAPartner):
        signoff.review_open(version=draft, partners=[other_org], actor=people["designer"])
    assert PartnerReview.objects.count() == 0


def test_a_published_version_is_not_opened_for_review(published, partner, people):
    with pytest.raises(errors.VersionNotReviewable):
        signoff.review_open(version=published, partners=[partner], actor=people["designer"])


def test_a_draft_can_be_reviewed_and_commented_but_not_signed_off(draft, partner, people):
    review = open_review(draft, partner, people)
    signoff.review_comment_add(review=review, body="Looks right.", actor=people["partner_endorser"])
    signoff.review_comment_add(review=review, body="Thanks, edited.", actor=people["designer"])
    with pytest.raises(errors.VersionNotFrozen):
        signoff.review_sign_off(review=review, comment="Yes.", actor=people["partner_endorser"])
    assert (Endorsement.objects.count(), SigningKey.objects.count()) == (0, 0)
    assert ReviewComment.objects.count() == 2


@pytest.mark.parametrize(
    "persona", ["org_admin", "designer", "assessor", "partner_assessor", "other_org_admin"]
)
def test_only_the_partners_endorsers_and_admins_sign_off(in_review, partner, people, persona):
    review = open_review(in_review, partner, people)
    with pytest.raises(errors.NotAuthorized):
        signoff.review_sign_off(review=review, comment="Yes.", actor=people[persona])
    assert (Endorsement.objects.count(), SigningKey.objects.count()) == (0, 0)


@pytest.mark.parametrize("persona", ["assessor", "registrar", "partner_endorser", "other_org_admin"])
def test_only_the_owners_designers_open_a_review(draft, partner, people, persona):
    with pytest.raises(errors.NotAuthorized):
        signoff.review_open(version=draft, partners=[partner], actor=people[persona])
    assert PartnerReview.objects.count() == 0


def test_sign_off_happens_once(in_review, partner, people):
    review = open_review(in_review, partner, people)
    signoff.review_sign_off(review=review, comment="Yes.", actor=people["partner_endorser"])
    with pytest.raises(errors.ReviewClosed):
        signoff.review_sign_off(review=review, comment="Again.", actor=people["partner_endorser"])
    with pytest.raises(errors.ReviewClosed):
        signoff.review_comment_add(review=review, body="Late.", actor=people["partner_endorser"])
    assert Endorsement.objects.count() == 1


def test_an_endorsement_of_content_that_changed_is_no_longer_served(in_review, partner, people, org):
    from tests.assessment.conftest import version_input

    review = open_review(in_review, partner, people)
    signoff.review_sign_off(review=review, comment="Yes.", actor=people["partner_endorser"])
    catalog_services.version_return_to_draft(version=in_review, actor=None)
    catalog_services.version_update_draft(
        version=in_review, data=version_input(org, partner, title_en="Something else"), actor=None
    )
    assert selectors.endorsements_for_version(in_review) == []
    assert Endorsement.objects.count() == 1  # kept as a record, just not presented as current


def test_the_endorsement_survives_publication(in_review, partner, people):
    review = open_review(in_review, partner, people)
    signed = signoff.review_sign_off(
        review=review, comment="Yes.", actor=people["partner_endorser"]
    ).credential
    published = catalog_services.version_publish(version=in_review, actor=None)
    assert selectors.endorsements_for_version(published) == [signed]
