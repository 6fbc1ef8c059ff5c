"""What other apps' pages include from this one, so their templates need a line each:
`{% pools_candidate_panel candidate %}` (the candidate page's card), `{% pools_list_actions %}` (the candidate
list's "add to a pool" and "save as a segment" bar) and `{% pools_why_not candidate %}` (the reason a person
may not be written to, in the rediscovery panel)."""

from __future__ import annotations

import uuid

from django import template

from vivier.outreach.policy import may_contact
from vivier.pools import selectors
from vivier.pools.audience import FILTER_KEYS
from vivier.pools.forms import AddToPoolForm
from vivier.pools.models import Segment

register = template.Library()


def candidate_panel_context(request, candidate, *, form=None, note: str = "") -> dict:
    """The candidate page's pools card: the pools they are in, and the form to add them to another."""
    pools = selectors.candidate_pools(candidate)
    user = getattr(request, "user", None)
    if form is None:
        form = AddToPoolForm(exclude={m.pool_id for m in pools.memberships})
    return {
        "candidate": candidate,
        "memberships": pools.memberships,
        "form": form,
        "note": note,
        "writer": bool(getattr(user, "can_write", False)),
        "request": request,
        "user": user,
    }


@register.inclusion_tag("pools/_candidate_panel.html", takes_context=True)
def pools_candidate_panel(context, candidate):
    return {
        **candidate_panel_context(context.get("request"), candidate),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("pools/_list_actions.html", takes_context=True)
def pools_list_actions(context):
    """The candidate list's bar: add the ticked rows or every result to a pool; save the search as a segment
    (or update the segment it came from)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if not getattr(user, "can_write", False):
        return {"writer": False}
    filters = {**context.get("filters", {}), "declined": context.get("declined", "")}
    filters = {k: v for k, v in filters.items() if k in FILTER_KEYS and v}
    segment_id = request.GET.get("segment", "")  # the list was opened from a segment: offer to update it
    segment = Segment.objects.filter(public_id=segment_id).first() if _is_uuid(segment_id) else None
    page = context.get("page")
    return {
        "writer": True,
        "filters": filters,
        "filtered": bool(filters),
        "count": getattr(page, "count", 0),
        "pools": list(selectors.active_pools()),
        "segment": segment,
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


@register.simple_tag
def pools_why_not(candidate) -> str:
    """Why a personal message to this person is refused ("" when it is not)."""
    allowed, why = may_contact(candidate, selectors.PERSONAL)
    return "" if allowed else selectors.reason_label(why)
