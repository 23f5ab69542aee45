"""Evidence files: size and type limits decided by content, non-guessable storage names, downloads only for
those allowed, always as attachments with nosniff and a restrictive CSP."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.assessment.conftest import BATCH, GMP, client_for, links

from microcred.assessment import errors, selectors, services
from microcred.assessment.evidence import MAX_EVIDENCE_BYTES, parse_upload, parse_url, safe_filename, sniff
from microcred.assessment.models import AssessmentRecord, Evidence

PDF = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
MP4 = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 32
TEXT = "Batch record reviewed; deviations logged. Écart corrigé.\n".encode()


@pytest.mark.parametrize(
    "name,content,content_type",
    [
        ("record.pdf", PDF, "application/pdf"),
        ("photo.PNG", PNG, "image/png"),
        ("photo.jpeg", JPEG, "image/jpeg"),
        ("demo.mp4", MP4, "video/mp4"),
        ("notes.txt", TEXT, "text/plain"),
    ],
)
def test_allowed_types_are_recognised_by_their_content(name, content, content_type):
    parsed = parse_upload(SimpleUploadedFile(name, content, content_type="application/octet-stream"))
    assert (parsed.content_type, parsed.size) == (content_type, len(content))


@pytest.mark.parametrize(
    "name,content",
    [
        ("record.pdf", PNG),  # the name lies about the content
        ("photo.png", PDF),
        ("page.txt", b"<html><script>alert(1)</script></html>"),  # markup served as text
        ("image.txt", b"  <svg xmlns='http://www.w3.org/2000/svg'/>"),
        ("tool.pdf", b"MZ\x90\x00\x03" + b"\x00" * 40),  # a Windows executable
        ("script.sh", b"#!/bin/sh\nrm -rf /\n"),  # text, but not an allowed extension
        ("binary.txt", b"abc\x00def"),
        ("latin1.txt", "é".encode("latin-1")),
        ("empty.txt", b""),
        ("noextension", PDF),
    ],
)
def test_disallowed_or_disguised_files_are_refused(name, content):
    with pytest.raises(errors.EvidenceTypeNotAllowed):
        parse_upload(SimpleUploadedFile(name, content, content_type="application/pdf"))


def test_files_over_ten_megabytes_are_refused():
    parse_upload(SimpleUploadedFile("big.pdf", PDF + b"0" * (MAX_EVIDENCE_BYTES - len(PDF))))
    with pytest.raises(errors.EvidenceTooLarge):
        parse_upload(SimpleUploadedFile("big.pdf", PDF + b"0" * (MAX_EVIDENCE_BYTES + 1 - len(PDF))))


def test_sniff_needs_the_bytes_not_the_name():
    assert sniff(b"GIF89a" + b"\x00" * 10) is None


def test_names_and_links_are_sanitised():
    assert safe_filename('../../etc/"pass\r\nwd".pdf') == "_pass_wd_.pdf"
    assert parse_url(" https://example.org/portfolio ") == "https://example.org/portfolio"
    for bad in ("javascript:alert(1)", "http://example.org", "data:text/html,x", "https://a b"):
        with pytest.raises(errors.InvalidEvidenceUrl):
            parse_url(bad)


def _upload(people, enrollment, content=PDF, name="record.pdf", persona="assessor"):
    link = links(enrollment.offering.version)[GMP]
    return client_for(people[persona]).post(
        f"/en/assessment/enrollments/{enrollment.pk}/record/",
        {
            "link": link.pk,
            "rubric_level": "1",
            "assessed_on": "2026-02-01",
            "narrative": "Observed on the line.",
            "files": [SimpleUploadedFile(name, content, content_type="application/pdf")],
        },
    )


@pytest.mark.django_db
def test_upload_stores_under_a_random_name_and_serves_only_as_a_safe_download(people, enrollment):
    response = _upload(people, enrollment)
    assert response.status_code == 302, response.content.decode()[:2000]
    evidence = Evidence.objects.get()
    assert evidence.file.name.startswith("assessment-evidence/")
    assert "record" not in evidence.file.name and "." not in evidence.file.name.rsplit("/", 1)[-1]
    assert len(evidence.file.name.rsplit("/", 1)[-1]) == 64
    assert (evidence.original_name, evidence.content_type, evidence.size) == (
        "record.pdf",
        "application/pdf",
        len(PDF),
    )
    download = client_for(people["registrar"]).get(f"/en/assessment/evidence/{evidence.public_id}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert 'filename="record.pdf"' in download["Content-Disposition"]
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in download["Content-Security-Policy"]
    assert "sandbox" in download["Content-Security-Policy"]
    assert download["Cache-Control"] == "private, no-store"


@pytest.mark.django_db
def test_text_evidence_is_served_as_plain_text_attachment_not_html(people, enrollment):
    assert _upload(people, enrollment, content=TEXT, name="notes.txt").status_code == 302
    evidence = Evidence.objects.get()
    download = client_for(people["assessor"]).get(f"/en/assessment/evidence/{evidence.public_id}/")
    assert download["Content-Type"] == "text/plain"
    assert download["Content-Disposition"].startswith("attachment;")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content,name,code",
    [
        (PDF + b"0" * MAX_EVIDENCE_BYTES, "big.pdf", "10 MB"),
        (b"<html><script>alert(1)</script></html>", "x.txt", "MP4"),
        (PNG, "x.pdf", "MP4"),
    ],
)
def test_refused_uploads_leave_no_record_and_no_file(people, enrollment, content, name, code):
    response = _upload(people, enrollment, content=content, name=name)
    assert response.status_code == 400
    assert code in response.content.decode()
    assert (AssessmentRecord.objects.count(), Evidence.objects.count()) == (0, 0)


@pytest.mark.django_db
def test_the_learner_can_download_their_own_evidence_others_cannot(people, enrollment):
    from microcred.accounts.models import User

    _upload(people, enrollment)
    evidence = Evidence.objects.get()
    learner = User.objects.create_user("learner@example.org", "pw-for-tests-only")
    enrollment.user = learner
    enrollment.save(update_fields=["user"])
    url = f"/en/assessment/evidence/{evidence.public_id}/"
    assert client_for(learner).get(url).status_code == 200
    stranger = User.objects.create_user("stranger@example.org", "pw-for-tests-only")
    assert client_for(stranger).get(url).status_code == 403
    assert client_for(None).get(url).status_code == 302


@pytest.mark.django_db
def test_award_results_carry_file_evidence_as_permission_checked_urls(people, enrollment):
    _upload(people, enrollment)
    services.assessment_record_create(
        enrollment=enrollment,
        competency_link=links(enrollment.offering.version)[BATCH],
        assessed_on=enrollment.offering.start_date,
        actor=people["partner_assessor"],
        status="met",
    )
    award = services.award_grant(enrollment=enrollment, actor=people["registrar"])
    gmp, batch = selectors.award_results(award)
    [ref] = gmp.evidence
    evidence = Evidence.objects.get()
    assert ref.url == f"http://localhost:8000/en/assessment/evidence/{evidence.public_id}/"
    assert (ref.kind, ref.name, ref.content_type, ref.sha256) == (
        "file",
        "record.pdf",
        "application/pdf",
        evidence.sha256,
    )
    assert batch.assessor_organization == "biopharma-employer"  # an employer assessor of the partner


def test_a_deployment_can_keep_evidence_in_its_own_private_storage(settings, tmp_path):
    from django.core.files.storage import storages

    from microcred.assessment.models import evidence_storage

    assert evidence_storage() is storages["default"]
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    assert evidence_storage().location == str(tmp_path)  # read once, when the models load


@pytest.mark.django_db
def test_a_request_declaring_more_than_the_limits_allow_is_refused_before_reading(people, enrollment):
    from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

    body = encode_multipart(BOUNDARY, {"link": "1", "assessed_on": "2026-02-01"})
    response = client_for(people["assessor"]).generic(
        "POST",
        f"/en/assessment/enrollments/{enrollment.pk}/record/",
        body,
        content_type=MULTIPART_CONTENT,
        CONTENT_LENGTH=str(60 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert AssessmentRecord.objects.count() == 0
