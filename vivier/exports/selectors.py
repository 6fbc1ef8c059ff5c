"""Reads of the exports and of the calendar feed. The number of queries depends on the number of batches
(CHUNK rows each), never on the number of rows: a million candidates stream with flat memory.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from vivier.insights import selectors as insight_selectors
from vivier.insights.filters import InsightFilters
from vivier.outreach.models import LinkedInContact, Message, MessageKind, MessageStatus
from vivier.privacy import rules
from vivier.talent import selectors as talent_selectors
from vivier.talent.models import Candidate, Decline, FollowUp

CHUNK = 2000
CANDIDATE_FIELDS = (
    "id",
    "public_id",
    "first_name",
    "last_name",
    "email",
    "phone",
    "city",
    "headline",
    "skills",
    "salary_expectation",
    "currency",
    "remote_preference",
    "language",
    "source",
    "do_not_contact",
    "created_at",
)


# --- candidates -----------------------------------------------------------------------------------------


def candidates(criteria: dict) -> QuerySet[Candidate]:
    """The candidate list's rows for these criteria (the list page's own selector, every page of it), with the
    columns of the export. The placeholder that keeps erased people's declines as statistics is nobody: left
    out (erased people themselves have no row any more)."""
    qs = talent_selectors.candidate_list(**criteria).exclude(email=rules.PLACEHOLDER_EMAIL)
    return qs.only(*CANDIDATE_FIELDS)


def candidate_count(criteria: dict) -> int:
    fast = talent_selectors.candidate_list_count(**criteria)
    if fast is not None:
        # The index counts the placeholder too when the search finds it; rare, and the count only goes to the
        # audit log and to the XLSX size check.
        return fast
    return candidates(criteria).order_by().count()


@dataclass
class CandidateFacts:
    consents: dict[str, str]  # purpose → given, withdrawn, expired, none
    last_decline: Decline | None
    linkedin: str  # a LinkedInStatus value, "" when never recorded


def _attach_facts(batch: list[Candidate], now: dt.datetime) -> None:
    """The consents, last decline and LinkedIn status of a whole batch, in a fixed number of queries."""
    ids = [c.pk for c in batch]
    rules.prime(batch)
    last: dict[int, Decline] = {}
    declines = (
        Decline.objects.filter(candidate_id__in=ids)
        .select_related("primary_reason")
        .only("id", "candidate_id", "created_at", "primary_reason")
        .order_by("candidate_id", "-created_at", "-id")
    )
    for decline in declines:
        last.setdefault(decline.candidate_id, decline)
    linkedin = dict(
        LinkedInContact.objects.filter(candidate_id__in=ids).values_list("candidate_id", "status")
    )
    for c in batch:
        states = rules.consent_states(c, now)
        c.export_facts = CandidateFacts(
            consents={purpose: state.status for purpose, state in states.items()},
            last_decline=last.get(c.pk),
            linkedin=linkedin.get(c.pk, ""),
        )


def candidate_batches(qs: QuerySet[Candidate], size: int | None = None) -> Iterator[list[Candidate]]:
    """The rows in batches of `size` (CHUNK), each with its `export_facts`; read with a database cursor, so
    only one batch is ever in memory."""
    size = size or CHUNK
    now = timezone.now()
    batch: list[Candidate] = []
    for candidate in qs.iterator(chunk_size=size):
        batch.append(candidate)
        if len(batch) == size:
            _attach_facts(batch, now)
            yield batch
            batch = []
    if batch:
        _attach_facts(batch, now)
        yield batch


# --- declines -------------------------------------------------------------------------------------------


def declines(filters: InsightFilters) -> QuerySet[Decline]:
    """The declines of the insights' drill-down list, every page of it, with the reasons given."""
    return insight_selectors.decline_list(filters).prefetch_related("reasons")


def decline_batches(qs: QuerySet[Decline], size: int | None = None) -> Iterator[Decline]:
    # With a chunk size, the iterator runs the prefetch once per chunk.
    return qs.iterator(chunk_size=size or CHUNK)


# --- the calendar feed ----------------------------------------------------------------------------------

PAST_DAYS = 30
FUTURE_DAYS = 365
# A calendar with more events than this is no use to a person; the feed keeps the soonest.
FEED_MAX = 2000
CALENDAR_KINDS = (
    MessageKind.CHECK_IN,
    MessageKind.STAY_IN_TOUCH,
    MessageKind.FEEDBACK,
    MessageKind.THANK_YOU,
    MessageKind.PERSONAL,
)
CALENDAR_STATUSES = (MessageStatus.SCHEDULED, MessageStatus.REVIEW)


@dataclass
class CalendarItems:
    follow_ups: list[FollowUp]
    messages: list[Message]


def calendar_items(user, now: dt.datetime | None = None) -> CalendarItems:
    """What this recruiter has planned, from a month ago to a year ahead, in two queries.

    - Follow-ups still open, assigned to them or to nobody (viewers, who follow nobody up, get only their own).
    - Outreach messages planned and not sent (scheduled, or waiting for approval) that they planned. A decline's
      cadence is planned by whoever recorded the decline, so this is also "the check-ins of my declines".
      Sent, failed or cancelled messages and done follow-ups drop out of the feed.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    follow_ups = FollowUp.objects.open()
    follow_ups = follow_ups.for_user(user) if user.can_write else follow_ups.filter(assignee=user)
    follow_ups = (
        follow_ups.filter(
            due_on__gte=today - dt.timedelta(days=PAST_DAYS),
            due_on__lte=today + dt.timedelta(days=FUTURE_DAYS),
        )
        .select_related("candidate")
        .only(
            "id",
            "public_id",
            "kind",
            "title",
            "due_on",
            "candidate__id",
            "candidate__public_id",
            "candidate__first_name",
            "candidate__last_name",
        )
        .order_by("due_on", "id")
    )
    messages = (
        Message.objects.filter(
            created_by=user,
            status__in=CALENDAR_STATUSES,
            kind__in=CALENDAR_KINDS,
            due_at__gte=now - dt.timedelta(days=PAST_DAYS),
            due_at__lte=now + dt.timedelta(days=FUTURE_DAYS),
        )
        .select_related("candidate")
        # Never the subject or the text: a calendar holds no more of the person than their name.
        .only(
            "id",
            "public_id",
            "kind",
            "status",
            "due_at",
            "cadence_key",
            "candidate__id",
            "candidate__public_id",
            "candidate__first_name",
            "candidate__last_name",
        )
        .order_by("due_at", "id")
    )
    return CalendarItems(list(follow_ups[:FEED_MAX]), list(messages[:FEED_MAX]))
