"""An import's life: upload, mapping, dry run, the run itself (in the worker or `vivier import`), cancel.

The run is ONE transaction: committed at the end, rolled back on cancel, on a crash or for a dry run, so
nothing is ever half imported. Measured on SQLite (the embedded default), where a write transaction holds the
database's only write lock: 100,000 candidates hold it about 15 s, during which other writers (the web, the
outbox worker) wait (their busy timeout is 20 s); files of a few thousand rows hold it under a second. Chunked
commits would free the lock sooner but leave a cancelled import half done, which the issue rules out.

For the same reason the running import cannot write its progress or read a cancel request through the
database on SQLite (a second connection would wait for the first). Both go through two small files in the
import's folder, beside the uploaded file that the worker reads anyway (so web and worker already share it):
progress.json (written every half second) and cancel (created by the cancel button, or by an erasure with
the reason "erased" inside: the run then ends as failed with erased_error()).

The uploaded file is deleted when the final run ends, whatever the outcome (discard_source): nothing reads
it afterwards, and keeping a spreadsheet of people the pool already holds (or rejected) would only keep
personal data for nothing, beyond the reach of an erasure. The dry run keeps it (the import proper reads it
again), and its dry-run.csv report goes with the source. A LinkedIn run keeps only the rows left to review,
and only the fields the "add to the pool" form uses (unmatched.csv, see linkedin.write_unmatched).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vivier.conf import env_int
from vivier.errors import Conflict, ServiceError
from vivier.imports.columns import Kind, auto_map, header_score, missing_required
from vivier.imports.models import COUNTERS, ImportJob, ImportStatus
from vivier.imports.parsing import ImportFileError, ParseError, Table, open_table
from vivier.imports.report import COUNTER_OF, ReportWriter
from vivier.queues import Queue, claim_next

logger = logging.getLogger("vivier.imports")
CHUNK = 1000
PROGRESS_EVERY = 0.5  # seconds
ALLOWED_SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx")
REPORT_FILE, DRY_RUN_FILE = "report.csv", "dry-run.csv"
CANCEL_ERASED = "erased"  # the cancel file's content when an erasure stops a run


def erased_error() -> str:
    """The job's error when an erasure deleted its source (a function: translated when it is recorded)."""
    return _("A person in this file was erased from the pool: the file was deleted. Upload the file again.")


def max_bytes() -> int:
    mb = getattr(settings, "VIVIER_IMPORT_MAX_MB", None) or env_int("VIVIER_IMPORT_MAX_MB", 50, minimum=1)
    return int(mb) * 1024 * 1024


class Cancelled(Exception):
    pass


def _handler(kind: str, **kw):
    from vivier.imports.candidates import CandidateImporter
    from vivier.imports.history import JobImporter, OfferImporter
    from vivier.imports.linkedin import LinkedInImporter

    return {
        Kind.CANDIDATES: CandidateImporter,
        Kind.JOBS: JobImporter,
        Kind.OFFERS: OfferImporter,
        Kind.LINKEDIN: LinkedInImporter,
    }[kind](**kw)


def open_job_table(job: ImportJob) -> Table:
    if not job.has_source:  # deleted at the end of the run, or by an erasure: say so, not FileNotFoundError
        raise ImportFileError(source_gone_message())
    return open_table(job.file, header_score(job.kind))


def source_gone_message() -> str:
    return _("The uploaded file is no longer kept: upload it again to run this import.")


def discard_source(job: ImportJob, *, keep_report: bool = False) -> None:
    """Delete the uploaded file and (unless keep_report) the dry-run report made from it; the row keeps name,
    size and counters. The caller saves stored_path and report_path."""
    if job.stored_path:
        job.file.unlink(missing_ok=True)
    job.stored_path = ""
    if not keep_report:
        (job.folder / DRY_RUN_FILE).unlink(missing_ok=True)
        if job.report_path.endswith(DRY_RUN_FILE):
            job.report_path = ""


# --- Upload and mapping -----------------------------------------------------------------------------------


def import_upload(
    *, by, kind: str, filename: str, chunks: Iterator[bytes], on_duplicate: str = "merge"
) -> ImportJob:
    """Store an uploaded file under MEDIA_ROOT/imports/<id>/ (streamed, size-checked), read its header and map
    the columns automatically. ValidationError when the file is too large or cannot be read."""
    if kind not in Kind.values:
        raise ValidationError({"kind": [_("Choose what the file contains.")]})
    name = Path(filename or "import.csv").name[:200]
    if not name.lower().endswith(ALLOWED_SUFFIXES):
        raise ValidationError({"file": [_("Upload a CSV or XLSX file (.csv, .txt, .tsv, .xlsx).")]})
    job = ImportJob(
        kind=kind,
        original_filename=name,
        uploaded_by=by if getattr(by, "pk", None) else None,
        on_duplicate=on_duplicate if on_duplicate in ("merge", "skip") else "merge",
    )
    folder = job.folder
    folder.mkdir(parents=True, exist_ok=True)
    suffix = ".xlsx" if name.lower().endswith(".xlsx") else ".csv"
    target = folder / f"upload{suffix}"
    limit, size = max_bytes(), 0
    try:
        with target.open("wb") as out:
            for chunk in chunks:
                size += len(chunk)
                if size > limit:
                    raise ValidationError(
                        {"file": [_("The file is larger than %(mb)d MB.") % {"mb": limit // 2**20}]}
                    )
                out.write(chunk)
        if size == 0:
            raise ValidationError({"file": [_("The file is empty.")]})
        table = open_table(target, header_score(kind))
        if not table.headers:
            raise ValidationError({"file": [_("No header line found in the file.")]})
    except ParseError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        raise ValidationError({"file": [str(exc)]}) from exc
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    job.stored_path = str(target.relative_to(settings.MEDIA_ROOT))
    job.size_bytes, job.file_format = size, table.format
    job.columns = [
        {"header": h, "field": f} for h, f in zip(table.headers, auto_map(table.headers, kind), strict=True)
    ]
    job.save()
    return job


def import_preview(job: ImportJob, rows: int = 5) -> list[list[str]]:
    table = open_job_table(job)
    width = len(job.columns)
    return [
        (r.values + [""] * width)[:width] for r in islice((r for r in table.records() if any(r.values)), rows)
    ]


def import_set_mapping(*, job: ImportJob, fields: list[str], on_duplicate: str) -> ImportJob:
    if job.status not in (ImportStatus.UPLOADED, ImportStatus.MAPPED, ImportStatus.DRY_RUN_DONE):
        raise Conflict("import_started", _("This import has already started."))
    from vivier.imports.columns import fields as kind_fields

    known = {c.name for c in kind_fields(job.kind)}
    fields = [f if f in known else "" for f in fields][: len(job.columns)]
    fields += [""] * (len(job.columns) - len(fields))
    taken = [f for f in fields if f]
    errors = []
    if len(taken) != len(set(taken)):
        errors.append(_("Two columns are mapped to the same field."))
    if missing := missing_required(fields, job.kind):
        errors.append(
            _("Map a column to: %(fields)s.") % {"fields": ", ".join(str(c.label) for c in missing)}
        )
    if errors:
        raise ValidationError(errors)
    job.columns = [{"header": c["header"], "field": f} for c, f in zip(job.columns, fields, strict=True)]
    job.on_duplicate = on_duplicate if on_duplicate in ("merge", "skip") else job.on_duplicate
    job.status = ImportStatus.MAPPED
    job.save(update_fields=["columns", "on_duplicate", "status"])
    return job


def import_queue(*, job: ImportJob, dry_run: bool) -> ImportJob:
    """Hand the run (or the dry run) to the worker."""
    allowed = (ImportStatus.MAPPED, ImportStatus.DRY_RUN_DONE)
    if not job.has_source:  # no re-run of a job whose file is gone: the page offers a new upload instead
        raise Conflict("import_source_gone", source_gone_message())
    if (
        ImportJob.objects.filter(pk=job.pk, status__in=allowed).update(
            status=ImportStatus.QUEUED, dry_run=dry_run
        )
        != 1
    ):
        raise Conflict(
            "import_not_ready",
            _("This import cannot be started now (%(status)s).") % {"status": job.get_status_display()},
        )
    for name in ("cancel", "progress.json"):
        (job.folder / name).unlink(missing_ok=True)
    job.status, job.dry_run = ImportStatus.QUEUED, dry_run
    return job


NOT_STARTED = (ImportStatus.UPLOADED, ImportStatus.MAPPED, ImportStatus.DRY_RUN_DONE, ImportStatus.QUEUED)


def import_cancel(*, job: ImportJob) -> ImportJob:
    """Not started (uploaded, mapped, dry run done, queued): cancelled at once and its file deleted. Running:
    the run sees the request at its next chunk and rolls back."""
    if (
        ImportJob.objects.filter(pk=job.pk, status__in=NOT_STARTED).update(
            status=ImportStatus.CANCELLED, finished_at=timezone.now()
        )
        == 1
    ):
        job.refresh_from_db()
        discard_source(job)  # cancelled before it ran: the file will never be read
        job.save(update_fields=["stored_path", "report_path"])
        return job
    job.refresh_from_db()
    if job.status == ImportStatus.RUNNING:
        job.folder.mkdir(parents=True, exist_ok=True)
        (job.folder / "cancel").touch()
    return job


def cancel_requested(job: ImportJob) -> bool:
    return (job.folder / "cancel").exists()


def cancelled_by_erasure(job: ImportJob) -> bool:
    try:
        return (job.folder / "cancel").read_text().strip() == CANCEL_ERASED
    except OSError:
        return False


def live_progress(job: ImportJob) -> dict:
    """While running: the progress file; otherwise (or if it is not there yet) the row's own figures."""
    if job.status == ImportStatus.RUNNING:
        try:
            return json.loads((job.folder / "progress.json").read_text())
        except (OSError, ValueError):
            pass
    return {"progress": job.progress, **job.counts()}


def _write_progress(job: ImportJob, fraction: float, counts: Counter) -> None:
    data = {"progress": int(fraction * 100), **{name: counts[name] for name in COUNTERS}}
    tmp = job.folder / "progress.json.tmp"
    tmp.write_text(json.dumps(data))
    os.replace(tmp, job.folder / "progress.json")  # readers never see a half-written file


# --- The run ----------------------------------------------------------------------------------------------


def _records(table: Table, mapping: list[str]) -> Iterator[tuple[int, dict[str, str], list[str]]]:
    pairs = [(i, f) for i, f in enumerate(mapping) if f]
    for record in table.records():
        if not any(record.values):
            continue
        values = record.values
        yield record.number, {f: values[i] for i, f in pairs if i < len(values) and values[i]}, record.notes


def import_execute(job: ImportJob) -> ImportJob:
    """Run a claimed job (status running) to its end; the caller does not hold a transaction."""
    report_path = job.folder / (DRY_RUN_FILE if job.dry_run else REPORT_FILE)
    counts: Counter = Counter()
    # LinkedIn: the raw rows nobody matched, the only ones the review page needs once the file is gone.
    keep_unmatched = job.kind == Kind.LINKEDIN and not job.dry_run
    unmatched: dict[int, dict[str, str]] = {}
    final, error = ImportStatus.DRY_RUN_DONE if job.dry_run else ImportStatus.DONE, ""
    source = _("Import %(file)s") % {"file": job.original_filename}
    try:
        table = open_job_table(job)
        handler = _handler(
            job.kind,
            by=job.uploaded_by,
            on_duplicate=job.on_duplicate,
            import_id=str(job.public_id),
            source=source,
        )
        report = ReportWriter(report_path)
        last = 0.0
        try:
            with large_page_cache(), transaction.atomic():
                rows = _records(table, job.mapping)
                while chunk := list(islice(rows, CHUNK)):
                    if cancel_requested(job):
                        raise Cancelled
                    notes = {number: n for number, _raw, n in chunk if n}
                    raws = {number: raw for number, raw, _n in chunk} if keep_unmatched else {}
                    for result in handler.process([(number, raw) for number, raw, _n in chunk]):
                        if keep_unmatched and result.code == "unmatched":
                            unmatched[result.number] = raws[result.number]
                        if result.number in notes:
                            result.message = " ".join(filter(None, [result.message, *notes[result.number]]))
                        counts[COUNTER_OF[result.outcome]] += 1
                        counts["total"] += 1
                        report.write(result)
                    if time.monotonic() - last > PROGRESS_EVERY:
                        _write_progress(job, table.progress(), counts)
                        last = time.monotonic()
                if cancel_requested(job):
                    raise Cancelled
                if job.dry_run:
                    transaction.set_rollback(True)
        finally:
            report.close()
    except Cancelled:
        if cancelled_by_erasure(job):
            final, error = ImportStatus.FAILED, erased_error()
        else:
            final, error = ImportStatus.CANCELLED, _("Cancelled: nothing was imported.")
    except ImportFileError as exc:
        final, error = ImportStatus.FAILED, str(exc) + " " + _("Nothing was imported.")
    except Exception as exc:  # noqa: BLE001 - recorded on the job; the worker goes on with the next one
        logger.exception("import failed", extra={"import": str(job.public_id)})
        final, error = (
            ImportStatus.FAILED,
            _("Unexpected error (%(error)s): nothing was imported.") % {"error": type(exc).__name__},
        )
    if final in (ImportStatus.CANCELLED, ImportStatus.FAILED):
        report_path.unlink(missing_ok=True)  # its "created" rows were rolled back: it would mislead
    if final == ImportStatus.DONE and unmatched:
        from vivier.imports.linkedin import write_unmatched

        write_unmatched(job.folder, unmatched)
    for name in COUNTERS:
        setattr(job, name, counts[name])
    job.status, job.error, job.finished_at = final, error, timezone.now()
    job.progress = 100 if final in (ImportStatus.DONE, ImportStatus.DRY_RUN_DONE) else job.progress
    job.report_path = str(report_path.relative_to(settings.MEDIA_ROOT)) if report_path.exists() else ""
    (job.folder / "cancel").unlink(missing_ok=True)
    (job.folder / "progress.json").unlink(missing_ok=True)
    if final != ImportStatus.DRY_RUN_DONE:
        discard_source(job)  # the final run is over: nothing will read the file again
    job.save(
        update_fields=[*COUNTERS, "status", "error", "finished_at", "progress", "report_path", "stored_path"]
    )
    return job


@contextmanager
def large_page_cache(kib: int = 262_144):
    """A bigger SQLite page cache for this connection while an import runs.

    An import inserts into every index of tables that may hold a million rows (e-mail, phone, LinkedIn, the
    full-text index, the events): with the 16 MB a web thread keeps, each insert reads its index pages from disk
    again, and 100,000 rows into a million-candidate pool take minutes instead of seconds.
    """
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA cache_size={-int(kib)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size={previous}")


# The imports as a queue: queued jobs, oldest first, taken to 'running'. A job lost to another worker is left
# to the next call (the worker comes back when no message is due).
IMPORTS = Queue(
    model=ImportJob,
    ready=(ImportStatus.QUEUED,),
    taken=ImportStatus.RUNNING,
    claimed_field="started_at",
    order_by=("created_at", "id"),
    again=False,
)


def import_claim_next() -> ImportJob | None:
    """The oldest queued job, now running for this worker (vivier.queues.claim_next), or None."""
    claim = claim_next(IMPORTS)
    if claim is None:
        return None
    return ImportJob.objects.select_related("uploaded_by").get(pk=claim.row.pk)


def import_run_next() -> bool:
    """Called by the worker loop: run one queued import (or dry run). True if there was one."""
    job = import_claim_next()
    if job is None:
        return False
    import_execute(job)
    return True


def import_file_now(
    *,
    path: Path,
    kind: str,
    by=None,
    on_duplicate: str = "merge",
    dry_run: bool = False,
    fields: list[str] | None = None,
) -> ImportJob:
    """`vivier import`: the same job and run, synchronously, without the worker.

    Nothing reads the copy of the file afterwards (the command makes a new job each time): it is deleted when
    the run ends, a dry run's too (its report stays for the reader, until imports_sweep), and when the mapping
    is refused (the job is then failed with the reason)."""
    with path.open("rb") as f:
        job = import_upload(
            by=by,
            kind=kind,
            filename=path.name,
            chunks=iter(lambda: f.read(1 << 20), b""),
            on_duplicate=on_duplicate,
        )
    try:
        import_set_mapping(
            job=job, fields=fields if fields is not None else job.mapping, on_duplicate=on_duplicate
        )
    except (ValidationError, ServiceError) as exc:
        message = " ".join(exc.messages) if isinstance(exc, ValidationError) else exc.message
        job.status, job.error, job.finished_at = ImportStatus.FAILED, message, timezone.now()
        discard_source(job)
        job.save(update_fields=["status", "error", "finished_at", "stored_path", "report_path"])
        raise
    job.dry_run = dry_run
    job.status, job.started_at = ImportStatus.RUNNING, timezone.now()
    job.save(update_fields=["dry_run", "status", "started_at"])
    job = import_execute(job)
    if job.stored_path:  # a dry run keeps its file for the import proper, which the command never runs
        discard_source(job, keep_report=True)
        job.save(update_fields=["stored_path", "report_path"])
    return job
