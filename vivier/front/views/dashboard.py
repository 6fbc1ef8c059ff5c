from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from vivier.outreach import selectors as outreach_selectors
from vivier.talent import selectors


def dashboard(request: HttpRequest) -> HttpResponse:
    return render(
        request, "front/dashboard.html", {"board": selectors.dashboard(), "today": outreach_selectors.today()}
    )
