"""Erasure and imports: the uploaded file goes when its import ends; an erasure scrubs the reports kept for
download, deletes the pending uploads that hold the person and fails their jobs; afterwards the person is
nowhere in MEDIA_ROOT."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from vivier.imports.erasure import erased_label
from vivier.imports.models import ImportJob, ImportStatus
from vivier.imports.services import (
    erased_error,
    import_claim_next,
    import_execute,
    import_file_now,
    import_queue,
    import_run_next,
    import_set_mapping,
    import_upload,
)
from vivier.privacy.services import candidate_erase
from vivier.privacy.tests.test_erasure import _dump_database, _dump_folder
from vivier.talent.models import Candidate

pytestmark = pytest.mark.django_db

EMAIL = "zephyrine.quarteron@exemple.fr"
# Row 2 creates the person; row 4 echoes an invalid e-mail of theirs in its error message.
PEOPLE = (
    "Prénom;Nom;E-mail;Téléphone;Ville\n"
    f"Zéphyrine;Quarteron-Blavette;{EMAIL};06 12 34 56 78;Lyon\n"
    "Léa;Martin;lea@exemple.fr;;Paris\n"
    "Zéphyrine;Quarteron-Blavette;zephyrine.quarteron@exemple;06 12 34 56 78;Lyon\n"
)
NEEDLES = (
    "Zéphyrine",
    "Zephyrine",
    "Quarteron",
    EMAIL,
    "zephyrine.quarteron@",
    "06 12 34 56 78",
    "612345678",
    "linkedin.com/in/zq-1",
)


def _upload(by, text: str, name: str = "candidats.csv", kind: str = "candidates") -> ImportJob:
    job = import_upload(by=by, kind=kind, filename=name, chunks=iter([text.encode("utf-8")]))
    return import_set_mapping(job=job, fields=job.mapping, on_duplicate="merge")


def _run(job: ImportJob, *, dry_run: bool) -> ImportJob:
    import_queue(job=job, dry_run=dry_run)
    assert import_run_next()
    job.refresh_from_db()
    return job


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";"))


def _xlsx_with_the_person(tmp_path: Path) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["First name", "Last name", "Email"])
    book.active.append(["Hugo", "Petit", "hugo@exemple.fr"])
    book.active.append(["Zéphyrine", "Quarteron-Blavette", EMAIL.upper()])  # spreadsheets keep any case
    book.save(tmp_path / "c.xlsx")
    return (tmp_path / "c.xlsx").read_bytes()


def test_the_uploaded_file_stays_for_the_dry_run_and_goes_when_the_import_ends(recruiter):
    job = _upload(recruiter, PEOPLE)
    source = job.file
    job = _run(job, dry_run=True)
    assert job.status == ImportStatus.DRY_RUN_DONE and source.is_file() and job.has_source
    assert job.report_file.name == "dry-run.csv"

    job = _run(job, dry_run=False)
    assert job.status == ImportStatus.DONE and not source.exists() and not job.has_source
    assert job.stored_path == "" and not (job.folder / "dry-run.csv").exists()
    assert (job.original_filename, job.size_bytes, job.total, job.created) == (
        "candidats.csv",
        len(PEOPLE.encode()),
        3,
        2,
    )
    assert job.report_file.is_file()  # kept for download
    assert sorted(p.name for p in job.folder.iterdir()) == ["report.csv"]


def test_a_failed_or_cancelled_import_deletes_its_file_too(recruiter, monkeypatch):
    from vivier.imports.services import import_cancel

    cancelled = import_cancel(job=import_queue(job=_upload(recruiter, PEOPLE), dry_run=False))
    assert cancelled.status == ImportStatus.CANCELLED and not cancelled.has_source
    assert not any(cancelled.folder.iterdir())

    def broken(*args, **kw):
        raise RuntimeError("boom")

    monkeypatch.setattr("vivier.imports.services._handler", broken)
    failed = _run(_upload(recruiter, PEOPLE), dry_run=False)
    assert failed.status == ImportStatus.FAILED and not failed.has_source and not any(failed.folder.iterdir())


def test_after_erasure_the_imported_person_is_in_no_file(
    tmp_path, recruiter, settings, django_capture_on_commit_callbacks
):
    done = _run(_run(_upload(recruiter, PEOPLE), dry_run=True), dry_run=False)
    person = Candidate.objects.get(email=EMAIL)
    lea = Candidate.objects.get(email="lea@exemple.fr")
    dry = _run(_upload(recruiter, PEOPLE, name="encore.csv"), dry_run=True)  # waits with its dry-run.csv
    pending_xlsx = import_upload(
        by=recruiter, kind="candidates", filename="c.xlsx", chunks=iter([_xlsx_with_the_person(tmp_path)])
    )
    other = _upload(recruiter, "Prénom;Nom;E-mail\nHugo;Petit;hugo@exemple.fr\n", name="autres.csv")
    linkedin = import_file_now(
        path=_write(tmp_path, "Connections.csv", LINKEDIN), kind="linkedin", by=recruiter
    )
    assert (linkedin.folder / "unmatched.csv").is_file()
    media = Path(settings.MEDIA_ROOT)
    before = _dump_folder(media)
    assert all(n in before for n in ("Zéphyrine", "Quarteron", EMAIL, "06 12 34 56 78", "zq-1"))

    with django_capture_on_commit_callbacks(execute=True):  # the files are handled after the commit
        candidate_erase(candidate=person, by=recruiter, reason="request by e-mail")

    files, database = _dump_folder(media), _dump_database()
    for needle in NEEDLES:
        assert needle not in files, f"{needle} is still in a file under MEDIA_ROOT"
        assert needle not in database, f"{needle} is still in the database"
    # The report of the finished import still adds up: rows and outcomes kept, the person's cells erased.
    rows = _rows(done.report_file)
    assert [(r["row"], r["outcome"]) for r in rows] == [("2", "created"), ("3", "created"), ("4", "error")]
    assert rows[0]["who"] == rows[0]["public_id"] == rows[2]["message"] == erased_label()
    assert rows[1]["public_id"] == str(lea.public_id) and "Léa Martin" in rows[1]["who"]
    # The pending uploads holding the person are gone, their jobs failed with a clear message.
    for job in (dry, pending_xlsx):
        job.refresh_from_db()
        assert job.status == ImportStatus.FAILED and job.error == erased_error()
        assert not job.has_source and job.report_path == "" and not any(job.folder.iterdir())
    other.refresh_from_db()
    assert other.status == ImportStatus.MAPPED and other.has_source  # nobody erased in it: untouched
    assert erased_label() in (linkedin.folder / "unmatched.csv").read_text(encoding="utf-8-sig")


def test_an_erasure_stops_a_running_import_of_the_person(recruiter, make, django_capture_on_commit_callbacks):
    person = make.candidate(first_name="Zéphyrine", last_name="Quarteron-Blavette", email=EMAIL)
    job = import_queue(job=_upload(recruiter, PEOPLE), dry_run=False)
    claimed = import_claim_next()
    assert claimed.pk == job.pk and claimed.status == ImportStatus.RUNNING
    with django_capture_on_commit_callbacks(execute=True):
        candidate_erase(candidate=person, by=recruiter, reason="request")
    assert (claimed.folder / "cancel").read_text() == "erased"
    claimed = import_execute(claimed)  # the worker goes on: it sees the request and rolls back
    assert claimed.status == ImportStatus.FAILED and claimed.error == erased_error()
    assert not claimed.has_source and not Candidate.objects.filter(email="lea@exemple.fr").exists()


LINKEDIN = (
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Zéphyrine,Quarteron-Blavette,https://www.linkedin.com/in/zq-1,,Nulle Part,Dev,01 Mar 2022\n"
)


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path
