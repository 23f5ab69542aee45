"""did:web identities: the document served per organisation, stable key ids, and rotation that keeps
credentials signed before it verifying through credcore's resolver."""

from __future__ import annotations

import json

import pytest
from django.db import IntegrityError, transaction
from django.test import override_settings

from credcore.dids import did_web_to_url
from microcred.issuance import keyring, selectors, services
from microcred.issuance.errors import NoActiveSigningKey
from microcred.issuance.identity import organization_did
from microcred.issuance.models import AuditEvent, SigningKey

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("base_url", "did"),
    [
        ("https://credentials.example.org", "did:web:credentials.example.org:orgs:algonquin"),
        ("http://localhost:8000", "did:web:localhost%3A8000:orgs:algonquin"),
        ("https://example.org/microcred/", "did:web:example.org:microcred:orgs:algonquin"),
    ],
)
def test_organization_did_follows_did_web(org, base_url: str, did: str) -> None:
    with override_settings(MICROCRED_PUBLIC_BASE_URL=base_url):
        assert organization_did(org) == did
        assert did_web_to_url(did).endswith("/orgs/algonquin/did.json")


def test_did_document_is_public_and_cacheable(client, org, signing_key) -> None:
    response = client.get("/orgs/algonquin/did.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/did+json"
    assert "public" in response["Cache-Control"]
    assert response["Access-Control-Allow-Origin"] == "*"
    document = json.loads(response.content)
    key_id = f"{organization_did(org)}#{signing_key.public_key_multibase}"
    assert document["id"] == organization_did(org)
    assert document["assertionMethod"] == [key_id]
    assert document["verificationMethod"] == [
        {
            "id": key_id,
            "type": "Multikey",
            "controller": organization_did(org),
            "publicKeyMultibase": signing_key.public_key_multibase,
        }
    ]
    body = response.content.decode()
    assert "secretKeyMultibase" not in body
    assert keyring.unseal(signing_key).secret_key_multibase() not in body


def test_did_document_404s_without_keys_or_organisation(client, org) -> None:
    assert client.get("/orgs/algonquin/did.json").status_code == 404
    assert client.get("/orgs/nobody/did.json").status_code == 404


def test_rotation_keeps_old_keys_published_and_one_active(org, signing_key) -> None:
    second = services.signing_key_rotate(organization=org, reason="scheduled")
    third = services.signing_key_rotate(organization=org)
    statuses = dict(SigningKey.objects.filter(organization=org).values_list("pk", "status"))
    assert statuses == {signing_key.pk: "retired", second.pk: "retired", third.pk: "active"}
    document = selectors.did_document(organization=org)
    assert document is not None
    did = organization_did(org)
    assert document["assertionMethod"] == [
        f"{did}#{key.public_key_multibase}" for key in (signing_key, second, third)
    ]
    assert document["authentication"] == [f"{did}#{third.public_key_multibase}"]
    assert keyring.signer_for(org).public_key_multibase == third.public_key_multibase


def test_revoked_keys_leave_the_did_document(org, signing_key) -> None:
    services.signing_key_rotate(organization=org)
    services.signing_key_revoke(signing_key=signing_key, reason="laptop stolen")
    document = selectors.did_document(organization=org)
    assert document is not None
    assert signing_key.public_key_multibase not in json.dumps(document)


def test_at_most_one_active_key_per_organisation(org, signing_key) -> None:
    duplicate = keyring.new_sealed_key(org)
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_no_active_key_cannot_sign(org) -> None:
    with pytest.raises(NoActiveSigningKey):
        keyring.signer_for(org)


def test_key_events_are_audited(org, signing_key) -> None:
    rotated = services.signing_key_rotate(organization=org, actor_label="cli", reason="yearly")
    services.signing_key_revoke(signing_key=signing_key, reason="compromised")
    events = list(AuditEvent.objects.filter(organization=org).values_list("action", "subject_ids", "reason"))
    assert events == [
        ("signing_key.created", [signing_key.pk], ""),
        ("signing_key.rotated", [rotated.pk, signing_key.pk], "yearly"),
        ("signing_key.revoked", [signing_key.pk], "compromised"),
    ]
