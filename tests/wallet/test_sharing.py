"""Share links: chosen credentials, evidence or not, expiry, revocation, view counts, QR code, LinkedIn link,
the public page (verified now), the signed Verifiable Presentation; revoked or expired links show nothing."""

from __future__ import annotations

import json
import urllib.parse
from datetime import timedelta

import pytest
from django.utils import timezone
from tests.wallet.conftest import csrf_post, external_credential, signed_in

from credcore.presentations import verify_presentation
from microcred.verification.fetching import PlatformDocuments
from microcred.wallet import errors, exports, selectors, services, share_services
from microcred.wallet.models import ShareLink

pytestmark = pytest.mark.django_db


@pytest.fixture
def wallet(learner, issued):
    [mine] = services.credential_claim(user=learner, issued_ids=[issued.pk])
    document, _ = external_credential()
    imported = services.credential_import(user=learner, data=json.dumps(document).encode())
    return mine, imported


def _path(token: str, lang: str = "en") -> str:
    return f"/{lang}/wallet/s/{token}/"


def test_the_share_page_shows_only_the_chosen_credentials_verified_now(learner, wallet):
    mine, imported = wallet
    share, token = share_services.share_create(
        user=learner, credential_ids=[mine.pk], include_evidence=False, expires_in_days=7
    )
    assert ShareLink.objects.get().token_hash != token  # only a hash is stored
    response = signed_in(None).get(_path(token))
    body = response.content.decode()
    assert response.status_code == 200
    assert mine.name in body and imported.name not in body
    assert response["Cache-Control"] == "no-store"
    share.refresh_from_db()
    assert share.view_count == 1
    signed_in(None).get(_path(token, "fr"))
    share.refresh_from_db()
    assert share.view_count == 2


def test_shared_documents_for_the_verify_page(learner, wallet):
    mine, imported = wallet
    _, token = share_services.share_create(
        user=learner, credential_ids=[mine.pk, imported.pk], include_evidence=True, expires_in_days=None
    )
    documents = selectors.shared_documents(token)
    assert [d["id"] for d in documents] == [mine.document["id"], imported.document["id"]]
    assert selectors.share_shows_evidence(token)
    assert selectors.shared_documents(token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    assert selectors.shared_documents("short") is None


def test_a_revoked_link_shows_nothing(learner, wallet):
    mine, _ = wallet
    share, token = share_services.share_create(
        user=learner, credential_ids=[mine.pk], include_evidence=True, expires_in_days=30
    )
    share_services.share_revoke(user=learner, share_id=share.pk)
    response = signed_in(None).get(_path(token))
    assert response.status_code == 404 and mine.name not in response.content.decode()
    assert selectors.shared_documents(token) is None
    assert signed_in(None).get(f"/en/wallet/s/{token}/presentation.json").status_code == 404
    share.refresh_from_db()
    assert share.view_count == 0
    with pytest.raises(errors.AlreadyRevoked):
        share_services.share_revoke(user=learner, share_id=share.pk)


def test_an_expired_link_shows_nothing(learner, wallet):
    mine, _ = wallet
    share, token = share_services.share_create(
        user=learner, credential_ids=[mine.pk], include_evidence=False, expires_in_days=1
    )
    ShareLink.objects.filter(pk=share.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = signed_in(None).get(_path(token, "fr"))
    assert response.status_code == 404 and mine.name not in response.content.decode()
    assert selectors.shared_documents(token) is None


def test_share_creation_refuses_bad_choices_and_writes_nothing(learner, other_learner, wallet):
    mine, _ = wallet
    for kwargs, error in (
        ({"credential_ids": []}, errors.NothingChosen),
        ({"credential_ids": [mine.pk], "expires_in_days": 0}, errors.InvalidExpiry),
        ({"credential_ids": [mine.pk], "expires_in_days": 400}, errors.InvalidExpiry),
    ):
        with pytest.raises(error):
            share_services.share_create(
                user=learner, **{"include_evidence": False, "expires_in_days": 7, **kwargs}
            )
    with pytest.raises(errors.NotFound):  # someone else's credential
        share_services.share_create(
            user=other_learner, credential_ids=[mine.pk], include_evidence=False, expires_in_days=7
        )
    assert not ShareLink.objects.exists()


def test_evidence_is_shown_only_when_the_learner_chose(learner, issued):
    from microcred.issuance import credential_services as cs
    from microcred.issuance.builder import EvidenceItem

    with_evidence = cs.credential_issue(
        organization=issued.organization,
        version=issued.version,
        email=learner.email,
        idempotency_key="ev",
        evidence=[
            EvidenceItem(url="https://college.example/evidence/batch-record-77", name="Batch record 77")
        ],
    )
    [held] = services.credential_claim(user=learner, issued_ids=[with_evidence.pk])
    _, hidden = share_services.share_create(
        user=learner, credential_ids=[held.pk], include_evidence=False, expires_in_days=7
    )
    _, shown = share_services.share_create(
        user=learner, credential_ids=[held.pk], include_evidence=True, expires_in_days=7
    )
    assert "batch-record-77" not in signed_in(None).get(_path(hidden)).content.decode()
    assert "batch-record-77" in signed_in(None).get(_path(shown)).content.decode()


def test_the_presentation_is_signed_by_the_holder_and_verifies_with_a_challenge(learner, wallet):
    mine, imported = wallet
    _, token = share_services.share_create(
        user=learner, credential_ids=[mine.pk, imported.pk], include_evidence=True, expires_in_days=7
    )
    response = signed_in(None).get(
        f"/en/wallet/s/{token}/presentation.json?challenge=n-123&domain=ats.example"
    )
    presentation = response.json()
    holder = learner.wallet_profile.holder_did
    assert presentation["holder"] == holder and holder.startswith("did:key:z6Mk")
    documents = PlatformDocuments()
    result = verify_presentation(
        presentation,
        resolver=documents.resolver,
        challenge="n-123",
        domain="ats.example",
        status_fetcher=documents.status,
    )
    assert result.verified and len(result.credentials) == 2
    replay = verify_presentation(
        presentation,
        resolver=documents.resolver,
        challenge="other",
        domain="ats.example",
        status_fetcher=documents.status,
    )
    assert not replay.verified


def test_shares_page_has_a_qr_code_and_linkedin_links(learner, wallet):
    mine, _ = wallet
    client = signed_in(learner)
    response = csrf_post(
        client,
        "/en/wallet/shares/",
        {"credentials": [str(mine.pk)], "expires": "30", "include_evidence": "on", "label": "For BioPharma"},
    )
    assert response.status_code == 302
    share = ShareLink.objects.get()
    assert share.include_evidence and share.label == "For BioPharma"
    page = client.get("/en/wallet/shares/").content.decode()
    assert "<svg" in page and "<title>QR code of the share link</title>" in page
    token = selectors.share_token(share)
    assert f"/en/wallet/s/{token}/" in page
    link = exports.linkedin_url(mine, f"https://x.example/en/wallet/s/{token}/")
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)
    assert link.startswith("https://www.linkedin.com/profile/add?")
    assert query["startTask"] == ["CERTIFICATION_NAME"] and query["name"] == [mine.name]
    assert query["organizationName"] == ["Algonquin College"] and query["certId"] == [mine.credential_id]
    assert query["issueYear"][0].isdigit() and "&amp;certUrl=" in page.replace("&amp;amp;", "&amp;")


def test_a_vc_jwt_is_shared_on_the_page_but_left_out_of_the_presentation(learner, wallet):
    from tests.fixtures.formats.samples import credential, ed_key, vc_jose

    mine, _ = wallet
    jwt = services.credential_import(user=learner, data=vc_jose(credential(ed_key().did_key)).encode())
    _, token = share_services.share_create(
        user=learner, credential_ids=[mine.pk, jwt.pk], include_evidence=False, expires_in_days=7
    )
    page = signed_in(None).get(f"/en/wallet/s/{token}/").content.decode()
    assert jwt.name in page and mine.name in page
    presentation = signed_in(None).get(f"/en/wallet/s/{token}/presentation.json").json()
    assert [c["id"] for c in presentation["verifiableCredential"]] == [mine.document["id"]]
    documents = PlatformDocuments()
    assert verify_presentation(
        presentation,
        resolver=documents.resolver,
        challenge=None,
        domain=None,
        status_fetcher=documents.status,
    ).verified
