"""Where the breakdowns are read from: OfferFact walked per dimension (Walks), or the monthly sums of
FactMonth (MonthSums) when the filters are a period of whole months and nothing else.

Both answer the same questions with the same rows; tests compare them on the same data.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from operator import itemgetter

from django.db.models import Avg, Count, F, Q, Sum

from vivier.insights.facts import SALARY_COUNTS
from vivier.insights.filters import InsightFilters, day_start
from vivier.insights.models import FactMonth, OfferFact, SentMessage
from vivier.insights.quantiles import QUARTILES, Spread, Unindexed, _interpolate, ranked_spreads


class Walks:
    """The breakdowns read from OfferFact: one GROUP BY per dimension.

    Over a period alone, each walks the index (column, reason, at) in its order. Narrowed (by a client, a
    kind…), the matching rows are few: they are found through the filter's own index and sorted, the grouped
    columns written `+column` (Unindexed) so that SQLite does not walk every row in the group's order instead.
    """

    def __init__(self, filters: InsightFilters) -> None:
        self.filters = filters

    def _group(self, qs, *columns: str) -> list[tuple]:
        if self.filters.is_narrowed:
            names = {f"g_{c}": Unindexed(F(c)) for c in columns}
            qs = qs.annotate(**names)
            columns = tuple(names)
        return list(qs.values_list(*columns).annotate(n=Count("*")).order_by())

    def grouped(self, column: str) -> list[tuple]:
        """(value, primary reason id, count) rows."""
        return self._group(self.filters.facts(), column, "primary_reason_id")

    def family_sizes(self) -> list[tuple]:
        """(family, ROME code, count) rows."""
        return self._group(self.filters.facts(), "family", "rome_code")

    def family_detail(self, families: list[str]) -> list[tuple]:
        return self._group(self.filters.facts().filter(family__in=families), "family", "primary_reason_id")

    def client_sizes(self) -> list[tuple]:
        """(client id, count) rows."""
        return self._group(self.filters.facts(), "client_id")

    def client_detail(self, clients: list[int]) -> list[tuple]:
        """(client id, primary reason id, count) rows of these clients, through the client index."""
        rows = self.filters.facts().filter(client_id__in=clients)
        return list(rows.values_list("client_id", "primary_reason_id").annotate(n=Count("*")).order_by())

    def reply_counts(self) -> list[tuple[str, int, int, int]] | None:
        """Read live by touchpoints.reply_rates."""
        return None

    def salary_counts(self) -> dict[str, int]:
        """Declines giving salary as a reason: all, in other currencies, and in euros with each amount known."""
        eur = Q(currency="EUR")
        columns = {name: name if name.startswith("gap") else f"{name}_salary" for name in SALARY_COUNTS[2:]}
        return (
            self.filters.facts()
            .filter(mentions_salary=True)
            .aggregate(
                all=Count("*"),
                other=Count("currency", filter=~eur),
                **{name: Count(column, filter=eur) for name, column in columns.items()},
            )
        )

    def days(self, declines: int | None = None) -> Spread:
        """Quartiles of the days from offer to decline (`declines`: their count, when known)."""
        known = {"days": declines} if declines is not None else None
        return ranked_spreads(self.filters.facts(), known, days="days")["days"]

    def salary_spreads(self, counts: dict[str, int]) -> dict[str, Spread]:
        """In euros, the declines giving salary as a reason: quartiles of each amount and gap."""
        eur = self.filters.facts().filter(mentions_salary=True, currency="EUR")
        known = {name: counts[name] for name in SALARY_SPREADS}
        return ranked_spreads(eur, known, **SALARY_SPREADS)

    def remote_rows(self) -> list[dict]:
        """Declines giving remote work as a reason, per preference: n, average days offered and competing."""
        remote = self.filters.facts().filter(mentions_remote=True)
        return list(
            remote.values("expected_remote")
            .annotate(
                n=Count("*"),
                offered=Avg("remote_days"),
                competing=Avg("competing_remote_days"),
                known=Count("competing_remote_days"),
            )
            .order_by("expected_remote")
        )

    def people(self) -> int:
        """How many different people declined. Over a period alone: the declines of the period whose person
        had no decline before it in the period (OfferFact.prev_at), one walk of an index. Narrowed further,
        the people of the few matching rows."""
        if self.filters.beyond_period:
            return self.filters.facts().aggregate(n=Count("candidate_id", distinct=True))["n"]
        rows = OfferFact.objects.filter(accepted=False)
        if self.filters.date_to:
            rows = rows.filter(at__lt=day_start(self.filters.date_to + dt.timedelta(days=1)))
        if self.filters.date_from:
            start = day_start(self.filters.date_from)
            return rows.filter(Q(prev_at__isnull=True) | Q(prev_at__lt=start), at__gte=start).count()
        return rows.filter(prev_at__isnull=True).count()


class Rows(Walks):
    """Narrowed by more than the period (a client, a kind, a recruiter…): the matching declines are read once,
    through the filter's own index, with every column the figures need, and folded here. One read of their
    table rows instead of one per figure: each such read would look every row up again."""

    COLUMNS = (
        "month",
        "kind",
        "band",
        "recorded_by_id",
        "client_id",
        "family",
        "rome_code",
        "primary_reason_id",
        "candidate_id",
        "days",
        "currency",
        "offered_salary",
        "expected_salary",
        "competing_salary",
        "gap_expected",
        "gap_competing",
        "mentions_salary",
        "mentions_remote",
        "expected_remote",
        "remote_days",
        "competing_remote_days",
    )

    def __init__(self, filters: InsightFilters) -> None:
        super().__init__(filters)
        self._rows: list[tuple] | None = None
        self.at = {name: i for i, name in enumerate(self.COLUMNS)}  # column → position in a row

    @property
    def rows(self) -> list[tuple]:
        if self._rows is None:
            self._rows = list(self.filters.facts().values_list(*self.COLUMNS))
        return self._rows

    def _count(self, *columns: str, where=None) -> list[tuple]:
        getter = itemgetter(*(self.at[c] for c in columns))
        rows = self.rows if where is None else [r for r in self.rows if where(r)]
        found: Counter = Counter(getter(r) if len(columns) > 1 else (getter(r),) for r in rows)
        return [(*key, n) for key, n in found.items()]

    def grouped(self, column: str) -> list[tuple]:
        return self._count(column, "primary_reason_id")

    def family_sizes(self) -> list[tuple]:
        return self._count("family", "rome_code")

    def family_detail(self, families: list[str]) -> list[tuple]:
        chosen = set(families)
        return self._count("family", "primary_reason_id", where=lambda r: r[self.at["family"]] in chosen)

    def client_sizes(self) -> list[tuple]:
        return self._count("client_id")

    def client_detail(self, clients: list[int]) -> list[tuple]:
        chosen = set(clients)
        return self._count(
            "client_id", "primary_reason_id", where=lambda r: r[self.at["client_id"]] in chosen
        )

    def _eur_salary(self) -> list[tuple]:
        salary, currency = self.at["mentions_salary"], self.at["currency"]
        return [r for r in self.rows if r[salary] and r[currency] == "EUR"]

    def salary_counts(self) -> dict[str, int]:
        salary = sum(1 for r in self.rows if r[self.at["mentions_salary"]])
        eur = self._eur_salary()
        counts = {"all": salary, "other": salary - len(eur)}
        for name, column in SALARY_SPREADS.items():
            i = self.at[column]
            counts[name] = sum(1 for r in eur if r[i] is not None)
        return counts

    def days(self, declines: int | None = None) -> Spread:
        i = self.at["days"]
        return _spread([r[i] for r in self.rows if r[i] is not None])

    def salary_spreads(self, counts: dict[str, int]) -> dict[str, Spread]:
        eur = self._eur_salary()
        out = {}
        for name, column in SALARY_SPREADS.items():
            i = self.at[column]
            out[name] = _spread([r[i] for r in eur if r[i] is not None])
        return out

    def remote_rows(self) -> list[dict]:
        at = self.at
        groups: dict[str, list[tuple]] = {}
        for r in self.rows:
            if r[at["mentions_remote"]]:
                groups.setdefault(r[at["expected_remote"]], []).append(r)
        out = []
        for preference in sorted(groups):
            rows = groups[preference]
            competing = [
                r[at["competing_remote_days"]] for r in rows if r[at["competing_remote_days"]] is not None
            ]
            out.append(
                {
                    "expected_remote": preference,
                    "n": len(rows),
                    "offered": sum(r[at["remote_days"]] for r in rows) / len(rows),
                    "competing": sum(competing) / len(competing) if competing else None,
                    "known": len(competing),
                }
            )
        return out

    def people(self) -> int:
        i = self.at["candidate_id"]
        return len({r[i] for r in self.rows})


def _spread(values: list) -> Spread:
    """Quartiles as percentile_cont computes them, over values in memory."""
    if not values:
        return Spread(0)
    values.sort()
    return Spread(len(values), *(_interpolate(values, p) for p in QUARTILES))


# The salary figures' amounts and gaps: their name in SalaryGaps → the OfferFact column.
SALARY_SPREADS = {
    "offered": "offered_salary",
    "expected": "expected_salary",
    "competing": "competing_salary",
    "gap_expected": "gap_expected",
    "gap_competing": "gap_competing",
}


class MonthSums(Walks):
    """The same breakdowns from FactMonth, the monthly sums: for a period of whole months and no other filter
    (the dashboard's default), a few thousand rows instead of a walk of every decline per dimension."""

    DIMS = {"month": "kind", "kind": "kind", "band": "band", "recorded_by_id": "recorder", "family": "family"}

    def __init__(self, filters: InsightFilters, first: int | None, last: int | None) -> None:
        super().__init__(filters)
        self.first, self.last = first, last

    def _rows(self, dim: str):
        rows = FactMonth.objects.filter(dim=dim)
        if self.first is not None:
            rows = rows.filter(month__gte=self.first)
        if self.last is not None:
            rows = rows.filter(month__lte=self.last)
        return rows

    def grouped(self, column: str) -> list[tuple]:
        group = "month" if column == "month" else "value"
        rows = (
            self._rows(self.DIMS[column])
            .values_list(group, "primary_reason_id")
            .annotate(n=Sum("n"))
            .order_by()
        )
        if column == "recorded_by_id":  # stored as text: the user's id, or "" for none
            return [(int(v) if v else None, r, n) for v, r, n in rows]
        return list(rows)

    def family_sizes(self) -> list[tuple]:
        rows = self._rows("rome").values_list("value").annotate(n=Sum("n")).order_by()
        return [(code[:3], code, n) for code, n in rows]

    def family_detail(self, families: list[str]) -> list[tuple]:
        rows = self._rows("family").filter(value__in=families)
        return list(rows.values_list("value", "primary_reason_id").annotate(n=Sum("n")).order_by())

    def client_sizes(self) -> list[tuple]:
        rows = self._rows("client").values_list("value").annotate(n=Sum("n")).order_by()
        return [(int(v), n) for v, n in rows]

    def reply_counts(self) -> list[tuple[str, int, int, int]] | None:
        """(step, sent, replied, unsubscribed) per step, summed over the months; None when a message was sent
        after the period's end within its last month (the sums would count it)."""
        if self.filters.date_to and self.last is not None:
            following = self.filters.date_to + dt.timedelta(days=1)
            next_month = (following.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
            later = SentMessage.objects.filter(
                month=self.last, sent_at__gte=day_start(following), sent_at__lt=day_start(next_month)
            )
            if later.exists():
                return None
        counts: dict[str, list[int]] = {}
        rows = FactMonth.objects.filter(dim__in=("sent", "replied", "unsub"))
        if self.first is not None:
            rows = rows.filter(month__gte=self.first)
        if self.last is not None:
            rows = rows.filter(month__lte=self.last)
        for dim, step, n in rows.values_list("dim", "value").annotate(n=Sum("n")).order_by():
            counts.setdefault(step, [0, 0, 0])[("sent", "replied", "unsub").index(dim)] += n
        return [(step, *found) for step, found in counts.items() if found[0]]

    def salary_counts(self) -> dict[str, int]:
        found = dict(self._rows("salary").values_list("value").annotate(n=Sum("n")).order_by())
        return {name: found.get(name, 0) for name in SALARY_COUNTS}

    def people(self) -> int:
        # A person is counted at their first decline of the period: the months of the period whose declines
        # had no earlier one, or an earlier one before the period's first month ("prev" holds its month).
        rows = self._rows("prev")
        if self.first is not None:
            rows = rows.filter(Q(value="") | Q(value__lt=str(self.first)))
        else:
            rows = rows.filter(value="")
        return rows.aggregate(n=Sum("n"))["n"] or 0


def _yyyymm(day: dt.date) -> int:
    return day.year * 100 + day.month


def source_for(filters: InsightFilters) -> Walks:
    """Rows when narrowed by more than the period; MonthSums when the filters are a period of whole months
    and nothing else; else Walks.

    A period ending before the end of its month still counts as whole when nothing was declined after its
    end (today, in the default period): one index lookup says so.
    """
    if filters.is_narrowed:
        return Rows(filters)
    if filters.date_from and filters.date_from.day != 1:
        return Walks(filters)
    last = None
    if filters.date_to:
        last = _yyyymm(filters.date_to)
        following = filters.date_to + dt.timedelta(days=1)
        if _yyyymm(following) == last:  # the period stops within its last month: whole if nothing follows
            next_month = (following.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
            later = OfferFact.objects.filter(
                accepted=False, at__gte=day_start(following), at__lt=day_start(next_month)
            )
            if later.exists():
                return Walks(filters)
    return MonthSums(filters, _yyyymm(filters.date_from) if filters.date_from else None, last)
