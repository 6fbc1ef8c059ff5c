"""Pages of the insights: the dashboard, the declines behind each figure, CSV, and the client reports.

Every signed-in member reads them (viewers included); only recruiters and admins create or revoke the
shareable links. The public report link is the one page without sign-in: it shows the anonymised report only.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vivier.accounts.audit import AuditAction, audit_record
from vivier.dates import refused_filters
from vivier.exports import views as export_views
from vivier.exports.writers import CSV, FORMATS, table_response
from vivier.front.access import get_client_for_user
from vivier.front.templatetags.front import number
from vivier.front.views.common import page_of, write_required
from vivier.insights import charts, pdf, reports, selectors, services, tables
from vivier.insights.filters import InsightFilters
from vivier.insights.forms import FilterForm, ReportForm, ReportLinkForm, default_period
from vivier.insights.models import ReportLink
from vivier.insights.numbers import pct
from vivier.insights.sections import PlacementsView, RepliesView, ShiftsView, TouchpointsView
from vivier.talent.models import Client

PICKER_MAX = 200
BREAKDOWNS = {
    "month": selectors.by_month,
    "client": selectors.by_client,
    "family": selectors.by_family,
    "band": selectors.by_band,
    "recruiter": selectors.by_recruiter,
    "kind": selectors.by_kind,
}


def _month_bounds(filters: InsightFilters, key: str, first_month: str) -> dict[str, str]:
    """The period of one month of the monthly chart, inside the filtered period."""
    if key == selectors.EARLIER:
        start = dt.date.fromisoformat(first_month + "-01")
        return {"to": (start - dt.timedelta(days=1)).isoformat()}
    start = dt.date.fromisoformat(key + "-01")
    end = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    if filters.date_from and filters.date_from > start:
        start = filters.date_from
    if filters.date_to and filters.date_to < end:
        end = filters.date_to
    return {"from": start.isoformat(), "to": end.isoformat()}


def drill_url(
    filters: InsightFilters, dimension: str = "", key: str = "", reason: str = "", first_month: str = ""
) -> str:
    """The list of the declines behind one figure: the page's filters narrowed by that figure."""
    override: dict[str, str] = {}
    if dimension == "month" and key:
        override.update(_month_bounds(filters, key, first_month))
    elif dimension and key:
        override[dimension] = key
    if reason:
        override["reason"] = reason
    return reverse("insights:declines") + "?" + filters.query(**override)


class BreakdownView:
    """One breakdown as the template draws it: the chart, the table's rows and their links."""

    def __init__(self, breakdown: selectors.Breakdown, filters: InsightFilters, title: str) -> None:
        self.breakdown = breakdown
        self.title = title
        first = next((r.key for r in breakdown.rows if r.key != selectors.EARLIER), "")
        self.rows = [
            {
                "row": row,
                "href": drill_url(filters, breakdown.dimension, row.key, first_month=first)
                if row.key
                else "",
                "cells": [
                    (
                        row.count_for(c.code),
                        drill_url(filters, breakdown.dimension, row.key, c.code, first) if row.key else "",
                    )
                    for c in breakdown.columns
                ],
                "other_reasons": row.total - sum(row.count_for(c.code) for c in breakdown.columns),
            }
            for row in breakdown.rows
        ]
        shown = breakdown.rows + ([breakdown.others] if breakdown.others else [])
        hrefs = {id(r["row"]): r["href"] for r in self.rows}
        self.chart = charts.bar_chart(
            title,
            shown,
            value=lambda r: r.total,
            label=lambda r: r.label,
            text=lambda r: f"{number(r.total)} ({pct(r.share)})" if r.share is not None else number(r.total),
            href=lambda r: hrefs.get(id(r), ""),
        )
        self.csv_url = reverse("insights:export", args=[breakdown.dimension]) + "?" + filters.query()
        self.xlsx_url = reverse("insights:export_xlsx", args=[breakdown.dimension]) + "?" + filters.query()


def dashboard(request: HttpRequest) -> HttpResponse:
    form = FilterForm(request.GET)
    filters = form.filters()
    data = selectors.cached_dashboard(filters)
    titles = {
        "month": _("Declines by month"),
        "client": _("Declines by client"),
        "family": _("Declines by job family"),
        "band": _("Declines by salary offered"),
        "recruiter": _("Declines by recruiter"),
        "kind": _("Declines by kind"),
    }
    sections = [
        BreakdownView(getattr(data, attr), filters, titles[dim])
        for dim, attr in (
            ("month", "months"),
            ("client", "clients"),
            ("family", "families"),
            ("band", "bands"),
            ("recruiter", "recruiters"),
            ("kind", "kinds"),
        )
    ]
    reasons = [{"row": r, "href": drill_url(filters, reason=r.key)} for r in data.reasons]
    reason_chart = charts.bar_chart(
        _("Main reasons"),
        data.reasons,
        value=lambda r: r.total,
        label=lambda r: r.label,
        text=lambda r: f"{number(r.total)} ({pct(r.share)})",
        href=lambda r: drill_url(filters, reason=r.key),
    )
    start, end = default_period()
    context = {
        "form": form,
        "filters": filters,
        "data": data,
        "sections": sections,
        "reasons": reasons,
        "reason_chart": reason_chart,
        "links": {
            "all": drill_url(filters),
            "salary": reverse("insights:declines") + "?" + filters.query(mentions=selectors.SALARY),
            "remote": reverse("insights:declines") + "?" + filters.query(mentions=selectors.REMOTE),
            "boomerangs": reverse("insights:declines") + "?" + filters.query(boomerang="1"),
            "reasons_csv": reverse("insights:export", args=["reasons"]) + "?" + filters.query(),
            "summary_csv": reverse("insights:export", args=["summary"]) + "?" + filters.query(),
            "reasons_xlsx": reverse("insights:export_xlsx", args=["reasons"]) + "?" + filters.query(),
            "summary_xlsx": reverse("insights:export_xlsx", args=["summary"]) + "?" + filters.query(),
        },
        "replies": RepliesView(data.replies, filters),
        "touchpoints": TouchpointsView(data.touchpoints, filters),
        "placements": PlacementsView(data.acceptance, filters),
        "shifts": ShiftsView(data.shifts, filters),
        "report_form": ReportForm(initial={"date_from": start, "date_to": end, "language": "fr"}),
        # Up to PICKER_MAX clients in a list; past that a name to search, so the page stays light.
        "clients": list(Client.objects.order_by("name").values_list("public_id", "name")[: PICKER_MAX + 1]),
        "picker_max": PICKER_MAX,
    }
    return render(request, "insights/dashboard.html", context)


def decline_list(request: HttpRequest) -> HttpResponse:
    form = FilterForm(request.GET)
    filters = form.filters()
    qs = selectors.decline_list(filters)
    if request.GET.get("format") in FORMATS:
        # The declines carry candidates' names: the exports app serves them (writers only, audited).
        return export_views.declines_export(request, request.GET["format"])
    context = {
        "form": form,
        "filters": filters,
        "page": page_of(request, qs),
        "csv_url": reverse("exports:declines_csv") + "?" + filters.query(),
        "xlsx_url": reverse("exports:declines_xlsx") + "?" + filters.query(),
        "dashboard_url": reverse("insights:dashboard") + "?" + filters.query(),
    }
    return render(request, "insights/declines.html", context)


def export(request: HttpRequest, table: str, fmt: str = CSV) -> HttpResponse:
    """One figure of the dashboard as CSV or XLSX, with the same filters."""
    form = FilterForm(request.GET)
    if refused := refused_filters(form):
        return refused
    filters = form.filters()
    audit_record(
        action=AuditAction.EXPORT,
        request=request,
        target_type=f"insights_{fmt}",
        target_id=table[:64],
        data={"filters": filters.query()},
    )
    selectors.ensure_current()
    reasons = selectors.reasons_by_id()
    if table == "reasons":
        kinds = selectors.by_kind(filters, reasons)
        rows = [[r.key, r.label, r.total, r.share] for r in selectors.reason_rows(kinds, reasons)]
        return table_response(fmt, "reasons", [_("Code"), _("Reason"), _("Declines"), _("Share (%)")], rows)
    if table == "summary":
        return _summary_csv(selectors.dashboard(filters), fmt)
    if table in tables.TABLES:  # the outreach and placement sections
        header, rows = tables.TABLES[table](filters)
        return table_response(fmt, table, header, rows)
    if table not in BREAKDOWNS:
        raise Http404("no such table")
    breakdown = BREAKDOWNS[table](filters, reasons)
    header = (
        [_("Key"), _("Label"), _("Declines"), _("Share (%)")]
        + [c.label for c in breakdown.columns]
        + [_("Other reasons")]
    )
    rows = []
    for row in breakdown.rows + ([breakdown.others] if breakdown.others else []):
        shown = [row.count_for(c.code) for c in breakdown.columns]
        rows.append([row.key, row.label, row.total, row.share, *shown, row.total - sum(shown)])
    return table_response(fmt, f"declines-by-{table}", header, rows)


def _summary_csv(data: selectors.Dashboard, fmt: str = CSV) -> HttpResponse:
    s, r, b, a, d = data.salary, data.remote, data.boomerangs, data.acceptance, data.days_to_decline
    rows = [
        [_("Declines"), data.total, ""],
        [_("Offers accepted"), a.accepted, ""],
        [_("Offers declined"), a.declined, ""],
        [_("Acceptance rate"), a.rate, "%"],
        [_("Days from offer to decline, median"), d.median, _("days")],
        [_("Salary declines"), s.declines, ""],
        [_("Salary declines in other currencies (left out)"), s.other_currency, ""],
        [_("Salary offered, median"), s.offered.median, "EUR"],
        [_("Salary expected, median"), s.expected.median, "EUR"],
        [_("Competing salary, median"), s.competing.median, "EUR"],
        [_("Gap offered vs expected, median"), s.gap_expected_pct.median, "%"],
        [_("Gap offered vs expected, 25th percentile"), s.gap_expected_pct.p25, "%"],
        [_("Gap offered vs expected, 75th percentile"), s.gap_expected_pct.p75, "%"],
        [_("Gap offered vs competing, median"), s.gap_competing_pct.median, "%"],
        [_("Remote declines"), r.declines, ""],
        [_("Remote days offered, average"), r.offered_days, _("days a week")],
        [_("Remote days in competing offers, average"), r.competing_days, _("days a week")],
        [_("Boomerangs (people)"), b.people, ""],
        [_("Boomerangs, median days to come back"), b.days.median, _("days")],
        [_("Placements (offers accepted)"), a.accepted, ""],
        [_("Placements from the pool"), a.from_pool, ""],
        [_("Share of placements from the pool"), a.pool_share, "%"],
        [_("Messages sent"), data.replies.sent, ""],
        [_("Messages replied to"), data.replies.replied, ""],
        [_("Messages followed by an unsubscribe"), data.replies.unsubscribed, ""],
    ]
    return table_response(fmt, "insights-summary", [_("Figure"), _("Value"), _("Unit")], rows)


# --- client reports ---------------------------------------------------------------------------------------


def _report_period(request: HttpRequest) -> tuple[ReportForm, dt.date, dt.date, str]:
    start, end = default_period()
    params = request.GET
    form = ReportForm(
        {
            "date_from": params.get("from", start.isoformat()),
            "date_to": params.get("to", end.isoformat()),
            "language": params.get("lang", translation.get_language()[:2] or "fr"),
        }
    )
    if form.is_valid():
        d = form.cleaned_data
        return form, d["date_from"], d["date_to"], d["language"]
    # An invalid period (shown as the fields' errors): the default one, in the language asked if valid.
    return form, start, end, form.cleaned_data.get("language") or "fr"


def _render_report(request: HttpRequest, report: reports.ClientReport, *, standalone: bool) -> str:
    template = "insights/report_document.html" if standalone else "insights/_report_body.html"
    return render_to_string(template, {"report": report, "standalone": standalone}, request=request)


def client_pick(request: HttpRequest) -> HttpResponse:
    """The dashboard's "report for a client" form: on to that client's report with the period chosen."""
    name = request.GET.get("name", "").strip()[:200]
    if name and not request.GET.get("client"):
        matches = list(Client.objects.filter(name__icontains=name).values_list("public_id", flat=True)[:2])
        if len(matches) != 1:  # none or several: the client list, searched, lets the recruiter choose
            return redirect(reverse("front:client_list") + "?" + urlencode({"q": name}))
        client = get_client_for_user(request.user, matches[0])
    else:
        client = get_client_for_user(request.user, request.GET.get("client", ""))
    query = urlencode({k: request.GET.get(k, "") for k in ("from", "to", "lang") if request.GET.get(k)})
    return redirect(
        reverse("insights:client_report", args=[client.public_id]) + ("?" + query if query else "")
    )


def client_report(request: HttpRequest, public_id) -> HttpResponse:
    client = get_client_for_user(request.user, public_id)
    form, start, end, language = _report_period(request)
    # The report in its own language; the page around it stays in the reader's.
    with translation.override(language):
        report = reports.client_report(client, start, end)
        body = _render_report(request, report, standalone=False)
    query = f"from={start.isoformat()}&to={end.isoformat()}&lang={language}"
    context = {
        "client": client,
        "form": form,
        "report": report,
        "body": body,
        "language": language,
        "pdf_url": reverse("insights:client_report_pdf", args=[client.public_id]) + "?" + query,
        "link_form": ReportLinkForm(
            initial={"date_from": start, "date_to": end, "language": language, "days": 30}
        ),
        "links": ReportLink.objects.filter(client=client).select_related("created_by")[:20],
    }
    return render(request, "insights/client_report.html", context)


def client_report_pdf(request: HttpRequest, public_id) -> HttpResponse:
    client = get_client_for_user(request.user, public_id)
    form, start, end, language = _report_period(request)
    if refused := refused_filters(form):
        return refused
    return _pdf_response(request, client, start, end, language)


def _pdf_response(
    request: HttpRequest, client: Client, start: dt.date, end: dt.date, language: str
) -> HttpResponse:
    with translation.override(language):
        report = reports.client_report(client, start, end)
        html = _render_report(request, report, standalone=True)
        try:
            content = pdf.render(html)
        except pdf.PdfUnavailable:
            return render(request, "insights/pdf_unavailable.html", status=503)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="report-{start.isoformat()}-{end.isoformat()}.pdf"'
    return response


@require_POST
@write_required
def link_create(request: HttpRequest, public_id) -> HttpResponse:
    client = get_client_for_user(request.user, public_id)
    form = ReportLinkForm(request.POST)
    url = reverse("insights:client_report", args=[client.public_id])
    if not form.is_valid():
        messages.error(
            request,
            _("The link was not created: %(errors)s")
            % {"errors": " ".join(str(m) for ms in form.errors.values() for m in ms)},
        )
        return redirect(url)
    d = form.cleaned_data
    link, token = services.report_link_create(
        by=request.user,
        client=client,
        date_from=d["date_from"],
        date_to=d["date_to"],
        language=d["language"],
        days=d["days"],
    )
    shared = request.build_absolute_uri(reverse("insights:public_report", args=[token]))
    # The token is shown this once: only its hash is kept.
    messages.success(
        request, _("Link created. Copy it now, it will not be shown again: %(url)s") % {"url": shared}
    )
    return redirect(
        url + f"?from={link.date_from.isoformat()}&to={link.date_to.isoformat()}&lang={link.language}"
    )


@require_POST
@write_required
def link_revoke(request: HttpRequest, public_id) -> HttpResponse:
    link = get_object_or_404(ReportLink.objects.select_related("client"), public_id=public_id)
    services.report_link_revoke(by=request.user, link=link)
    messages.success(request, _("The link was revoked: it no longer opens the report."))
    return redirect(reverse("insights:client_report", args=[link.client.public_id]))


def _link_or_404(token: str) -> ReportLink:
    link = services.report_link_for_token(token)
    if link is None:
        raise Http404("unknown, expired or revoked link")
    return link


@login_not_required
def public_report(request: HttpRequest, token: str) -> HttpResponse:
    link = _link_or_404(token)
    with translation.override(link.language):
        report = reports.client_report(link.client, link.date_from, link.date_to)
        html = render_to_string(
            "insights/report_document.html",
            {
                "report": report,
                "standalone": True,
                "link": link,
                "pdf_url": reverse("insights:public_report_pdf", args=[token]),
            },
            request=request,
        )
    response = HttpResponse(html)
    # A shared link must not leak through the Referer of a link in the page, nor be indexed.
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    return response


@login_not_required
def public_report_pdf(request: HttpRequest, token: str) -> HttpResponse:
    link = _link_or_404(token)
    response = _pdf_response(request, link.client, link.date_from, link.date_to, link.language)
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
