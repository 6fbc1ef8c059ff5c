"""The dashboard's outreach and placement sections as the templates draw them: charts, table rows, and the
links to the rows behind each figure (the drill-down pages of vivier.insights.drilldowns).

Split from views.py, which builds the decline breakdowns the same way (BreakdownView).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from vivier.front.templatetags.front import number
from vivier.insights import charts, shifts, touchpoints
from vivier.insights.filters import InsightFilters
from vivier.insights.numbers import pct
from vivier.insights.terms import Acceptance


def _url(name: str, filters: InsightFilters, **params: str) -> str:
    return reverse(name) + "?" + filters.query(**params)


def downloads(table: str, filters: InsightFilters) -> dict[str, str]:
    return {
        "csv": reverse("insights:export", args=[table]) + "?" + filters.query(),
        "xlsx": reverse("insights:export_xlsx", args=[table]) + "?" + filters.query(),
    }


class RepliesView:
    def __init__(self, rates: touchpoints.ReplyRates, filters: InsightFilters) -> None:
        self.rates = rates
        self.title = _("Reply rate per step of the follow-up")
        messages = "insights:messages"
        self.rows = [
            {
                "step": s,
                "sent_href": _url(messages, filters, step=s.key),
                "replied_href": _url(messages, filters, step=s.key, outcome="replied"),
                "unsubscribed_href": _url(messages, filters, step=s.key, outcome="unsubscribed"),
            }
            for s in rates.steps
        ]
        hrefs = {r["step"].key: r["replied_href"] for r in self.rows}
        self.chart = charts.bar_chart(
            self.title,
            rates.steps,
            value=lambda s: s.reply_rate or 0,
            label=lambda s: s.label,
            text=lambda s: (
                f"{pct(s.reply_rate) if s.reply_rate is not None else '—'} ({number(s.replied)}/"
                f"{number(s.sent)})"
            ),
            href=lambda s: hrefs[s.key],
            maximum=100,
        )
        self.links = downloads("replies", filters)


class TouchpointsView:
    def __init__(self, found: touchpoints.Attribution, filters: InsightFilters) -> None:
        self.attribution = found
        self.title = _("How the boomerangs came back")
        self.rows = [{"row": r, "href": _url("insights:returns", filters, touch=r.key)} for r in found.rows]
        hrefs = {r["row"].key: r["href"] for r in self.rows}
        self.chart = charts.bar_chart(
            self.title,
            found.rows,
            value=lambda r: r.people,
            label=lambda r: r.label,
            text=lambda r: f"{number(r.people)} ({pct(r.share)})",
            href=lambda r: hrefs[r.key],
        )
        self.all_href = _url("insights:returns", filters)
        self.links = downloads("touchpoints", filters)


@dataclass
class MonthPlacements:
    key: str  # YYYY-MM
    label: str
    pool: int
    others: int
    href: str
    pool_href: str

    @property
    def total(self) -> int:
        return self.pool + self.others

    @property
    def share(self) -> float | None:
        return round(self.pool * 100 / self.total, 1) if self.total else None


def _month_period(filters: InsightFilters, month: int) -> dict[str, str]:
    start = dt.date(month // 100, month % 100, 1)
    end = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    if filters.date_from and filters.date_from > start:
        start = filters.date_from
    if filters.date_to and filters.date_to < end:
        end = filters.date_to
    return {"from": start.isoformat(), "to": end.isoformat()}


class PlacementsView:
    def __init__(self, acceptance: Acceptance, filters: InsightFilters) -> None:
        self.acceptance = acceptance
        self.title = _("Placements from the pool")
        url = "insights:placements"
        self.rows = []
        for month, pool, others in acceptance.by_month:
            period = _month_period(filters, month)
            label = formats.date_format(dt.date(month // 100, month % 100, 1), "YEAR_MONTH_FORMAT")
            self.rows.append(
                MonthPlacements(
                    f"{month // 100:04d}-{month % 100:02d}",
                    label,
                    pool,
                    others,
                    _url(url, filters, **period),
                    _url(url, filters, pool="1", **period),
                )
            )
        self.chart = charts.bar_chart(
            _("Placements from the pool, by month"),
            self.rows,
            value=lambda r: r.pool,
            label=lambda r: r.label,
            text=lambda r: f"{number(r.pool)}/{number(r.total)} ({pct(r.share)})",
            href=lambda r: r.pool_href,
        )
        self.all_href = _url(url, filters)
        self.pool_href = _url(url, filters, pool="1")
        self.others_href = _url(url, filters, pool="0")
        self.links = downloads("placements", filters)


class ShiftsView:
    def __init__(self, found: shifts.Shifts, filters: InsightFilters) -> None:
        self.shifts = found
        self.title = _("Which reasons grow or shrink when a client changes its terms")
        self.min_group = shifts.MIN_GROUP
        self.salary_change = shifts.SALARY_CHANGE
        self.remote_change = shifts.REMOTE_CHANGE
        self.top = shifts.TOP_CLIENTS
        self.rows = [self._row(c, filters) for c in found.changed]
        self.agency = self._row(found.agency, filters) if found.agency is not None else None
        chart_rows = []
        for c in found.changed:
            move = c.moves[0] if c.moves else None
            if c.interpreted and move is not None and move.delta is not None:
                chart_rows.append(
                    (
                        f"{c.label} · {move.label}",
                        move.before_share,
                        move.after_share,
                        _("before: %(share)s") % {"share": pct(move.before_share)},
                        _("after: %(share)s") % {"share": pct(move.after_share)},
                    )
                )
        self.chart = charts.paired_chart(self.title, chart_rows) if chart_rows else None
        self.links = downloads("shifts", filters)

    def _row(self, c: shifts.ClientShift, filters: InsightFilters) -> dict:
        client = {"client": c.key}  # the agency's row: "" drops the page's client filter

        def period(half: shifts.Half, **extra: str) -> str:
            return _url(
                "insights:declines",
                filters,
                **{"from": half.start.isoformat(), "to": half.end.isoformat()},
                **client,
                **extra,
            )

        return {
            "shift": c,
            "sentence": shifts.sentence(c, self.shifts.agency if c.client is not None else None),
            "before_href": period(c.before),
            "after_href": period(c.after),
            "moves": [
                {
                    "move": m,
                    "before_href": period(c.before, reason=m.code) if m.before else "",
                    "after_href": period(c.after, reason=m.code) if m.after else "",
                }
                for m in c.moves[: shifts.MOVES_SHOWN]
            ],
        }
