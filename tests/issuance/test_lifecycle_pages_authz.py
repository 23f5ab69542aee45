"""Authorization matrix of the issuer's lifecycle pages: org admin, designer, assessor, registrar, an admin of
another organisation and anonymous × every page and every action, through a CSRF-enforcing client (POSTs
carry a valid token, so the role check itself is what refuses). Every refusal is checked for its response and
for leaving credentials, status bits and the audit log exactly as they were (docs/adr/0027)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from tests.issuance.test_authorization import people

from microcred.accounts.models import User
from microcred.issuance import credential_lifecycle as lifecycle
from microcred.issuance import credential_services as cs
from microcred.issuance.models import AuditEvent, IssuedCredential, StatusList

pytestmark = pytest.mark.django_db

__all__ = ["people"]  # the personas fixture, shared with the bulk pages' matrix

PERSONAS = ("org_admin", "designer", "assessor", "registrar", "outsider", "anonymous")
ACTORS = {"org_admin", "registrar"}
VIEWERS = ACTORS | {"assessor"}
BASE = "/en/issuance/orgs/algonquin/credentials/"
# action -> the state its credential starts in, the state after, the form data
ACTIONS = {
    "revoke": ("active", "revoked", {"reason": "fraud", "confirm": "on"}),
    "suspend": ("active", "suspended", {"reason": "audit", "confirm": "on"}),
    "unsuspend": ("suspended", "active", {"confirm": "on"}),
    "renew": ("active", "revoked", {"confirm": "on"}),
    "reaward": ("revoked", "revoked", {"confirm": "on"}),
}


@pytest.fixture
def credentials(org, version) -> dict[str, IssuedCredential]:
    """One credential per starting state."""
    made = {
        state: cs.credential_issue(
            organization=org, version=version, email=f"{state}@example.org", idempotency_key=state
        )
        for state in ("active", "suspended", "revoked")
    }
    lifecycle.credential_suspend(credential=made["suspended"], reason="set up")
    lifecycle.credential_revoke(credential=made["revoked"], reason="set up")
    return made


def client_for(user: User | None) -> tuple[Client, str]:
    """A CSRF-enforcing client and a valid token (from the sign-in page, which every persona can open)."""
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    client.get("/en/accounts/login/")
    return client, str(client.cookies["csrftoken"].value)


def snapshot() -> dict[str, Any]:
    return {
        "credentials": sorted(
            IssuedCredential.objects.values_list("pk", "state", "state_reason", "state_changed_at")
        ),
        "lists": sorted(StatusList.objects.values_list("pk", "revision", "bits")),
        "audit": AuditEvent.objects.count(),
    }


def expect(persona: str, allowed: set[str]) -> int:
    return 200 if persona in allowed else 302 if persona == "anonymous" else 403


def assert_refused(response: Any, persona: str) -> None:
    if persona == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == 403
        assert "Not allowed" in response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_home(persona: str, people, credentials) -> None:
    client, _ = client_for(people[persona])
    before = snapshot()
    response = client.get("/en/issuance/credentials/")
    if persona in VIEWERS:
        assert response.status_code == 302 and response["Location"] == BASE
    elif persona == "outsider":  # straight to their own organisation's list
        assert response.status_code == 302 and response["Location"].endswith("/orgs/fanshawe/credentials/")
    else:
        assert_refused(response, persona)
    assert snapshot() == before


@pytest.mark.parametrize("persona", PERSONAS)
def test_list_and_detail(persona: str, people, credentials) -> None:
    client, _ = client_for(people[persona])
    before = snapshot()
    for url in (BASE, f"{BASE}?q=active&state=active", f"{BASE}{credentials['active'].pk}/"):
        response = client.get(url)
        if persona in VIEWERS:
            assert response.status_code == 200
            assert "active@example.org" in response.content.decode()
        else:
            assert_refused(response, persona)
            assert b"active@example.org" not in response.content
    assert snapshot() == before


@pytest.mark.parametrize("persona", PERSONAS)
def test_detail_offers_actions_only_to_those_who_may_act(persona: str, people, credentials) -> None:
    client, _ = client_for(people[persona])
    response = client.get(f"{BASE}{credentials['active'].pk}/")
    if persona in VIEWERS:
        offered = [a.name for a in response.context["actions"]]
        assert offered == (["revoke", "suspend", "renew"] if persona in ACTORS else [])


@pytest.mark.parametrize("action", sorted(ACTIONS))
@pytest.mark.parametrize("persona", PERSONAS)
def test_action_confirmation_page(persona: str, action: str, people, credentials) -> None:
    client, _ = client_for(people[persona])
    before = snapshot()
    credential = credentials[ACTIONS[action][0]]
    response = client.get(f"{BASE}{credential.pk}/{action}/")
    if persona in ACTORS:
        assert response.status_code == 200 and response.context["applies"] is True
    else:
        assert_refused(response, persona)
    assert snapshot() == before


@pytest.mark.parametrize("action", sorted(ACTIONS))
@pytest.mark.parametrize("persona", PERSONAS)
def test_action_post(persona: str, action: str, people, credentials) -> None:
    client, token = client_for(people[persona])
    start, after, data = ACTIONS[action]
    credential = credentials[start]
    before = snapshot()
    response = client.post(f"{BASE}{credential.pk}/{action}/", {"csrfmiddlewaretoken": token, **data})
    if persona in ACTORS:
        assert response.status_code == 302
        credential.refresh_from_db()
        assert credential.state == after
        assert snapshot() != before
        assert AuditEvent.objects.filter(actor=people[persona]).exists()
    else:
        assert_refused(response, persona)
        assert snapshot() == before


def test_post_without_csrf_token_is_refused(people, credentials) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["org_admin"])
    before = snapshot()
    response = client.post(f"{BASE}{credentials['active'].pk}/revoke/", {"reason": "x", "confirm": "on"})
    assert response.status_code == 403 and snapshot() == before


def test_credential_of_another_organisation_is_not_reachable_through_ours(
    people, credentials, other_org
) -> None:
    """The outsider's own organisation URL does not serve Algonquin's credential (404, nothing changes)."""
    client, token = client_for(people["outsider"])
    pk = credentials["active"].pk
    before = snapshot()
    assert client.get(f"/en/issuance/orgs/fanshawe/credentials/{pk}/").status_code == 404
    response = client.post(
        f"/en/issuance/orgs/fanshawe/credentials/{pk}/revoke/",
        {"csrfmiddlewaretoken": token, "reason": "x", "confirm": "on"},
    )
    assert response.status_code == 404 and snapshot() == before
