"""The terms behind the declines: acceptance, time to decline, salary and remote gaps, boomerangs.

Aggregates in the database like the rest of the insights; money in euros only (other currencies are counted
apart). Split from selectors.py, which re-exports these names.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Avg, Count, Exists, F, FloatField, Min, OuterRef, Q, Subquery
from django.db.models.functions import Cast, NullIf

from vivier.insights.filters import NONE, InsightFilters
from vivier.insights.quantiles import DaysBetween, Spread, spread, spreads
from vivier.talent.models import Decline, Offer, OfferStatus

SALARY = "salary"
REMOTE = "remote_policy"


def _pct(part: float, whole: float) -> float | None:
    """part / whole in percent, one decimal; None (never a division by zero) when whole is 0."""
    return round(part * 100 / whole, 1) if whole else None


@dataclass(frozen=True)
class Acceptance:
    accepted: int
    declined: int
    accepted_remote_days: float | None  # average remote days of the accepted offers, for comparison

    @property
    def answered(self) -> int:
        return self.accepted + self.declined

    @property
    def rate(self) -> float | None:
        """Accepted offers over answered offers, in percent; None when no offer was answered."""
        return _pct(self.accepted, self.answered)


def acceptance(filters: InsightFilters) -> Acceptance:
    accepted = Q(status=OfferStatus.ACCEPTED)
    row = filters.answered_offers().aggregate(
        accepted=Count("id", filter=accepted),
        declined=Count("id", filter=filters.declined_side()),
        remote=Avg("remote_days_per_week", filter=accepted),
    )
    return Acceptance(row["accepted"], row["declined"], row["remote"])


def days_to_decline(filters: InsightFilters) -> Spread:
    """Days from the offer to its decline."""
    return spread(filters.declines(), DaysBetween(F("created_at"), F("offer__created_at")))


def days_and_people(filters: InsightFilters) -> tuple[Spread, int]:
    """Days from offer to decline, and how many different people declined: one pass for both."""
    found = spreads(
        filters.declines(), distinct="candidate_id", days=DaysBetween(F("created_at"), F("offer__created_at"))
    )
    return found["days"], found["distinct"]


def _with_reason(qs, code: str):
    """Declines that give this reason, as the main one or not."""
    through = Decline.reasons.through
    return qs.filter(Exists(through.objects.filter(decline_id=OuterRef("pk"), declinereason__code=code)))


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


def _gap(a: str, b: str):
    """(a - b) / b in percent; NULL when b is unknown or zero (percentiles skip NULLs)."""
    return Cast(F(a) - F(b), FloatField()) * 100.0 / Cast(NullIf(F(b), 0), FloatField())


def salary_gaps(filters: InsightFilters) -> SalaryGaps:
    salary = _with_reason(filters.declines(), SALARY)
    counts = salary.aggregate(n=Count("id"), other=Count("id", filter=~Q(offered_currency="EUR")))
    found = spreads(
        salary.filter(offered_currency="EUR"),
        offered=F("offered_salary"),
        expected=NullIf(F("expected_salary"), 0),
        competing=NullIf(F("competing_salary"), 0),
        gap_expected=_gap("offered_salary", "expected_salary"),
        gap_competing=_gap("offered_salary", "competing_salary"),
    )
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
    eur = _with_reason(filters.declines(), SALARY).filter(offered_currency="EUR")
    return spread(eur, _gap("offered_salary", "expected_salary"))


@dataclass(frozen=True)
class RemoteGaps:
    """For declines that give the remote-work policy as a reason."""

    declines: int
    offered_days: float | None  # average remote days a week in the declined offers
    competing_days: float | None  # in the competing offers, where known
    competing_known: int
    by_preference: list[tuple[str, int, float | None]]  # (candidate's preference, declines, avg days offered)


def remote_gaps(filters: InsightFilters) -> RemoteGaps:
    remote = _with_reason(filters.declines(), REMOTE)
    rows = list(
        remote.values("expected_remote")
        .annotate(
            n=Count("id"),
            offered=Avg("offered_remote_days"),
            competing=Avg("competing_remote_days"),
            known=Count("competing_remote_days"),
        )
        .order_by("expected_remote")
    )
    total = sum(r["n"] for r in rows)
    if not total:
        return RemoteGaps(0, None, None, 0, [])
    offered = sum((r["offered"] or 0) * r["n"] for r in rows) / total
    known = sum(r["known"] for r in rows)
    competing = sum((r["competing"] or 0) * r["known"] for r in rows) / known if known else None
    return RemoteGaps(
        total, offered, competing, known, [(r["expected_remote"] or NONE, r["n"], r["offered"]) for r in rows]
    )


@dataclass(frozen=True)
class Boomerangs:
    """People who declined (a decline under the filters) and later accepted an offer, from any client."""

    people: int
    declined_people: int
    days: Spread  # from their first such decline to the first acceptance after it

    @property
    def share(self) -> float | None:
        return _pct(self.people, self.declined_people)


def boomerangs(filters: InsightFilters, declined_people: int | None = None) -> Boomerangs:
    # From the accepted offers (fewer than the declines), each looking up its person's first earlier decline
    # under the filters through the decline's candidate index: twice as fast as joining from the declines.
    first_decline = (
        filters.declines()
        .filter(candidate_id=OuterRef("application__candidate_id"), created_at__lt=OuterRef("decided_at"))
        .values("candidate_id")
        .annotate(first=Min("created_at"))
        .values("first")
    )
    per_person = (
        Offer.objects.filter(status=OfferStatus.ACCEPTED)
        .annotate(first_decline=Subquery(first_decline))
        .filter(first_decline__isnull=False)
        .values("application__candidate_id")
        .annotate(first=Min("first_decline"), back_at=Min("decided_at"))
    )
    days = spread(per_person, DaysBetween(F("back_at"), F("first")))
    if declined_people is None:
        declined_people = filters.declines().values("candidate_id").distinct().count()
    return Boomerangs(days.n, declined_people, days)
