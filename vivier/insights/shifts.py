"""Which decline reasons grow or shrink when a client changes its terms.

Plain rule, so that a recruiter can repeat it to the client: the period is cut in two halves of equal length.
For each client (the one chosen in the filters, or the TOP_CLIENTS with the most declines of the period) the
terms it offered in each half are the median gross yearly salary (in euros) and the median remote days a week
of its offers answered in that half (accepted or declined). Its terms changed when the median salary moved by
SALARY_CHANGE or more, or the median remote days by REMOTE_CHANGE or more. The reasons are the main reasons of
its declines in each half, as shares; a half with fewer than MIN_GROUP declines (or offers) is not interpreted.
The agency as a whole, over the same halves, is the baseline: a reason that shrinks everywhere did not shrink
because of one client's terms.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from vivier.insights.filters import InsightFilters, day_start
from vivier.insights.numbers import decimal, pct
from vivier.insights.terms import _pct
from vivier.talent.models import Client

TOP_CLIENTS = 15
SALARY_CHANGE = 5.0  # percent of the median salary
REMOTE_CHANGE = 1.0  # days a week
MIN_GROUP = 5
MOVES_SHOWN = 3


@dataclass
class Half:
    start: dt.date
    end: dt.date  # inclusive
    declines: int = 0
    counts: dict[str, int] = field(default_factory=dict)  # main reason code → declines
    offers: int = 0  # answered offers in euros (the salary median's base)
    salary: float | None = None  # median offered salary, euros
    remote_offers: int = 0
    remote: float | None = None  # median remote days a week

    def share(self, code: str) -> float | None:
        return _pct(self.counts.get(code, 0), self.declines)


@dataclass
class Move:
    code: str
    label: str
    before: int
    after: int
    before_share: float | None
    after_share: float | None

    @property
    def delta(self) -> float | None:
        """The change of the reason's share, in percentage points."""
        if self.before_share is None or self.after_share is None:
            return None
        return round(self.after_share - self.before_share, 1)


@dataclass
class ClientShift:
    client: Client | None  # None: the agency as a whole
    label: str
    before: Half
    after: Half
    moves: list[Move] = field(default_factory=list)  # largest change of share first

    @property
    def key(self) -> str:
        return str(self.client.public_id) if self.client is not None else ""

    @property
    def salary_change(self) -> float | None:
        """The median salary's change in percent, when both halves have MIN_GROUP offers in euros."""
        b, a = self.before, self.after
        if b.offers < MIN_GROUP or a.offers < MIN_GROUP or not b.salary or a.salary is None:
            return None
        return round((a.salary - b.salary) * 100 / b.salary, 1)

    @property
    def remote_change(self) -> float | None:
        b, a = self.before, self.after
        if b.remote_offers < MIN_GROUP or a.remote_offers < MIN_GROUP or b.remote is None or a.remote is None:
            return None
        return round(a.remote - b.remote, 1)

    @property
    def salary_changed(self) -> bool:
        return self.salary_change is not None and abs(self.salary_change) >= SALARY_CHANGE

    @property
    def remote_changed(self) -> bool:
        return self.remote_change is not None and abs(self.remote_change) >= REMOTE_CHANGE

    @property
    def changed(self) -> bool:
        return self.salary_changed or self.remote_changed

    @property
    def interpreted(self) -> bool:
        """Enough declines in both halves to read the shares (MIN_GROUP each)."""
        return self.before.declines >= MIN_GROUP and self.after.declines >= MIN_GROUP

    @property
    def too_few_offers(self) -> bool:
        return self.salary_change is None and self.remote_change is None


@dataclass
class Shifts:
    first: Half | None  # the two halves' bounds (None: the period is too short to cut)
    second: Half | None
    agency: ClientShift | None
    clients: list[ClientShift]  # the clients analysed, those whose terms changed first

    @property
    def changed(self) -> list[ClientShift]:
        return [c for c in self.clients if c.changed]

    @property
    def stable(self) -> list[ClientShift]:
        return [c for c in self.clients if not c.changed and not c.too_few_offers]

    @property
    def unknown(self) -> list[ClientShift]:
        return [c for c in self.clients if c.too_few_offers]

    @property
    def empty(self) -> bool:
        return self.agency is None or (self.agency.before.declines + self.agency.after.declines) == 0


def halves(
    filters: InsightFilters, first_day: dt.date | None
) -> tuple[dt.date, dt.date, dt.date, bool] | None:
    """(start, middle, end, by month): the first half is [start, middle), the second [middle, end]; None under
    two days. A period of whole months (from a first of the month to the end of a month, or to today) of two
    months or more is cut at the month boundary nearest its middle: the default year, six months and six."""
    start = filters.date_from or first_day
    today = timezone.localdate()
    end = filters.date_to or today
    if start is None or (end - start).days < 1:
        return None
    following = end + dt.timedelta(days=1)
    if start.day == 1 and (following.day == 1 or end >= today):
        months = []
        month = start
        while month <= end:
            months.append(month)
            month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        if len(months) >= 2:
            return start, months[len(months) // 2], end, True
    return start, start + dt.timedelta(days=((end - start).days + 1) // 2), end, False


def _median(counts: dict[float, int]) -> float | None:
    """The median of values given with their number of occurrences (exactly as over the values)."""
    n = sum(counts.values())
    if not n:
        return None
    ordered = sorted(counts)
    ranks = [(n - 1) // 2, n // 2]  # the middle value, or the two middle ones
    found, seen = [], 0
    for value in ordered:
        while ranks and ranks[0] < seen + counts[value]:
            found.append(value)
            ranks.pop(0)
        seen += counts[value]
    return sum(found) / len(found)


def _moves(shift: ClientShift, labels: dict[str, str]) -> list[Move]:
    codes = set(shift.before.counts) | set(shift.after.counts)
    moves = [
        Move(
            code,
            labels.get(code, code),
            shift.before.counts.get(code, 0),
            shift.after.counts.get(code, 0),
            shift.before.share(code),
            shift.after.share(code),
        )
        for code in codes
    ]
    moves.sort(key=lambda m: (-abs(m.delta or 0), m.code))
    return moves


def shifts(
    filters: InsightFilters,
    reasons: dict,
    first_day: dt.date | None,
    client_ids: list[int],
    month_rows: list[tuple] | None = None,
) -> Shifts:
    """`reasons`: id → selectors.Reason; `first_day`: the first decline's day when the period is open-ended;
    `client_ids`: the clients to read (the client breakdown's largest, in its order); `month_rows`: the
    declines per (YYYYMM, main reason id) of the period when the breakdowns read the monthly sums: the
    agency's halves are summed from them when the cut falls between two months."""
    bounds = halves(filters, first_day)
    if bounds is None:
        return Shifts(None, None, None, [])
    start, middle, end, by_month = bounds
    early = Q(at__lt=day_start(middle))
    codes = {pk: r.code for pk, r in reasons.items()}
    labels = {r.code: r.label for r in reasons.values()}
    if filters.client is not None:
        client_ids = [filters.client.pk]
    client_ids = client_ids[:TOP_CLIENTS]

    def new_halves() -> tuple[Half, Half]:
        return Half(start, middle - dt.timedelta(days=1)), Half(middle, end)

    per: dict[object, tuple[Half, Half]] = defaultdict(new_halves)
    # The agency's declines per main reason and half: from the monthly sums, or one walk of the reasons' index
    # with each half counted apart.
    agency = per["agency"]
    if month_rows is not None and by_month:
        split = middle.year * 100 + middle.month
        for month, reason_id, n in month_rows:
            _add(agency[0 if month < split else 1], codes.get(reason_id, ""), n)
    else:
        rows = filters.with_(client=None).facts().values_list("primary_reason_id")
        rows = rows.annotate(before=Count("at", filter=early), after=Count("at", filter=~early)).order_by()
        for reason_id, n_before, n_after in rows:
            _add(agency[0], codes.get(reason_id, ""), n_before)
            _add(agency[1], codes.get(reason_id, ""), n_after)
    if client_ids:
        mine = filters.with_(client=None).facts().filter(client_id__in=client_ids)
        mine = mine.values_list("client_id", "primary_reason_id")
        for client_id, reason_id, n_before, n_after in mine.annotate(
            before=Count("at", filter=early), after=Count("at", filter=~early)
        ).order_by():
            _add(per[client_id][0], codes.get(reason_id, ""), n_before)
            _add(per[client_id][1], codes.get(reason_id, ""), n_after)
        # The terms: every offer the client had answered in each half (accepted or declined), counted per
        # salary and remote days (medians from the counts, exactly as from the values).
        offers = filters.with_(client=None).outcomes().filter(client_id__in=client_ids)
        offers = offers.values_list("client_id", "currency", "offered_salary", "remote_days")
        salaries: dict[tuple, dict] = defaultdict(lambda: defaultdict(int))
        remote: dict[tuple, dict] = defaultdict(lambda: defaultdict(int))
        for client_id, currency, salary, days, n_before, n_after in offers.annotate(
            before=Count("at", filter=early), after=Count("at", filter=~early)
        ).order_by():
            for h, n in ((0, n_before), (1, n_after)):
                if n:
                    remote[(client_id, h)][days] += n
                    if currency == "EUR" and salary:
                        salaries[(client_id, h)][salary] += n
        for client_id in client_ids:
            for h in (0, 1):
                found = per[client_id][h]
                found.offers = sum(salaries[(client_id, h)].values())
                found.salary = _median(salaries[(client_id, h)])
                found.remote_offers = sum(remote[(client_id, h)].values())
                found.remote = _median(remote[(client_id, h)])
    clients = {c.pk: c for c in Client.objects.filter(pk__in=client_ids).only("pk", "public_id", "name")}
    out = []
    for client_id in client_ids:
        before, after = per[client_id]
        client = clients.get(client_id)
        shift = ClientShift(client, client.name if client else "", before, after)
        shift.moves = _moves(shift, labels)
        out.append(shift)
    # Those whose terms changed first, the largest change first; then the others, in the breakdown's order.
    out.sort(
        key=lambda c: (
            not c.changed,
            -max(abs(c.salary_change or 0) / SALARY_CHANGE, abs(c.remote_change or 0)),
        )
    )
    before, after = agency
    agency_shift = ClientShift(None, _("The agency as a whole"), before, after)
    agency_shift.moves = _moves(agency_shift, labels)
    return Shifts(before, after, agency_shift, out)


def _add(half: Half, code: str, n: int) -> None:
    if n:
        half.declines += n
        half.counts[code] = half.counts.get(code, 0) + n


def sentence(shift: ClientShift, agency: ClientShift | None) -> str:
    """The change in plain words: "Salary: 45 % → 20 % of declines after offers rose from 42 k€ to 48 k€
    (agency: 38 % → 37 %)." Empty when there is nothing to say."""
    if not shift.changed:
        return ""
    if not shift.interpreted:
        return _(
            "Not interpreted: fewer than %(min)s declines in a half (%(before)s before, %(after)s after)."
        ) % {"min": MIN_GROUP, "before": shift.before.declines, "after": shift.after.declines}
    terms = []
    if shift.salary_changed:
        terms.append(
            (
                _("offers rose from %(before)s to %(after)s")
                if shift.salary_change > 0
                else _("offers fell from %(before)s to %(after)s")
            )
            % {"before": _keur(shift.before.salary), "after": _keur(shift.after.salary)}
        )
    if shift.remote_changed:
        terms.append(
            _("remote work went from %(before)s to %(after)s days a week")
            % {"before": _days(shift.before.remote), "after": _days(shift.after.remote)}
        )
    move = shift.moves[0] if shift.moves else None
    if move is None or move.delta is None:
        return ""
    text = _("%(reason)s: %(before)s → %(after)s of declines after %(terms)s") % {
        "reason": move.label,
        "before": pct(move.before_share),
        "after": pct(move.after_share),
        "terms": _(" and ").join(terms),
    }
    base = next((m for m in agency.moves if m.code == move.code), None) if agency is not None else None
    if base is not None and base.before_share is not None and base.after_share is not None:
        text += " " + _("(the agency as a whole: %(before)s → %(after)s)") % {
            "before": pct(base.before_share),
            "after": pct(base.after_share),
        }
    return text + "."


def _keur(value: float | None) -> str:
    return "—" if value is None else _("%(amount)s k€") % {"amount": decimal(value / 1000, 1)}


def _days(value: float | None) -> str:
    return "—" if value is None else decimal(value, 1)
