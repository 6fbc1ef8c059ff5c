from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from vivier.matching import selectors as matching_selectors
from vivier.outreach import selectors as outreach_selectors
from vivier.talent import selectors


def dashboard(request: HttpRequest) -> HttpResponse:
    follow_ups, follow_ups_count = selectors.follow_ups_due(request.user)
    return render(
        request,
        "front/dashboard.html",
        {
            "board": selectors.dashboard(),
            "today": outreach_selectors.today(),
            "follow_ups": follow_ups,
            "follow_ups_count": follow_ups_count,
            "today_date": timezone.localdate(),
            "new_jobs": matching_selectors.new_job_matches(request.user),
        },
    )
