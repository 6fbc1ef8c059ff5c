"""Downloads of the candidate list and of the declines, with the filters of their pages; the calendar feed.

The downloads carry personal data (names, e-mails, phones): recruiters and admins only (a viewer reads the pages
but takes no file away), and each is written to the audit log with its filters and its number of rows. The
anonymous figures of the insights stay open to every member (vivier.insights.views.export).

The calendar page is each user's own (any role); the feed itself is public, its secret token being the key.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST, require_safe

from vivier.accounts.audit import AuditAction, audit_record
from vivier.accounts.views.common import no_store
from vivier.dates import refused_filters
from vivier.exports import ical, selectors, services, tables
from vivier.exports.writers import XLSX, XLSX_MAX_ROWS, table_response
from vivier.front.views.candidates import list_criteria, list_filters
from vivier.front.views.common import write_required
from vivier.insights.forms import FilterForm


def _too_big(request: HttpRequest, count: int, back: str) -> HttpResponseBase:
    messages.error(
        request,
        _(
            "%(count)s rows are too many for an XLSX file (at most %(max)s): download the CSV, or narrow the filters."
        )
        % {
            "count": number_format(count, force_grouping=True),
            "max": number_format(XLSX_MAX_ROWS, force_grouping=True),
        },
    )
    return redirect(back)


def _audit(request: HttpRequest, *, table: str, fmt: str, query: str, rows: int) -> None:
    audit_record(
        action=AuditAction.EXPORT,
        request=request,
        target_type=f"{table}_{fmt}",
        data={"filters": query, "rows": rows, "format": fmt},
    )


@require_GET
@write_required
def candidates_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """Every candidate the list page shows for these filters (all its pages)."""
    filters, declined = list_filters(request.GET)
    criteria = list_criteria(filters, declined)
    query = urlencode({k: v for k, v in {**filters, "declined": declined}.items() if v})
    count = selectors.candidate_count(criteria)
    if fmt == XLSX and count > XLSX_MAX_ROWS:
        return _too_big(request, count, reverse("front:candidate_list") + "?" + query)
    _audit(request, table="candidates", fmt=fmt, query=query, rows=count)
    language = translation.get_language()
    return table_response(
        fmt,
        "candidates",
        tables.candidate_header(),
        tables.candidate_rows(selectors.candidates(criteria), language),
        language=language,
        title=_("Candidates"),
    )


@require_GET
@write_required
def declines_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """Every decline of the insights' drill-down list for these filters (all its pages)."""
    form = FilterForm(request.GET)
    if refused := refused_filters(form):
        return refused
    filters = form.filters()
    qs = selectors.declines(filters)
    count = qs.order_by().count()
    if fmt == XLSX and count > XLSX_MAX_ROWS:
        return _too_big(request, count, reverse("insights:declines") + "?" + filters.query())
    _audit(request, table="declines", fmt=fmt, query=filters.query(), rows=count)
    language = translation.get_language()
    return table_response(
        fmt,
        "declines",
        tables.decline_header(),
        tables.decline_rows(qs, language),
        language=language,
        title=_("Declines"),
    )


# --- the calendar feed ----------------------------------------------------------------------------------


def _feed_url(raw: str) -> str:
    # The public address (VIVIER_BASE_URL), as in e-mails: the calendar's servers fetch it from outside.
    return settings.BASE_URL + reverse("exports:calendar_feed", args=[raw])


def _calendar_page(request: HttpRequest, *, new_url: str = "") -> HttpResponse:
    response = render(
        request,
        "exports/calendar.html",
        {
            "feed": services.calendar_feed_live(request.user),
            "new_url": new_url,
            "webcal_url": "webcal://" + new_url.split("://", 1)[1] if new_url else "",
            "past_days": selectors.PAST_DAYS,
            "future_days": selectors.FUTURE_DAYS,
        },
    )
    return no_store(response) if new_url else response


@require_GET
def calendar(request: HttpRequest) -> HttpResponse:
    """The user's own calendar link: create it, reset it, turn it off."""
    return _calendar_page(request)


@require_POST
def calendar_create(request: HttpRequest) -> HttpResponse:
    """A new link (the old one, if any, stops working); shown this once."""
    replaced = services.calendar_feed_live(request.user) is not None
    feed, raw = services.calendar_feed_create(user=request.user)
    audit_record(
        action=AuditAction.TOKEN_CREATED,
        request=request,
        target_type="calendar_feed",
        target_id=feed.public_id,
        data={"replaced": replaced},
    )
    return _calendar_page(request, new_url=_feed_url(raw))


@require_POST
def calendar_revoke(request: HttpRequest) -> HttpResponse:
    if services.calendar_feed_revoke(user=request.user):
        audit_record(action=AuditAction.TOKEN_REVOKED, request=request, target_type="calendar_feed")
        messages.success(
            request, _("Your calendar link is turned off: calendars no longer receive your follow-ups.")
        )
    return redirect("exports:calendar")


@login_not_required
@require_safe
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The feed itself, read by Outlook or Google Calendar without signing in: the token is the key. An unknown,
    revoked or malformed token, or a deactivated user, all answer the same 404."""
    feed = services.calendar_feed_for_token(token)
    if feed is None:
        raise Http404("no such calendar")
    services.calendar_feed_touch(feed=feed)
    body = ical.calendar(feed.user, selectors.calendar_items(feed.user))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="vivier.ics"'
    # The URL is the secret: no shared cache keeps the feed, no search engine lists it.
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response
