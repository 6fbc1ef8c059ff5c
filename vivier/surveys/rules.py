"""When a survey goes, and to whom: the rules read by the planning (services) and explained in the docs.

- Only after a decline the candidate chose (declined the offer, or withdrew): they can tell how the process
  felt to them. A person rejected by the client or by the agency would mostly rate the outcome, and asking
  for a score a week after a no reads as tone-deaf; they get no survey.
- Not when the candidate said they do not want to hear from us again (open to future contact: no).
- Only with the survey purpose (vivier.outreach.policy.may_contact: a survey consent, no do-not-contact, not
  erased). As for the check-ins, a consent that may still come is enough to plan: the survey goes two weeks
  after the decline (SURVEY_DELAY_DAYS), after the stay-in-touch invitation where people tick the survey
  opt-in; the worker asks again at send time and cancels it, with the reason, for those who did not. A
  withdrawal, a do-not-contact or an erasure refuses at once.
- At most one survey per person in SURVEY_MIN_MONTHS: here against the surveys sent or still planned around
  the new one's date; the worker asks again right before sending (vivier.privacy.policy, reason
  "survey_recent"), so of two surveys planned close together only the first goes.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Q

from vivier.outreach import cadence
from vivier.outreach.models import Message, MessageKind, MessageStatus
from vivier.privacy.rules import add_months
from vivier.talent.models import DeclineKind, OpenToFuture

SURVEY_KINDS = (DeclineKind.DECLINED_BY_CANDIDATE, DeclineKind.WITHDRAWN)
# An NPS from fewer answers than this is not shown (a group of 2 would show 2 people's scores).
MIN_ANSWERS = 5


def delay_days() -> int:
    return settings.SURVEY_DELAY_DAYS


def min_months() -> int:
    return settings.SURVEY_MIN_MONTHS


def asks(decline) -> bool:
    """Whether this kind of decline gets a survey at all (before asking about the person)."""
    return decline.kind in SURVEY_KINDS and decline.open_to_future != OpenToFuture.NO


def due_at(decline, now: dt.datetime) -> dt.datetime:
    """SURVEY_DELAY_DAYS after the decline, on a working morning where the candidate lives."""
    tz = decline.candidate.time_zone
    declined_on = cadence.local_date(decline.created_at or now, tz)
    day = cadence.working_day_on_or_after(declined_on + dt.timedelta(days=delay_days()))
    return cadence.morning(day, tz)


def surveyed_around(candidate, when: dt.datetime) -> bool:
    """A survey sent, going or planned (not cancelled, not failed) within SURVEY_MIN_MONTHS of `when`."""
    months = min_months()
    since, until = add_months(when, -months), add_months(when, months)
    sent = Q(sent_at__gt=since, sent_at__lt=until)
    waiting = Q(sent_at__isnull=True, due_at__gt=since, due_at__lt=until)
    return (
        Message.objects.filter(candidate=candidate, kind=MessageKind.SURVEY)
        .exclude(status__in=(MessageStatus.CANCELLED, MessageStatus.FAILED))
        .filter(sent | waiting)
        .exists()
    )
