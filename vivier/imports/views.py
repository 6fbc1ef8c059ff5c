"""The import pages: upload, column mapping with a preview, dry run, progress, report, LinkedIn review.

Recruiters and admins only (viewers get 403 everywhere here: the files and reports hold personal data).
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vivier.errors import DuplicateCandidate, ErasedCandidate, ServiceError
from vivier.front.forms import CandidateForm
from vivier.front.views.candidates import notify_notices
from vivier.front.views.common import apply_validation_error, write_required
from vivier.imports import services
from vivier.imports.columns import Kind
from vivier.imports.forms import MappingForm, UploadForm
from vivier.imports.models import ImportJob, ImportStatus
from vivier.imports.parsing import ParseError, parse_date
from vivier.imports.report import REVIEW_CODES, Outcome, read_report
from vivier.imports.retention import keep_days

PROBLEMS = {Outcome.ERROR, Outcome.SKIPPED, Outcome.MERGED}
EDITABLE = (ImportStatus.UPLOADED, ImportStatus.MAPPED, ImportStatus.DRY_RUN_DONE)


def get_import_for_user(user, public_id) -> ImportJob:
    # Every recruiter of the agency sees the agency's imports, as they see its whole pool.
    return get_object_or_404(ImportJob.objects.select_related("uploaded_by"), public_id=public_id)


@write_required
def import_list(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = services.import_upload(
                by=request.user,
                kind=form.cleaned_data["kind"],
                filename=upload.name,
                chunks=upload.chunks(),
                on_duplicate=form.cleaned_data["on_duplicate"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The file was uploaded: check how its columns are read."))
            return redirect("imports:detail", public_id=job.public_id)
    jobs = ImportJob.objects.select_related("uploaded_by")[:50]
    return render(
        request, "imports/list.html", {"form": form, "jobs": jobs, "max_mb": services.max_bytes() // 2**20}
    )


@write_required
def import_detail(request: HttpRequest, public_id) -> HttpResponse:
    job = get_import_for_user(request.user, public_id)
    context: dict = {"job": job, "progress": services.live_progress(job)}
    if job.status in EDITABLE and not job.has_source:
        # The file is gone though the job never ran (removed by hand; an erasure fails the job as well):
        # no mapping, no run, a new upload instead.
        context["source_gone"] = services.source_gone_message()
    elif job.status in EDITABLE:
        context["form"] = MappingForm(job=job)
        context["keep_days"] = keep_days()
        try:
            context["preview"] = services.import_preview(job)
        except ParseError as exc:
            context["preview_error"] = str(exc)
    if job.report_file:
        context["problems"] = [
            _with_links(job, row)
            for row in read_report(job.report_file, outcomes=PROBLEMS, codes=REVIEW_CODES, limit=100)
        ]
    return render(request, "imports/detail.html", context)


def _profile_url(value: str) -> str:
    """The profile page of a report's id cell; '' when there is none (a job's row, or "[erased]" once the
    person was erased: an erasure rewrites the cell)."""
    try:
        return reverse("front:candidate_detail", args=[uuid.UUID(value)])
    except ValueError:
        return ""


def _with_links(job: ImportJob, row: dict) -> dict:
    # Only a committed import's people exist: a dry run's were rolled back, and a jobs import names jobs.
    linked = job.status == ImportStatus.DONE and job.kind != Kind.JOBS
    row["url"] = _profile_url(row["public_id"]) if linked else ""
    row["related_url"] = _profile_url(row["related"]) if job.status == ImportStatus.DONE else ""
    return row


@require_POST
@write_required
def import_start(request: HttpRequest, public_id) -> HttpResponse:
    job = get_import_for_user(request.user, public_id)
    if not job.has_source:  # nothing to run (the file was deleted): back to the page, which says why
        messages.error(request, services.source_gone_message())
        return redirect("imports:detail", public_id=job.public_id)
    form = MappingForm(request.POST, job=job)
    dry_run = request.POST.get("action") != "run"
    if form.is_valid():
        try:
            services.import_set_mapping(
                job=job, fields=form.mapping(), on_duplicate=form.cleaned_data["on_duplicate"]
            )
            services.import_queue(job=job, dry_run=dry_run)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("The dry run is starting: nothing is written.")
                if dry_run
                else _("The import is starting."),
            )
            return redirect("imports:detail", public_id=job.public_id)
    preview = services.import_preview(job)
    return render(
        request,
        "imports/detail.html",
        {
            "job": job,
            "form": form,
            "preview": preview,
            "progress": services.live_progress(job),
            "keep_days": keep_days(),
        },
        status=400,
    )


@write_required
def import_progress(request: HttpRequest, public_id) -> HttpResponse:
    job = get_import_for_user(request.user, public_id)
    response = render(
        request, "imports/_progress.html", {"job": job, "progress": services.live_progress(job)}
    )
    if job.is_finished and getattr(request, "htmx", False):
        response["HX-Refresh"] = "true"  # the finished page shows the report
    return response


@require_POST
@write_required
def import_cancel(request: HttpRequest, public_id) -> HttpResponse:
    job = services.import_cancel(job=get_import_for_user(request.user, public_id))
    if job.status == ImportStatus.CANCELLED:
        messages.success(request, _("The import was cancelled: nothing was imported, the file was deleted."))
    elif job.status == ImportStatus.RUNNING:
        messages.info(request, _("Cancelling: everything this import wrote is being rolled back."))
    else:
        messages.info(request, _("This import had already ended."))
    return redirect("imports:detail", public_id=job.public_id)


@write_required
def import_report(request: HttpRequest, public_id) -> HttpResponse:
    job = get_import_for_user(request.user, public_id)
    path = job.report_file
    if not path or not path.exists():
        raise Http404
    stem = job.original_filename.rsplit(".", 1)[0][:80]
    name = f"{'dry-run-' if job.status == ImportStatus.DRY_RUN_DONE else 'report-'}{stem}.csv"
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=name, content_type="text/csv; charset=utf-8"
    )


@write_required
def linkedin_unmatched(request: HttpRequest, public_id) -> HttpResponse:
    job = get_import_for_user(request.user, public_id)
    if job.kind != Kind.LINKEDIN or job.status != ImportStatus.DONE:
        raise Http404
    rows = list(read_report(job.report_file, code="unmatched", limit=1000)) if job.report_file else []
    return render(request, "imports/unmatched.html", {"job": job, "rows": rows})


def _file_row(job: ImportJob, number: int) -> dict[str, str]:
    """The row's values: from the unmatched rows kept after the run, else (imports run before the source
    was deleted at the end) from the uploaded file; {} when neither is there any more."""
    from vivier.imports.linkedin import UNMATCHED_FILE, read_unmatched

    if (job.folder / UNMATCHED_FILE).is_file():
        kept = read_unmatched(job.folder, number)
        if kept is None:  # not a row left to review
            raise Http404
        return kept
    if not job.has_source:
        return {}
    mapping = job.mapping
    for record in services.open_job_table(job).records():
        if record.number == number:
            return {f: record.values[i] for i, f in enumerate(mapping) if f and i < len(record.values)}
        if record.number > number:
            break
    raise Http404


@write_required
def linkedin_create(request: HttpRequest, public_id, row: int) -> HttpResponse:
    """Add an unmatched connection to the pool, the form prefilled from the LinkedIn file."""
    from vivier.imports.linkedin import mark_connected
    from vivier.talent import services as talent

    job = get_import_for_user(request.user, public_id)
    if job.kind != Kind.LINKEDIN:
        raise Http404
    raw = _file_row(job, row)
    if not raw and request.method == "GET":
        messages.info(request, _("This row is no longer kept: fill in the form from LinkedIn."))
    headline = " — ".join(filter(None, [raw.get("position", ""), raw.get("company", "")]))[:200]
    initial = {
        "first_name": raw.get("first_name", ""),
        "last_name": raw.get("last_name", ""),
        "email": raw.get("email", ""),
        "linkedin_url": raw.get("linkedin_url", ""),
        "headline": headline,
        "source": "LinkedIn",
        "country": "FR",
        "currency": "EUR",
    }
    form = CandidateForm(request.POST or None, initial=initial)
    erased = None
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in talent.candidates.WRITABLE_FIELDS}
        try:
            candidate = talent.candidate_create(
                by=request.user, allow_erased=form.cleaned_data.get("allow_erased", False), **data
            )
            try:
                connected_on = parse_date(raw.get("connected_on"))
            except ParseError:
                connected_on = None
            mark_connected(candidate, connected_on=connected_on, by=request.user)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        except DuplicateCandidate as exc:
            form.add_error(None, exc.message)
        except ErasedCandidate as exc:
            erased = exc  # the page asks for the confirmation, as the candidate form does
        else:
            messages.success(
                request,
                _("%(name)s was added to the pool, connected on LinkedIn.") % {"name": candidate.full_name},
            )
            notify_notices(request, candidate)
            return redirect(reverse("front:candidate_detail", args=[candidate.public_id]))
    return render(
        request, "imports/create_candidate.html", {"job": job, "form": form, "row": row, "erased": erased}
    )
