"""The terms behind the declines: acceptance, time to decline, salary and remote gaps, boomerangs.

Aggregates in the database like the rest of the insights; money in euros only (other currencies are counted
apart). Split from selectors.py, which re-exports these names.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, Count, Exists, OuterRef, Q, Sum, Value, When

from vivier.insights.filters import NONE, REMOTE, SALARY, InsightFilters, day_start  # noqa: F401  (SALARY, REMOTE: re-exported)
from vivier.insights.models import OfferFact
from vivier.insights.quantiles import Spread, _interpolate, ranked_spreads
from vivier.insights.sources import Walks, source_for


def _pct(part: float, whole: float) -> float | None:
    """part / whole in percent, one decimal; None (never a division by zero) when whole is 0."""
    return round(part * 100 / whole, 1) if whole else None


@dataclass(frozen=True)
class Acceptance:
    accepted: int
    declined: int
    accepted_remote_days: float | None  # average remote days of the accepted offers, for comparison
    from_pool: int = 0  # accepted offers whose person had declined an offer before that application
    by_month: tuple[tuple[int, int, int], ...] = ()  # (YYYYMM, placements from the pool, other placements)

    @property
    def answered(self) -> int:
        return self.accepted + self.declined

    @property
    def rate(self) -> float | None:
        """Accepted offers over answered offers, in percent; None when no offer was answered."""
        return _pct(self.accepted, self.answered)

    @property
    def pool_share(self) -> float | None:
        """Placements from the pool over all placements of the period, in percent; None without any."""
        return _pct(self.from_pool, self.accepted)

    @property
    def others(self) -> int:
        return self.accepted - self.from_pool


def pool_q(filters: InsightFilters) -> Q:
    """The condition, on an accepted OfferFact, that it is a placement from the pool: the person had declined
    an offer before this application (a decline of the kind, main reason, salary band or reason given that
    the filters name, if they do; the period, client, recruiter and family filters apply to the placement)."""
    narrowed = filters.with_(
        date_from=None, date_to=None, client=None, recruiter_id=None, family="", boomerang=False
    )
    if not (narrowed.kind or narrowed.reason or narrowed.band or narrowed.mentions):
        return Q(from_pool=True)
    earlier = OfferFact.objects.filter(
        narrowed.fact_q(), candidate_id=OuterRef("candidate_id"), at__lt=OuterRef("applied_at")
    )
    # The people with such a decline first (one set, looked up by hash), then the date of one of theirs.
    return Q(candidate_id__in=narrowed.facts().values("candidate_id")) & Q(Exists(earlier))


def placements(filters: InsightFilters):
    """The accepted offers of the period under the filters (OfferFact rows): the placements."""
    # `accepted IN (true)`: SQLite seeks the index's accepted rows on it, not on a bare `accepted`.
    return filters.outcomes().filter(accepted__in=[True])


def acceptance(filters: InsightFilters, declines: int | None = None) -> Acceptance:
    """Offers answered in the period, and the placements, per month, from the pool or not.

    `declines`: the number of declines under the filters, when the caller has it and the declined side is the
    same (no recruiter, reason given or boomerang filter: those read the decline's recorder, not the offer's
    author): then only the accepted offers are read, through the front of their index.
    """
    pool = pool_q(filters)
    rows = placements(filters)
    if pool == Q(from_pool=True):  # the column itself: grouped in the order of the index
        rows = rows.values_list("month", "from_pool")
    else:
        rows = rows.annotate(pool=Case(When(pool, then=Value(1)), default=Value(0))).values_list(
            "month", "pool"
        )
    rows = list(rows.annotate(n=Count("*"), remote=Sum("remote_days")).order_by())
    accepted = sum(n for _m, _p, n, _r in rows)
    remote = sum(r or 0 for _m, _p, _n, r in rows)
    by_month: dict[int, list[int]] = {}
    for month, pool, n, _remote in rows:
        by_month.setdefault(month, [0, 0])[0 if pool else 1] += n
    if declines is None or filters.recruiter_id or filters.mentions or filters.boomerang:
        declines = filters.outcomes().filter(filters.declined_fact()).count()
    return Acceptance(
        accepted,
        declines,
        remote / accepted if accepted else None,
        sum(pool for pool, _other in by_month.values()),
        tuple((m, pool, other) for m, (pool, other) in sorted(by_month.items())),
    )


def days_to_decline(
    filters: InsightFilters, declines: int | None = None, source: Walks | None = None
) -> Spread:
    """Days from the offer to its decline (known for every decline: `declines` is their count, if known)."""
    return (source or source_for(filters)).days(declines)


def declined_people(filters: InsightFilters, source: Walks | None = None) -> int:
    """How many different people declined under the filters (see sources.Walks.people)."""
    return (source or source_for(filters)).people()


def days_and_people(
    filters: InsightFilters, declines: int | None = None, source: Walks | None = None
) -> tuple[Spread, int]:
    """Days from offer to decline, and how many different people declined."""
    source = source or source_for(filters)
    return days_to_decline(filters, declines, source), declined_people(filters, source)


@dataclass(frozen=True)
class SalaryGaps:
    """For declines that give salary as a reason, in euros only."""

    declines: int  # salary declines, every currency
    other_currency: int  # of which not in euros: left out of the figures below
    offered: Spread
    expected: Spread
    competing: Spread
    gap_expected_pct: Spread  # (offered - expected) / expected: negative when the offer was below
    gap_competing_pct: Spread  # (offered - competing) / competing


def _salary(filters: InsightFilters):
    return filters.facts().filter(mentions_salary=True)


def salary_gaps(filters: InsightFilters, source: Walks | None = None) -> SalaryGaps:
    source = source or source_for(filters)
    counts = source.salary_counts()
    counts["n"] = counts["all"]
    found = source.salary_spreads(counts)
    return SalaryGaps(
        declines=counts["n"],
        other_currency=counts["other"],
        offered=found["offered"],
        expected=found["expected"],
        competing=found["competing"],
        gap_expected_pct=found["gap_expected"],
        gap_competing_pct=found["gap_competing"],
    )


def salary_gap_expected(filters: InsightFilters) -> Spread:
    """Only the offered-vs-expected gap of the salary declines (the API's figure), in euros."""
    eur = _salary(filters).filter(currency="EUR")
    return ranked_spreads(eur, fetch=filters.is_narrowed, gap="gap_expected")["gap"]


@dataclass(frozen=True)
class RemoteGaps:
    """For declines that give the remote-work policy as a reason."""

    declines: int
    offered_days: float | None  # average remote days a week in the declined offers
    competing_days: float | None  # in the competing offers, where known
    competing_known: int
    by_preference: list[tuple[str, int, float | None]]  # (candidate's preference, declines, avg days offered)


def remote_gaps(filters: InsightFilters, source: Walks | None = None) -> RemoteGaps:
    rows = (source or source_for(filters)).remote_rows()
    total = sum(r["n"] for r in rows)
    if not total:
        return RemoteGaps(0, None, None, 0, [])
    offered = sum((r["offered"] or 0) * r["n"] for r in rows) / total
    known = sum(r["known"] for r in rows)
    competing = sum((r["competing"] or 0) * r["known"] for r in rows) / known if known else None
    return RemoteGaps(
        total, offered, competing, known, [(r["expected_remote"] or NONE, r["n"], r["offered"]) for r in rows]
    )


def spread_of(values: list[float]) -> Spread:
    """Quartiles of a few values already in memory (the boomerangs: hundreds, not thousands)."""
    if not values:
        return Spread(0)
    ordered = sorted(values)
    return Spread(len(ordered), *(_interpolate(ordered, p) for p in (0.25, 0.5, 0.75)))


@dataclass(frozen=True)
class Boomerangs:
    """People who declined (a decline under the filters) and later accepted an offer, from any client."""

    people: int
    declined_people: int
    days: Spread  # from their first such decline to the first acceptance after it

    @property
    def share(self) -> float | None:
        return _pct(self.people, self.declined_people)


def boomerangs(filters: InsightFilters, people: int | None = None, found=None) -> Boomerangs:
    """`found`: the returners (vivier.insights.touchpoints.returners), when the caller has them."""
    if found is None:
        from vivier.insights.touchpoints import returners  # touchpoints builds on this module

        found = returners(filters)
    people = declined_people(filters) if people is None else people
    return Boomerangs(len(found), people, spread_of([r.days_to_accept for r in found]))
