"""The client report: one client's declines over a period, anonymised, against the agency's other clients.

Anonymity rules (nothing in the report may let a client recognise a candidate):
- the whole report refuses under MIN_GROUP declines;
- in every breakdown a group under MIN_GROUP people shows as "fewer than 5", and is pooled with others so
  that no hidden count can be worked out from the total (secondary suppression: when the hidden groups add
  up to less than MIN_GROUP, the smallest shown groups join the pool until it reaches MIN_GROUP);
- medians and spreads are shown only over at least MIN_GROUP people;
- no names, e-mails, free text, dates of single declines or competing employers: only counts, shares and
  medians leave this module.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Q
from django.utils.translation import gettext as _

from vivier.insights import charts, selectors
from vivier.insights.filters import InsightFilters
from vivier.insights.numbers import decimal, pct
from vivier.insights.quantiles import Spread
from vivier.talent.models import Client, DeclineKind, OfferStatus

MIN_GROUP = 5


@dataclass
class Cell:
    """One group of a breakdown as the client may see it."""

    code: str
    label: str
    count: int | None  # None: hidden (fewer than MIN_GROUP, or pooled to protect a smaller group)
    share: float | None
    small: bool = False  # hidden because the group itself is smaller than MIN_GROUP
    others_share: float | None = None  # the same reason's share at the agency's other clients

    @property
    def hidden(self) -> bool:
        return self.count is None


@dataclass
class Table:
    cells: list[Cell]
    pooled: int | None = None  # the hidden groups together (always >= MIN_GROUP), or None
    pooled_share: float | None = None


def anonymise(counts: dict[str, int], labels: dict[str, str], total: int) -> Table:
    """The breakdown with every group under MIN_GROUP hidden, and no hidden count derivable from the rest."""
    groups = sorted(((c, n) for c, n in counts.items() if n > 0), key=lambda kv: (-kv[1], kv[0]))
    hidden = {c for c, n in groups if n < MIN_GROUP}
    pool = sum(counts[c] for c in hidden)
    visible = [c for c, _n in groups if c not in hidden]
    while hidden and pool < MIN_GROUP and visible:
        smallest = visible.pop()  # groups are sorted by size: the last visible one is the smallest
        hidden.add(smallest)
        pool += counts[smallest]
    cells = []
    for code, n in groups:
        if code in hidden:
            cells.append(Cell(code, labels.get(code, code), None, None, small=n < MIN_GROUP))
        else:
            cells.append(Cell(code, labels.get(code, code), n, selectors._pct(n, total)))
    if not hidden:
        return Table(cells)
    # With nothing left visible the pool is the total: still at least MIN_GROUP, since the report refuses
    # smaller ones.
    return Table(cells, pool, selectors._pct(pool, total))


@dataclass
class Recommendation:
    key: str
    text: str
    weight: float  # how strongly the data supports it, to keep the three strongest


@dataclass
class ClientReport:
    client: Client
    date_from: dt.date
    date_to: dt.date
    total: int
    enough: bool
    reasons: Table | None = None
    kinds: Table | None = None
    others_total: int = 0
    acceptance_rate: float | None = None
    others_acceptance_rate: float | None = None
    salary_declines: int = 0
    other_currency: int = 0
    gap_expected: Spread = field(default_factory=lambda: Spread(0))
    gap_competing: Spread = field(default_factory=lambda: Spread(0))
    remote_declines: int = 0
    remote_offered: float | None = None  # average remote days a week in this client's answered offers
    remote_accepted_elsewhere: float | None = None
    days_to_decline: Spread = field(default_factory=lambda: Spread(0))
    recommendations: list[Recommendation] = field(default_factory=list)
    chart: charts.Chart | None = None

    @property
    def min_group(self) -> int:
        return MIN_GROUP


def _reason_chart(table: Table) -> charts.Chart:
    """Share against share, for the reasons shown: a hidden group draws no bar."""
    rows = [
        (c.label, c.share, c.others_share, pct(c.share), pct(c.others_share) or "—")
        for c in table.cells
        if not c.hidden
    ]
    return charts.paired_chart(_("Main reasons: your share against the agency's other clients"), rows)


def _shown(s: Spread) -> Spread:
    """A median over fewer than MIN_GROUP people could describe one of them: not shown."""
    return s if s.n >= MIN_GROUP else Spread(s.n)


def _reason_counts(filters: InsightFilters) -> dict[str, int]:
    rows = filters.declines().values("primary_reason__code").annotate(n=Count("id")).order_by()
    return {r["primary_reason__code"]: r["n"] for r in rows}


def _others_counts(client: Client, date_from: dt.date, date_to: dt.date) -> dict[str, int]:
    """Primary reasons at every other client over the same period."""
    qs = InsightFilters(date_from=date_from, date_to=date_to).declines()
    qs = qs.exclude(client_id=client.pk)
    rows = qs.values("primary_reason__code").annotate(n=Count("id")).order_by()
    return {r["primary_reason__code"]: r["n"] for r in rows}


def client_report(client: Client, date_from: dt.date, date_to: dt.date) -> ClientReport:
    """Build the report in the active language (the caller wraps it in translation.override)."""
    selectors.ensure_current()
    filters = InsightFilters(date_from=date_from, date_to=date_to, client=client)
    counts = _reason_counts(filters)
    total = sum(counts.values())
    report = ClientReport(client, date_from, date_to, total, total >= MIN_GROUP)
    if not report.enough:
        return report  # nothing else is computed, so nothing else can leak

    reasons = selectors.reasons_by_id().values()
    labels = {r.code: r.label for r in reasons}
    report.reasons = anonymise(counts, labels, total)
    others = _others_counts(client, date_from, date_to)
    report.others_total = sum(others.values())
    for cell in report.reasons.cells:
        n_other = others.get(cell.code, 0)
        if report.others_total >= MIN_GROUP and n_other >= MIN_GROUP:
            cell.others_share = selectors._pct(n_other, report.others_total)

    report.chart = _reason_chart(report.reasons)

    kind_rows = filters.declines().values("kind").annotate(n=Count("id")).order_by()
    report.kinds = anonymise(
        {r["kind"]: r["n"] for r in kind_rows}, {k.value: str(k.label) for k in DeclineKind}, total
    )

    mine = filters.answered_offers().aggregate(
        accepted=Count("id", filter=Q(status=OfferStatus.ACCEPTED)),
        answered=Count("id"),
        remote=Avg("remote_days_per_week"),
    )
    if mine["answered"] >= MIN_GROUP:
        report.acceptance_rate = selectors._pct(mine["accepted"], mine["answered"])
        report.remote_offered = mine["remote"]
    everyone = InsightFilters(date_from=date_from, date_to=date_to)
    others_offers = (
        everyone.answered_offers()
        .exclude(application__job__client_id=client.pk)
        .aggregate(
            accepted=Count("id", filter=Q(status=OfferStatus.ACCEPTED)),
            answered=Count("id"),
            accepted_remote=Avg("remote_days_per_week", filter=Q(status=OfferStatus.ACCEPTED)),
        )
    )
    if others_offers["answered"] >= MIN_GROUP:
        report.others_acceptance_rate = selectors._pct(others_offers["accepted"], others_offers["answered"])
    if others_offers["accepted"] >= MIN_GROUP:
        report.remote_accepted_elsewhere = others_offers["accepted_remote"]

    salary = selectors.salary_gaps(filters)
    report.salary_declines, report.other_currency = salary.declines, salary.other_currency
    report.gap_expected = _shown(salary.gap_expected_pct)
    report.gap_competing = _shown(salary.gap_competing_pct)

    report.remote_declines = selectors.remote_gaps(filters).declines
    report.days_to_decline = _shown(selectors.days_to_decline(filters))
    report.recommendations = recommend(report, counts, others)
    return report


def _days(value: float) -> str:
    return decimal(value)


def recommend(report: ClientReport, counts: dict[str, int], others: dict[str, int]) -> list[Recommendation]:
    """Up to three recommendations, each only when the figures behind it reach MIN_GROUP people.

    Every number in a sentence is computed from the client's data; a rule whose data is missing or too thin
    says nothing rather than something generic.
    """
    out: list[Recommendation] = []
    total = report.total
    remote_n = counts.get(selectors.REMOTE, 0)
    if (
        remote_n >= MIN_GROUP
        and report.remote_offered is not None
        and report.remote_accepted_elsewhere is not None
        and report.remote_accepted_elsewhere - report.remote_offered >= 0.5
    ):
        out.append(
            Recommendation(
                "remote",
                _(
                    "%(n)s of your %(total)s declines give remote work as the main reason; your offers give "
                    "%(mine)s d/week of remote work, the offers accepted at the agency's other clients give "
                    "%(theirs)s d/week. Offering as much would meet what candidates accept elsewhere."
                )
                % {
                    "n": remote_n,
                    "total": total,
                    "mine": _days(report.remote_offered),
                    "theirs": _days(report.remote_accepted_elsewhere),
                },
                weight=remote_n / total + (report.remote_accepted_elsewhere - report.remote_offered) / 5,
            )
        )

    salary_n = counts.get(selectors.SALARY, 0)
    gap = report.gap_expected
    if salary_n >= MIN_GROUP and gap.median is not None and gap.median <= -3:
        text = _(
            "%(n)s of your %(total)s declines give pay as the main reason; your offers were a median "
            "%(gap)s below what those candidates expected."
        ) % {"n": salary_n, "total": total, "gap": pct(abs(gap.median))}
        if report.gap_competing.median is not None and report.gap_competing.median < 0:
            text += " " + _("The competing offers they took paid a median %(gap)s more than yours.") % {
                "gap": pct(abs(report.gap_competing.median))
            }
        text += " " + _("Budget the salary at the candidates' expectation from the first interview.")
        out.append(Recommendation("salary", text, weight=salary_n / total + abs(gap.median) / 100))

    counter_n = counts.get("counter_offer", 0)
    if counter_n >= MIN_GROUP:
        out.append(
            Recommendation(
                "counter_offer",
                _(
                    "%(n)s of your %(total)s declines went to a counter-offer from the current employer: "
                    "ask early "
                    "what would make the candidate stay, and make the offer answer it."
                )
                % {"n": counter_n, "total": total},
                weight=counter_n / total,
            )
        )

    process_n = counts.get("recruitment_process", 0)
    days = report.days_to_decline
    if process_n >= MIN_GROUP:
        out.append(
            Recommendation(
                "process",
                _(
                    "%(n)s of your %(total)s declines blame the recruitment process: shorten it and give "
                    "every "
                    "finalist an answer within a week."
                )
                % {"n": process_n, "total": total},
                weight=process_n / total,
            )
        )
    elif days.median is not None and days.median >= 7 and days.n >= MIN_GROUP:
        out.append(
            Recommendation(
                "speed",
                _(
                    "Candidates took a median of %(days)s days to decline your offers: the longer an offer "
                    "waits, "
                    "the more competing offers arrive. Ask for an answer within a few days."
                )
                % {"days": _days(days.median)},
                weight=0.05,
            )
        )

    # Any reason clearly more frequent than at the agency's other clients.
    others_total = sum(others.values())
    labels = {c.code: c.label for c in (report.reasons.cells if report.reasons else [])}
    covered = {
        "remote": selectors.REMOTE,
        "salary": selectors.SALARY,
        "counter_offer": "counter_offer",
        "process": "recruitment_process",
    }
    said = {covered[r.key] for r in out if r.key in covered}
    if others_total >= MIN_GROUP:
        for code, n in sorted(counts.items(), key=lambda kv: -kv[1]):
            if n < MIN_GROUP or code in said:
                continue
            mine, theirs = n * 100 / total, others.get(code, 0) * 100 / others_total
            if mine - theirs >= 10:
                out.append(
                    Recommendation(
                        f"reason:{code}",
                        _(
                            "%(share)s of your declines give “%(reason)s” as the main reason, "
                            "against %(others)s at the agency's other clients: this is where your offers "
                            "differ most from theirs."
                        )
                        % {"share": pct(mine), "reason": labels.get(code, code), "others": pct(theirs)},
                        weight=(mine - theirs) / 100,
                    )
                )
    out.sort(key=lambda r: -r.weight)
    return out[:3]


def period_default(today: dt.date) -> tuple[dt.date, dt.date]:
    """The last twelve full months and the current one: a client report looks back a year."""
    start = (today.replace(day=1) - dt.timedelta(days=335)).replace(day=1)
    return start, today


def as_counts(table: Table | None) -> dict[str, int | None]:
    """{code: count or None}: what the tests and the PDF check compare."""
    return {c.code: c.count for c in table.cells} if table else {}
