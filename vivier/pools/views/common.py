"""What the pools pages share: turning an id from the URL into a row, and the context of an action."""

from __future__ import annotations

from django.http import HttpRequest

from vivier.pools import selectors

# Where an htmx action was clicked: the pools card of the candidate page, or a row of the rediscovery panel;
# each gets back the fragment it swaps in. Without JavaScript, every action answers with a redirect.
PANEL, ROW = "panel", "row"


def get_pool_for_user(user, public_id):
    # Every member of the agency sees every pool, as they see the whole pool of candidates.
    return selectors.pool_get(public_id)


def get_segment_for_user(user, public_id):
    return selectors.segment_get(public_id)


def get_campaign_for_user(user, public_id):
    return selectors.campaign_get(public_id)


def action_context(request: HttpRequest) -> str:
    """PANEL or ROW when htmx asked from one of them, else ""."""
    if not getattr(request, "htmx", False):
        return ""
    value = request.POST.get("context") or request.GET.get("context") or ""
    return value if value in (PANEL, ROW) else ""
