"""One import of a file: its upload, mapping, options, state and counters.

The uploaded file lives only as long as the import needs it: the final run (done, cancelled or failed)
deletes it and empties stored_path, keeping its name, size and counters (data minimisation: the people in it
are in the pool now, or were not wanted). The dry run keeps it, since the import proper reads it again.

The row-by-row report is a CSV file beside the upload (report.csv, or dry-run.csv), not table rows: a
100,000-row import would otherwise write 100,000 more rows in its own transaction, and the report is read
as a file anyway (downloaded, or its first problem rows shown on the page).
"""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vivier.imports.columns import Kind


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded")
    MAPPED = "mapped", _("Columns mapped")
    DRY_RUN_DONE = "dry_run_done", _("Dry run done")
    QUEUED = "queued", _("Waiting for the worker")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")
    FAILED = "failed", _("Failed")


class DuplicatePolicy(models.TextChoices):
    MERGE = "merge", _("Merge: fill the empty fields of the existing profile")
    SKIP = "skip", _("Skip: leave the existing profile as it is")


ACTIVE_STATUSES = (ImportStatus.QUEUED, ImportStatus.RUNNING)
COUNTERS = ("total", "created", "merged", "unchanged", "skipped", "errors")


class ImportJob(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    original_filename = models.CharField(_("file name"), max_length=255)
    # Relative to MEDIA_ROOT (imports/<public_id>/…): outside the static files, and no URL serves MEDIA_ROOT.
    # Empty once the source is deleted (end of the final run, or an erasure of someone in it).
    stored_path = models.CharField(max_length=500)
    size_bytes = models.PositiveBigIntegerField(default=0)
    file_format = models.CharField(max_length=8, blank=True, default="")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.UPLOADED
    )
    # The queued run only checks and reports (in a transaction rolled back at the end) when true.
    dry_run = models.BooleanField(default=False)
    # [{"header": "Prénom", "field": "first_name"}, …] in the order of the file's columns.
    columns = models.JSONField(default=list, blank=True)
    on_duplicate = models.CharField(
        _("when the person is already in the pool"),
        max_length=8,
        choices=DuplicatePolicy.choices,
        default=DuplicatePolicy.MERGE,
    )
    total = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    merged = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    errors = models.PositiveIntegerField(default=0)
    progress = models.PositiveSmallIntegerField(default=0)  # percent, written when a run ends
    report_path = models.CharField(max_length=500, blank=True, default="")
    error = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # the worker's claim: the oldest queued job (WHERE status='queued' ORDER BY created_at)
            models.Index(fields=["status", "created_at"], name="importjob_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.original_filename} ({self.status})"

    @property
    def folder(self) -> Path:
        return Path(settings.MEDIA_ROOT) / "imports" / str(self.public_id)

    @property
    def file(self) -> Path:
        return Path(settings.MEDIA_ROOT) / self.stored_path

    @property
    def has_source(self) -> bool:
        """The uploaded file is still there (the row says so, and the disk agrees)."""
        return bool(self.stored_path) and self.file.is_file()

    @property
    def report_file(self) -> Path | None:
        return Path(settings.MEDIA_ROOT) / self.report_path if self.report_path else None

    @property
    def mapping(self) -> list[str]:
        return [c.get("field", "") for c in self.columns]

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def is_finished(self) -> bool:
        return self.status in (
            ImportStatus.DONE,
            ImportStatus.CANCELLED,
            ImportStatus.FAILED,
            ImportStatus.DRY_RUN_DONE,
        )

    def counts(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in COUNTERS}
