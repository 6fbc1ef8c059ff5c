"""When a survey goes, and to whom: the rules read by the planning (services) and explained in the docs.

- Only after a decline the candidate chose (declined the offer, or withdrew): they can tell how the process
  felt to them. A person rejected by the client or by the agency would mostly rate the outcome, and asking
  for a score a week after a no reads as tone-deaf; they get no survey.
- Not when the candidate said they do not want to hear from us again (open to future contact: no).
- Only with the survey purpose (vivier.outreach.policy.may_contact: a survey consent, no do-not-contact, not
  erased), held when the survey is planned: nothing is planned that could never go. People mostly tick the
  survey opt-in on the stay-in-touch page, a week after the decline; the consent then plans the survey
  (services.survey_plan_on_consent), for its usual date SURVEY_DELAY_DAYS after the decline, or the next
  working morning when that date has passed, and not at all once LATE_DAYS have passed since that date (the
  process is too far back to rate). The worker asks again at send time (a withdrawal in between cancels it).
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
# A survey whose consent came after its date is still planned for this many days after that date.
LATE_DAYS = 30


def delay_days() -> int:
    return settings.SURVEY_DELAY_DAYS


def min_months() -> int:
    return settings.SURVEY_MIN_MONTHS


def asks(decline) -> bool:
    """Whether this kind of decline gets a survey at all (before asking about the person)."""
    return decline.kind in SURVEY_KINDS and decline.open_to_future != OpenToFuture.NO


def due_at(decline, now: dt.datetime) -> dt.datetime | None:
    """SURVEY_DELAY_DAYS after the decline, on a working morning where the candidate lives; when that moment
    has passed (the consent came late), the next working morning, until LATE_DAYS after it; then None."""
    tz = decline.candidate.time_zone
    declined_on = cadence.local_date(decline.created_at or now, tz)
    day = cadence.working_day_on_or_after(declined_on + dt.timedelta(days=delay_days()))
    usual = cadence.morning(day, tz)
    if usual > now:
        return usual
    if now - usual > dt.timedelta(days=LATE_DAYS):
        return None
    return cadence.next_working_morning(now, tz)


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
