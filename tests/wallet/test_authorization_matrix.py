"""Authorization matrix: the learner (owner), another learner, an employer and anonymous × every wallet page,
share page and API endpoint, through a CSRF-enforcing client. Refusals answer 404 (someone else's object: its
existence is not confirmed), 403, 401 (API) or send anonymous visitors to sign in — and change nothing: the
wallet rows and the fields that matter are compared before and after. Allowed writes change what they should.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from tests.issuance.conftest import GMP
from tests.wallet.conftest import PASSWORD, csrf_post, external_credential, signed_in

from microcred.accounts.models import User
from microcred.wallet import selectors, services, share_services
from microcred.wallet.models import LearnerProfile, ShareLink, TalentSkill, WalletCredential

pytestmark = pytest.mark.django_db
PERSONAS = ["owner", "other_learner", "employer", "anonymous"]


@pytest.fixture
def world(learner, other_learner, employer, issued):
    [held] = services.credential_claim(user=learner, issued_ids=[issued.pk])
    share, token = share_services.share_create(
        user=learner, credential_ids=[held.pk], include_evidence=True, expires_in_days=30
    )
    share_services.talent_update(user=learner, opt_in=True, headline="GMP technician", skill_uris=[GMP])
    users = {"owner": learner, "other_learner": other_learner, "employer": employer, "anonymous": None}
    return {"held": held, "share": share, "token": token, "issued": issued, "users": users}


def snapshot() -> dict[str, Any]:
    return {
        "credentials": sorted(WalletCredential.objects.values_list("pk", "owner_id", "verified", "name")),
        "shares": sorted(ShareLink.objects.values_list("pk", "owner_id", "revoked_at", "include_evidence")),
        "talent": sorted(TalentSkill.objects.values_list("owner_id", "uri")),
        "profiles": sorted(LearnerProfile.objects.values_list("user_id", "talent_opt_in", "holder_did")),
        "users": sorted(User.objects.values_list("pk", "email", "is_active", "password")),
    }


# -- reads --------------------------------------------------------------------------------------------------

OWN_PAGES = [
    "/en/wallet/",
    "/fr/wallet/claim/",
    "/en/wallet/import/",
    "/fr/wallet/passport/",
    "/en/wallet/shares/",
    "/fr/wallet/talent/",
    "/en/wallet/account/delete/",
]
OBJECT_PAGES = [
    "/en/wallet/credentials/{pk}/",
    "/fr/wallet/credentials/{pk}/credential.json",
    "/en/wallet/credentials/{pk}/badge.png",
    "/en/wallet/credentials/{pk}/badge.svg",
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("path", OWN_PAGES)
def test_own_space_pages(world, persona, path):
    before = snapshot()
    response = signed_in(world["users"][persona]).get(path)
    if persona == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == 200
        body = response.content.decode()
        assert (world["held"].name in body) == (
            persona == "owner" and "claim" not in path and "delete" not in path and "import" not in path
        ) or "talent" in path
        assert (world["token"] in body) == (persona == "owner" and "shares" in path)
    assert snapshot() == before


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("path", [*OBJECT_PAGES, "/en/wallet/export.zip", "/en/wallet/presentation.json"])
def test_object_pages(world, persona, path):
    path = path.format(pk=world["held"].pk)
    before = snapshot()
    response = signed_in(world["users"][persona]).get(path)
    if persona == "owner":
        assert response.status_code == 200
    elif persona == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif "credentials/" in path:
        assert response.status_code == 404
        assert world["held"].document["id"] not in response.content.decode()
    else:  # their own (empty) export or presentation: nothing of the owner's
        assert response.status_code == 200
        content = response.content
        if path.endswith(".zip"):
            archive = zipfile.ZipFile(io.BytesIO(content))
            assert archive.namelist() == ["manifest.json"]
            content = archive.read("manifest.json")
        assert world["held"].document["id"].encode() not in content
    assert snapshot() == before


@pytest.mark.parametrize("persona", PERSONAS)
def test_talent_search(world, persona):
    before = snapshot()
    response = signed_in(world["users"][persona]).get("/en/wallet/talent/search/", {"skill": GMP})
    expected = {"owner": 403, "other_learner": 403, "employer": 200, "anonymous": 302}[persona]
    assert response.status_code == expected
    assert ("GMP technician" in response.content.decode()) == (persona == "employer")
    assert snapshot() == before


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("state", ["live", "revoked", "expired"])
def test_public_share_page_and_presentation(world, persona, state):
    from datetime import timedelta

    from django.utils import timezone

    if state == "revoked":
        share_services.share_revoke(user=world["users"]["owner"], share_id=world["share"].pk)
    elif state == "expired":
        ShareLink.objects.filter(pk=world["share"].pk).update(
            expires_at=timezone.now() - timedelta(minutes=1)
        )
    before = snapshot()
    client = signed_in(world["users"][persona])
    page = client.get(f"/en/wallet/s/{world['token']}/")
    presentation = client.get(f"/fr/wallet/s/{world['token']}/presentation.json")
    if state == "live":
        assert page.status_code == 200 and world["held"].name in page.content.decode()
        assert presentation.status_code == 200
    else:
        assert page.status_code == 404 and world["held"].name not in page.content.decode()
        assert (
            presentation.status_code == 404
            and world["held"].document["id"] not in presentation.content.decode()
        )
    assert snapshot() == before


# -- writes -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Write:
    name: str
    send: Callable[[Any, dict[str, Any]], Any]
    changed: Callable[[dict[str, Any]], bool]  # did the owner's data change as the owner asked?


def _held_gone(w: dict[str, Any]) -> bool:
    return not WalletCredential.objects.filter(pk=w["held"].pk).exists()


WRITES = [
    Write("remove", lambda c, w: csrf_post(c, f"/en/wallet/credentials/{w['held'].pk}/remove/"), _held_gone),
    Write(
        "revoke",
        lambda c, w: csrf_post(c, f"/en/wallet/shares/{w['share'].pk}/revoke/"),
        lambda w: ShareLink.objects.get(pk=w["share"].pk).revoked_at is not None,
    ),
    Write(
        "share",
        lambda c, w: csrf_post(c, "/en/wallet/shares/", {"credentials": [w["held"].pk], "expires": "7"}),
        lambda w: ShareLink.objects.filter(owner=w["users"]["owner"]).count() == 2,
    ),
    Write(
        "talent",
        lambda c, w: csrf_post(c, "/en/wallet/talent/", {"headline": "changed"}),
        lambda w: not LearnerProfile.objects.get(user=w["users"]["owner"]).talent_opt_in,
    ),
    Write(
        "delete_account",
        lambda c, w: csrf_post(c, "/en/wallet/account/delete/", {"password": PASSWORD, "confirm": "on"}),
        lambda w: not User.objects.get(pk=w["users"]["owner"].pk).is_active,
    ),
    Write(
        "api_remove",
        lambda c, w: c.delete(f"/api/wallet/credentials/{w['held'].pk}", HTTP_X_CSRFTOKEN=_csrf(c)),
        _held_gone,
    ),
    Write(
        "api_revoke",
        lambda c, w: c.post(f"/api/wallet/shares/{w['share'].pk}/revoke", HTTP_X_CSRFTOKEN=_csrf(c)),
        lambda w: ShareLink.objects.get(pk=w["share"].pk).revoked_at is not None,
    ),
    Write(
        "api_share",
        lambda c, w: c.post(
            "/api/wallet/shares",
            json.dumps({"credentials": [w["held"].pk]}),
            content_type="application/json",
            HTTP_X_CSRFTOKEN=_csrf(c),
        ),
        lambda w: ShareLink.objects.filter(owner=w["users"]["owner"]).count() == 2,
    ),
]


def _csrf(client: Any) -> str:
    client.get("/en/accounts/login/")
    return client.cookies["csrftoken"].value


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("write", WRITES, ids=lambda w: w.name)
def test_writes(world, persona, write):
    before = snapshot()
    response = write.send(signed_in(world["users"][persona]), world)
    if persona == "owner":
        assert response.status_code in (200, 201, 204, 302)
        assert write.changed(world)
        return
    if persona == "anonymous":
        expected = {401} if write.name.startswith("api_") else {302}
    else:  # someone else's object is not found; a form naming it is invalid; their own settings are theirs
        expected = {404, 400} if write.name not in ("talent", "delete_account") else {302, 200}
    assert response.status_code in expected, (write.name, persona, response.status_code)
    assert not write.changed(world)
    if write.name not in ("talent", "delete_account") or persona == "anonymous":
        assert snapshot() == before
    else:  # a signed-in persona changed only their own row
        after = snapshot()
        assert after["credentials"] == before["credentials"] and after["shares"] == before["shares"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_claim_and_import_only_into_ones_own_wallet(world, persona, org, version):
    from tests.wallet.conftest import issue

    pending = issue(org, version, key="second")  # issued to the owner's address, not yet claimed
    before = snapshot()
    client = signed_in(world["users"][persona])
    claim = csrf_post(client, "/en/wallet/claim/", {"issued": [pending.pk]})
    if persona == "owner":
        assert claim.status_code == 302 and WalletCredential.objects.filter(issued=pending).exists()
        return
    assert claim.status_code == (302 if persona == "anonymous" else 404)
    assert snapshot() == before
    document, _ = external_credential()
    imported = csrf_post(client, "/en/wallet/import/", {"text": json.dumps(document)})
    if persona == "anonymous":
        assert imported.status_code == 302 and snapshot() == before
    else:
        assert WalletCredential.objects.get(credential_id=document["id"]).owner == world["users"][persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_reads(world, persona):
    client = signed_in(world["users"][persona])
    listing = client.get("/api/wallet/credentials")
    one = client.get(f"/api/wallet/credentials/{world['held'].pk}")
    shares = client.get("/api/wallet/shares")
    if persona == "anonymous":
        assert {listing.status_code, one.status_code, shares.status_code} == {401}
    elif persona == "owner":
        assert [c["id"] for c in listing.json()] == [world["held"].pk] and one.json()["verified"]
        assert shares.json()[0]["url"].endswith(f"/wallet/s/{world['token']}/")
    else:
        assert listing.json() == [] and one.status_code == 404 and shares.json() == []
        assert one.json()["code"] == "wallet_not_found"
    assert selectors.share_for_token(world["token"]) is not None
