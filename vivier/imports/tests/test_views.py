from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from vivier.imports.models import ImportJob, ImportStatus
from vivier.imports.services import import_run_next
from vivier.talent.models import Candidate

CSV = (
    "Prénom;Nom;E-mail;Téléphone;Ville\n"
    "Léa;Martin;lea@exemple.fr;06 12 34 56 78;Lyon\nZoé;Roux;zoe@exemple.fr;;Paris\n"
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _upload(
    client, content: bytes = CSV.encode("cp1252"), name: str = "candidats.csv", kind: str = "candidates"
):
    return client.post(
        reverse("imports:list"),
        {"kind": kind, "on_duplicate": "merge", "file": SimpleUploadedFile(name, content)},
    )


def test_it_walks_through_upload_mapping_dry_run_import_and_report(recruiter_client):
    response = _upload(recruiter_client)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "imports:detail", args=[job.public_id]
    )
    assert job.mapping == ["first_name", "last_name", "email", "phone", "city"]

    page = recruiter_client.get(reverse("imports:detail", args=[job.public_id]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "lea@exemple.fr" in body and "Léa" in body  # the preview, decoded from Windows-1252
    assert 'value="first_name" selected' in body

    form = {f"col_{i}": f for i, f in enumerate(job.mapping)} | {"on_duplicate": "merge"}
    recruiter_client.post(reverse("imports:start", args=[job.public_id]), {**form, "action": "dry_run"})
    job.refresh_from_db()
    assert (job.status, job.dry_run) == (ImportStatus.QUEUED, True)
    progress = recruiter_client.get(reverse("imports:progress", args=[job.public_id]), HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 1s"' in progress.content.decode() and "<progress" in progress.content.decode()
    assert import_run_next()
    job.refresh_from_db()
    assert job.status == ImportStatus.DRY_RUN_DONE and job.created == 2 and not Candidate.objects.exists()
    done = recruiter_client.get(reverse("imports:progress", args=[job.public_id]), HTTP_HX_REQUEST="true")
    assert done["HX-Refresh"] == "true"

    recruiter_client.post(reverse("imports:start", args=[job.public_id]), {**form, "action": "run"})
    assert import_run_next()
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and Candidate.objects.count() == 2
    report = recruiter_client.get(reverse("imports:report", args=[job.public_id]))
    assert report.status_code == 200 and "attachment" in report["Content-Disposition"]
    assert b"created" in b"".join(report.streaming_content)


def test_it_refuses_a_binary_file_renamed_csv(recruiter_client):
    response = _upload(recruiter_client, content=b"\x00\x01\x02PK" * 500, name="export.csv")
    assert response.status_code == 200
    assert 'id="id_file_error"' in response.content.decode()
    assert not ImportJob.objects.exists()


def test_it_refuses_files_over_the_size_limit(recruiter_client, settings):
    settings.VIVIER_IMPORT_MAX_MB = 1
    response = _upload(recruiter_client, content=b"Nom;Email\n" + b"Martin;m@exemple.fr\n" * 60_000)
    assert response.status_code == 200 and not ImportJob.objects.exists()


def test_it_requires_the_mapping_of_required_fields(recruiter_client):
    _upload(recruiter_client)
    job = ImportJob.objects.get()
    form = {
        "col_0": "first_name",
        "col_1": "last_name",
        "col_2": "",
        "col_3": "",
        "col_4": "",
        "on_duplicate": "merge",
        "action": "dry_run",
    }
    response = recruiter_client.post(reverse("imports:start", args=[job.public_id]), form)
    assert response.status_code == 400
    job.refresh_from_db()
    assert job.status == ImportStatus.UPLOADED


def test_cancel_button_of_a_queued_import(recruiter_client):
    _upload(recruiter_client)
    job = ImportJob.objects.get()
    form = {f"col_{i}": f for i, f in enumerate(job.mapping)} | {"on_duplicate": "merge", "action": "run"}
    recruiter_client.post(reverse("imports:start", args=[job.public_id]), form)
    recruiter_client.post(reverse("imports:cancel", args=[job.public_id]))
    job.refresh_from_db()
    assert job.status == ImportStatus.CANCELLED
    assert not import_run_next() and not Candidate.objects.exists()


def test_a_job_whose_file_is_gone_cannot_run_and_says_why(recruiter_client):
    _upload(recruiter_client)
    job = ImportJob.objects.get()
    job.file.unlink()  # as an erasure would, or an operator
    page = recruiter_client.get(reverse("imports:detail", args=[job.public_id]))
    body = page.content.decode()
    assert page.status_code == 200 and "imports:start" not in body and 'name="action"' not in body
    assert "n’est plus conservé" in body  # French is the default language
    form = {f"col_{i}": f for i, f in enumerate(job.mapping)} | {"on_duplicate": "merge", "action": "run"}
    response = recruiter_client.post(reverse("imports:start", args=[job.public_id]), form)
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.UPLOADED and not import_run_next()


def test_the_finished_page_says_the_file_was_deleted(recruiter_client):
    _upload(recruiter_client)
    job = ImportJob.objects.get()
    form = {f"col_{i}": f for i, f in enumerate(job.mapping)} | {"on_duplicate": "merge", "action": "run"}
    recruiter_client.post(reverse("imports:start", args=[job.public_id]), form)
    assert import_run_next()
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and not job.has_source
    body = recruiter_client.get(reverse("imports:detail", args=[job.public_id])).content.decode()
    assert "candidats.csv" in body and "supprimé" in body


def test_admins_may_import(admin_client_):
    assert _upload(admin_client_).status_code == 302


@pytest.mark.parametrize("name", ["list", "detail", "progress", "report", "cancel", "start"])
def test_viewers_get_403_and_outsiders_the_login_page(viewer_client, outsider, recruiter, name):
    from vivier.imports.services import import_upload

    job = import_upload(by=recruiter, kind="candidates", filename="c.csv", chunks=iter([CSV.encode()]))
    url = reverse(f"imports:{name}", args=[] if name == "list" else [job.public_id])
    method = "post" if name in ("cancel", "start") else "get"
    assert getattr(viewer_client, method)(url).status_code == 403
    response = getattr(outsider, method)(url)
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_list_shows_an_import_made_from_the_command_line_without_a_user(recruiter_client, tmp_path):
    # `vivier import file.csv --kind candidates`, without --user, as the README shows it: the page used to 500.
    path = tmp_path / "c.csv"
    path.write_text(CSV)
    call_command("import", str(path), "--kind", "candidates", stdout=io.StringIO())
    job = ImportJob.objects.get()
    assert job.uploaded_by is None
    page = recruiter_client.get(reverse("imports:list"))
    assert page.status_code == 200 and "c.csv" in page.content.decode()
    assert recruiter_client.get(reverse("imports:detail", args=[job.public_id])).status_code == 200


def _imported(recruiter_client, content: str) -> ImportJob:
    _upload(recruiter_client, content=content.encode())
    job = ImportJob.objects.get()
    form = {f"col_{i}": f for i, f in enumerate(job.mapping)} | {"on_duplicate": "merge", "action": "run"}
    recruiter_client.post(reverse("imports:start", args=[job.public_id]), form)
    assert import_run_next()
    job.refresh_from_db()
    return job


def test_the_report_lists_possible_duplicates_with_both_people_in_french(recruiter_client, make):
    marc = make.candidate(first_name="Marc", last_name="Blanc", phone="0140000000")
    job = _imported(
        recruiter_client,
        "Prénom;Nom;E-mail;Téléphone;LinkedIn\n"
        "Léa;Martin;lea@exemple.fr;01 40 00 00 00;\n"
        "Zoé;Roux;zoe@exemple.fr;0691 12 34 56;https://exemple.fr/zoe\n",
    )
    lea = Candidate.objects.get(email="lea@exemple.fr")
    body = recruiter_client.get(reverse("imports:detail", args=[job.public_id])).content.decode()
    assert "Doublon possible" in body and "à vérifier" in body
    row = body[body.index("Léa Martin") - 300 :]
    assert reverse("front:candidate_detail", args=[lea.public_id]) in row
    assert reverse("front:candidate_detail", args=[marc.public_id]) in row
    # Outcomes and fields as the reader says them, not their codes.
    assert "<td>Créé</td>" in body and "<td>created</td>" not in body
    assert "Profil LinkedIn laissé vide" in body and "linkedin_url" not in body


def test_the_report_page_survives_the_erasure_of_a_person_in_it(
    recruiter_client, make, django_capture_on_commit_callbacks
):
    from vivier.privacy.services import candidate_erase

    lea = make.candidate(first_name="Léa", last_name="Martin", email="lea@exemple.fr")
    job = _imported(recruiter_client, "Prénom;Nom;E-mail;Ville\nLéa;Martin;lea@exemple.fr;Lyon\n")
    assert job.merged == 1
    with django_capture_on_commit_callbacks(execute=True):  # the report is rewritten once the erasure commits
        candidate_erase(candidate=lea, by=make.by, reason="Demande de la personne")
    page = recruiter_client.get(reverse("imports:detail", args=[job.public_id]))
    assert page.status_code == 200 and "[effacé]" in page.content.decode()


def test_an_upload_never_started_can_be_deleted(recruiter_client):
    _upload(recruiter_client)
    job = ImportJob.objects.get()
    upload = job.file
    page = recruiter_client.get(reverse("imports:detail", args=[job.public_id])).content.decode()
    assert upload.is_file() and "Ne pas importer" in page
    recruiter_client.post(reverse("imports:cancel", args=[job.public_id]))
    job.refresh_from_db()
    assert job.status == ImportStatus.CANCELLED and not job.has_source and not upload.exists()
