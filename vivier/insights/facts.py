"""The figures' derived tables, kept in step with vivier.talent and vivier.outreach: OfferFact (one row per
answered offer), SentMessage (one row per message sent) and FactMonth (their monthly sums).

Why copies: at 200,000 declines a dashboard computed from talent_decline took seconds on SQLite, mostly in
sorting the whole period once per GROUP BY and in the joins to offers, applications and jobs; the outbox's rows
carry the messages' texts and have no index on the sending date. OfferFact holds every value the figures group
or rank by (the month, the salary band, the job's ROME code, the days from offer to decline, the salary
gaps…), with one index per figure, so each figure is an ordered walk of one index (see models.OfferFact);
FactMonth sums them per month for the default page (sources.MonthSums).

How they stay exact (`facts_sync`, called before any figure is read, and by the worker when idle):
- the state they mirror is a `Snapshot` (the newest decline, the newest event of each kind that can change a
  figure); when the stored one is the current one, nothing is read or written;
- new declines (ids above the last one copied), new acceptances (the offers of "offer accepted" events since
  the last one followed) and new messages sent (of the people of "message sent" events) are appended, each
  INSERT … SELECT guarded by NOT EXISTS, so a replay is harmless;
- a job updated since the last sync gets its ROME code copied again; after an erasure (the declines and offers
  move to the placeholder person) the people and application dates are copied again;
- what depends on a person's other rows ("from the pool" on an acceptance: the person had declined before
  the application; on a decline: the person's previous decline, and the first offer they accepted after it;
  on a message: the days to the reply or unsubscribe that counts for it) is recomputed for the people whose
  rows changed, and the monthly sums of the months they touch are computed again (never incremented);
- every VERIFY_EVERY the worker compares the counts (and the sums with the rows) and repairs what appending
  cannot see: a row committed out of id order on PostgreSQL, a person deleted outside the services;
- a new version of the derived columns (SCHEMA), another time zone or another reply window rebuilds them.
Deleting an offer, a decline or a message deletes its row (foreign keys, on_delete=CASCADE). Rows are never
edited by hand; decline rows never change after creation in vivier.talent (the decline's snapshot is written
once), and a message once sent stays sent.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import (
    Count,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
)
from django.db.models.functions import Substr
from django.utils import timezone

from vivier.insights.derived import (  # noqa: F401  (COLUMNS, SALARY_COUNTS, month_number: re-exported)
    COLUMNS,
    CUBE_DIMS,
    MESSAGE_DIMS,
    REPLY_DAYS,
    SALARY_COUNTS,
    append_acceptances,
    append_declines,
    append_sent,
    cube_refresh,
    month_number,
    refresh_answers,
    refresh_people,
)
from vivier.insights.models import FactMonth, FactsState, OfferFact, SentMessage
from vivier.outreach.models import Message, MessageStatus
from vivier.talent.models import Decline, Event, EventKind, Offer, OfferStatus

logger = logging.getLogger(__name__)

# Bump when a derived column changes meaning: the tables are then rebuilt.
SCHEMA = 1

# The events after which a figure may change. Messages sent by the worker are not among them: with them the
# dashboard's cache would be emptied every few seconds on a busy day.
VERSION_EVENTS = (
    EventKind.OFFER_ACCEPTED,
    EventKind.OFFER_DECLINED,
    EventKind.CLIENT_UPDATED,
    EventKind.JOB_UPDATED,
    EventKind.REASON_CREATED,
    EventKind.REASON_UPDATED,
    EventKind.USER_UPDATED,
    EventKind.CANDIDATE_ERASED,
    # The people's answers to the outreach (the reply rates): at the pace people write, not the worker's.
    EventKind.REPLY_RECEIVED,
    EventKind.UNSUBSCRIBED,
    EventKind.CONSENT_WITHDRAWN,
)
# The events after which SentMessage may change: a message sent (or found sent), or an answer.
OUTREACH_EVENTS = (
    EventKind.MESSAGE_SENT,
    EventKind.MESSAGE_RESOLVED,
    EventKind.REPLY_RECEIVED,
    EventKind.UNSUBSCRIBED,
    EventKind.CONSENT_WITHDRAWN,
)


@dataclass(frozen=True)
class Snapshot:
    """What the figures depend on, in a few index lookups: the newest decline and the newest event of each
    kind that can change a figure. Changes whenever a figure may (every change of state writes an event)."""

    declines_max: int
    events: tuple[tuple[str, int], ...]
    outreach: int = 0  # the newest of OUTREACH_EVENTS: not in the version (messages go every few seconds)

    def event(self, kind: str) -> int:
        return dict(self.events).get(kind, 0)

    @property
    def version(self) -> str:
        return ".".join(str(p) for p in [self.declines_max] + [last for _kind, last in self.events])


def snapshot() -> Snapshot:
    # No COUNT(*) here: at 200,000 rows it costs more than everything else of a warm dashboard. Deleted rows
    # leave OfferFact by cascade; rows committed out of id order (PostgreSQL) are caught by `verify`.
    last = Decline.objects.order_by("-pk").values_list("pk", flat=True).first()
    newest = {}
    for kind in dict.fromkeys(VERSION_EVENTS + OUTREACH_EVENTS):
        # The newest by date, through the (kind, created_at) index: one lookup whatever the number of events.
        found = Event.objects.filter(kind=kind).order_by("-created_at").values_list("id", flat=True).first()
        newest[str(kind)] = found or 0
    events = tuple((str(kind), newest[str(kind)]) for kind in VERSION_EVENTS)
    return Snapshot(last or 0, events, max(newest[str(kind)] for kind in OUTREACH_EVENTS))


def schema_key() -> str:
    return f"{SCHEMA}|{settings.TIME_ZONE}|{REPLY_DAYS}"


def _outreach_catch_up(state: FactsState) -> None:
    events = Event.objects.filter(
        kind__in=OUTREACH_EVENTS, pk__gt=state.outreach_event, candidate__isnull=False
    )
    people = events.values("candidate_id")
    append_sent(Message.objects.filter(candidate_id__in=people))
    refresh_answers(people)
    # Their months' sums again (a reply counts in the month of the message it answers).
    months = SentMessage.objects.filter(candidate_id__in=people).values_list("month", flat=True)
    cube_refresh(sorted(set(months)), MESSAGE_DIMS)


# --- the sync ------------------------------------------------------------------------------------------

# How often the worker checks that every decline and acceptance has its row (see `verify`).
VERIFY_EVERY = dt.timedelta(minutes=10)


def _table() -> str:
    return connection.ops.quote_name(OfferFact._meta.db_table)


def _rebuild() -> None:
    """The whole table again, in the caller's transaction: the indexes are dropped while rows go in, then
    built once (four times faster than keeping seventeen indexes up to date row by row)."""
    editor = connection.schema_editor()
    with connection.cursor() as cursor:
        for index in OfferFact._meta.indexes:
            cursor.execute(f"DROP INDEX IF EXISTS {connection.ops.quote_name(index.name)}")
        cursor.execute(f"DELETE FROM {_table()}")  # noqa: S608 (our own table's name)
    SentMessage.objects.all().delete()
    append_declines(Decline.objects.all())
    append_acceptances(Offer.objects.all())
    with connection.cursor() as cursor:
        for index in OfferFact._meta.indexes:
            cursor.execute(str(index.create_sql(OfferFact, editor)))
    refresh_people(None)  # once the indexes are back: it looks up each person's other rows
    append_sent(Message.objects.all())
    refresh_answers(None)
    cube_refresh()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            # SQLite's planner chooses between the indexes from these statistics.
            cursor.execute(f"ANALYZE {_table()}")


def _verify() -> None:
    """Every decline, acceptance and sent message has its row, no row outlived its source, and the monthly
    sums add up to the rows.

    Appending follows ids and events in commit order, which SQLite guarantees and PostgreSQL does not (a
    transaction may commit after a later one): the counts catch what appending missed. A row deleted with its
    decline (a person deleted outside the services) leaves the sums too high: they are computed again, and
    the people's previous declines with them. Each check is a count; the repairs run only when one fails.
    """
    counts = OfferFact.objects.aggregate(
        n_declined=Count("pk", filter=Q(accepted=False)), n_accepted=Count("pk", filter=Q(accepted=True))
    )
    declines = Decline.objects.count()
    accepted = Offer.objects.filter(status=OfferStatus.ACCEPTED, decided_at__isnull=False).count()
    repaired = False
    if counts["n_declined"] != declines:
        logger.warning(
            "insights facts: declines resynced", extra={"rows": counts["n_declined"], "declines": declines}
        )
        append_declines(Decline.objects.all())
        repaired = True
    if counts["n_accepted"] != accepted:
        logger.warning(
            "insights facts: acceptances resynced", extra={"rows": counts["n_accepted"], "accepted": accepted}
        )
        OfferFact.objects.filter(accepted=True).exclude(offer__status=OfferStatus.ACCEPTED).delete()
        append_acceptances(Offer.objects.all())
        repaired = True
    summed = FactMonth.objects.filter(dim="kind").aggregate(n=Sum("n"))["n"] or 0
    if repaired or summed != OfferFact.objects.filter(accepted=False).count():
        refresh_people(None)
        cube_refresh(dims=tuple(CUBE_DIMS))
    sent = Message.objects.filter(status=MessageStatus.SENT).count()  # the worker always dates them
    rows = SentMessage.objects.count()
    if rows != sent:
        logger.warning("insights facts: messages resynced", extra={"sent": sent, "rows": rows})
        SentMessage.objects.exclude(message__status=MessageStatus.SENT).delete()
        append_sent(Message.objects.all())
        refresh_answers(None)
    summed = FactMonth.objects.filter(dim="sent").aggregate(n=Sum("n"))["n"] or 0
    if rows != sent or summed != SentMessage.objects.count():
        cube_refresh(dims=MESSAGE_DIMS)


def _catch_up(state: FactsState, snap: Snapshot) -> None:
    # New declines: ids only grow, so the new ones are above the last one copied.
    new = Decline.objects.filter(pk__gt=state.declines_max)
    if append_declines(new):
        refresh_people(new.values("candidate_id"))
        months = set(
            OfferFact.objects.filter(decline_id__gt=state.declines_max).values_list("month", flat=True)
        )
        cube_refresh(sorted(months), [d for d in CUBE_DIMS if d != "prev"])  # the declines' sums
        # Their people's other declines may have a new previous one (a past decline imported late).
        people = OfferFact.objects.filter(accepted=False, candidate_id__in=new.values("candidate_id"))
        cube_refresh(sorted(set(people.values_list("month", flat=True))), ["prev"])
    # New acceptances: the offers of the people named by "offer accepted" events since the last one followed.
    if snap.event(EventKind.OFFER_ACCEPTED) != state.accepted_event:
        people = Event.objects.filter(kind=EventKind.OFFER_ACCEPTED, pk__gt=state.accepted_event)
        people = people.values("candidate_id")
        if append_acceptances(Offer.objects.filter(application__candidate_id__in=people)):
            refresh_people(people)
    # A job's ROME code may have changed: copy it again for that job's rows.
    if snap.event(EventKind.JOB_UPDATED) != state.job_event:
        jobs = Event.objects.filter(kind=EventKind.JOB_UPDATED, pk__gt=state.job_event).values("job_id")
        rome = Offer.objects.filter(pk=OuterRef("offer_id")).values("application__job__rome_code")
        OfferFact.objects.filter(job_id__in=jobs).update(rome_code=Subquery(rome))
        OfferFact.objects.filter(job_id__in=jobs).update(family=Substr(F("rome_code"), 1, 3))
        cube_refresh(dims=("family", "rome"))
    # An erasure moved a person's declines and offers to the placeholder person: copy people and dates again.
    if snap.event(EventKind.CANDIDATE_ERASED) != state.erased_event:
        moved = OfferFact.objects.annotate(
            now_candidate=F("offer__application__candidate_id"),
            now_applied=F("offer__application__created_at"),
        ).filter(~Q(candidate_id=F("now_candidate")) | ~Q(applied_at=F("now_applied")))
        people = sorted(set(moved.values_list("now_candidate", flat=True)))
        if people:
            source = Offer.objects.filter(pk=OuterRef("offer_id"))
            OfferFact.objects.filter(offer_id__in=list(moved.values_list("offer_id", flat=True))).update(
                candidate_id=Subquery(source.values("application__candidate_id")),
                applied_at=Subquery(source.values("application__created_at")),
            )
            refresh_people(people)
            cube_refresh(dims=["prev"])


def _current(state: FactsState | None, schema: str, snap: Snapshot) -> bool:
    return (
        state is not None
        and state.schema == schema
        and state.version == snap.version
        and state.outreach_event == snap.outreach
    )


def facts_sync(snap: Snapshot | None = None, *, verify: bool = False) -> bool:
    """Bring OfferFact in step with the talent tables; True if anything had to be done.

    Cheap when nothing changed: the snapshot's few index lookups and the state row. `verify` also compares
    the counts (the worker does, every VERIFY_EVERY).
    """
    snap = snap or snapshot()
    schema = schema_key()
    state = FactsState.objects.filter(pk=1).first()
    if _current(state, schema, snap) and not verify:
        return False
    with transaction.atomic():
        # Under the write lock (SQLite: BEGIN IMMEDIATE; PostgreSQL: the state row), read both again.
        state = FactsState.objects.select_for_update().filter(pk=1).first()
        snap = snapshot()
        current = _current(state, schema, snap)
        if current and not verify:
            return False  # another process did it meanwhile
        if state is None or state.schema != schema:
            _rebuild()
            state = state or FactsState(pk=1)  # the migration creates it; an operator may have deleted it
        else:
            if state.version != snap.version:
                _catch_up(state, snap)
            if state.outreach_event != snap.outreach:
                _outreach_catch_up(state)
        if verify:
            _verify()
            state.verified_at = timezone.now()
        state.schema = schema
        state.version = snap.version
        state.declines_max = snap.declines_max
        state.accepted_event = snap.event(EventKind.OFFER_ACCEPTED)
        state.job_event = snap.event(EventKind.JOB_UPDATED)
        state.erased_event = snap.event(EventKind.CANDIDATE_ERASED)
        state.outreach_event = snap.outreach
        state.synced_at = timezone.now()
        state.save()
    return not current or verify


def facts_refresh() -> bool:
    """The worker's background job (settings.VIVIER_WORKER_BACKGROUND): keep OfferFact current when idle, so
    that a visitor rarely waits for a catch-up, and verify the counts every VERIFY_EVERY. True if it did work."""
    state = FactsState.objects.filter(pk=1).only("verified_at").first()
    due = state is None or state.verified_at is None or timezone.now() - state.verified_at >= VERIFY_EVERY
    return facts_sync(verify=due)
