"""The outreach and placement sections of the dashboard as tables to download (CSV or XLSX, see views.export):
counts, shares and medians only, the same figures as the page, under the same filters."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _

from vivier.insights import selectors, shifts, terms, touchpoints
from vivier.insights.filters import InsightFilters


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def replies(filters: InsightFilters) -> tuple[list, list]:
    rates = touchpoints.reply_rates(filters)
    header = [
        _("Step"),
        _("Label"),
        _("Messages sent"),
        _("Replied within %(days)s days") % {"days": rates.days},
        _("Reply rate (%)"),
        _("Followed by an unsubscribe"),
        _("Unsubscribe rate (%)"),
    ]
    rows = [
        [s.key, s.label, s.sent, s.replied, s.reply_rate, s.unsubscribed, s.unsubscribe_rate]
        for s in rates.steps
    ]
    return header, rows


def touchpoints_table(filters: InsightFilters) -> tuple[list, list]:
    found = touchpoints.attribution(touchpoints.returners(filters))
    header = [
        _("Touchpoint"),
        _("Label"),
        _("People"),
        _("Share (%)"),
        _("Days from the decline to the new application, median"),
        _("25th percentile"),
        _("75th percentile"),
    ]
    rows = [
        [r.key, r.label, r.people, r.share, _round(r.days.median), _round(r.days.p25), _round(r.days.p75)]
        for r in found.rows
    ]
    return header, rows


def placements(filters: InsightFilters) -> tuple[list, list]:
    found = terms.acceptance(filters)
    header = [_("Month"), _("Placements"), _("From the pool"), _("Others"), _("Share from the pool (%)")]
    rows = [
        [f"{m // 100:04d}-{m % 100:02d}", pool + others, pool, others, terms._pct(pool, pool + others)]
        for m, pool, others in found.by_month
    ]
    rows.append([_("Total"), found.accepted, found.from_pool, found.others, found.pool_share])
    return header, rows


def shifts_table(filters: InsightFilters) -> tuple[list, list]:
    data = selectors.dashboard(filters)
    found = data.shifts
    header = [
        _("Client"),
        _("First half"),
        _("Second half"),
        _("Median salary offered, first half (EUR)"),
        _("Median salary offered, second half (EUR)"),
        _("Median remote days, first half"),
        _("Median remote days, second half"),
        _("Terms changed"),
        _("Interpreted (%(min)s declines or more in each half)") % {"min": shifts.MIN_GROUP},
        _("Main reason"),
        _("Declines, first half"),
        _("Share, first half (%)"),
        _("Declines, second half"),
        _("Share, second half (%)"),
        _("Change (points)"),
    ]
    rows = []
    for c in ([found.agency] if found.agency else []) + found.clients:
        for m in c.moves:
            rows.append(
                [
                    c.label,
                    f"{c.before.start.isoformat()}/{c.before.end.isoformat()}",
                    f"{c.after.start.isoformat()}/{c.after.end.isoformat()}",
                    c.before.salary,
                    c.after.salary,
                    c.before.remote,
                    c.after.remote,
                    c.changed if c.client is not None else "",
                    c.interpreted,
                    m.label,
                    m.before,
                    m.before_share,
                    m.after,
                    m.after_share,
                    m.delta,
                ]
            )
    return header, rows


TABLES: dict[str, Callable[[InsightFilters], tuple[list, list]]] = {
    "replies": replies,
    "touchpoints": touchpoints_table,
    "placements": placements,
    "shifts": shifts_table,
}
