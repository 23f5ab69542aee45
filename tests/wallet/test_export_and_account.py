"""Export (ZIP of JSON + a holder-signed CLR 2.0 record), baked badge downloads, learner sign-up with email
confirmation, account deletion (personal data erased in one transaction; issued credentials still verify)."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core import mail
from tests.wallet.conftest import PASSWORD, csrf_post, external_credential, signed_in

from credcore.formats import extract_baked
from microcred.accounts.models import User
from microcred.issuance.models import IssuedCredential
from microcred.verification.selectors import verify_document
from microcred.wallet import errors, selectors, services, share_services
from microcred.wallet.models import LearnerProfile, ShareLink, TalentSkill, WalletCredential

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(learner, issued):
    [credential] = services.credential_claim(user=learner, issued_ids=[issued.pk])
    return credential


@pytest.mark.parametrize("kind", ["png", "svg"])
def test_baked_badge_downloads_carry_the_exact_credential(learner, held, kind):
    response = signed_in(learner).get(f"/en/wallet/credentials/{held.pk}/badge.{kind}")
    assert response.status_code == 200 and response["Content-Type"].startswith(f"image/{kind}")
    baked = json.loads(extract_baked(response.content))
    assert baked == held.document
    assert verify_document(baked).verified


def test_json_download(learner, held):
    response = signed_in(learner).get(f"/en/wallet/credentials/{held.pk}/credential.json")
    assert json.loads(response.content) == held.document
    assert response["Cache-Control"] == "private, no-store"


def test_export_zip_has_every_credential_and_a_holder_signed_clr_record(learner, held):
    from credcore.dataintegrity import verify_proof
    from credcore.dids import DidResolver

    document, _ = external_credential()
    services.credential_import(user=learner, data=json.dumps(document).encode())
    response = signed_in(learner).get("/en/wallet/export.zip")
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    exported = [json.loads(archive.read(n)) for n in archive.namelist() if n.startswith("credentials/")]
    assert sorted(d["id"] for d in exported) == sorted([held.document["id"], document["id"]])
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["holder"] == learner.wallet_profile.holder_did
    clr = json.loads(archive.read("clr.json"))
    assert "ClrCredential" in clr["type"] and clr["issuer"]["id"] == manifest["holder"]
    members = clr["credentialSubject"]["verifiableCredential"]
    assert sorted(m["id"] for m in members) == sorted(d["id"] for d in exported)
    assert verify_proof(clr, resolver=DidResolver()).verified
    clr["name"] = "Forged record"
    assert not verify_proof(clr, resolver=DidResolver()).verified


def test_export_of_an_empty_wallet_has_no_clr_record(learner):
    archive = zipfile.ZipFile(io.BytesIO(signed_in(learner).get("/en/wallet/export.zip").content))
    assert sorted(archive.namelist()) == ["manifest.json"]


def test_signup_creates_a_learner_and_mails_a_confirmation_link(db, django_capture_on_commit_callbacks):
    client = signed_in(None)
    with django_capture_on_commit_callbacks(execute=True):
        response = csrf_post(
            client,
            "/fr/accounts/signup/",
            {
                "email": "Nouvelle@Example.org",
                "display_name": "Nouvelle",
                "preferred_language": "fr",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )
    assert response.status_code == 302 and response["Location"] == "/fr/wallet/"
    user = User.objects.get(email="nouvelle@example.org")
    assert user.preferred_language == "fr" and user.wallet_profile.holder_did.startswith("did:key:")
    assert not selectors.email_verified(user)
    [message] = mail.outbox
    link = next(line for line in message.body.splitlines() if "/fr/wallet/verify-email/" in line)
    path = link[link.index("/fr/") :]
    assert client.get(path).status_code == 200 and not selectors.email_verified(user)  # GET changes nothing
    assert csrf_post(client, path).status_code == 302
    assert selectors.email_verified(user)


def test_signup_refuses_a_taken_address_and_weak_passwords(learner):
    client = signed_in(None)
    taken = csrf_post(
        client,
        "/en/accounts/signup/",
        {"email": learner.email, "preferred_language": "en", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert taken.status_code == 409 and "already exists" in taken.content.decode()
    weak = csrf_post(
        client,
        "/en/accounts/signup/",
        {"email": "x@example.org", "preferred_language": "en", "password1": "123", "password2": "123"},
    )
    assert weak.status_code == 400
    assert User.objects.count() == 1 and not mail.outbox


def test_deleting_the_account_erases_personal_data_and_issued_credentials_stay_verifiable(
    learner, held, issued
):
    share_services.share_create(
        user=learner, credential_ids=[held.pk], include_evidence=False, expires_in_days=7
    )
    share_services.talent_update(user=learner, opt_in=True, headline="", skill_uris=[])
    client = signed_in(learner)
    wrong = csrf_post(client, "/en/wallet/account/delete/", {"password": "wrong", "confirm": "on"})
    assert wrong.status_code == 403
    assert WalletCredential.objects.count() == 1 and ShareLink.objects.count() == 1
    assert User.objects.get(pk=learner.pk).email == learner.email
    response = csrf_post(client, "/en/wallet/account/delete/", {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 200
    gone = User.objects.get(pk=learner.pk)
    assert gone.email.endswith("@invalid.example") and gone.display_name == "" and not gone.is_active
    assert not gone.has_usable_password()
    assert not WalletCredential.objects.exists() and not ShareLink.objects.exists()
    assert not TalentSkill.objects.exists() and not LearnerProfile.objects.exists()
    still = IssuedCredential.objects.get(pk=issued.pk)
    assert still.state == "active" and verify_document(still.document).verified
    assert client.get("/en/wallet/").status_code == 302  # signed out


def test_account_deletion_is_all_or_nothing(learner, held, monkeypatch):
    from microcred.accounts.models import User as UserModel

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(UserModel, "set_unusable_password", fail)
    with pytest.raises(RuntimeError):
        share_services.account_delete(user=learner, password=PASSWORD)
    assert WalletCredential.objects.filter(owner=learner).count() == 1
    assert LearnerProfile.objects.filter(user=learner).exists()
    with pytest.raises(errors.WrongPassword):
        share_services.account_delete(user=learner, password="nope")


def test_signing_in_without_next_lands_learners_on_their_wallet(learner):
    client = signed_in(None)
    response = csrf_post(client, "/fr/accounts/login/", {"username": learner.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(response["Location"])["Location"] == "/fr/wallet/"
