"""The outreach seen from the analytics: reply and unsubscribe rates per step of the follow-up, and through
which touchpoint the boomerangs came back. The messages are read from SentMessage (the figures' log of the
messages sent, kept by facts.facts_sync), their steps as vivier.insights.steps names them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.lookups import LessThanOrEqual

# A reply or an unsubscribe counts for the last message sent to the person before it, within this many days
# (defined with the monthly sums, which depend on it).
from vivier.insights.facts import REPLY_DAYS  # noqa: E402
from vivier.insights.filters import InsightFilters, day_start
from vivier.insights.models import OfferFact, SentMessage
from vivier.insights.quantiles import DaysBetween, Spread
from vivier.insights.steps import (  # noqa: F401  (re-exported)
    CADENCE_KINDS,
    CADENCE_PREFIX,
    CHECK_IN_RE,
    NO_TOUCH,
    STEP_START,
    TOUCH_DAYS,
    UNSUBSCRIBES,
    step_key,
    step_label,
    step_of,
    step_order,
)
from vivier.insights.terms import _pct, spread_of

# --- reply rates per step ---------------------------------------------------------------------------------


@dataclass
class StepRate:
    key: str
    label: str
    sent: int
    replied: int = 0
    unsubscribed: int = 0

    @property
    def reply_rate(self) -> float | None:
        return _pct(self.replied, self.sent)

    @property
    def unsubscribe_rate(self) -> float | None:
        return _pct(self.unsubscribed, self.sent)


@dataclass
class ReplyRates:
    steps: list[StepRate]
    days: int = REPLY_DAYS

    @property
    def sent(self) -> int:
        return sum(s.sent for s in self.steps)

    @property
    def replied(self) -> int:
        return sum(s.replied for s in self.steps)

    @property
    def unsubscribed(self) -> int:
        return sum(s.unsubscribed for s in self.steps)

    @property
    def empty(self) -> bool:
        return not self.steps

    def step(self, key: str) -> StepRate | None:
        return next((s for s in self.steps if s.key == key), None)


def _period(filters: InsightFilters) -> tuple[dt.datetime | None, dt.datetime | None]:
    start = day_start(filters.date_from) if filters.date_from else None
    end = day_start(filters.date_to + dt.timedelta(days=1)) if filters.date_to else None
    return start, end


def sent_messages(filters: InsightFilters) -> QuerySet[SentMessage]:
    """The messages sent in the period (SentMessage rows). Narrowed by client, kind, recruiter, family or
    reason, those sent to a person with a decline matching them, recorded before the message: first the
    people of the matching declines (through the filters' indexes), then their messages."""
    qs = SentMessage.objects.all()
    start, end = _period(filters)
    if start:
        qs = qs.filter(sent_at__gte=start)
    if end:
        qs = qs.filter(sent_at__lt=end)
    if filters.is_narrowed:
        declines = filters.with_(date_from=None, date_to=None)
        qs = qs.filter(candidate_id__in=declines.facts().values("candidate_id"))
        earlier = OfferFact.objects.filter(
            declines.fact_q(), candidate_id=OuterRef("candidate_id"), at__lt=OuterRef("sent_at")
        )
        qs = qs.filter(Exists(earlier))
    return qs


def answered(filters: InsightFilters, outcome: str, days: int = REPLY_DAYS) -> QuerySet[SentMessage]:
    """The messages of the figure answered within `days`: "replied" or "unsubscribed"."""
    column = "replied_after" if outcome == "replied" else "unsubscribed_after"
    return sent_messages(filters).filter(**{f"{column}__lte": days})


def reply_rates(filters: InsightFilters, days: int = REPLY_DAYS, source=None) -> ReplyRates:
    """Per step: messages sent in the period, those the person answered within `days` (a reply logged on
    their record, before any other message went to them), and those followed by an unsubscribe.

    Over whole months and no other filter, from the monthly sums (`source`, sources.MonthSums)."""
    summed = source.reply_counts() if source is not None and days == REPLY_DAYS else None
    if summed is not None:
        steps = [StepRate(key, step_label(key), n, replied, unsub) for key, n, replied, unsub in summed]
        steps.sort(key=lambda s: step_order(s.key))
        return ReplyRates(steps, days)
    rows = (
        sent_messages(filters)
        .values_list("step")
        .annotate(
            n=Count("*"),
            replied=Count("replied_after", filter=Q(replied_after__lte=days)),
            unsubscribed=Count("unsubscribed_after", filter=Q(unsubscribed_after__lte=days)),
        )
        .order_by()
    )
    steps = [StepRate(key, step_label(key), n, replied, unsub) for key, n, replied, unsub in rows]
    steps.sort(key=lambda s: step_order(s.key))
    return ReplyRates(steps, days)


# --- touchpoint attribution of the boomerangs ----------------------------------------------------------------


@dataclass(frozen=True)
class Returner:
    """A boomerang: a person with a decline under the filters who accepted an offer (any client) after it."""

    candidate_id: int
    offer_id: int  # of their first decline under the filters
    returned_offer_id: int  # the first offer they accepted after it
    days_to_accept: float
    days_to_return: float  # from the decline to the application of that offer: when they came back
    touch: str  # the step of the last message sent in TOUCH_DAYS before that application, or NO_TOUCH


def _last_touch() -> QuerySet[SentMessage]:
    return (
        SentMessage.objects.filter(
            candidate_id=OuterRef("candidate_id"),
            sent_at__lt=OuterRef("returned_applied_at"),
            sent_at__gt=OuterRef("at"),
        )
        .filter(LessThanOrEqual(DaysBetween(OuterRef("returned_applied_at"), F("sent_at")), TOUCH_DAYS))
        .order_by("-sent_at", "-message_id")
    )


def returners(filters: InsightFilters) -> list[Returner]:
    """The boomerangs, each with the first offer they accepted after their first decline under the filters,
    and the touchpoint they came back through.

    Over a period alone, a person's first decline of the period is the one whose previous decline is before
    the period (OfferFact.prev_at): one row per person, through a small index. Narrowed further, the matching
    declines of each person are few, and the first is kept here.
    """
    rows = filters.facts().filter(returned_at__isnull=False)
    start, _end = _period(filters)
    if not filters.beyond_period:
        rows = (
            rows.filter(Q(prev_at__isnull=True) | Q(prev_at__lt=start))
            if start
            else rows.filter(prev_at__isnull=True)
        )
    touch = _last_touch()
    rows = (
        rows.annotate(
            accept_days=DaysBetween(F("returned_at"), F("at")),
            return_days=DaysBetween(F("returned_applied_at"), F("at")),
            touch=Subquery(touch.values("step")[:1]),
        )
        .values_list("candidate_id", "offer_id", "returned_offer_id", "accept_days", "return_days", "touch")
        .order_by()
    )
    if filters.beyond_period:  # several rows per person: their first
        rows = rows.order_by("candidate_id", "at", "offer_id")
    found: dict[int, Returner] = {}
    for candidate_id, offer_id, back, accept, back_days, step in rows:
        if candidate_id not in found:  # the first of their matching declines
            found[candidate_id] = Returner(
                candidate_id, offer_id, back, accept, max(back_days, 0.0), step or NO_TOUCH
            )
    return list(found.values())


@dataclass
class TouchRow:
    key: str
    label: str
    people: int
    share: float | None
    days: Spread  # from the decline to the new application


@dataclass
class Attribution:
    rows: list[TouchRow]
    people: int
    days: int = TOUCH_DAYS

    @property
    def empty(self) -> bool:
        return self.people == 0


def attribution(found: list[Returner]) -> Attribution:
    groups: dict[str, list[Returner]] = {}
    for r in found:
        groups.setdefault(r.touch, []).append(r)
    total = len(found)
    rows = [
        TouchRow(
            key, step_label(key), len(rs), _pct(len(rs), total), spread_of([r.days_to_return for r in rs])
        )
        for key, rs in groups.items()
    ]
    rows.sort(key=lambda r: (-r.people, step_order(r.key)))
    return Attribution(rows, total)
