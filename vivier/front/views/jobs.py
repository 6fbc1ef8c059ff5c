from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vivier.errors import ServiceError
from vivier.front.access import get_candidate_for_user, get_job_for_user
from vivier.front.forms import AddCandidateForm, JobForm
from vivier.front.views.common import (
    apply_service_error,
    apply_validation_error,
    done,
    page_of,
    write_required,
)
from vivier.talent import selectors, services
from vivier.talent.models import Client, JobStatus

SEARCH_LIMIT = 10


def _client_from_query(value: str) -> Client | None:
    if not value:
        return None
    try:
        return selectors.client_get(value)
    except Http404:  # a stale or mistyped filter shows every job rather than an error
        return None


def job_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")[:200]
    status = request.GET.get("status", "")
    status = status if status in JobStatus.values else ""
    client = _client_from_query(request.GET.get("client", ""))
    page = page_of(request, selectors.job_list(q=q, status=status, client=client))
    return render(
        request,
        "front/jobs/list.html",
        {
            "page": page,
            "q": q,
            "status": status,
            "client": client,
            "status_choices": JobStatus.choices,
            "clients": Client.objects.order_by("name").only("public_id", "name"),
            "filtered": bool(q or status or client),
        },
    )


def _candidate_matches(job, q: str):
    """A few candidates matching the search, to put on the job; those already on it are marked."""
    if not q.strip():
        return []
    return list(selectors.candidate_list(q=q)[:SEARCH_LIMIT])


def job_detail(request: HttpRequest, public_id) -> HttpResponse:
    job = get_job_for_user(request.user, public_id)
    pipeline = selectors.job_pipeline(job)
    q = request.GET.get("q", "")[:200]
    return render(
        request,
        "front/jobs/detail.html",
        {
            "job": job,
            "pipeline": pipeline,
            "q": q,
            "matches": _candidate_matches(job, q),
            "on_job": {a.candidate_id for a in pipeline},
        },
    )


def job_candidate_search(request: HttpRequest, public_id) -> HttpResponse:
    """The search results alone, for the live search of the job page (htmx)."""
    job = get_job_for_user(request.user, public_id)
    q = request.GET.get("q", "")[:200]
    on_job = set(job.applications.values_list("candidate_id", flat=True))
    return render(
        request,
        "front/jobs/_candidate_search.html",
        {"job": job, "q": q, "matches": _candidate_matches(job, q), "on_job": on_job},
    )


def _save_job(request: HttpRequest, form: JobForm, job=None):
    fields = dict(form.cleaned_data)
    try:
        if job is None:
            return services.job_create(by=request.user, **fields)
        return services.job_update(job=job, by=request.user, **fields)
    except ValidationError as exc:
        apply_validation_error(form, exc)
    except ServiceError as exc:
        apply_service_error(form, exc)
    return None


@write_required
def job_create(request: HttpRequest) -> HttpResponse:
    initial = {}
    if client := _client_from_query(request.GET.get("client", "")):
        initial["client"] = client.public_id
    form = JobForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid() and (job := _save_job(request, form)):
        messages.success(request, _("The job %(title)s was opened.") % {"title": job.title})
        return done(request, reverse("front:job_detail", args=[job.public_id]))
    return render(request, "front/jobs/form.html", {"form": form})


@write_required
def job_edit(request: HttpRequest, public_id) -> HttpResponse:
    job = get_job_for_user(request.user, public_id)
    initial = JobForm.initial_from(job)
    initial["client"] = job.client.public_id
    form = JobForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid() and _save_job(request, form, job):
        messages.success(request, _("The job was saved."))
        return done(request, reverse("front:job_detail", args=[job.public_id]))
    return render(request, "front/jobs/form.html", {"form": form, "job": job})


def _add_candidate_inline(request: HttpRequest, job, candidate) -> HttpResponse:
    """For htmx (a row of the rediscovery panel): the button gives way to what happened, no page load."""
    try:
        services.application_create(by=request.user, candidate=candidate, job=job)
    except ServiceError as exc:
        return HttpResponse(
            format_html('<span class="small text-danger" role="alert">{}</span>', exc.message)
        )
    return HttpResponse(
        format_html('<span class="badge text-bg-success" role="status">{}</span>', _("On the job"))
    )


@require_POST
@write_required
def job_add_candidate(request: HttpRequest, public_id) -> HttpResponse:
    job = get_job_for_user(request.user, public_id)
    url = reverse("front:job_detail", args=[job.public_id])
    form = AddCandidateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a candidate from the search results."))
        return redirect(url)
    candidate = get_candidate_for_user(request.user, form.cleaned_data["candidate"])
    if getattr(request, "htmx", False):
        return _add_candidate_inline(request, job, candidate)
    try:
        services.application_create(by=request.user, candidate=candidate, job=job)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(name)s is now on this job.") % {"name": candidate.full_name})
    return redirect(url)
