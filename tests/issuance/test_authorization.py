"""Authorization matrix of the bulk issuance pages: org admin, designer, assessor, registrar, a member of
another organisation and anonymous × list, upload and progress pages (CSRF enforced). Each refusal is
checked for its response and for leaving nothing changed."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from microcred.accounts.models import Membership, User
from microcred.issuance import bulk
from microcred.issuance.models import AuditEvent, IssuanceBatch, IssuanceRow

pytestmark = pytest.mark.django_db

PERSONAS = ("org_admin", "designer", "assessor", "registrar", "outsider", "anonymous")
ISSUERS = {"org_admin", "registrar"}


@pytest.fixture
def people(org, other_org) -> dict[str, User | None]:
    out: dict[str, User | None] = {"anonymous": None}
    for role in ("org_admin", "designer", "assessor", "registrar"):
        user = User.objects.create_user(f"{role}@algonquin.example", "pw")
        Membership.objects.create(user=user, organization=org, role=role)
        out[role] = user
    outsider = User.objects.create_user("admin@fanshawe.example", "pw")
    Membership.objects.create(user=outsider, organization=other_org, role="org_admin")
    out["outsider"] = outsider
    return out


def _client(user: User | None) -> Client:
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    return client


def _snapshot() -> tuple[int, int, int]:
    return IssuanceBatch.objects.count(), IssuanceRow.objects.count(), AuditEvent.objects.count()


@pytest.mark.parametrize("persona", PERSONAS)
def test_upload_page(persona: str, people: dict[str, Any], org, version) -> None:
    client = _client(people[persona])
    page = client.get("/en/issuance/batches/")
    if persona == "anonymous":
        assert page.status_code == 302 and "/accounts/login" in page["Location"]
    else:
        assert page.status_code == 200
    token = client.cookies["csrftoken"].value if "csrftoken" in client.cookies else ""
    before = _snapshot()
    upload = SimpleUploadedFile("learners.csv", b"email\nlearner@example.org\n", "text/csv")
    response = client.post(
        "/en/issuance/batches/",
        {"organization": org.pk, "version": version.pk, "csv_file": upload, "csrfmiddlewaretoken": token},
    )
    if persona in ISSUERS:
        assert response.status_code == 302
        assert IssuanceBatch.objects.count() == before[0] + 1
    else:
        assert response.status_code == (403 if persona == "anonymous" else 200)  # CSRF / form refusal
        assert _snapshot() == before


@pytest.mark.parametrize("persona", PERSONAS)
def test_progress_page(persona: str, people: dict[str, Any], org, version) -> None:
    batch = bulk.batch_create(
        organization=org, version=version, rows=[bulk.RowInput("a@example.org")], source="api", enqueue=False
    )
    before = _snapshot()
    response = _client(people[persona]).get(f"/en/issuance/batches/{batch.pk}/")
    expected = 200 if persona in ISSUERS else 302 if persona == "anonymous" else 403
    assert response.status_code == expected
    assert _snapshot() == before


def test_post_without_csrf_token_is_refused(people, org, version) -> None:
    before = _snapshot()
    upload = SimpleUploadedFile("learners.csv", b"email\nlearner@example.org\n", "text/csv")
    response = _client(people["org_admin"]).post(
        "/en/issuance/batches/", {"organization": org.pk, "version": version.pk, "csv_file": upload}
    )
    assert response.status_code == 403 and _snapshot() == before
