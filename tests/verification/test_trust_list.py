"""The operator's trust list: services, the management command and the admin; verification follows it."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from microcred.verification import services
from microcred.verification.models import TrustedIssuer

DID = "did:web:college.partner.example"


def test_add_is_idempotent_and_remove_keeps_the_record(db: Any) -> None:
    services.trusted_issuer_add(issuer_id=DID, name_en="Partner College")
    services.trusted_issuer_add(issuer_id=DID, name_en="Partner College", name_fr="Collège partenaire")
    assert TrustedIssuer.objects.get().name_fr == "Collège partenaire"
    assert services.trusted_issuer_remove(issuer_id=DID) is True
    assert services.trusted_issuer_remove(issuer_id=DID) is False
    assert TrustedIssuer.objects.get().active is False


@pytest.mark.parametrize("bad", ["college.example", "http://college.example", "did:web:", "did:example:1"])
def test_identifiers_are_checked(db: Any, bad: str) -> None:
    with pytest.raises(services.TrustListError) as raised:
        services.trusted_issuer_add(issuer_id=bad, name_en="X")
    assert raised.value.message_fr


def test_management_command(db: Any) -> None:
    out = StringIO()
    call_command("trusted_issuers", "add", DID, "--name-en", "Partner", "--name-fr", "Partenaire", stdout=out)
    call_command("trusted_issuers", "list", stdout=out)
    assert f"{DID}\tPartner\tPartenaire\tactive" in out.getvalue()
    call_command("trusted_issuers", "remove", DID, stdout=out)
    with pytest.raises(CommandError):
        call_command("trusted_issuers", "remove", DID)
    with pytest.raises(CommandError):
        call_command("trusted_issuers", "add", "nonsense", "--name-en", "X")


def test_admin_lists_trusted_issuers(admin_client: Any) -> None:
    services.trusted_issuer_add(issuer_id=DID, name_en="Partner College")
    response = admin_client.get("/admin/verification/trustedissuer/")
    assert response.status_code == 200 and "Partner College" in response.content.decode()
