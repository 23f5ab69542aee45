"""Status lists: slots never duplicated (also under concurrent allocation on PostgreSQL), the signed
BitstringStatusListCredential served publicly and verified with credcore, bit changes reflected at once."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from typing import Any

import pytest
from django.db import connection, connections

from credcore.dids import DidResolver
from credcore.status import BitstringStatusListEntry
from credcore.status_validation import check_status_entry
from microcred.issuance import errors, services, status_lists
from microcred.issuance.identity import organization_did
from microcred.issuance.models import AuditEvent, StatusList, StatusSlot

from .conftest import make_org

pytestmark = pytest.mark.django_db


def _entry(slot: StatusSlot) -> dict[str, Any]:
    status_list = slot.status_list
    url = f"http://localhost:8000/orgs/{status_list.organization.slug}/status/{status_list.purpose}/"
    return BitstringStatusListEntry(f"{url}{status_list.sequence}", slot.index, status_list.purpose).to_json()


def _check(slot: StatusSlot, fetch_json) -> Any:
    return check_status_entry(
        _entry(slot),
        fetcher=fetch_json,
        resolver=DidResolver(fetcher=fetch_json),
        now=datetime.now(UTC),
        credential_issuer=organization_did(slot.status_list.organization),
    )


def test_allocation_hands_out_distinct_slots_in_one_list(org, signing_key) -> None:
    slots = [*services.status_slots_allocate(organization=org, purpose="revocation", count=500)]
    for _ in range(20):
        slots += services.status_slots_allocate(organization=org, purpose="revocation")
    indexes = [slot.index for slot in slots]
    assert len(set(indexes)) == 520
    assert all(0 <= index < 131_072 for index in indexes)
    assert indexes[:20] != sorted(indexes[:20])  # not handed out in issuance order
    status_list = StatusList.objects.get(organization=org, purpose="revocation")
    assert (status_list.sequence, status_list.allocated, status_list.size) == (1, 520, 131_072)


def test_lists_are_per_organisation_and_purpose(org, signing_key, other_org) -> None:
    services.signing_key_create(organization=other_org)
    services.status_slots_allocate(organization=org, purpose="revocation")
    services.status_slots_allocate(organization=org, purpose="suspension")
    services.status_slots_allocate(organization=other_org, purpose="revocation")
    assert StatusList.objects.count() == 3
    with pytest.raises(errors.WrongStatusPurpose):
        services.status_slots_allocate(organization=org, purpose="refresh")


def test_a_full_list_spills_into_the_next_one(client, org, signing_key) -> None:
    first = services.status_slots_allocate(organization=org, purpose="revocation")[0].status_list
    StatusList.objects.filter(pk=first.pk).update(allocated=first.size - 2)
    slots = services.status_slots_allocate(organization=org, purpose="revocation", count=5)
    assert [slot.status_list.sequence for slot in slots] == [1, 1, 2, 2, 2]
    assert StatusList.objects.get(pk=first.pk).is_full
    assert client.get("/orgs/algonquin/status/revocation/2").status_code == 200


def test_the_list_credential_is_served_signed_and_verifies(client, org, signing_key, fetch_json) -> None:
    slot = services.status_slots_allocate(organization=org, purpose="revocation")[0]
    response = client.get("/orgs/algonquin/status/revocation/1")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vc"
    assert "public" in response["Cache-Control"]
    credential = json.loads(response.content)
    assert credential["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert credential["issuer"] == organization_did(org)
    assert credential["credentialSubject"]["statusPurpose"] == "revocation"
    assert credential["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    result = _check(slot, fetch_json)
    assert result.ok, result.problems
    assert result.value == 0


def test_revocation_is_reflected_in_the_served_list(org, signing_key, fetch_json) -> None:
    slot, untouched = services.status_slots_allocate(organization=org, purpose="revocation", count=2)
    services.status_entry_revoke(
        status_list=slot.status_list, index=slot.index, reason="academic misconduct", actor_label="registrar"
    )
    revoked = _check(slot, fetch_json)
    assert revoked.value == 1
    assert [problem.code for problem in revoked.problems] == ["credential_revoked"]
    assert _check(untouched, fetch_json).ok
    with pytest.raises(errors.AlreadyRevoked):
        services.status_entry_revoke(status_list=slot.status_list, index=slot.index, reason="again")
    event = AuditEvent.objects.get(action="credential.revoked")
    assert (event.reason, event.actor_label) == ("academic misconduct", "registrar")
    assert event.details["indexes"] == [slot.index]


def test_suspend_then_unsuspend(org, signing_key, fetch_json) -> None:
    slot = services.status_slots_allocate(organization=org, purpose="suspension")[0]
    status_list, index = slot.status_list, slot.index
    services.status_entry_suspend(status_list=status_list, index=index, reason="under review")
    assert [problem.code for problem in _check(slot, fetch_json).problems] == ["credential_suspended"]
    with pytest.raises(errors.AlreadySuspended):
        services.status_entry_suspend(status_list=status_list, index=index)
    services.status_entry_unsuspend(status_list=status_list, index=index, reason="cleared")
    assert _check(slot, fetch_json).ok
    with pytest.raises(errors.NotSuspended):
        services.status_entry_unsuspend(status_list=status_list, index=index)
    actions = list(AuditEvent.objects.filter(subject_type="status_entry").values_list("action", flat=True))
    assert actions == ["credential.suspended", "credential.unsuspended"]


def test_bit_changes_refuse_the_wrong_purpose_and_unallocated_entries(org, signing_key) -> None:
    revocation = services.status_slots_allocate(organization=org, purpose="revocation")[0]
    with pytest.raises(errors.WrongStatusPurpose):
        services.status_entry_suspend(status_list=revocation.status_list, index=revocation.index)
    free_index = next(i for i in range(10) if i != revocation.index)
    with pytest.raises(errors.UnknownStatusEntry):
        services.status_entry_revoke(status_list=revocation.status_list, index=free_index, reason="x")
    assert StatusList.objects.get(pk=revocation.status_list.pk).revision == 0
    assert not AuditEvent.objects.filter(subject_type="status_entry").exists()


def test_status_list_urls_404_for_unknown_lists(client, org, signing_key) -> None:
    services.status_slots_allocate(organization=org, purpose="revocation")
    for path in (
        "/orgs/algonquin/status/revocation/2",
        "/orgs/algonquin/status/suspension/1",
        "/orgs/algonquin/status/refresh/1",
        "/orgs/nobody/status/revocation/1",
    ):
        assert client.get(path).status_code == 404, path


def test_a_failed_publication_rolls_back_bits_and_audit(org, signing_key, monkeypatch) -> None:
    slot = services.status_slots_allocate(organization=org, purpose="revocation")[0]

    def fail(status_list: StatusList) -> None:
        raise RuntimeError("signing unavailable")

    monkeypatch.setattr(status_lists, "_publish", fail)
    with pytest.raises(RuntimeError):
        services.status_entry_revoke(status_list=slot.status_list, index=slot.index, reason="x")
    stored = StatusList.objects.get(pk=slot.status_list.pk)
    assert stored.revision == 0
    assert not any(bytes(stored.bits))
    assert not AuditEvent.objects.filter(action="credential.revoked").exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks under real concurrency: PostgreSQL")
def test_concurrent_allocation_never_duplicates_on_postgresql() -> None:
    org = make_org("concurrent")
    services.signing_key_create(organization=org)
    threads, per_thread, rounds = 8, 25, 4
    barrier = threading.Barrier(threads)
    failures: list[BaseException] = []

    def allocate() -> None:
        try:
            barrier.wait()
            for _ in range(rounds):
                services.status_slots_allocate(organization=org, purpose="revocation", count=per_thread)
        except BaseException as error:  # reported below, in the test's thread
            failures.append(error)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=allocate) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert not failures, failures
    indexes = list(StatusSlot.objects.values_list("status_list_id", "index"))
    assert len(indexes) == threads * per_thread * rounds
    assert len(set(indexes)) == len(indexes)
    assert StatusList.objects.get(organization=org).allocated == len(indexes)


def test_bulk_revocation_signs_once_and_is_all_or_nothing(org, signing_key, fetch_json, monkeypatch) -> None:
    slots = services.status_slots_allocate(organization=org, purpose="revocation", count=50)
    status_list = slots[0].status_list
    services.status_entry_revoke(status_list=status_list, index=slots[0].index, reason="first")
    with pytest.raises(errors.AlreadyRevoked):  # one already revoked: nothing changes
        services.status_entries_change(
            status_list=status_list, indexes=[s.index for s in slots[:10]], change="revoke", reason="bulk"
        )
    assert StatusList.objects.get(pk=status_list.pk).revision == 1
    signatures: list[int] = []
    original = status_lists._publish
    monkeypatch.setattr(status_lists, "_publish", lambda sl: (signatures.append(sl.pk), original(sl)))
    services.status_entries_change(
        status_list=status_list,
        indexes=[s.index for s in slots[1:40]],
        change="revoke",
        reason="cohort withdrawn",
    )
    assert signatures == [status_list.pk]
    assert [_check(slot, fetch_json).value for slot in slots] == [1] * 40 + [0] * 10
    event = AuditEvent.objects.filter(action="credential.revoked").last()
    assert event is not None and len(event.subject_ids) == 39 and event.reason == "cohort withdrawn"
    with pytest.raises(ValueError):
        services.status_entries_change(status_list=status_list, indexes=[], change="revoke")
