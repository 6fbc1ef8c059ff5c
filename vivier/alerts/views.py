"""The Alerts page (signed-in staff, read only): what the last builds of the digests did, the latest digests."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from vivier.alerts import selectors


@require_http_methods(["GET", "HEAD"])
def overview(request: HttpRequest) -> HttpResponse:
    context = {
        **selectors.overview(),
        "show_client": settings.ALERTS_SHOW_CLIENT,
        "max_jobs": settings.ALERTS_MAX_JOBS,
    }
    return render(request, "alerts/overview.html", context)
