"""The recruiter's calendar as iCalendar (RFC 5545), written with the `icalendar` package (line folding at 75
octets, escaping of , ; \\ and line breaks).

- A follow-up is an all-day event on its due date; a planned message is a 15-minute event at the time the
  worker sends it, in UTC (the "Z" form: every calendar shows it in its own zone, no VTIMEZONE needed).
- UIDs are stable (`followup-<public id>@<host>`, `message-<public id>@<host>`), so a calendar updates an
  event when its date moves and drops it when it leaves the feed (done, sent, cancelled).
- Summaries are in the recruiter's language; each event holds the person's name and a link to their page,
  nothing else (no e-mail address, no text of a message, no note): the calendar lives on another company's
  servers.
- Events are transparent: a reminder does not mark the recruiter busy.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from icalendar import Calendar, Event

from vivier.exports.selectors import CalendarItems
from vivier.outreach.models import Message, MessageKind, MessageStatus
from vivier.talent.models import FollowUp

MESSAGE_MINUTES = 15


def _host() -> str:
    return urlsplit(settings.BASE_URL).hostname or "vivier.invalid"


def candidate_url(candidate) -> str:
    return settings.BASE_URL + reverse("front:candidate_detail", args=[candidate.public_id])


def message_summary(message: Message) -> str:
    name = message.candidate.full_name
    step = message.cadence_key.rsplit(":", 1)[-1] if message.cadence_key else ""
    if message.kind == MessageKind.CHECK_IN and step.startswith("check_in_") and step.endswith("m"):
        try:
            months = int(step[len("check_in_") : -1])
        except ValueError:
            months = 0
        if months:
            summary = ngettext(
                "Check-in at %(months)s month: %(name)s", "Check-in at %(months)s months: %(name)s", months
            ) % {"months": months, "name": name}
        else:
            summary = _("Check-in: %(name)s") % {"name": name}
    elif message.kind == MessageKind.CHECK_IN and step == "recontact":
        summary = _("Check-in on the agreed date: %(name)s") % {"name": name}
    elif message.kind == MessageKind.CHECK_IN and step == "trial_period":
        summary = _("Check-in before the trial period ends: %(name)s") % {"name": name}
    else:
        formats = {
            MessageKind.CHECK_IN: _("Check-in: %(name)s"),
            MessageKind.THANK_YOU: _("Thank-you message: %(name)s"),
            MessageKind.STAY_IN_TOUCH: _("Stay-in-touch invitation: %(name)s"),
            MessageKind.FEEDBACK: _("Feedback message: %(name)s"),
            MessageKind.PERSONAL: _("Personal message: %(name)s"),
        }
        summary = formats.get(message.kind, _("Message: %(name)s")) % {"name": name}
    if message.status == MessageStatus.REVIEW:
        summary = _("%(summary)s (to approve)") % {"summary": summary}
    return summary


def follow_up_summary(follow_up: FollowUp) -> str:
    return _("%(what)s: %(name)s") % {"what": follow_up.title, "name": follow_up.candidate.full_name}


def _event(uid: str, summary: str, description: str, url: str, stamp: dt.datetime) -> Event:
    event = Event()
    event.add("uid", f"{uid}@{_host()}")
    event.add("dtstamp", stamp)
    event.add("summary", summary)
    event.add("description", description)
    event.add("url", url)
    event.add("transp", "TRANSPARENT")
    return event


def calendar(user, items: CalendarItems, *, now: dt.datetime | None = None) -> bytes:
    """The feed of `items` for `user`, as the bytes of a .ics file."""
    # The stamp is the feed's snapshot time: every poll regenerates the whole calendar from the database.
    stamp = (now or timezone.now()).astimezone(dt.UTC).replace(microsecond=0)
    with translation.override(user.language or settings.LANGUAGE_CODE):
        cal = Calendar()
        cal.add("prodid", "-//Vivier//Vivier calendar//" + (user.language or "fr").upper())
        cal.add("version", "2.0")
        cal.add("calscale", "GREGORIAN")
        cal.add("method", "PUBLISH")
        cal.add("x-wr-calname", _("Vivier: my follow-ups"))
        # Hints for the clients that honour them (Apple, Outlook); Google polls on its own schedule.
        cal.add("refresh-interval", dt.timedelta(hours=1), parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", "PT1H")
        for f in items.follow_ups:
            url = candidate_url(f.candidate)
            event = _event(
                f"followup-{f.public_id}",
                follow_up_summary(f),
                _("Follow-up to do (%(kind)s). The person's page: %(url)s")
                % {"kind": f.get_kind_display(), "url": url},
                url,
                stamp,
            )
            event.add("dtstart", f.due_on)
            event.add("dtend", f.due_on + dt.timedelta(days=1))
            cal.add_component(event)
        for m in items.messages:
            url = candidate_url(m.candidate)
            if m.status == MessageStatus.REVIEW:
                what = _("This message waits for your approval in the outbox before it can go.")
            else:
                what = _("Vivier sends this message at this time unless it is cancelled in the outbox.")
            event = _event(
                f"message-{m.public_id}",
                message_summary(m),
                what + "\n" + _("The person's page: %(url)s") % {"url": url},
                url,
                stamp,
            )
            start = m.due_at.astimezone(dt.UTC).replace(microsecond=0)
            event.add("dtstart", start)
            event.add("dtend", start + dt.timedelta(minutes=MESSAGE_MINUTES))
            cal.add_component(event)
        return cal.to_ical()
