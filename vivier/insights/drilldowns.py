"""The rows behind the outreach and placement figures: the messages of a step (sent, answered, followed by
an unsubscribe), the boomerangs who came back through a touchpoint, the placements from the pool or not.

Each list is computed by the very function that computes its figure, with the same filters, so a list holds
exactly the rows its number counts. Candidates' names are shown (a signed-in page, like the declines list);
nothing here is downloadable: the figures' own CSV holds counts only.
"""

from __future__ import annotations

import re

from django.db.models import Case, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from vivier.front.views.common import page_of
from vivier.insights import selectors, terms, touchpoints
from vivier.insights.filters import InsightFilters
from vivier.insights.forms import FilterForm
from vivier.pagination import clamp, paginate
from vivier.talent.models import Decline, Offer

KEY_RE = re.compile(r"^[a-z0-9_]{1,40}$")
OUTCOMES = ("", "replied", "unsubscribed")


def _key(request: HttpRequest, name: str) -> str:
    value = (request.GET.get(name) or "").strip()
    return value if KEY_RE.match(value) else ""


def _filters(request: HttpRequest) -> tuple[FilterForm, InsightFilters]:
    form = FilterForm(request.GET)
    return form, form.filters()


def _context(request: HttpRequest, form: FilterForm, filters: InsightFilters, **extra) -> dict:
    return {
        "filters": filters,
        # An invalid filter (a hand-edited date, say) is left out: the page says which and why.
        "filter_errors": [(form[n].label, errors) for n, errors in form.errors.items() if n in form.fields],
        "dashboard_url": reverse("insights:dashboard") + "?" + filters.query(),
        **extra,
    }


def _page_of_list(request: HttpRequest, items: list):
    number, size = clamp(request.GET.get("page"), 50)
    return paginate(items, page=number, page_size=size, count=len(items))


def messages(request: HttpRequest) -> HttpResponse:
    """The messages of one step: all those sent in the period, or those answered, or those followed by an
    unsubscribe within the reply window (the figures of the reply-rate section)."""
    form, filters = _filters(request)
    selectors.ensure_current()
    step = _key(request, "step")
    outcome = request.GET.get("outcome", "")
    outcome = outcome if outcome in OUTCOMES else ""
    rows = touchpoints.answered(filters, outcome) if outcome else touchpoints.sent_messages(filters)
    if step:
        rows = rows.filter(step=step)
    page = page_of(request, rows.select_related("message__candidate").order_by("-sent_at", "-message_id"))
    for row in page.items:
        row.step_label = touchpoints.step_label(row.step)
        row.answered_after = row.replied_after if outcome == "replied" else row.unsubscribed_after
    titles = {
        "": _("Messages sent"),
        "replied": _("Messages the person replied to"),
        "unsubscribed": _("Messages followed by an unsubscribe"),
    }
    context = _context(
        request,
        form,
        filters,
        page=page,
        title=titles[outcome],
        step_label=touchpoints.step_label(step) if step else _("Every step"),
        days=touchpoints.REPLY_DAYS,
        outcome=outcome,
        page_query=filters.query(step=step, outcome=outcome),
    )
    return render(request, "insights/messages.html", context)


def returns(request: HttpRequest) -> HttpResponse:
    """The boomerangs, with the touchpoint they came back through (one touchpoint, or all)."""
    form, filters = _filters(request)
    selectors.ensure_current()
    touch = _key(request, "touch")
    found = [r for r in touchpoints.returners(filters) if not touch or r.touch == touch]
    found.sort(key=lambda r: (-r.returned_offer_id, r.candidate_id))  # the latest acceptances first
    page = _page_of_list(request, found)
    declines = {
        d.offer_id: d
        for d in Decline.objects.filter(offer_id__in=[r.offer_id for r in page.items]).select_related(
            "candidate", "client", "job"
        )
    }
    offers = {
        o.pk: o
        for o in Offer.objects.filter(pk__in=[r.returned_offer_id for r in page.items]).select_related(
            "application__job__client"
        )
    }
    rows = [
        {
            "returner": r,
            "decline": declines.get(r.offer_id),
            "offer": offers.get(r.returned_offer_id),
            "touch": touchpoints.step_label(r.touch),
        }
        for r in page.items
    ]
    context = _context(
        request,
        form,
        filters,
        page=page,
        rows=rows,
        touch_label=touchpoints.step_label(touch) if touch else "",
        days=touchpoints.TOUCH_DAYS,
        page_query=filters.query(touch=touch),
    )
    return render(request, "insights/returns.html", context)


def placements(request: HttpRequest) -> HttpResponse:
    """The offers accepted in the period: all, those from the pool, or the others."""
    form, filters = _filters(request)
    selectors.ensure_current()
    pool = request.GET.get("pool", "")
    pool = pool if pool in ("", "1", "0") else ""
    rows = terms.placements(filters).annotate(
        is_pool=Case(When(terms.pool_q(filters), then=Value(True)), default=Value(False))
    )
    if pool:
        rows = rows.filter(is_pool=pool == "1")
    rows = rows.select_related("offer__application__candidate", "offer__application__job__client")
    page = page_of(request, rows.order_by("-at", "-offer_id"))
    context = _context(request, form, filters, page=page, pool=pool, page_query=filters.query(pool=pool))
    return render(request, "insights/placements.html", context)
