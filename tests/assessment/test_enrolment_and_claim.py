"""Offerings and enrolment by email: an invitation (hashed token, sent after commit) to claim an account,
which sets a password or links the signed-in account, once."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

import pytest
from django.core import mail
from django.utils import timezone
from tests.assessment.conftest import PASSWORD, client_for

from microcred.accounts.models import User
from microcred.assessment import errors, services
from microcred.assessment.models import Enrollment, Offering

pytestmark = pytest.mark.django_db


def _enrol_by_page(people, offering, capture, email="New.Learner@Example.org", kind="program"):
    with capture(execute=True):
        response = client_for(people["registrar"]).post(
            f"/en/assessment/offerings/{offering.pk}/enrol/", {"email": email, "kind": kind}
        )
    return response


def _claim_path() -> str:
    [message] = mail.outbox
    return re.search(r"http://localhost:8000(/en/assessment/claim/[^/\s]+/)", message.body).group(1)


def test_offerings_need_a_published_version_an_issuer_and_sane_dates(draft, published, org, other_org):
    common = {"delivery_mode": "online", "seats": None, "actor": None}
    day = dt.date(2026, 3, 1)
    with pytest.raises(errors.VersionNotPublished):
        services.offering_create(version=draft, organization=org, start_date=day, end_date=day, **common)
    with pytest.raises(errors.NotAnIssuer):
        services.offering_create(
            version=published, organization=other_org, start_date=day, end_date=day, **common
        )
    with pytest.raises(errors.InvalidDates):
        services.offering_create(
            version=published, organization=org, start_date=day, end_date=day - dt.timedelta(days=1), **common
        )
    assert Offering.objects.count() == 0


def test_offering_created_from_the_page(people, published, org):
    response = client_for(people["registrar"]).post(
        "/en/assessment/offerings/new/",
        {
            "version": published.pk,
            "organization": org.pk,
            "start_date": "2026-04-06",
            "end_date": "2026-05-29",
            "delivery_mode": "hybrid",
            "seats": "30",
        },
    )
    offering = Offering.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/en/assessment/offerings/{offering.pk}/"
    assert (offering.seats, offering.delivery_mode, offering.created_by) == (
        30,
        "hybrid",
        people["registrar"],
    )


def test_enrolment_mails_a_one_time_claim_link_and_stores_only_its_hash(
    people, offering, django_capture_on_commit_callbacks
):
    response = _enrol_by_page(people, offering, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    enrollment = Enrollment.objects.get()
    assert (enrollment.email, enrollment.status, enrollment.user) == (
        "new.learner@example.org",
        "invited",
        None,
    )
    [message] = mail.outbox
    assert message.to == ["new.learner@example.org"]
    assert (
        "Good Manufacturing Practices" in message.body and "Bonnes pratiques de fabrication" in message.body
    )
    path = _claim_path()
    token = path.rstrip("/").rsplit("/", 1)[-1]
    assert enrollment.invitation_token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in repr(enrollment)

    anonymous = client_for(None)
    assert anonymous.get(path).status_code == 200
    assert anonymous.get(path.replace("/en/", "/fr/")).content.decode().count("Réclamer votre compte") >= 1
    mismatch = anonymous.post(path, {"password1": "Long-enough-pass-1", "password2": "different-pass-22"})
    assert mismatch.status_code == 400 and not User.objects.filter(email="new.learner@example.org").exists()
    done = anonymous.post(path, {"password1": "Long-enough-pass-1", "password2": "Long-enough-pass-1"})
    enrollment.refresh_from_db()
    assert done.status_code == 302 and done["Location"] == f"/en/assessment/enrollments/{enrollment.pk}/"
    assert enrollment.user.email == "new.learner@example.org" and enrollment.user.check_password(
        "Long-enough-pass-1"
    )
    assert (enrollment.status, enrollment.invitation_token_hash) == ("active", "")
    assert anonymous.get(done["Location"]).status_code == 200  # signed in: the learner sees their progress
    assert client_for(None).get(path).status_code == 404  # once only
    assert client_for(None).post(path, {"password1": "x", "password2": "x"}).status_code == 404


def test_no_mail_when_the_enrolment_is_refused(people, offering, django_capture_on_commit_callbacks):
    _enrol_by_page(people, offering, django_capture_on_commit_callbacks, email="a@example.org")
    mail.outbox.clear()
    response = _enrol_by_page(people, offering, django_capture_on_commit_callbacks, email="A@example.org")
    assert response.status_code == 409
    assert "already enrolled" in response.content.decode()
    assert (Enrollment.objects.count(), len(mail.outbox)) == (1, 0)


def test_an_existing_account_must_sign_in_and_links_only_the_invited_address(
    people, offering, django_capture_on_commit_callbacks
):
    learner = User.objects.create_user("known@example.org", PASSWORD)
    _enrol_by_page(people, offering, django_capture_on_commit_callbacks, email="known@example.org")
    path = _claim_path()
    page = client_for(None).get(path)
    assert "Sign in to link this enrolment" in page.content.decode()
    assert client_for(None).post(path, {"password1": "Long-enough-pass-1", "password2": "Long-enough-pass-1"})
    assert Enrollment.objects.get().user is None
    wrong = client_for(people["assessor"]).post(path)
    assert wrong.status_code == 403
    assert Enrollment.objects.get().user is None
    right = client_for(learner).post(path)
    assert right.status_code == 302 and Enrollment.objects.get().user == learner


def test_an_expired_invitation_is_refused(people, offering, django_capture_on_commit_callbacks):
    _enrol_by_page(people, offering, django_capture_on_commit_callbacks)
    Enrollment.objects.update(
        invited_at=timezone.now() - services.INVITATION_VALIDITY - dt.timedelta(minutes=1)
    )
    response = client_for(None).get(_claim_path())
    assert response.status_code == 404
    assert "invalid, expired or already used" in response.content.decode()
    assert client_for(None).get("/en/assessment/claim/not-a-token/").status_code == 404


def test_a_mail_failure_is_logged_without_the_link_and_keeps_the_enrolment(
    people, offering, django_capture_on_commit_callbacks, settings, caplog
):
    settings.EMAIL_BACKEND = "tests.assessment.test_enrolment_and_claim.FailingBackend"
    response = _enrol_by_page(people, offering, django_capture_on_commit_callbacks)
    assert response.status_code == 302 and Enrollment.objects.count() == 1
    assert "could not be sent" in caplog.text and "/claim/" not in caplog.text


class FailingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("no SMTP server")


def test_enrolment_and_offering_values_are_checked_by_the_services(offering, published, org):
    for kind, email in (("vip", "a@example.org"), ("program", "not-an-email")):
        with pytest.raises(errors.InvalidChoice):
            services.enrollment_create(offering=offering, email=email, kind=kind, actor=None)
    day = dt.date(2026, 3, 1)
    for mode, seats in (("teleport", None), ("online", 0)):
        with pytest.raises(errors.InvalidChoice):
            services.offering_create(
                version=published, organization=org, start_date=day, end_date=day, delivery_mode=mode,
                seats=seats, actor=None,
            )  # fmt: skip
    assert (Enrollment.objects.count(), Offering.objects.count()) == (0, 1)


def test_a_new_invitation_replaces_the_old_link(people, offering, django_capture_on_commit_callbacks):
    _enrol_by_page(people, offering, django_capture_on_commit_callbacks)
    old = _claim_path()
    mail.outbox.clear()
    enrollment = Enrollment.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(people["registrar"]).post(
            f"/en/assessment/enrollments/{enrollment.pk}/reinvite/"
        )
    assert response.status_code == 302
    new = _claim_path()
    assert new != old
    assert client_for(None).get(old).status_code == 404
    assert client_for(None).get(new).status_code == 200
    client_for(None).post(new, {"password1": "Long-enough-pass-1", "password2": "Long-enough-pass-1"})
    with pytest.raises(errors.AlreadyClaimed):
        services.enrollment_reinvite(enrollment=enrollment, actor=people["registrar"])
