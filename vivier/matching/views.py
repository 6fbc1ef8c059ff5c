"""The job page's "Vivier" panel: the pool ranked for the job, with the reasons, as an htmx partial or a page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from vivier.matching.selectors import MAX_LIMIT, rediscovery
from vivier.talent import selectors as talent

PANEL_LIMIT = 20


def _apply_url(job) -> str:
    """The front's "put on this job" form target; until it exists, the panel links to the candidate page."""
    try:
        return reverse("front:job_add_candidate", args=[job.public_id])
    except NoReverseMatch:
        return ""


def job_panel(request: HttpRequest, public_id) -> HttpResponse:
    job = talent.job_get(public_id)
    try:
        limit = max(1, min(MAX_LIMIT, int(request.GET.get("limit", PANEL_LIMIT))))
    except ValueError:
        limit = PANEL_LIMIT
    include = request.GET.get("include_uncontactable", "") in ("1", "true", "on")
    result = rediscovery(job, limit=limit, include_uncontactable=include)
    context = {
        "job": job,
        "result": result,
        "apply_url": _apply_url(job),
        "include_uncontactable": include,
        "limit": limit,
    }
    # htmx asks for the fragment that goes into the job page; a plain visit gets a whole page.
    template = "matching/_job_panel.html" if getattr(request, "htmx", False) else "matching/job_panel.html"
    return render(request, template, context)
