"""Campaigns: the list, and one campaign's progress and messages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from vivier.front.views.common import page_of
from vivier.pools import selectors
from vivier.pools.views.common import get_campaign_for_user


def campaign_list(request: HttpRequest) -> HttpResponse:
    return render(request, "pools/campaigns/list.html", {"page": page_of(request, selectors.campaign_list())})


def _progress(campaign) -> dict:
    return {
        "campaign": campaign,
        "reasons": sorted(
            ((selectors.reason_label(code), n) for code, n in (campaign.skipped_reasons or {}).items()),
            key=lambda kv: -kv[1],
        ),
    }


def campaign_detail(request: HttpRequest, public_id) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, public_id)
    return render(
        request,
        "pools/campaigns/detail.html",
        {
            **_progress(campaign),
            "statuses": selectors.campaign_message_counts(campaign),
            "page": page_of(request, selectors.campaign_messages(campaign)),
        },
    )


def campaign_progress(request: HttpRequest, public_id) -> HttpResponse:
    """The progress block alone, polled by htmx while the worker plans the messages; then the page reloads."""
    campaign = get_campaign_for_user(request.user, public_id)
    response = render(request, "pools/campaigns/_progress.html", _progress(campaign))
    if not campaign.is_active:
        response["HX-Refresh"] = "true"
    return response
