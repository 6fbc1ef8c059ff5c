"""The rows of the figures' derived tables (OfferFact, SentMessage, FactMonth), computed by the database:
each an INSERT … SELECT or an UPDATE from the talent and outreach tables. facts.py decides when (the sync);
this module says what. Split from facts.py."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
    BigIntegerField,
    BooleanField,
    Case,
    CharField,
    Count,
    DateTimeField,
    Exists,
    F,
    FloatField,
    IntegerField,
    Max,
    Min,
    OuterRef,
    PositiveIntegerField,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, NullIf, Substr
from django.db.models.lookups import LessThan
from django.utils import timezone

from vivier.insights.filters import BANDS, OTHER_CURRENCY, REMOTE, SALARY, day_start
from vivier.insights.models import FactMonth, OfferFact, SentMessage
from vivier.insights.quantiles import DaysBetween
from vivier.insights.steps import UNSUBSCRIBES, step_of
from vivier.outreach.models import Message, MessageStatus
from vivier.talent.models import Decline, DeclineReason, Event, EventKind, Offer, OfferStatus

# Later than any answer: "before the next message" when there is none.
NEVER = dt.datetime(9999, 1, 1, tzinfo=dt.UTC)

COLUMNS = (
    "offer_id",
    "decline_id",
    "accepted",
    "at",
    "month",
    "candidate_id",
    "client_id",
    "job_id",
    "rome_code",
    "family",
    "offered_by_id",
    "offered_at",
    "applied_at",
    "remote_days",
    "from_pool",
    "kind",
    "primary_reason_id",
    "recorded_by_id",
    "band",
    "currency",
    "offered_salary",
    "expected_salary",
    "competing_salary",
    "gap_expected",
    "gap_competing",
    "days",
    "competing_remote_days",
    "expected_remote",
    "mentions_salary",
    "mentions_remote",
    "prev_at",
    "prev_month",
    "returned_offer_id",
    "returned_at",
    "returned_applied_at",
)


# --- the derived columns, as SQL -----------------------------------------------------------------------


def _month_starts(first: dt.date, last: dt.date) -> list[dt.date]:
    months, d = [], first.replace(day=1)
    while d <= last:
        months.append(d)
        d = (d.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return months


def month_number(field: str, first: dt.datetime, last: dt.datetime) -> Case:
    """The month of `field` in the agency's time zone as YYYYMM, for values between `first` and `last`.

    Compared against each month's first local midnight (newest first): exact across daylight-saving changes,
    and the same SQL on every database (SQLite has no time zones).
    """
    months = _month_starts(timezone.localtime(first).date(), timezone.localtime(last).date())
    whens = [
        When(**{f"{field}__gte": day_start(m)}, then=Value(m.year * 100 + m.month)) for m in reversed(months)
    ]
    first_month = months[0]
    return Case(
        *whens, default=Value(first_month.year * 100 + first_month.month), output_field=IntegerField()
    )


def band_of(salary: str, currency: str) -> Case:
    """The salary band's key (filters.BANDS) of an offered salary; amounts in other currencies apart."""
    whens = [When(~Q(**{currency: "EUR"}), then=Value(OTHER_CURRENCY))]
    for key, low, high in BANDS:
        q = Q()
        if low is not None:
            q &= Q(**{f"{salary}__gte": low})
        if high is not None:
            q &= Q(**{f"{salary}__lt": high})
        whens.append(When(q, then=Value(key)))
    return Case(*whens, default=Value(BANDS[-1][0]), output_field=CharField())


def _gap(a: str, b: str):
    """(a - b) / b in percent; NULL when b is unknown or zero."""
    return Cast(F(a) - F(b), FloatField()) * 100.0 / Cast(NullIf(F(b), 0), FloatField())


def _mentions(reason_id: int | None) -> Exists | Value:
    if reason_id is None:  # the reason is not in the taxonomy (yet): nobody gives it
        return Value(False, output_field=BooleanField())
    through = Decline.reasons.through
    return Exists(through.objects.filter(decline_id=OuterRef("pk"), declinereason_id=reason_id))


def _none(field) -> Value:
    return Value(None, output_field=field)


def _later_columns() -> dict:
    """The columns computed from the person's other rows: empty at insertion, then `refresh_people`."""
    return {
        "f_prev_at": _none(DateTimeField()),
        "f_prev_month": _none(PositiveIntegerField()),
        "f_returned_offer": _none(BigIntegerField()),
        "f_returned_at": _none(DateTimeField()),
        "f_returned_applied_at": _none(DateTimeField()),
    }


def _declines_source(qs: QuerySet[Decline], first: dt.datetime, last: dt.datetime) -> QuerySet:
    """The OfferFact rows of these declines, as a SELECT in COLUMNS order."""
    reasons = dict(DeclineReason.objects.filter(code__in=[SALARY, REMOTE]).values_list("code", "pk"))
    values = {
        "f_offer": F("offer_id"),
        "f_decline": F("pk"),
        "f_accepted": Value(False, output_field=BooleanField()),
        "f_at": F("created_at"),
        "f_month": month_number("created_at", first, last),
        "f_candidate": F("candidate_id"),
        "f_client": F("client_id"),
        "f_job": F("job_id"),
        "f_rome": F("job__rome_code"),
        "f_family": Substr(F("job__rome_code"), 1, 3),
        "f_offered_by": F("offer__created_by_id"),
        "f_offered_at": F("offer__created_at"),
        "f_applied_at": F("offer__application__created_at"),
        "f_remote": F("offered_remote_days"),
        "f_pool": Value(False, output_field=BooleanField()),
        "f_kind": F("kind"),
        "f_reason": F("primary_reason_id"),
        "f_recorded_by": F("recorded_by_id"),
        "f_band": band_of("offered_salary", "offered_currency"),
        "f_currency": F("offered_currency"),
        "f_salary": F("offered_salary"),
        "f_expected": NullIf(F("expected_salary"), 0),
        "f_competing": NullIf(F("competing_salary"), 0),
        "f_gap_expected": _gap("offered_salary", "expected_salary"),
        "f_gap_competing": _gap("offered_salary", "competing_salary"),
        "f_days": DaysBetween(F("created_at"), F("offer__created_at")),
        "f_competing_remote": F("competing_remote_days"),
        "f_expected_remote": F("expected_remote"),
        "f_mentions_salary": _mentions(reasons.get(SALARY)),
        "f_mentions_remote": _mentions(reasons.get(REMOTE)),
        **_later_columns(),
    }
    missing = ~Exists(OfferFact.objects.filter(offer_id=OuterRef("offer_id")))
    return qs.filter(missing).annotate(**values).values_list(*values).order_by()


def _acceptances_source(qs: QuerySet[Offer], first: dt.datetime, last: dt.datetime) -> QuerySet:
    """The OfferFact rows of these accepted offers, as a SELECT in COLUMNS order."""
    earlier = Decline.objects.filter(
        candidate_id=OuterRef("application__candidate_id"), created_at__lt=OuterRef("application__created_at")
    )
    values = {
        "f_offer": F("pk"),
        "f_decline": _none(BigIntegerField()),
        "f_accepted": Value(True, output_field=BooleanField()),
        "f_at": F("decided_at"),
        "f_month": month_number("decided_at", first, last),
        "f_candidate": F("application__candidate_id"),
        "f_client": F("application__job__client_id"),
        "f_job": F("application__job_id"),
        "f_rome": F("application__job__rome_code"),
        "f_family": Substr(F("application__job__rome_code"), 1, 3),
        "f_offered_by": F("created_by_id"),
        "f_offered_at": F("created_at"),
        "f_applied_at": F("application__created_at"),
        "f_remote": F("remote_days_per_week"),
        "f_pool": Exists(earlier),
        "f_kind": Value("", output_field=CharField()),
        "f_reason": _none(BigIntegerField()),
        "f_recorded_by": _none(BigIntegerField()),
        "f_band": Value("", output_field=CharField()),
        "f_currency": F("currency"),
        "f_salary": F("salary"),
        "f_expected": _none(PositiveIntegerField()),
        "f_competing": _none(PositiveIntegerField()),
        "f_gap_expected": _none(FloatField()),
        "f_gap_competing": _none(FloatField()),
        "f_days": _none(FloatField()),
        "f_competing_remote": _none(PositiveIntegerField()),
        "f_expected_remote": Value("", output_field=CharField()),
        "f_mentions_salary": Value(False, output_field=BooleanField()),
        "f_mentions_remote": Value(False, output_field=BooleanField()),
        **_later_columns(),
    }
    missing = ~Exists(OfferFact.objects.filter(offer_id=OuterRef("pk")))
    qs = qs.filter(status=OfferStatus.ACCEPTED, decided_at__isnull=False)
    return qs.filter(missing).annotate(**values).values_list(*values).order_by()


def _insert(source: QuerySet, model=OfferFact, names=COLUMNS) -> int:
    """INSERT INTO <model's table> (names) <the source's SELECT>: rows computed and written by the database.

    A source that can select nothing (filtered on an empty list: no month, no person) cannot be compiled, as
    Django knows it empty without asking the database: nothing to insert then.
    """
    try:
        sql, params = source.query.sql_with_params()
    except EmptyResultSet:
        return 0
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in names)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({columns}) {sql}", params)  # noqa: S608 (names are ours)
        return max(cursor.rowcount, 0)


def append_declines(qs: QuerySet[Decline]) -> int:
    bounds = qs.aggregate(first=Min("created_at"), last=Max("created_at"))
    if bounds["first"] is None:
        return 0
    return _insert(_declines_source(qs, bounds["first"], bounds["last"]))


def append_acceptances(qs: QuerySet[Offer]) -> int:
    qs = qs.filter(status=OfferStatus.ACCEPTED, decided_at__isnull=False)
    bounds = qs.aggregate(first=Min("decided_at"), last=Max("decided_at"))
    if bounds["first"] is None:
        return 0
    return _insert(_acceptances_source(qs, bounds["first"], bounds["last"]))


def refresh_people(candidates) -> None:
    """Recompute the columns that depend on a person's other rows, for these people (ids, a queryset of ids,
    or None: everyone): "from the pool" on accepted rows; the previous decline and the first acceptance after
    it on declined rows. Ties on `at` are broken by offer id, so each decline has one place in the order."""
    rows = OfferFact.objects.all()
    if candidates is not None:
        rows = rows.filter(candidate_id__in=candidates)
    same = OfferFact.objects.filter(candidate_id=OuterRef("candidate_id"))
    rows.filter(accepted=True).update(
        from_pool=Exists(same.filter(accepted=False, at__lt=OuterRef("applied_at")))
    )
    earlier = same.filter(
        Q(at__lt=OuterRef("at")) | Q(at=OuterRef("at"), offer_id__lt=OuterRef("offer_id")), accepted=False
    ).order_by("-at")
    later = same.filter(accepted=True, at__gt=OuterRef("at")).order_by("at", "offer_id")
    rows.filter(accepted=False).update(
        prev_at=Subquery(earlier.values("at")[:1]),
        prev_month=Subquery(earlier.values("month")[:1]),
        returned_offer_id=Subquery(later.values("offer_id")[:1]),
        returned_at=Subquery(later.values("at")[:1]),
        returned_applied_at=Subquery(later.values("applied_at")[:1]),
    )


# --- the messages sent (SentMessage) ------------------------------------------------------------------


def append_sent(messages: QuerySet[Message]) -> int:
    """The SentMessage rows of these messages, those sent and not copied yet."""
    missing = ~Exists(SentMessage.objects.filter(message_id=OuterRef("pk")))
    sent = messages.filter(status=MessageStatus.SENT, sent_at__isnull=False).filter(missing)
    bounds = sent.aggregate(first=Min("sent_at"), last=Max("sent_at"))
    if bounds["first"] is None:
        return 0
    source = (
        sent.annotate(
            s_month=month_number("sent_at", bounds["first"], bounds["last"]),
            s_step=step_of(),
            s_none=_none(FloatField()),
        )
        .values_list("pk", "candidate_id", "sent_at", "s_month", "s_step", "s_none", "s_none")
        .order_by()
    )
    names = ("message_id", "candidate_id", "sent_at", "month", "step", "replied_after", "unsubscribed_after")
    return _insert(source, SentMessage, names)


def _first_answer(kinds) -> Subquery:
    """When the person first answered (an event of these kinds) after this message and before the next one
    sent to them: the answer counts for this message."""
    following = (
        SentMessage.objects.filter(
            candidate_id=OuterRef(OuterRef("candidate_id")), sent_at__gt=OuterRef(OuterRef("sent_at"))
        )
        .order_by("sent_at")
        .values("sent_at")[:1]
    )
    answers = Event.objects.filter(
        candidate_id=OuterRef("candidate_id"), kind__in=kinds, created_at__gt=OuterRef("sent_at")
    ).filter(LessThan(F("created_at"), Coalesce(Subquery(following), Value(NEVER))))
    return Subquery(answers.order_by("created_at").values("created_at")[:1])


def refresh_answers(candidates) -> None:
    """Days from each message to the answer that counts for it, for these people (None: everyone)."""
    rows = SentMessage.objects.all()
    if candidates is not None:
        rows = rows.filter(candidate_id__in=candidates)
    rows.update(
        replied_after=DaysBetween(_first_answer([EventKind.REPLY_RECEIVED]), F("sent_at")),
        unsubscribed_after=DaysBetween(_first_answer(list(UNSUBSCRIBES)), F("sent_at")),
    )


# --- the monthly sums (FactMonth) -----------------------------------------------------------------------

# dimension → OfferFact column; "rome" and "client" count declines per value only (the family labels, the
# clients' sizes), without reasons.
CUBE_DIMS = {
    "kind": "kind",
    "band": "band",
    "recorder": "recorded_by_id",
    "family": "family",
    "rome": "rome_code",
    "client": "client_id",
    "prev": "prev_month",
    "salary": "",  # the salary figures' counts: see salary_sums
}
SIZES_ONLY = ("rome", "client", "prev")
# The reply rates' sums, per month and step, from SentMessage: sent, answered within REPLY_DAYS.
MESSAGE_DIMS = ("sent", "replied", "unsub")
REPLY_DAYS = 14  # the reply rates' window (touchpoints.REPLY_DAYS), part of SCHEMA: the sums depend on it
# The values of the "salary" dimension: salary given as a reason, every currency, other currencies, then in
# euros with each amount known.
SALARY_COUNTS = ("all", "other", "offered", "expected", "competing", "gap_expected", "gap_competing")
CUBE_COLUMNS = ("dim", "month", "value", "primary_reason_id", "n")


def message_sums(dim: str, months) -> None:
    rows = SentMessage.objects.all()
    if months is not None:
        rows = rows.filter(month__in=months)
    if dim == "replied":
        rows = rows.filter(replied_after__lte=REPLY_DAYS)
    elif dim == "unsub":
        rows = rows.filter(unsubscribed_after__lte=REPLY_DAYS)
    source = (
        rows.annotate(c_dim=Value(dim, output_field=CharField()), c_reason=_none(BigIntegerField()))
        .values_list("c_dim", "month", "step", "c_reason")
        .annotate(c_n=Count("*"))
        .order_by()
    )
    _insert(source, FactMonth, CUBE_COLUMNS)


def cube_refresh(months=None, dims=tuple(CUBE_DIMS) + MESSAGE_DIMS) -> None:
    """Recompute FactMonth for these months (a list, a queryset of months, or None: all) and dimensions,
    from OfferFact: sums computed again, never incremented, so they cannot drift from the rows."""
    if months is not None and not isinstance(months, QuerySet) and not list(months):
        return  # no month to sum again (a reply from someone never written to touches none)
    stale = FactMonth.objects.filter(dim__in=dims)
    if months is not None:
        stale = stale.filter(month__in=months)
    stale.delete()
    for dim in dims:
        rows = OfferFact.objects.filter(accepted=False)
        if months is not None:
            rows = rows.filter(month__in=months)
        if dim == "salary":
            salary_sums(rows)
            continue
        if dim in MESSAGE_DIMS:
            message_sums(dim, months)
            continue
        value = Coalesce(Cast(CUBE_DIMS[dim], CharField()), Value(""), output_field=CharField())
        reason = _none(BigIntegerField()) if dim in SIZES_ONLY else F("primary_reason_id")
        source = (
            rows.annotate(c_dim=Value(dim, output_field=CharField()), c_value=value, c_reason=reason)
            .values_list("c_dim", "month", "c_value", "c_reason")
            .annotate(c_n=Count("*"))
            .order_by()
        )
        _insert(source, FactMonth, CUBE_COLUMNS)


def salary_sums(rows: QuerySet[OfferFact]) -> None:
    eur = Q(currency="EUR")
    counts = {
        "all": Count("*"),
        "other": Count("currency", filter=~eur),
        **{
            name: Count(name if name.startswith("gap") else f"{name}_salary", filter=eur)
            for name in SALARY_COUNTS[2:]
        },
    }
    per_month = rows.filter(mentions_salary=True).values("month").annotate(**counts).order_by()
    FactMonth.objects.bulk_create(
        FactMonth(dim="salary", month=row["month"], value=name, n=row[name])
        for row in per_month
        for name in SALARY_COUNTS
        if row[name]
    )
