"""Bulk issuance: CSV parsing, claiming with leases, idempotent re-runs and re-uploads, the API, the page and
the CLI; the RQ worker processes a batch too (where Redis runs)."""

from __future__ import annotations

import json
import socket
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from microcred.accounts.models import Membership, User
from microcred.cli import main as cli_main
from microcred.issuance import bulk, errors, services
from microcred.issuance.keyring import signer_for
from microcred.issuance.models import IssuanceBatch, IssuanceRow, IssuedCredential, StatusSlot

from .bulk_processes import ENQUEUE, PROGRESS, SETUP, Database

pytestmark = pytest.mark.django_db


def _rows(count: int, start: int = 0) -> list[bulk.RowInput]:
    return [bulk.RowInput(f"learner{i}@example.org") for i in range(start, start + count)]


def _batch(org: Any, version: Any, count: int = 25, **kwargs: Any) -> IssuanceBatch:
    kwargs.setdefault("chunk_size", 10)
    return bulk.batch_create(
        organization=org, version=version, rows=_rows(count), source="cli", enqueue=False, **kwargs
    )


def test_parse_csv() -> None:
    rows = bulk.parse_csv("\ufeffEmail,narrative\na@example.org,Did well\nb@example.org,\n")
    assert [row.email for row in rows] == ["a@example.org", "b@example.org"]
    assert rows[0].narrative == "Did well"
    for bad in (
        "name\nx\n",
        "email\nnot-an-email\n",
        "email\n",
        "email,evidence_url\na@b.org,javascript:x\n",
    ):
        with pytest.raises(errors.InvalidBatch):
            bulk.parse_csv(bad)


def test_batch_issues_every_row_once(org, version) -> None:
    batch = _batch(org, version)
    assert bulk.batch_work(batch_id=batch.pk) == 25
    batch.refresh_from_db()
    assert (batch.state, batch.done, batch.total) == ("completed", 25, 25)
    assert IssuedCredential.objects.filter(batch=batch).count() == 25
    assert bulk.batch_work(batch_id=batch.pk) == 0  # re-running changes nothing
    again = _batch(org, version)  # the same learners uploaded again: no new credential
    bulk.batch_work(batch_id=again.pk)
    again.refresh_from_db()
    assert again.done == 25 and IssuedCredential.objects.count() == 25


def test_claims_are_disjoint_and_expired_leases_are_reclaimed(org, version) -> None:
    batch = _batch(org, version, lease_seconds=60)
    first = bulk.batch_claim(batch=batch, worker="a")
    second = bulk.batch_claim(batch=batch, worker="b")
    first_ids, second_ids = {row.pk for row in first}, {row.pk for row in second}
    assert len(first) == len(second) == 10 and not first_ids & second_ids
    slots = dict(IssuanceRow.objects.filter(pk__in=first_ids).values_list("pk", "status_slot"))
    assert slots == {row.pk: row.slot_id for row in first}
    IssuanceRow.objects.filter(pk__in=first_ids).update(lease_until=timezone.now() - timedelta(seconds=1))
    third = bulk.batch_claim(batch=batch, worker="c")  # a's lease ran out: c takes its rows, same slots
    assert {row.pk for row in third} == first_ids
    assert {row.pk: (row.slot_id, row.status_entry) for row in third} == {
        row.pk: (row.slot_id, row.status_entry) for row in first
    }
    assert dict(IssuanceRow.objects.filter(pk__in=first_ids).values_list("pk", "status_slot")) == slots
    template = bulk.achievement_template(version=version, organization=org)
    signed = bulk.sign_rows(batch, template, signer_for(org), first)
    assert bulk.batch_finish(batch=batch, worker="a", signed=signed) == 0  # a lost them: stores nothing
    assert IssuedCredential.objects.count() == 0
    bulk.batch_work(batch_id=batch.pk, worker="c")  # c's claims are live; others' lease expires later
    IssuanceRow.objects.filter(state="claimed").update(lease_until=timezone.now() - timedelta(seconds=1))
    bulk.batch_work(batch_id=batch.pk)
    assert IssuedCredential.objects.count() == 25 == StatusSlot.objects.count()


def test_api_creates_and_reports_batches(client, org, version) -> None:
    token = services.api_token_create(organization=org)[1]
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    body = {"version": "gmp", "rows": [{"email": f"api{i}@example.org"} for i in range(3)]}
    response = client.post(
        "/api/issuance/batches", json.dumps(body), content_type="application/json", **headers
    )
    assert response.status_code == 202, response.content
    batch_id = response.json()["id"]
    assert response.json()["total"] == 3
    bulk.batch_work(batch_id=batch_id)  # what the enqueued job does on a worker
    progress = client.get(f"/api/issuance/batches/{batch_id}", **headers).json()
    assert progress["done"] == 3 and progress["state"] == "completed" and progress["progress"] == 1.0
    bad = client.post("/api/issuance/batches", json.dumps({"version": "gmp", "csv": "name\nx\n"}),
                      content_type="application/json", **headers)  # fmt: skip
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_batch"
    assert client.get(f"/api/issuance/batches/{batch_id}").status_code == 401


def test_page_upload_and_progress(client, org, version, other_org) -> None:
    registrar = User.objects.create_user("registrar@example.org", "pw")
    Membership.objects.create(user=registrar, organization=org, role=Membership.Role.REGISTRAR)
    outsider = User.objects.create_user("outsider@example.org", "pw")
    Membership.objects.create(user=outsider, organization=other_org, role=Membership.Role.ORG_ADMIN)
    assert client.get("/en/issuance/batches/").status_code == 302  # anonymous: to the login page
    client.force_login(registrar)
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("learners.csv", b"email\nx1@example.org\nx2@example.org\n", "text/csv")
    response = client.post("/en/issuance/batches/", {"organization": org.pk, "version": version.pk,
                                                     "csv_file": upload})  # fmt: skip
    assert response.status_code == 302, response.content
    batch = IssuanceBatch.objects.get()
    page = client.get(response["Location"])
    assert b"0/2" in page.content and page["Refresh"] == "2"
    bulk.batch_work(batch_id=batch.pk)
    page = client.get(response["Location"])
    assert b"2/2" in page.content and "Refresh" not in page
    client.force_login(outsider)
    assert client.get(response["Location"]).status_code == 403
    before = IssuanceBatch.objects.count()
    upload = SimpleUploadedFile("learners.csv", b"email\ny@example.org\n", "text/csv")
    refused = client.post("/en/issuance/batches/", {"organization": org.pk, "version": version.pk,
                                                    "csv_file": upload})  # fmt: skip
    assert refused.status_code == 200 and IssuanceBatch.objects.count() == before


def test_cli_run_inline_and_status(org, version, tmp_path: Path, capsys: Any) -> None:
    csv_path = tmp_path / "learners.csv"
    csv_path.write_text("email\ncli1@example.org\ncli2@example.org\n", encoding="utf-8")
    code = cli_main(
        ["issue-batch", "run", str(csv_path), "--org", org.slug, "--version", "gmp", "--inline", "--json"]
    )
    assert code == 0
    report = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert report["done"] == report["total"] == 2 and report["state"] == "completed"
    assert cli_main(["issue-batch", "status", str(report["id"])]) == 0
    assert capsys.readouterr().out.strip() == f"batch {report['id']}: 2/2 done, 0 failed (completed)"
    assert cli_main(["issue-batch", "status", "999999"]) == 2


def _redis_available() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_available(), reason="no Redis server on 127.0.0.1:6379")
def test_rq_worker_runs_a_batch(tmp_path: Path) -> None:
    database = Database(tmp_path, "sqlite")
    rq = {"MICROCRED_TASKS_BACKEND": "rq", "REDIS_URL": "redis://127.0.0.1:6379/13"}
    batch_id = database.script(SETUP, 120, 50, 30)["batch"]
    database.script(ENQUEUE, batch_id, 2, **rq)
    worker = ["manage.py", "rqworker", "--burst", "--job-class", "django_tasks_rq.Job", "default"]
    database.run([sys.executable, *worker], **rq)
    assert database.script(PROGRESS, batch_id) == {"done": 120, "total": 120, "state": "completed"}


def test_db_worker_runs_a_batch(tmp_path: Path) -> None:
    database = Database(tmp_path, "sqlite")
    batch_id = database.script(SETUP, 60, 25, 30)["batch"]
    database.script(ENQUEUE, batch_id, 2)
    database.drain()
    assert database.script(PROGRESS, batch_id) == {"done": 60, "total": 60, "state": "completed"}
