from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from vivier.accounts.audit import AuditAction, AuditEntry

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"
    return settings.MEDIA_ROOT


def _upload(client, candidate, name, data):
    return client.post(
        reverse("front:candidate_file_upload", args=[candidate.public_id]),
        {"cv": SimpleUploadedFile(name, data, content_type="application/pdf")},
    )


def test_a_recruiter_attaches_a_cv_that_a_viewer_downloads(recruiter_client, viewer_client, make, media):
    candidate = make.candidate()
    assert _upload(recruiter_client, candidate, "cv.pdf", PDF).status_code == 302
    row = candidate.privacy_files.get()
    stored = Path(media) / row.stored_path
    assert stored.read_bytes() == PDF and "static" not in str(stored)
    page = viewer_client.get(reverse("front:candidate_detail", args=[candidate.public_id]))
    url = reverse("front:candidate_file_download", args=[row.public_id])
    assert url in page.text
    response = viewer_client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, target_type="candidate_file").exists()


def test_a_viewer_cannot_upload(viewer_client, make):
    candidate = make.candidate()
    assert _upload(viewer_client, candidate, "cv.pdf", PDF).status_code == 403
    assert not candidate.privacy_files.exists()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("cv.pdf", b"MZ\x90\x00\x03\x00\x00\x00 a Windows program named .pdf"),
        ("cv.pdf", b"<html><script>alert(1)</script></html>\x00"),
        ("cv.docx", b"PK\x03\x04 not really a zip"),
    ],
)
def test_it_checks_the_type_by_content_not_by_name(recruiter_client, make, name, data):
    candidate = make.candidate()
    _upload(recruiter_client, candidate, name, data)
    assert not candidate.privacy_files.exists()


def test_it_refuses_a_file_over_the_limit(recruiter_client, make, settings):
    settings.UPLOAD_MAX_MB = 1
    candidate = make.candidate()
    _upload(recruiter_client, candidate, "cv.pdf", PDF + b"0" * (1024 * 1024))
    assert not candidate.privacy_files.exists()


def test_an_anonymous_visitor_gets_no_file(recruiter_client, make):
    candidate = make.candidate()
    _upload(recruiter_client, candidate, "cv.pdf", PDF)
    row = candidate.privacy_files.get()
    from django.test import Client

    response = Client().get(reverse("front:candidate_file_download", args=[row.public_id]))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
