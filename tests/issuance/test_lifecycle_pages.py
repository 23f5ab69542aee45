"""The issuer's lifecycle pages: list (search, status filter, pages), detail (what, to whom, status entries,
history) and each change through its confirmation form — the status bit verifiers read follows, the audit
log records it, refusals (bad state, missing reason or confirmation) change nothing, in English and French."""

from __future__ import annotations

from html import unescape
from typing import Any

import pytest
from django.test import Client

from microcred.accounts.models import Membership, User
from microcred.issuance import credential_lifecycle as lifecycle
from microcred.issuance import credential_services as cs
from microcred.issuance import lifecycle_selectors
from microcred.issuance.models import AuditEvent, IssuedCredential

pytestmark = pytest.mark.django_db

BASE = "/{lang}/issuance/orgs/algonquin/credentials/"


def issue(org: Any, version: Any, n: int, prefix: str = "learner") -> list[IssuedCredential]:
    return [
        cs.credential_issue(
            organization=org, version=version, email=f"{prefix}{i}@example.org",
            idempotency_key=f"{prefix}{i}",
        )
        for i in range(n)
    ]


@pytest.fixture
def registrar(org) -> User:
    user = User.objects.create_user("registrar@algonquin.example", "pw")
    Membership.objects.create(user=user, organization=org, role=Membership.Role.REGISTRAR)
    return user


@pytest.fixture
def browser_client(registrar) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(registrar)
    return client


def csrf(client: Client, url: str) -> str:
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    return str(client.cookies["csrftoken"].value)


def post_action(client: Client, credential: IssuedCredential, action: str, lang: str = "en", **data: str):
    url = f"{BASE.format(lang=lang)}{credential.pk}/{action}/"
    token = csrf(client, url)
    return client.post(url, {"csrfmiddlewaretoken": token, **data})


def bit(credential: IssuedCredential) -> int:
    """1 when any of the credential's published status bits is set (verifiers refuse it), else 0."""
    credential.refresh_from_db()
    entries = lifecycle_selectors.status_entries(credential)
    assert entries and all(entry.bit is not None for entry in entries)
    return int(any(entry.bit for entry in entries))


def test_list_searches_filters_and_pages(browser_client, org, version) -> None:
    issued = issue(org, version, 30)
    lifecycle.credential_suspend(credential=issued[3], reason="audit")
    page = browser_client.get(BASE.format(lang="en"))
    assert page.status_code == 200
    assert page.context["page"].paginator.count == 30 and len(page.context["page"].object_list) == 25
    assert "Page 1 of 2" in page.content.decode()
    assert page.context["page"].object_list[0].pk == issued[-1].pk  # newest first
    second = browser_client.get(BASE.format(lang="en"), {"page": "2"})
    assert len(second.context["page"].object_list) == 5
    found = browser_client.get(BASE.format(lang="en"), {"q": "learner17@"})
    assert [c.pk for c in found.context["page"].object_list] == [issued[17].pk]
    by_title = browser_client.get(BASE.format(lang="en"), {"q": "manufacturing"})
    assert by_title.context["page"].paginator.count == 30
    by_id = browser_client.get(BASE.format(lang="en"), {"q": issued[5].credential_id[9:30]})
    assert [c.pk for c in by_id.context["page"].object_list] == [issued[5].pk]
    suspended = browser_client.get(BASE.format(lang="en"), {"state": "suspended"})
    assert [c.pk for c in suspended.context["page"].object_list] == [issued[3].pk]
    french = browser_client.get(BASE.format(lang="fr"), {"state": "suspended", "page": "x"}).content.decode()
    assert "Bonnes pratiques de fabrication" in french and "Suspendu" in french
    assert "1 titre" in french


def test_list_shows_only_this_organisations_credentials(browser_client, org, other_org, version) -> None:
    from tests.issuance.conftest import publish_version

    from microcred.issuance import services

    services.signing_key_create(organization=other_org, actor_label="test")
    other_version = publish_version(other_org, slug="gmp-fanshawe")
    issue(org, version, 2)
    issue(other_org, other_version, 3, prefix="elsewhere")
    page = browser_client.get(BASE.format(lang="en"))
    assert page.context["page"].paginator.count == 2 and "elsewhere" not in page.content.decode()


def test_detail_shows_what_to_whom_entries_and_history(browser_client, org, version) -> None:
    [credential] = issue(org, version, 1)
    lifecycle.credential_suspend(credential=credential, reason="under review")
    page = browser_client.get(f"{BASE.format(lang='en')}{credential.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "learner0@example.org" in html and credential.credential_id in html
    identity = credential.document["credentialSubject"]["identifier"][0]
    assert identity["identityHash"] in html and identity["salt"] in html
    raw = credential.document["credentialStatus"]
    raw = raw if isinstance(raw, list) else [raw]
    signed = {(e["statusPurpose"], int(e["statusListIndex"])) for e in raw}
    assert {(e.purpose, e.index) for e in page.context["entries"]} == signed
    assert bit(credential) == 1
    actions = [e.action for e in page.context["history"]]
    assert actions[0] == AuditEvent.Action.CREDENTIAL_ISSUED
    assert actions.count(AuditEvent.Action.CREDENTIAL_SUSPENDED) == 2  # the credential and its status entry
    assert "under review" in html
    signed_until = credential.document["validUntil"]  # e.g. 2028-11-25T14:27:34Z
    assert f"{signed_until[:10]} {signed_until[11:16]} UTC" in html  # shown in UTC, as signed
    assert [a.name for a in page.context["actions"]] == ["revoke", "unsuspend", "renew"]


def test_history_ignores_other_credentials(browser_client, org, version) -> None:
    first, second = issue(org, version, 2)
    lifecycle.credential_revoke(credential=second, reason="fraud")
    history = lifecycle_selectors.credential_history(first)
    assert [e.action for e in history] == [AuditEvent.Action.CREDENTIAL_ISSUED]


def test_revoke_needs_a_reason_and_a_confirmation(browser_client, org, version) -> None:
    [credential] = issue(org, version, 1)
    before = AuditEvent.objects.count()
    missing = post_action(browser_client, credential, "revoke", confirm="on")
    assert missing.status_code == 400 and "Give the reason" in missing.content.decode()
    unconfirmed = post_action(browser_client, credential, "revoke", reason="fraud")
    assert unconfirmed.status_code == 400
    empty = post_action(browser_client, credential, "revoke")
    assert empty.status_code == 400 and "Give the reason" in empty.content.decode()
    credential.refresh_from_db()
    assert credential.state == "active" and bit(credential) == 0 and AuditEvent.objects.count() == before
    done = post_action(browser_client, credential, "revoke", reason="fraud", confirm="on")
    assert done.status_code == 302 and done["Location"].endswith(f"/{credential.pk}/")
    credential.refresh_from_db()
    assert credential.state == "revoked" and credential.state_reason == "fraud" and bit(credential) == 1
    event = AuditEvent.objects.filter(action="credential.revoked", subject_type="credential").get()
    assert event.reason == "fraud" and event.actor is not None and event.actor_label == "web"


def test_refused_transition_is_explained_in_french_and_changes_nothing(browser_client, org, version) -> None:
    [credential] = issue(org, version, 1)
    before = AuditEvent.objects.count()
    response = post_action(browser_client, credential, "unsuspend", lang="fr", confirm="on")
    assert response.status_code == 409
    html = unescape(response.content.decode())
    assert "Le titre n'est pas suspendu." in html and "not_suspended" in html
    credential.refresh_from_db()
    assert credential.state == "active" and bit(credential) == 0 and AuditEvent.objects.count() == before


def test_suspend_then_unsuspend_flips_the_published_bit(browser_client, org, version) -> None:
    [credential] = issue(org, version, 1)
    assert post_action(browser_client, credential, "suspend", confirm="on").status_code == 302
    assert bit(credential) == 1 and credential.state == "suspended"
    assert post_action(browser_client, credential, "unsuspend", confirm="on").status_code == 302
    assert bit(credential) == 0 and credential.state == "active"
    status_list = credential.status_slot.status_list
    status_list.refresh_from_db()
    assert status_list.published_revision == status_list.revision == 2


def test_renew_shows_the_new_valid_until_and_supersedes(browser_client, org, version) -> None:
    [credential] = issue(org, version, 1)
    url = f"{BASE.format(lang='en')}{credential.pk}/renew/"
    page = browser_client.get(url)
    expected = lifecycle_selectors.renewal_valid_until(credential, credential.issued_at)
    assert page.context["new_valid_until"] is not None and expected is not None
    assert page.context["new_valid_until"] >= expected
    response = post_action(browser_client, credential, "renew", confirm="on")
    assert response.status_code == 302
    renewed = IssuedCredential.objects.get(replaces=credential)
    assert response["Location"].endswith(f"/{renewed.pk}/")
    credential.refresh_from_db()
    assert credential.state == "revoked" and credential.state_reason == "superseded by renewal"
    assert renewed.state == "active" and renewed.valid_until is not None
    assert renewed.document["validUntil"].startswith(f"{renewed.valid_until:%Y-%m-%d}")
    again = post_action(browser_client, credential, "renew", confirm="on")  # the form sent twice
    assert again.status_code == 409 and IssuedCredential.objects.filter(replaces=credential).count() == 1


def test_reaward_after_revocation_once(browser_client, org, version) -> None:
    [credential] = issue(org, version, 1)
    refused = post_action(browser_client, credential, "reaward", confirm="on")
    assert refused.status_code == 409 and not IssuedCredential.objects.filter(replaces=credential).exists()
    lifecycle.credential_revoke(credential=credential, reason="error in results")
    assert post_action(browser_client, credential, "reaward", confirm="on").status_code == 302
    assert post_action(browser_client, credential, "reaward", confirm="on").status_code == 302  # idempotent
    [new] = IssuedCredential.objects.filter(replaces=credential)
    assert new.state == "active" and bit(new) == 0 and new.recipient_email == credential.recipient_email


def test_unknown_action_and_credential_are_not_found(browser_client, org, version) -> None:
    [credential] = issue(org, version, 1)
    assert browser_client.get(f"{BASE.format(lang='en')}{credential.pk}/delete/").status_code == 404
    assert browser_client.get(f"{BASE.format(lang='en')}{credential.pk + 99}/").status_code == 404
    assert browser_client.get("/en/issuance/orgs/nowhere/credentials/").status_code == 404


def test_issuer_navigation_links_the_pages(browser_client, org) -> None:
    html = browser_client.get("/en/issuance/batches/").content.decode()
    assert 'href="/en/issuance/credentials/"' in html
    home = browser_client.get("/en/issuance/credentials/")
    assert home.status_code == 302 and home["Location"] == "/en/issuance/orgs/algonquin/credentials/"


def test_vc_api_credential_shows_its_entries_and_cannot_be_renewed(browser_client, org, signing_key) -> None:
    submitted = cs.credential_sign_submitted(
        organization=org,
        credential={
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiableCredential"],
            "credentialSubject": {"id": "did:example:learner"},
        },
        idempotency_key="lms-1",
    )
    page = browser_client.get(f"{BASE.format(lang='en')}{submitted.pk}/")
    assert page.status_code == 200 and "Signed through the VC-API" in page.content.decode()
    raw = submitted.document["credentialStatus"]
    assert len(page.context["entries"]) == (len(raw) if isinstance(raw, list) else 1)
    assert [a.name for a in page.context["actions"]] == ["revoke", "suspend"]
    before = IssuedCredential.objects.count()
    assert post_action(browser_client, submitted, "renew", confirm="on").status_code == 409
    assert IssuedCredential.objects.count() == before
