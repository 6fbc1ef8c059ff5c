"""The agency's analytics: every figure is a GROUP BY or an aggregate in the database, never a loop over rows.

The figures read OfferFact (vivier.insights.facts), the narrow copy of the answered offers kept in step with
vivier.talent; the lists behind them read the declines themselves. Python only folds the grouped rows (a few
thousand at most: months × reasons, clients × reasons) into the tables and charts. Money figures are in euros
only: rows in other currencies are counted apart and said so, never converted or mixed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Min
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from vivier.accounts.models import User
from vivier.insights import facts, shifts, touchpoints
from vivier.insights.facts import VERSION_EVENTS  # noqa: F401  (re-exported)
from vivier.insights.filters import BANDS, NONE, OTHER_CURRENCY, InsightFilters
from vivier.insights.quantiles import Spread
from vivier.insights.sources import MonthSums, Walks, source_for  # noqa: F401  (re-exported)
from vivier.insights.terms import (  # noqa: F401  (re-exported: the views and reports read them from here)
    REMOTE,
    SALARY,
    Acceptance,
    Boomerangs,
    RemoteGaps,
    SalaryGaps,
    _pct,
    acceptance,
    boomerangs,
    days_and_people,
    days_to_decline,
    remote_gaps,
    salary_gap_expected,
    salary_gaps,
    spread_of,
)
from vivier.matching.rome import rome
from vivier.talent.models import Client, DeclineKind, DeclineReason

# Charts and tables list the biggest groups; the rest is folded into one "others" row.
TOP_ROWS = 15
# Reason columns of the cross tables: the most frequent primary reasons, the rest as "other reasons".
REASON_COLUMNS = 5
# At most this many months on the monthly chart (three years); older declines fold into "earlier".
MAX_MONTHS = 36
EARLIER = "earlier"
# How long a computed dashboard is kept when nothing changes (the key also moves with every change).
CACHE_SECONDS = 15 * 60


@dataclass(frozen=True)
class Reason:
    code: str
    label: str
    category: str


def reasons_by_id() -> dict[int, Reason]:
    return {r.pk: Reason(r.code, r.label, r.category) for r in DeclineReason.objects.all()}


@dataclass
class Row:
    key: str  # the value to filter on for the drill-down ("" when the row cannot be drilled, as "others")
    label: str
    total: int
    by_reason: dict[str, int] = field(default_factory=dict)
    share: float | None = None  # of the breakdown's total, in percent

    def count_for(self, code: str) -> int:
        return self.by_reason.get(code, 0)


@dataclass
class Breakdown:
    dimension: str  # the filter parameter its keys go into: month, client, family, band, recruiter, kind
    rows: list[Row]
    total: int
    columns: list[Reason]  # the reason columns of the cross table
    others: Row | None = None  # the groups beyond TOP_ROWS, folded
    ids: list[int] = field(default_factory=list)  # clients: the integer keys of the rows, largest first

    @property
    def empty(self) -> bool:
        return self.total == 0

    @property
    def max_total(self) -> int:
        return max([r.total for r in self.rows] + [self.others.total if self.others else 0] + [0])


# --- dimensions ---------------------------------------------------------------------------------------


def month_starts(first: dt.date, last: dt.date) -> list[dt.date]:
    months, d = [], first.replace(day=1)
    while d <= last:
        months.append(d)
        d = (d.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return months


def _period_bounds(filters: InsightFilters) -> tuple[dt.date, dt.date] | None:
    """The months the monthly chart spans: the filtered period, or the data's own when open-ended."""
    last = filters.date_to or timezone.localdate()
    first = filters.date_from
    if first is None:
        oldest = filters.facts().aggregate(m=Min("at"))["m"]
        if oldest is None:
            return None
        first = timezone.localtime(oldest).date()
    return (first, last) if first <= last else None


def band_label(key: str) -> str:
    if key == OTHER_CURRENCY:
        return _("Other currencies (not banded)")
    for k, low, high in BANDS:
        if k == key:
            if low is None:
                return _("under %(high)s k€") % {"high": high // 1000}
            if high is None:
                return _("%(low)s k€ and more") % {"low": low // 1000}
            return _("%(low)s–%(high)s k€") % {"low": low // 1000, "high": high // 1000}
    return key


def family_label(family: str, top_code: str) -> str:
    if family == NONE:
        return _("No ROME code")
    label = rome().label(top_code)
    return f"{family} · {label}" if label else family


def _grouped(filters: InsightFilters, column: str) -> list[tuple]:
    """(dimension value, primary reason id, count) rows of one breakdown."""
    return source_for(filters).grouped(column)


def _key(value) -> str:
    return NONE if value in (None, "") else str(value)


def reason_totals(filters: InsightFilters) -> dict[int, int]:
    """Declines per main reason (reason id → count): one walk of the reasons' index."""
    return dict(filters.facts().values_list("primary_reason_id").annotate(n=Count("*")).order_by())


def _build(
    dimension: str,
    grouped: list[tuple[str, int, int]],
    reasons: dict[int, Reason],
    labels: dict[str, str],
    *,
    order: list[str] | None = None,
    rest: dict[str, int] | None = None,
    overall: dict[int, int] | None = None,
) -> Breakdown:
    """The breakdown from (group, reason id, count) rows. With `rest` (the sizes of groups whose reasons
    were not read) and `overall` (declines per reason id, all groups), those groups fold into "others"."""
    totals: dict[str, int] = defaultdict(int)
    cells: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    by_reason: dict[str, int] = defaultdict(int)
    for key, reason_id, n in grouped:
        key = _key(key)
        code = reasons[reason_id].code if reason_id in reasons else ""
        totals[key] += n
        cells[key][code] += n
        by_reason[code] += n
    shown_by_reason = dict(by_reason)
    if rest is not None and overall is not None:
        by_reason = defaultdict(int)
        for reason_id, n in overall.items():
            by_reason[reasons[reason_id].code if reason_id in reasons else ""] += n
    total = sum(totals.values()) + sum((rest or {}).values())
    top_codes = [c for c, _n in sorted(by_reason.items(), key=lambda kv: (-kv[1], kv[0]))[:REASON_COLUMNS]]
    by_code = {r.code: r for r in reasons.values()}
    columns = [by_code[c] for c in top_codes if c in by_code]
    if order is not None:
        keys = [k for k in order if k in totals] + [k for k in totals if k not in order]
        shown, hidden = keys, []
    else:
        keys = sorted(totals, key=lambda k: (-totals[k], labels.get(k, k)))
        shown, hidden = keys[:TOP_ROWS], keys[TOP_ROWS:]
    if rest:  # sizes only: their reasons are the overall ones minus those of the groups shown
        n_rest = sum(rest.values())
        merged = {
            c: n - shown_by_reason.get(c, 0) for c, n in by_reason.items() if n - shown_by_reason.get(c, 0)
        }
        others = Row("", _("%(count)s others") % {"count": len(rest)}, n_rest, merged, _pct(n_rest, total))
        keys = sorted(totals, key=lambda k: (-totals[k], labels.get(k, k)))
        rows = [Row(k, labels.get(k, k), totals[k], dict(cells[k]), _pct(totals[k], total)) for k in keys]
        return Breakdown(dimension, rows, total, columns, others)
    rows = [Row(k, labels.get(k, k), totals[k], dict(cells[k]), _pct(totals[k], total)) for k in shown]
    others = None
    if hidden:
        merged_rest: dict[str, int] = defaultdict(int)
        for k in hidden:
            for code, n in cells[k].items():
                merged_rest[code] += n
        n_hidden = sum(totals[k] for k in hidden)
        others = Row(
            "",
            _("%(count)s others") % {"count": len(hidden)},
            n_hidden,
            dict(merged_rest),
            _pct(n_hidden, total),
        )
    return Breakdown(dimension, rows, total, columns, others)


def months_of(filters: InsightFilters) -> list[dt.date]:
    bounds = _period_bounds(filters)
    return month_starts(*bounds)[-MAX_MONTHS:] if bounds else []


def by_month(
    filters: InsightFilters, reasons: dict[int, Reason], grouped=None, months: list[dt.date] | None = None
) -> Breakdown:
    months = months_of(filters) if months is None else months
    if not months:
        return Breakdown("month", [], 0, [])
    if grouped is None:
        grouped = _grouped(filters, "month")
    first = months[0].year * 100 + months[0].month
    grouped = [(EARLIER if m < first else f"{m // 100:04d}-{m % 100:02d}", r, n) for m, r, n in grouped]
    labels = {m.strftime("%Y-%m"): formats.date_format(m, "YEAR_MONTH_FORMAT") for m in months}
    labels[EARLIER] = _("Earlier")
    order = [EARLIER] + [m.strftime("%Y-%m") for m in months]
    breakdown = _build("month", grouped, reasons, labels, order=order)
    # Empty months stay on the chart as zeros: a gap is information, not something to hide.
    present = {r.key for r in breakdown.rows}
    rows = {r.key: r for r in breakdown.rows}
    breakdown.rows = [
        rows[k] if k in present else Row(k, labels[k], 0, {}, 0.0)
        for k in order
        if k in present or k != EARLIER
    ]
    return breakdown


def by_client(
    filters: InsightFilters,
    reasons: dict[int, Reason],
    overall: dict[int, int] | None = None,
    source: Walks | None = None,
) -> Breakdown:
    """By client: the size of every client, then the reasons of the TOP_ROWS largest only (through the
    client index); the others fold into one row whose reasons are the overall ones minus those shown."""
    source = source or source_for(filters)
    sizes = dict(source.client_sizes())
    # The largest first; equal sizes by id, so that the same clients are shown whatever their names.
    largest = sorted(sizes, key=lambda c: (-sizes[c], c))[:TOP_ROWS]
    grouped = source.client_detail(largest) if largest else []
    rest = {str(c): n for c, n in sizes.items() if c not in largest}
    overall = reason_totals(filters) if overall is None else overall
    clients = Client.objects.filter(pk__in=largest).values_list("pk", "public_id", "name") if largest else []
    labels = {str(pk): name for pk, _pid, name in clients}
    keys = {str(pk): str(pid) for pk, pid, _name in clients}
    breakdown = _build("client", grouped, reasons, labels, rest=rest, overall=overall)
    for row in breakdown.rows:  # filter by public id in URLs, never by the integer key
        row.key = keys.get(row.key, "")
    breakdown.ids = largest
    return breakdown


def by_family(
    filters: InsightFilters,
    reasons: dict[int, Reason],
    overall: dict[int, int] | None = None,
    source: Walks | None = None,
) -> Breakdown:
    """By job family (the ROME code's first three characters). A family is labelled by its most frequent
    fiche, since the compact taxonomy holds fiche labels only: the sizes are read per (family, code)."""
    source = source or source_for(filters)
    sizes = source.family_sizes()
    totals: dict[str, int] = defaultdict(int)
    biggest: dict[str, tuple[int, str]] = {}
    for family, code, n in sizes:
        key = _key(family)
        totals[key] += n
        if key not in biggest or n > biggest[key][0]:
            biggest[key] = (n, code or NONE)
    largest = sorted(totals, key=lambda g: (-totals[g], g))[:TOP_ROWS]
    grouped = source.family_detail(["" if f == NONE else f for f in largest]) if largest else []
    rest = {g: n for g, n in totals.items() if g not in largest}
    overall = reason_totals(filters) if overall is None else overall
    labels = {fam: family_label(fam, code) for fam, (_n, code) in biggest.items()}
    return _build("family", grouped, reasons, labels, rest=rest, overall=overall)


def by_band(filters: InsightFilters, reasons: dict[int, Reason], grouped=None) -> Breakdown:
    if grouped is None:
        grouped = _grouped(filters, "band")
    labels = {key: band_label(key) for key in [b[0] for b in BANDS] + [OTHER_CURRENCY]}
    return _build("band", grouped, reasons, labels, order=[b[0] for b in BANDS] + [OTHER_CURRENCY])


def by_recruiter(filters: InsightFilters, reasons: dict[int, Reason], grouped=None) -> Breakdown:
    if grouped is None:
        grouped = _grouped(filters, "recorded_by_id")
    ids = {g[0] for g in grouped if g[0] is not None}
    users = (
        User.objects.filter(pk__in=ids).only("pk", "public_id", "username", "first_name", "last_name")
        if ids
        else []
    )
    labels = {str(u.pk): str(u) for u in users}
    labels[NONE] = _("Not recorded")
    keys = {str(u.pk): str(u.public_id) for u in users}
    keys[NONE] = NONE
    breakdown = _build("recruiter", grouped, reasons, labels)
    for row in breakdown.rows:
        row.key = keys.get(row.key, "")
    return breakdown


def by_kind(filters: InsightFilters, reasons: dict[int, Reason], grouped=None) -> Breakdown:
    if grouped is None:
        grouped = _grouped(filters, "kind")
    labels = {k.value: str(k.label) for k in DeclineKind}
    return _build("kind", grouped, reasons, labels, order=list(DeclineKind.values))


def reason_rows(kinds: Breakdown, reasons: dict[int, Reason]) -> list[Row]:
    """The primary reasons overall, folded from the by-kind groups (no extra query)."""
    counts: dict[str, int] = defaultdict(int)
    for row in kinds.rows:
        for code, n in row.by_reason.items():
            counts[code] += n
    by_code = {r.code: r for r in reasons.values()}
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return [
        Row(code, by_code[code].label if code in by_code else code, n, {code: n}, _pct(n, kinds.total))
        for code, n in ordered
        if n
    ]


# --- the dashboard ----------------------------------------------------------------------------------------


@dataclass
class Dashboard:
    filters: InsightFilters
    total: int
    reasons: list[Row]
    months: Breakdown
    clients: Breakdown
    families: Breakdown
    bands: Breakdown
    recruiters: Breakdown
    kinds: Breakdown
    acceptance: Acceptance
    days_to_decline: Spread
    salary: SalaryGaps
    remote: RemoteGaps
    boomerangs: Boomerangs
    touchpoints: touchpoints.Attribution
    replies: touchpoints.ReplyRates
    shifts: shifts.Shifts

    @property
    def empty(self) -> bool:
        return self.total == 0


def ensure_current(snap: facts.Snapshot | None = None) -> None:
    """Bring the figures' table (OfferFact) in step with the data before reading it: a few index lookups
    when nothing changed. Every entry point that reads figures calls it (pages, CSV, API, reports)."""
    facts.facts_sync(snap)


def dashboard(filters: InsightFilters, *, snap: facts.Snapshot | None = None) -> Dashboard:
    """Every figure of /insights/, in a fixed number of queries whatever the number of declines."""
    ensure_current(snap)
    reasons = reasons_by_id()
    bounds = _period_bounds(filters)
    months = month_starts(*bounds)[-MAX_MONTHS:] if bounds else []
    source = source_for(filters)
    month_rows = source.grouped("month")
    kind_rows = source.grouped("kind")
    overall: dict[int, int] = defaultdict(int)  # declines per main reason, for the folded "others" rows
    for _kind, reason_id, n in kind_rows:
        overall[reason_id] += n
    kinds = by_kind(filters, reasons, kind_rows)
    found = touchpoints.returners(filters)
    days, people = days_and_people(filters, kinds.total, source)
    clients = by_client(filters, reasons, overall, source)
    return Dashboard(
        filters=filters,
        total=kinds.total,
        reasons=reason_rows(kinds, reasons),
        months=by_month(filters, reasons, month_rows, months),
        clients=clients,
        families=by_family(filters, reasons, overall, source),
        bands=by_band(filters, reasons, source.grouped("band")),
        recruiters=by_recruiter(filters, reasons, source.grouped("recorded_by_id")),
        kinds=kinds,
        acceptance=acceptance(filters, kinds.total),
        days_to_decline=days,
        salary=salary_gaps(filters, source),
        remote=remote_gaps(filters, source),
        boomerangs=boomerangs(filters, people, found),
        touchpoints=touchpoints.attribution(found),
        replies=touchpoints.reply_rates(filters, source=source),
        shifts=shifts.shifts(
            filters,
            reasons,
            bounds[0] if bounds else None,
            clients.ids,
            month_rows if isinstance(source, MonthSums) else None,
        ),
    )


def data_version(snap: facts.Snapshot | None = None) -> str:
    """Changes whenever the figures may: a decline added, an offer answered, a job, a label or a person
    changed or erased. A few index lookups (facts.snapshot)."""
    return (snap or facts.snapshot()).version


def cached_dashboard(filters: InsightFilters) -> Dashboard:
    """The dashboard, computed once per filters, language and state of the data.

    The key moves with the last Event, so a figure is never staler than the last recorded change.
    """
    snap = facts.snapshot()
    key = (
        "insights:dashboard:"
        + hashlib.sha256(f"{snap.version}|{get_language()}|{filters.query()}".encode()).hexdigest()
    )
    cached = cache.get(key)
    if cached is not None:
        cached.filters = filters
        return cached
    data = dashboard(filters, snap=snap)
    cache.set(key, data, CACHE_SECONDS)
    return data


def decline_list(filters: InsightFilters):
    """The declines behind a figure, with what the drill-down list shows, newest first."""
    qs = filters.declines().select_related("candidate", "primary_reason", "client", "job", "recorded_by")
    return qs.order_by("-created_at", "-id")
