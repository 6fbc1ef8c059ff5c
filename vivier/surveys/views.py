"""The survey results for the agency: every signed-in member reads the figures (aggregates, groups under
MIN_ANSWERS answers hidden); the comments, in the candidates' own words and with their names, only
recruiters and admins."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from vivier.dates import refused_filters
from vivier.exports.writers import XLSX, table_response
from vivier.insights import charts
from vivier.insights.templatetags.insights import number
from vivier.surveys import selectors
from vivier.surveys.forms import ResultsFilterForm
from vivier.surveys.rules import MIN_ANSWERS, delay_days, min_months

CSV_TABLES = ("scores", "clients", "recruiters", "months")


def _score_label(score: int) -> str:
    if score == 0:
        return _("0 — not at all likely")
    if score == 10:
        return _("10 — very likely")
    return str(score)


def _group_label(group: selectors.Group, dimension: str) -> str:
    if dimension == "recruiters" and group.key == selectors.NONE:
        return _("Not recorded")
    if dimension == "clients" and group.key == selectors.NONE:
        return _("No client")
    return group.label


def results(request: HttpRequest) -> HttpResponse:
    form = ResultsFilterForm(request.GET)
    filters = form.filters()
    comments_allowed = bool(getattr(request.user, "can_write", False))
    data = selectors.results(filters, with_comments=comments_allowed)
    chart = None
    if data.summary.shown:
        chart = charts.bar_chart(
            _("Answers per score"),
            data.distribution,
            value=lambda item: item[1],
            text=lambda item: number(item[1]),
            label=lambda item: _score_label(item[0]),
        )
    query = filters.query()
    tables = [
        (key, title, [(_group_label(g, key), g) for g in groups])
        for key, title, groups in (
            ("clients", _("By client"), data.by_client),
            ("recruiters", _("By recruiter"), data.by_recruiter),
            ("months", _("By month of the decline"), data.by_month),
        )
    ]
    context = {
        "form": form,
        "filters": filters,
        "data": data,
        "chart": chart,
        "tables": tables,
        "distribution": [(_score_label(score), n) for score, n in data.distribution],
        "comments_allowed": comments_allowed,
        "min_answers": MIN_ANSWERS,
        "delay_days": delay_days(),
        "min_months": min_months(),
        "csv": {t: reverse("surveys:results_csv", args=[t]) + "?" + query for t in CSV_TABLES},
    }
    return render(request, "surveys/results.html", context)


def _pct(value: float | None) -> float | str:
    return round(value, 1) if value is not None else ""


def results_csv(request: HttpRequest, table: str) -> HttpResponse:
    if table not in CSV_TABLES:
        raise Http404
    form = ResultsFilterForm(request.GET)
    if refused := refused_filters(form):
        return refused
    filters = form.filters()
    # The exports app's writer: CSV in the reader's dialect (";" and decimal commas in French), or XLSX.
    fmt = XLSX if request.GET.get("format") == XLSX else "csv"
    if table == "scores":
        summary = selectors.summary(filters)
        rows = selectors.distribution(filters) if summary.shown else []
        return table_response(fmt, "survey-scores", [_("Score"), _("Answers")], rows)
    groups = {
        "clients": selectors.by_client,
        "recruiters": selectors.by_recruiter,
        "months": selectors.by_month,
    }[table](filters)
    header = [
        {"clients": _("Client"), "recruiters": _("Recruiter"), "months": _("Month")}[table],
        _("Surveys sent"),
        _("Answers"),
        _("Response rate (%)"),
        _("Promoters"),
        _("Passives"),
        _("Detractors"),
        _("NPS"),
        _("Note"),
    ]
    hidden = _("fewer than %(n)s answers") % {"n": MIN_ANSWERS}
    rows = []
    for g in groups:
        s = g.score
        shown = s.shown
        rows.append(
            [
                _group_label(g, table),
                s.sent,
                s.answered,
                _pct(s.response_rate),
                s.promoters if shown else "",
                s.passives if shown else "",
                s.detractors if shown else "",
                s.nps if shown else "",
                "" if shown else hidden,
            ]
        )
    return table_response(fmt, f"survey-{table}", header, rows)
