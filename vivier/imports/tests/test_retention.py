"""The worker's daily pass over import files (imports_sweep): nothing outlives the import it was sent for."""

from __future__ import annotations

import datetime as dt
import io
import os
import time

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.utils import timezone

from vivier.imports.models import ImportJob, ImportStatus
from vivier.imports.retention import imports_sweep
from vivier.imports.services import import_queue, import_set_mapping, import_upload

CSV = "Prénom;Nom;Email\nLéa;Martin;lea@exemple.fr\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path, db):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VIVIER_IMPORT_KEEP_DAYS = 3


def _uploaded(recruiter, *, days_ago: float = 0) -> ImportJob:
    job = import_upload(by=recruiter, kind="candidates", filename="c.csv", chunks=iter([CSV.encode()]))
    ImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - dt.timedelta(days=days_ago))
    job.refresh_from_db()
    return job


def _files(job: ImportJob) -> list[str]:
    return sorted(p.name for p in job.folder.iterdir()) if job.folder.is_dir() else []


def test_the_daily_job_is_registered():
    assert "vivier.imports.retention.imports_sweep" in django_settings.VIVIER_WORKER_DAILY


def test_an_upload_never_imported_is_deleted_after_the_retention(recruiter):
    recent = _uploaded(recruiter, days_ago=1)
    mapped = _uploaded(recruiter, days_ago=4)
    import_set_mapping(job=mapped, fields=mapped.mapping, on_duplicate="merge")
    assert imports_sweep()["abandoned"] == 1
    mapped.refresh_from_db()
    assert mapped.status == ImportStatus.CANCELLED and "3 jours" in mapped.error
    assert not mapped.stored_path and _files(mapped) == []
    recent.refresh_from_db()
    assert recent.status == ImportStatus.UPLOADED and recent.has_source


def test_a_dry_run_done_in_the_pages_goes_with_its_report(recruiter):
    from vivier.imports.services import import_run_next

    job = _uploaded(recruiter)
    import_set_mapping(job=job, fields=job.mapping, on_duplicate="merge")
    import_queue(job=job, dry_run=True)
    assert import_run_next()
    assert _files(job) == ["dry-run.csv", "upload.csv"]
    ImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - dt.timedelta(days=4))
    imports_sweep()
    job.refresh_from_db()
    assert job.status == ImportStatus.CANCELLED and _files(job) == [] and not job.report_path


def test_the_report_of_a_command_line_dry_run_goes_after_the_retention(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text(CSV)
    call_command("import", str(path), "--kind", "candidates", "--dry-run", stdout=io.StringIO())
    job = ImportJob.objects.get()
    assert _files(job) == ["dry-run.csv"]
    imports_sweep()
    assert _files(job) == ["dry-run.csv"]  # still within the days kept: the reader may want it
    ImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - dt.timedelta(days=4))
    imports_sweep()
    job.refresh_from_db()
    assert _files(job) == [] and not job.report_path and job.status == ImportStatus.DRY_RUN_DONE


def test_a_run_whose_worker_died_is_failed_and_its_file_deleted(recruiter):
    job = _uploaded(recruiter)
    import_set_mapping(job=job, fields=job.mapping, on_duplicate="merge")
    import_queue(job=job, dry_run=False)
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.RUNNING, started_at=timezone.now() - dt.timedelta(hours=2)
    )
    assert imports_sweep()["stale_running"] == 0  # may still be running
    ImportJob.objects.filter(pk=job.pk).update(started_at=timezone.now() - dt.timedelta(days=2))
    assert imports_sweep()["stale_running"] == 1
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and _files(job) == []


def test_a_finished_job_that_kept_its_file_and_a_folder_without_job_are_cleaned(recruiter):
    job = _uploaded(recruiter)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.DONE)  # a crash before the deletion
    orphan = job.folder.parent / "6f1c2b44-0000-4000-8000-000000000000"
    orphan.mkdir()
    (orphan / "upload.csv").write_text(CSV)
    counts = imports_sweep()
    assert (
        counts["files_deleted"] == 1 and counts["orphan_folders"] == 0
    )  # the orphan may be an upload under way
    job.refresh_from_db()
    assert not job.stored_path and _files(job) == []
    old = time.time() - 4 * 86400
    os.utime(orphan, (old, old))
    assert imports_sweep()["orphan_folders"] == 1 and not orphan.exists()
