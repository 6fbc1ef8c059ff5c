"""Reads that decide what may be done with a person's data: consent states, last contact, the windows.

"Last contact" is derived from events, not stored: the latest event of a kind that the candidate caused
(CANDIDATE_ACTION_KINDS: a reply, an application, a consent, an answer on their own pages or to our survey).
Our own mailings are not among them, so sending more messages never keeps anyone longer. One indexed query
(event_candidate_idx) answers it.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from vivier.privacy.models import ConsentAction, ConsentRecord, Purpose
from vivier.talent.models import Application, ApplicationStatus, Candidate, Decline, Event, EventKind

# Events written by vivier.privacy (strings: the talent EventKind choices list the core ones).
EV_CONSENT_GIVEN = EventKind.CONSENT_GIVEN
EV_CONSENT_WITHDRAWN = EventKind.CONSENT_WITHDRAWN
EV_PREFERENCES = EventKind.CANDIDATE_PREFERENCES
EV_OPEN_AGAIN = EventKind.CANDIDATE_OPEN_AGAIN
EV_DECLINE_ANSWER = EventKind.CANDIDATE_DECLINE_ANSWER
EV_CV_UPLOADED = EventKind.CANDIDATE_CV_UPLOADED
EV_LINKS_REVOKED = EventKind.CANDIDATE_LINKS_REVOKED
EV_RIGHTS_REQUEST = EventKind.RIGHTS_REQUEST
EV_ERASED = EventKind.CANDIDATE_ERASED

CANDIDATE_ACTION_KINDS = (
    EventKind.REPLY_RECEIVED,
    EventKind.APPLICATION_CREATED,
    EV_CONSENT_GIVEN,
    EV_PREFERENCES,
    EV_OPEN_AGAIN,
    EV_DECLINE_ANSWER,
    EV_CV_UPLOADED,
    EventKind.SURVEY_ANSWERED,
)
OPEN_APPLICATION = (ApplicationStatus.ACTIVE, ApplicationStatus.OFFER)

# Placeholder that keeps erased people's declines as statistics (see services.erasure).
PLACEHOLDER_EMAIL = "erased@erased.invalid"


def add_months(moment: dt.datetime, months: int) -> dt.datetime:
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    return moment.replace(year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1]))


def pool_months() -> int:
    return settings.PRIVACY_POOL_CONSENT_MONTHS


def keep_months() -> int:
    return settings.PRIVACY_REFUSAL_KEEP_MONTHS


def _primed(candidate: Candidate, key: str):
    """A fact loaded for a whole batch by prime(); KeyError when not primed (then each read queries)."""
    return candidate.__dict__["_privacy_facts"][key]


def prime(candidates: list[Candidate]) -> None:
    """Load the facts the rules read for many people in a fixed number of queries (the rediscovery ranks
    hundreds at once). Only for a read-only pass: the facts are a snapshot and are not refreshed."""
    from vivier.outreach.models import Message, MessageStatus
    from vivier.privacy.models import ErasedIdentity
    from vivier.privacy.policy import email_hash

    ids = [c.pk for c in candidates]
    if not ids:
        return
    deferred = [c for c in candidates if "created_at" in c.get_deferred_fields()]
    if deferred:  # a list loaded with only() (the rediscovery): one query instead of one per person
        created = dict(
            Candidate.objects.filter(pk__in=[c.pk for c in deferred]).values_list("pk", "created_at")
        )
        for c in deferred:
            c.created_at = created[c.pk]
    grouped = lambda qs, field: dict(qs.order_by().values_list("candidate_id").annotate(m=Max(field)))  # noqa: E731
    contact = grouped(
        Event.objects.filter(candidate_id__in=ids, kind__in=CANDIDATE_ACTION_KINDS), "created_at"
    )
    declines = grouped(Decline.objects.filter(candidate_id__in=ids), "created_at")
    closed = grouped(
        Application.objects.filter(candidate_id__in=ids).exclude(status__in=OPEN_APPLICATION),
        "offers__decided_at",
    )
    open_ids = set(
        Application.objects.filter(candidate_id__in=ids, status__in=OPEN_APPLICATION).values_list(
            "candidate_id", flat=True
        )
    )
    consents: dict[int, dict[str, ConsentRecord]] = {i: {} for i in ids}
    for record in ConsentRecord.objects.filter(candidate_id__in=ids).order_by("-at", "-id"):
        consents[record.candidate_id].setdefault(record.purpose, record)
    hashes = {email_hash(c.email): c.pk for c in candidates}
    erased = {
        hashes[h]: at
        for h, at in ErasedIdentity.objects.filter(email_hash__in=list(hashes)).values_list(
            "email_hash", "erased_at"
        )
    }
    stay_sent = set(
        Message.objects.filter(
            candidate_id__in=ids, kind="stay_in_touch", status=MessageStatus.SENT
        ).values_list("candidate_id", flat=True)
    )
    for c in candidates:
        c.__dict__["_privacy_facts"] = {
            "last_contact": max(filter(None, [contact.get(c.pk), c.created_at])),
            "consents": consents[c.pk],
            "open_process": c.pk in open_ids,
            "process_dates": (declines.get(c.pk), closed.get(c.pk)),
            "erased_at": erased.get(c.pk),
            "stay_in_touch_sent": c.pk in stay_sent,
        }


def last_contact(candidate: Candidate) -> dt.datetime:
    """The last time the candidate did something themselves; their creation when never."""
    try:
        return _primed(candidate, "last_contact")
    except KeyError:
        pass
    last = Event.objects.filter(candidate=candidate, kind__in=CANDIDATE_ACTION_KINDS).aggregate(
        m=Max("created_at")
    )
    return max(filter(None, [last["m"], candidate.created_at]))


def latest_consents(candidate: Candidate) -> dict[str, ConsentRecord]:
    try:
        return _primed(candidate, "consents")
    except KeyError:
        pass
    latest: dict[str, ConsentRecord] = {}
    for record in ConsentRecord.objects.filter(candidate=candidate).order_by("-at", "-id"):
        latest.setdefault(record.purpose, record)
    return latest


@dataclass
class ConsentState:
    purpose: str
    status: str  # given, withdrawn, expired, none
    record: ConsentRecord | None
    expires_at: dt.datetime | None

    @property
    def valid(self) -> bool:
        return self.status == "given"

    @property
    def label(self) -> str:
        return str(Purpose(self.purpose).label)


def consent_states(candidate: Candidate, now: dt.datetime | None = None) -> dict[str, ConsentState]:
    now = now or timezone.now()
    latest = latest_consents(candidate)
    contact = None
    states = {}
    for purpose in Purpose.values:
        record = latest.get(purpose)
        if record is None:
            states[purpose] = ConsentState(purpose, "none", None, None)
        elif record.action == ConsentAction.WITHDRAWN:
            states[purpose] = ConsentState(purpose, "withdrawn", record, None)
        elif purpose == Purpose.TALENT_POOL:
            # The stored expiry is the one known when given; a later contact from the person moves it on.
            contact = contact or last_contact(candidate)
            expires = add_months(max(record.at, contact), pool_months())
            states[purpose] = ConsentState(purpose, "given" if expires > now else "expired", record, expires)
        else:
            states[purpose] = ConsentState(purpose, "given", record, None)
    return states


def has_open_process(candidate: Candidate) -> bool:
    try:
        return _primed(candidate, "open_process")
    except KeyError:
        pass
    return Application.objects.filter(candidate=candidate, status__in=OPEN_APPLICATION).exists()


def process_end(candidate: Candidate) -> dt.datetime:
    """The end of the person's last process: their last decline or closed application, else their arrival,
    whichever is latest; a later contact from them counts as a new start."""
    try:
        last_decline, last_closed = _primed(candidate, "process_dates")
    except KeyError:
        last_decline = Decline.objects.filter(candidate=candidate).aggregate(m=Max("created_at"))["m"]
        last_closed = (
            Application.objects.filter(candidate=candidate)
            .exclude(status__in=OPEN_APPLICATION)
            .aggregate(m=Max("offers__decided_at"))["m"]
        )
    return max(filter(None, [last_decline, last_closed, candidate.created_at, last_contact(candidate)]))


def in_process_window(candidate: Candidate, now: dt.datetime | None = None) -> bool:
    """During a process, and for PRIVACY_REFUSAL_KEEP_MONTHS after it (legitimate interest, no consent)."""
    now = now or timezone.now()
    if has_open_process(candidate):
        return True
    return now < add_months(process_end(candidate), keep_months())


@dataclass
class Retention:
    """Until when the person's data may be kept, and why; `until` None while a process is open."""

    until: dt.datetime | None
    reason: str  # open_process, consent, refusal_window, consent_expired, consent_withdrawn


def retention(candidate: Candidate, now: dt.datetime | None = None) -> Retention:
    now = now or timezone.now()
    # Everything is read before deciding, so a page showing this makes the same queries in every case.
    window = add_months(process_end(candidate), keep_months())
    pool = consent_states(candidate, now)[Purpose.TALENT_POOL]
    if has_open_process(candidate):
        return Retention(None, "open_process")
    if pool.status in ("given", "expired") and pool.expires_at and pool.expires_at > window:
        return Retention(pool.expires_at, "consent" if pool.valid else "consent_expired")
    if pool.status == "withdrawn":
        return Retention(window, "consent_withdrawn")
    return Retention(window, "refusal_window")
