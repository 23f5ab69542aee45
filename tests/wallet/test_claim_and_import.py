"""Claiming credentials issued here (only to a confirmed address, all or nothing) and importing credentials
from any issuer (verified on import, result stored, duplicates refused, unreadable input refused)."""

from __future__ import annotations

import html
import json

import pytest
from tests.wallet.conftest import csrf_post, external_credential, issue, make_user, signed_in

from credcore.formats import bake_png, bake_svg
from microcred.issuance import credential_lifecycle
from microcred.wallet import errors, selectors, services
from microcred.wallet.exports import plain_png, plain_svg
from microcred.wallet.models import WalletCredential

pytestmark = pytest.mark.django_db


def test_claim_adds_the_credential_with_a_passing_verification(learner, issued):
    assert list(selectors.claimable_credentials(learner)) == [issued]
    [added] = services.credential_claim(user=learner, issued_ids=[issued.pk])
    assert added.origin == "issued_here" and added.issued == issued
    assert added.verified and added.verification["outcome"] == "verified"
    assert {c["name"]: c["status"] for c in added.verification["checks"]}["issuer_trust"] == "passed"
    assert list(selectors.claimable_credentials(learner)) == []


def test_an_unconfirmed_address_cannot_claim(issued):
    unconfirmed = make_user("someone@example.org", verified=False)
    issue(issued.organization, issued.version, email="someone@example.org", key="k2")
    assert not selectors.claimable_credentials(unconfirmed).exists()
    with pytest.raises(errors.EmailNotVerified):
        services.credential_claim(user=unconfirmed, issued_ids=[issued.pk])
    assert not WalletCredential.objects.exists()


def test_someone_elses_credential_refuses_the_whole_claim(learner, other_learner, org, version, issued):
    theirs = issue(org, version, email=other_learner.email, key="k2")
    with pytest.raises(errors.NotClaimable):
        services.credential_claim(user=learner, issued_ids=[issued.pk, theirs.pk])
    assert not WalletCredential.objects.exists()


def test_claiming_twice_is_refused(learner, issued):
    services.credential_claim(user=learner, issued_ids=[issued.pk])
    with pytest.raises(errors.NotClaimable):
        services.credential_claim(user=learner, issued_ids=[issued.pk])
    assert WalletCredential.objects.count() == 1


def test_email_confirmation_link_confirms_only_the_current_address(db):
    user = make_user("new@example.org", verified=False)
    token = services.email_verification_token(user)
    user.email = "changed@example.org"
    user.save()
    with pytest.raises(errors.InvalidVerificationLink):
        services.email_verify(token=token)
    assert not selectors.email_verified(user)
    services.email_verify(token=services.email_verification_token(user))
    assert selectors.email_verified(user)
    with pytest.raises(errors.InvalidVerificationLink):
        services.email_verify(token=token[:-2] + "xx")


def test_import_json_from_an_unknown_issuer_verifies_with_a_trust_warning(learner):
    document, did = external_credential()
    added = services.credential_import(user=learner, data=json.dumps(document).encode())
    assert (added.origin, added.format, added.container) == ("imported", "ob3-json", "json")
    assert added.verified and added.verification["outcome"] == "warning"
    assert added.issuer_id == did and added.name == "Cleanroom Safety"


def test_import_of_a_tampered_credential_is_stored_as_not_verified(learner):
    document, _ = external_credential()
    document["name"] = "Something I did not earn"
    added = services.credential_import(user=learner, data=json.dumps(document).encode())
    assert not added.verified
    assert {c["name"]: c["status"] for c in added.verification["checks"]}["proof"] == "failed"


@pytest.mark.parametrize("container", ["png", "svg"])
def test_import_of_a_baked_image(learner, container):
    document, _ = external_credential()
    if container == "png":
        data, filename = bake_png(plain_png(32), document), "badge.png"
    else:
        data, filename = bake_svg(plain_svg("x"), document).encode(), "badge.svg"
    added = services.credential_import(user=learner, data=data, filename=filename)
    assert added.container == container and added.verified
    assert added.document["id"] == document["id"]


def test_duplicates_are_refused_by_text_and_by_credential_id(learner, issued):
    document, _ = external_credential()
    services.credential_import(user=learner, data=json.dumps(document).encode())
    with pytest.raises(errors.Duplicate):
        services.credential_import(user=learner, data=json.dumps(document).encode())
    with pytest.raises(errors.Duplicate):  # the same credential, serialised differently
        services.credential_import(user=learner, data=json.dumps(document, indent=2).encode())
    services.credential_claim(user=learner, issued_ids=[issued.pk])
    with pytest.raises(errors.Duplicate):  # claimed first, then imported from a download
        services.credential_import(user=learner, data=json.dumps(issued.document).encode())
    assert WalletCredential.objects.filter(owner=learner).count() == 2


@pytest.mark.parametrize("data", [b"", b"{}", b"not a credential", b"\x89PNG\r\n\x1a\nbroken", b"[1,2]"])
def test_unusable_input_is_refused_and_nothing_stored(learner, data):
    with pytest.raises(errors.WalletError) as caught:
        services.credential_import(user=learner, data=data)
    assert caught.value.code == "unusable_input" and caught.value.message_fr
    assert not WalletCredential.objects.exists()


def test_a_revoked_credential_shows_as_not_verified_after_the_recheck(learner, issued, settings):
    settings.WALLET_RECHECK_SECONDS = 0
    [added] = services.credential_claim(user=learner, issued_ids=[issued.pk])
    credential_lifecycle.credential_revoke(credential=issued, actor=None, reason="test")
    services.credential_refresh(credential=added)
    added.refresh_from_db()
    assert not added.verified
    assert {c["name"]: c["status"] for c in added.verification["checks"]}["status"] == "failed"


def test_import_page_in_french_explains_unusable_input(learner):
    client = signed_in(learner)
    response = csrf_post(client, "/fr/wallet/import/", {"text": "bonjour"})
    assert response.status_code == 422
    assert "Ce n'est pas un titre que nous savons lire" in html.unescape(response.content.decode())
    assert not WalletCredential.objects.exists()


def test_import_of_a_vc_jwt_keeps_the_compact_jws_and_verifies(learner):
    from tests.fixtures.formats.samples import credential, ed_key, vc_jose

    token = vc_jose(credential(ed_key().did_key))
    added = services.credential_import(user=learner, data=token.encode())
    assert (added.format, added.container, added.raw) == ("vc-jwt", "jwt", token)
    assert added.verified, added.verification
    services.credential_refresh(
        credential=added, force=True
    )  # re-verified from the JWS, not the decoded JSON
    added.refresh_from_db()
    assert added.verified and "jwt_signature" in {c["name"] for c in added.verification["checks"]}


def test_wallet_home_tells_a_warning_from_a_clean_verification(learner, issued):
    services.credential_claim(user=learner, issued_ids=[issued.pk])
    document, _ = external_credential()
    services.credential_import(user=learner, data=json.dumps(document).encode())
    body = signed_in(learner).get("/fr/wallet/").content.decode()
    assert body.count("Vérifié, avec un avertissement") == 1
    assert body.count(">Vérifié<") == 1


def test_an_ob2_signed_assertion_imports_and_fails_closed_without_network(learner, settings):
    from tests.fixtures.formats.samples import ob2_objects, ob2_signed

    settings.MICROCRED_VERIFY_NETWORK = False
    token = ob2_signed(ob2_objects()["signed"])
    added = services.credential_import(user=learner, data=token.encode())
    assert added.format == "ob2-signed" and added.raw == token
    assert not added.verified  # the issuer's key cannot be fetched: never silently trusted
    assert any(c["status"] == "failed" for c in added.verification["checks"])


def test_a_concurrent_duplicate_is_caught_by_the_database(learner, monkeypatch):
    document, _ = external_credential()
    data = json.dumps(document).encode()
    services.credential_import(user=learner, data=data)
    monkeypatch.setattr(services, "_refuse_duplicate", lambda *args: None)  # both requests passed the check
    with pytest.raises(errors.Duplicate):
        services.credential_import(user=learner, data=data)
    assert WalletCredential.objects.count() == 1
