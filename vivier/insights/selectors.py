"""The agency's analytics: every figure is a GROUP BY or an aggregate in the database, never a loop over rows.

Python only folds the grouped rows (a few thousand at most: months × reasons, clients × reasons) into the
tables and charts. Money figures are in euros only: rows in other currencies are counted apart and said so,
never converted or mixed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    Max,
    Min,
    Q,
    Value,
    When,
)
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from vivier.accounts.models import User
from vivier.insights.filters import BANDS, NONE, OTHER_CURRENCY, InsightFilters, day_start
from vivier.insights.quantiles import Spread
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
)
from vivier.matching.rome import rome
from vivier.talent.models import (
    Client,
    Decline,
    DeclineKind,
    DeclineReason,
    Event,
    EventKind,
)

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
        oldest = filters.declines().aggregate(m=Min("created_at"))["m"]
        if oldest is None:
            return None
        first = timezone.localtime(oldest).date()
    return (first, last) if first <= last else None


def month_expression(months: list[dt.date]) -> Case:
    """The decline's month in the agency's time zone, as "YYYY-MM".

    Compared against each month's first local midnight (newest first): exact across daylight-saving changes
    and the same SQL on every database, where TruncMonth would run a Python function per row on SQLite.
    """
    whens = [When(created_at__gte=day_start(m), then=Value(m.strftime("%Y-%m"))) for m in reversed(months)]
    return Case(*whens, default=Value(EARLIER), output_field=CharField())


def band_expression() -> Case:
    whens = [When(~Q(offered_currency="EUR"), then=Value(OTHER_CURRENCY))]
    for key, low, high in BANDS:
        q = Q()
        if low is not None:
            q &= Q(offered_salary__gte=low)
        if high is not None:
            q &= Q(offered_salary__lt=high)
        whens.append(When(q, then=Value(key)))
    return Case(*whens, default=Value(BANDS[-1][0]), output_field=CharField())


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


def _cube(filters: InsightFilters, **dimensions) -> list[tuple]:
    """One GROUP BY over several dimensions and the main reason: (dim values..., reason id, count) rows.

    The reason is grouped as `primary_reason_id + 0` so that SQLite does not walk the (reason, date) index
    and read each row at random to group it (three times slower than a scan at 200,000 declines).
    """
    names = {f"d_{k}": v for k, v in dimensions.items()}
    qs = filters.declines().annotate(**names, r=F("primary_reason_id") + 0)
    return list(qs.values_list(*names, "r").annotate(n=Count("pk")).order_by())


def _project(cube: list[tuple], index: int) -> list[tuple[str, int, int]]:
    """The cube's rows summed down to one dimension: (value, reason id, count)."""
    sums: dict[tuple, int] = defaultdict(int)
    for row in cube:
        sums[(row[index], row[-2])] += row[-1]
    return [(k[0], k[1], n) for k, n in sums.items()]


def _grouped(filters: InsightFilters, expression) -> list[tuple[str, int, int]]:
    """(dimension value, primary reason id, count): the GROUP BY behind one breakdown."""
    return _project(_cube(filters, x=expression), 0)


def _build(
    dimension: str,
    grouped: list[tuple[str, int, int]],
    reasons: dict[int, Reason],
    labels: dict[str, str],
    *,
    order: list[str] | None = None,
) -> Breakdown:
    totals: dict[str, int] = defaultdict(int)
    cells: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    by_reason: dict[str, int] = defaultdict(int)
    for key, reason_id, n in grouped:
        key = NONE if key in (None, "") else str(key)
        code = reasons[reason_id].code if reason_id in reasons else ""
        totals[key] += n
        cells[key][code] += n
        by_reason[code] += n
    total = sum(totals.values())
    top_codes = [c for c, _n in sorted(by_reason.items(), key=lambda kv: (-kv[1], kv[0]))[:REASON_COLUMNS]]
    by_code = {r.code: r for r in reasons.values()}
    columns = [by_code[c] for c in top_codes if c in by_code]
    if order is not None:
        keys = [k for k in order if k in totals] + [k for k in totals if k not in order]
        shown, rest = keys, []
    else:
        keys = sorted(totals, key=lambda k: (-totals[k], labels.get(k, k)))
        shown, rest = keys[:TOP_ROWS], keys[TOP_ROWS:]
    rows = [Row(k, labels.get(k, k), totals[k], dict(cells[k]), _pct(totals[k], total)) for k in shown]
    others = None
    if rest:
        merged: dict[str, int] = defaultdict(int)
        for k in rest:
            for code, n in cells[k].items():
                merged[code] += n
        n_rest = sum(totals[k] for k in rest)
        others = Row(
            "", _("%(count)s others") % {"count": len(rest)}, n_rest, dict(merged), _pct(n_rest, total)
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
        grouped = _grouped(filters, month_expression(months))
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


def by_client(filters: InsightFilters, reasons: dict[int, Reason], grouped=None) -> Breakdown:
    if grouped is None:
        grouped = _grouped(filters, F("client_id"))
    ids = {g[0] for g in grouped}
    clients = Client.objects.filter(pk__in=ids).values_list("pk", "public_id", "name") if ids else []
    labels = {str(pk): name for pk, _pid, name in clients}
    keys = {str(pk): str(pid) for pk, pid, _name in clients}
    breakdown = _build("client", grouped, reasons, labels)
    for row in breakdown.rows:  # filter by public id in URLs, never by the integer key
        row.key = keys.get(row.key, "")
    return breakdown


def by_family(filters: InsightFilters, reasons: dict[int, Reason], grouped=None) -> Breakdown:
    # Grouped by full ROME code, folded to the family (first three characters) here: the family is labelled
    # by its most frequent fiche, since the compact taxonomy holds fiche labels only.
    if grouped is None:
        grouped = _grouped(filters, F("job__rome_code"))
    per_code: dict[str, int] = defaultdict(int)
    folded: list[tuple[str, int, int]] = []
    for code, reason_id, n in grouped:
        family = code[:3] if code else NONE
        per_code[code or NONE] += n
        folded.append((family, reason_id, n))
    top: dict[str, tuple[int, str]] = {}
    for code, n in per_code.items():
        family = code[:3] if code != NONE else NONE
        if family not in top or n > top[family][0]:
            top[family] = (n, code)
    labels = {fam: family_label(fam, code) for fam, (_n, code) in top.items()}
    return _build("family", folded, reasons, labels)


def by_band(filters: InsightFilters, reasons: dict[int, Reason], grouped=None) -> Breakdown:
    if grouped is None:
        grouped = _grouped(filters, band_expression())
    labels = {key: band_label(key) for key in [b[0] for b in BANDS] + [OTHER_CURRENCY]}
    return _build("band", grouped, reasons, labels, order=[b[0] for b in BANDS] + [OTHER_CURRENCY])


def by_recruiter(filters: InsightFilters, reasons: dict[int, Reason], grouped=None) -> Breakdown:
    if grouped is None:
        grouped = _grouped(filters, F("recorded_by_id") + 0)
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
        grouped = _grouped(filters, F("kind"))
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

    @property
    def empty(self) -> bool:
        return self.total == 0


def dashboard(filters: InsightFilters) -> Dashboard:
    """Every figure of /insights/, in a fixed number of queries whatever the number of declines."""
    reasons = reasons_by_id()
    months = months_of(filters)
    # Two scans feed the six breakdowns: the decline's own columns, then the job's (three joins away).
    own = _cube(
        filters,
        month=month_expression(months),
        kind=F("kind"),
        band=band_expression(),
        recruiter=F("recorded_by_id") + 0,
    )
    job = _cube(filters, client=F("client_id"), rome=F("job__rome_code"))
    kinds = by_kind(filters, reasons, _project(own, 1))
    days, people = days_and_people(filters)
    return Dashboard(
        filters=filters,
        total=kinds.total,
        reasons=reason_rows(kinds, reasons),
        months=by_month(filters, reasons, _project(own, 0), months),
        clients=by_client(filters, reasons, _project(job, 0)),
        families=by_family(filters, reasons, _project(job, 1)),
        bands=by_band(filters, reasons, _project(own, 2)),
        recruiters=by_recruiter(filters, reasons, _project(own, 3)),
        kinds=kinds,
        acceptance=acceptance(filters),
        days_to_decline=days,
        salary=salary_gaps(filters),
        remote=remote_gaps(filters),
        boomerangs=boomerangs(filters, people),
    )


# The events after which a figure may change. Messages sent by the worker are not among them: with them the
# cache would be emptied every few seconds on a busy day.
VERSION_EVENTS = (
    EventKind.OFFER_ACCEPTED,
    EventKind.OFFER_DECLINED,
    EventKind.CLIENT_UPDATED,
    EventKind.JOB_UPDATED,
    EventKind.REASON_CREATED,
    EventKind.REASON_UPDATED,
    EventKind.USER_UPDATED,
)


def data_version() -> str:
    """Changes whenever the figures may: a decline added or removed (erasure), an offer answered, a label
    renamed. Each part is one index lookup."""
    declines = Decline.objects.aggregate(last=Max("id"), n=Count("id"))
    parts = [str(declines["last"]), str(declines["n"])]
    for kind in VERSION_EVENTS:
        last = Event.objects.filter(kind=kind).order_by("-created_at").values_list("id", flat=True).first()
        parts.append(str(last))
    return ".".join(parts)


def cached_dashboard(filters: InsightFilters) -> Dashboard:
    """The dashboard, computed once per filters, language and state of the data.

    At 200,000 declines a cold computation takes seconds on SQLite (see docs/insights.md); the key moves
    with the last Event, so a figure is never staler than the last recorded change.
    """
    key = (
        "insights:dashboard:"
        + hashlib.sha256(f"{data_version()}|{get_language()}|{filters.query()}".encode()).hexdigest()
    )
    cached = cache.get(key)
    if cached is not None:
        cached.filters = filters
        return cached
    data = dashboard(filters)
    cache.set(key, data, CACHE_SECONDS)
    return data


def decline_list(filters: InsightFilters):
    """The declines behind a figure, with what the drill-down list shows, newest first."""
    qs = filters.declines().select_related("candidate", "primary_reason", "client", "job", "recorded_by")
    return qs.order_by("-created_at", "-id")
