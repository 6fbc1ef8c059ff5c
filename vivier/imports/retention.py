"""The worker's daily pass over import files: no spreadsheet of people outlives the import it was sent for.

The run itself deletes its uploaded file when it ends (done, failed or cancelled), and `vivier import` deletes
its copy at once, a dry run's included. What is left for this pass:
- uploads never imported (uploaded, mapped or dry run done, through the pages) after VIVIER_IMPORT_KEEP_DAYS
  days (3): the job is cancelled with the reason, the file and its dry-run report deleted;
- the dry-run reports of `vivier import --dry-run` after the same days (the command printed their path);
- a job left "running" for a day (its worker died: the run's transaction was rolled back): failed, file
  deleted;
- a finished job that still holds its file (a crash between the end of the run and the deletion), and
  folders under MEDIA_ROOT/imports/ that belong to no job (an upload cut off before its job was saved).
The reports of finished imports stay with their job (the row-by-row record of what it did, rewritten when a
person in it is erased).
"""

from __future__ import annotations

import datetime as dt
import shutil
import uuid
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from vivier.conf import env_int
from vivier.imports.models import ImportJob, ImportStatus
from vivier.imports.services import REPORT_FILE, discard_source

STALE_RUNNING = dt.timedelta(days=1)  # an import of 100,000 rows runs in under a minute
NOT_RUN = (ImportStatus.UPLOADED, ImportStatus.MAPPED, ImportStatus.DRY_RUN_DONE)
FINISHED = (ImportStatus.DONE, ImportStatus.FAILED, ImportStatus.CANCELLED)


def keep_days() -> int:
    days = getattr(settings, "VIVIER_IMPORT_KEEP_DAYS", None)
    return int(days) if days is not None else env_int("VIVIER_IMPORT_KEEP_DAYS", 3, minimum=1)


def imports_sweep() -> dict[str, int]:
    """One pass (see the module docstring); the counts, for the worker's log."""
    now = timezone.now()
    days = keep_days()
    expired = now - dt.timedelta(days=days)
    counts = {"abandoned": 0, "stale_running": 0, "files_deleted": 0, "orphan_folders": 0}

    for job in ImportJob.objects.filter(status__in=NOT_RUN, created_at__lt=expired):
        if job.status == ImportStatus.DRY_RUN_DONE and not job.stored_path:
            # `vivier import --dry-run`: the file went at once, the report now; the outcome stays as it was.
            discard_source(job)
            job.save(update_fields=["stored_path", "report_path"])
            counts["files_deleted"] += 1
            continue
        # Conditional: a recruiter may start it in this very instant; then the run deletes the file itself.
        error = _(
            "Not imported within %(days)d days of its upload: the file was deleted. Upload it again to import it."
        ) % {"days": days}
        if ImportJob.objects.filter(pk=job.pk, status=job.status).update(
            status=ImportStatus.CANCELLED, error=error, finished_at=now
        ):
            discard_source(job)
            job.save(update_fields=["stored_path", "report_path"])
            counts["abandoned"] += 1

    for job in ImportJob.objects.filter(status=ImportStatus.RUNNING, started_at__lt=now - STALE_RUNNING):
        error = _("The worker stopped during the run: nothing was imported. Upload the file again.")
        if ImportJob.objects.filter(pk=job.pk, status=ImportStatus.RUNNING).update(
            status=ImportStatus.FAILED, error=error, finished_at=now
        ):
            for name in (
                REPORT_FILE,
                "cancel",
                "progress.json",
            ):  # the rolled-back run's; discard: its dry run
                (job.folder / name).unlink(missing_ok=True)
            discard_source(job)
            job.save(update_fields=["stored_path", "report_path"])
            counts["stale_running"] += 1

    for job in ImportJob.objects.filter(status__in=FINISHED).exclude(stored_path=""):
        discard_source(job)
        job.save(update_fields=["stored_path", "report_path"])
        counts["files_deleted"] += 1

    counts["orphan_folders"] = _orphan_folders(expired)
    return counts


def _orphan_folders(before: dt.datetime) -> int:
    root = Path(settings.MEDIA_ROOT) / "imports"
    if not root.is_dir():
        return 0
    folders = {}
    for folder in root.iterdir():
        try:
            folders[uuid.UUID(folder.name)] = folder
        except ValueError:
            continue  # not ours
    known = set(ImportJob.objects.filter(public_id__in=list(folders)).values_list("public_id", flat=True))
    removed = 0
    for public_id, folder in folders.items():
        if public_id in known or not folder.is_dir():
            continue
        if dt.datetime.fromtimestamp(folder.stat().st_mtime, tz=dt.UTC) >= before:
            continue  # an upload may be under way: its job is saved once the file is read
        shutil.rmtree(folder, ignore_errors=True)
        removed += 1
    return removed
