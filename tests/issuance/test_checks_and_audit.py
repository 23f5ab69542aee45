"""The key-encryption-key system check, and the audit log's guarantees (append-only, same transaction)."""

from __future__ import annotations

import dataclasses

import pytest
from django.conf import settings
from django.db import transaction
from django.test import override_settings

from microcred.issuance import services
from microcred.issuance.checks import MISSING_KEK, SHORT_KEK, check_key_encryption_key
from microcred.issuance.models import AppendOnlyError, AuditEvent, SigningKey


def _config(value: str):
    return dataclasses.replace(settings.CONFIG, key_encryption_key=value)


def test_check_fails_loudly_without_a_kek_outside_debug() -> None:
    with override_settings(DEBUG=False, CONFIG=_config("")):
        messages = check_key_encryption_key()
    assert [message.id for message in messages] == [MISSING_KEK]
    assert messages[0].is_serious()


def test_check_warns_about_a_short_kek_without_printing_it() -> None:
    with override_settings(DEBUG=False, CONFIG=_config("short-secret")):
        messages = check_key_encryption_key()
    assert [message.id for message in messages] == [SHORT_KEK]
    assert "short-secret" not in f"{messages[0].msg} {messages[0].hint}"


@pytest.mark.parametrize(("debug", "value"), [(True, ""), (False, "a-random-secret-of-at-least-32-chars")])
def test_check_passes_in_debug_or_with_a_kek(debug: bool, value: str) -> None:
    with override_settings(DEBUG=debug, CONFIG=_config(value)):
        assert check_key_encryption_key() == []


def test_the_check_is_registered() -> None:
    from django.core.checks import run_checks

    with override_settings(DEBUG=False, CONFIG=_config("")):
        assert MISSING_KEK in {message.id for message in run_checks()}


@pytest.mark.django_db
def test_audit_events_are_append_only(org, signing_key) -> None:
    event = AuditEvent.objects.get()
    event.reason = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.update(reason="rewritten")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get().reason == ""


@pytest.mark.django_db(transaction=True)
def test_audit_is_refused_outside_a_transaction(org) -> None:
    with pytest.raises(RuntimeError):
        services.audit_record(
            organization=org, action="signing_key.created", subject_type="x", subject_ids=[1]
        )
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_change_that_fails_leaves_neither_the_change_nor_its_audit_event(org, monkeypatch) -> None:
    services.signing_key_create(organization=org)

    def fail(organization):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_install_new_key", fail)
    with pytest.raises(RuntimeError):
        services.signing_key_rotate(organization=org)
    assert list(SigningKey.objects.values_list("status", flat=True)) == ["active"]
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["signing_key.created"]


@pytest.mark.django_db(transaction=True)
def test_an_audit_failure_rolls_the_change_back(org, monkeypatch) -> None:
    def fail(**kwargs):
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(services, "audit_record", fail)
    with pytest.raises(RuntimeError):
        services.signing_key_create(organization=org)
    assert not SigningKey.objects.exists()
    with transaction.atomic():
        assert not AuditEvent.objects.exists()
