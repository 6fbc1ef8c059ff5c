"""Reads of the survey results: every figure obeys the same filters, each list is one query.

"Sent" is a survey whose message went (Message.sent_at) or that was answered; the period is the date the
survey was planned, i.e. the decline's (as the insights). The NPS is the share of promoters (9–10) minus
the share of detractors (0–6), in points from −100 to +100, among the answers; it is shown only from
MIN_ANSWERS answers (rules.py), for the whole page as for each group.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from vivier.surveys.models import SurveyResponse
from vivier.surveys.rules import MIN_ANSWERS

NONE = "none"  # the recruiter filter's "not recorded"
COMMENTS_SHOWN = 20


@dataclass(frozen=True)
class SurveyFilters:
    date_from: dt.date | None = None
    date_to: dt.date | None = None  # inclusive
    client: object | None = None
    recruiter: object | None = None  # a User, NONE, or None for everyone

    def query(self) -> str:
        """The filters as the query string of the page's links (CSV)."""
        params = {
            "from": self.date_from.isoformat() if self.date_from else "",
            "to": self.date_to.isoformat() if self.date_to else "",
        }
        if self.client is not None:
            params["client"] = str(self.client.public_id)
        if self.recruiter == NONE:
            params["recruiter"] = NONE
        elif self.recruiter is not None:
            params["recruiter"] = str(self.recruiter.public_id)
        return urlencode(params)


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def responses(filters: SurveyFilters) -> QuerySet:
    """The surveys sent (or answered) that the filters select."""
    qs = SurveyResponse.objects.filter(Q(message__sent_at__isnull=False) | Q(answered_at__isnull=False))
    if filters.date_from:
        qs = qs.filter(created_at__gte=_day_start(filters.date_from))
    if filters.date_to:
        qs = qs.filter(created_at__lt=_day_start(filters.date_to + dt.timedelta(days=1)))
    if filters.client is not None:
        qs = qs.filter(client=filters.client)
    if filters.recruiter == NONE:
        qs = qs.filter(recruiter__isnull=True)
    elif filters.recruiter is not None:
        qs = qs.filter(recruiter=filters.recruiter)
    return qs


COUNTS = {
    "sent": Count("id"),
    "answered": Count("id", filter=Q(score__isnull=False)),
    "promoters": Count("id", filter=Q(score__gte=9)),
    "passives": Count("id", filter=Q(score__gte=7, score__lte=8)),
    "detractors": Count("id", filter=Q(score__lte=6)),
}


@dataclass
class Score:
    sent: int = 0
    answered: int = 0
    promoters: int = 0
    passives: int = 0
    detractors: int = 0

    @classmethod
    def of(cls, row: dict) -> Score:
        return cls(**{k: row.get(k) or 0 for k in COUNTS})

    @property
    def shown(self) -> bool:
        """Enough answers for the NPS to mean something and to hide each person's score."""
        return self.answered >= MIN_ANSWERS

    @property
    def response_rate(self) -> float | None:
        return self.answered * 100 / self.sent if self.sent else None

    def _share(self, n: int) -> float | None:
        return n * 100 / self.answered if self.answered and self.shown else None

    @property
    def promoters_pct(self) -> float | None:
        return self._share(self.promoters)

    @property
    def passives_pct(self) -> float | None:
        return self._share(self.passives)

    @property
    def detractors_pct(self) -> float | None:
        return self._share(self.detractors)

    @property
    def nps(self) -> int | None:
        """Rounded half away from zero (a true −12.5 is −13); None below MIN_ANSWERS answers."""
        if not self.shown:
            return None
        exact = Decimal((self.promoters - self.detractors) * 100) / Decimal(self.answered)
        return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass
class Group:
    key: str
    label: str
    score: Score
    public_id: str = ""
    month: dt.date | None = None  # the first day of the month, for the monthly table


@dataclass
class Results:
    summary: Score
    distribution: list[tuple[int, int]]  # (score, answers) for 0..10
    by_client: list[Group]
    by_recruiter: list[Group]
    by_month: list[Group]
    comments: list[SurveyResponse] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.summary.sent


def summary(filters: SurveyFilters) -> Score:
    return Score.of(responses(filters).aggregate(**COUNTS))


def distribution(filters: SurveyFilters) -> list[tuple[int, int]]:
    counts = dict(
        responses(filters)
        .filter(score__isnull=False)
        .order_by()
        .values_list("score")
        .annotate(n=Count("id"))
        .values_list("score", "n")
    )
    return [(n, counts.get(n, 0)) for n in range(11)]


def by_client(filters: SurveyFilters) -> list[Group]:
    rows = (
        responses(filters)
        .order_by()
        .values("client__public_id", "client__name")
        .annotate(**COUNTS)
        .order_by("client__name")
    )
    return [
        Group(
            str(r["client__public_id"] or NONE),
            r["client__name"] or "—",
            Score.of(r),
            str(r["client__public_id"] or ""),
        )
        for r in rows
    ]


def _user_label(row: dict) -> str:
    name = f"{row['recruiter__first_name'] or ''} {row['recruiter__last_name'] or ''}".strip()
    return name or row["recruiter__username"] or ""


def by_recruiter(filters: SurveyFilters) -> list[Group]:
    rows = (
        responses(filters)
        .order_by()
        .values(
            "recruiter__public_id", "recruiter__first_name", "recruiter__last_name", "recruiter__username"
        )
        .annotate(**COUNTS)
    )
    groups = [
        Group(
            str(r["recruiter__public_id"] or NONE),
            _user_label(r),
            Score.of(r),
            str(r["recruiter__public_id"] or ""),
        )
        for r in rows
    ]
    # Named recruiters by name, "not recorded" last (its label is given by the page).
    return sorted(groups, key=lambda g: (g.key == NONE, g.label.lower()))


def by_month(filters: SurveyFilters) -> list[Group]:
    rows = (
        responses(filters)
        .order_by()
        .annotate(month=TruncMonth("created_at", tzinfo=timezone.get_current_timezone()))
        .values("month")
        .annotate(**COUNTS)
        .order_by("month")
    )
    return [
        Group(
            r["month"].strftime("%Y-%m"), r["month"].strftime("%Y-%m"), Score.of(r), month=r["month"].date()
        )
        for r in rows
    ]


def latest_comments(filters: SurveyFilters, limit: int = COMMENTS_SHOWN) -> list[SurveyResponse]:
    """The latest answers with a comment, with their candidate (recruiters and admins only: personal data)."""
    return list(
        responses(filters)
        .filter(score__isnull=False)
        .exclude(comment="")
        .select_related("candidate", "client", "recruiter")
        .order_by("-answered_at", "-id")[:limit]
    )


def results(filters: SurveyFilters, *, with_comments: bool) -> Results:
    """Everything the results page shows: five queries, six with the comments, whatever the rows."""
    return Results(
        summary=summary(filters),
        distribution=distribution(filters),
        by_client=by_client(filters),
        by_recruiter=by_recruiter(filters),
        by_month=by_month(filters),
        comments=latest_comments(filters) if with_comments else [],
    )
