"""Which step of the outreach a message was: its cadence step (`decline:<decline public id>:<step>`, written by
vivier.outreach.services.cadences.cadence_key: thank_you, stay_in_touch, check_in_3m…, recontact,
trial_period, survey), else its kind (a job alert, a personal message, feedback…)."""

from __future__ import annotations

import re

from django.db.models import Case, CharField, F, Q, When
from django.db.models.functions import Substr
from django.utils.translation import gettext as _

from vivier.outreach.models import MessageKind
from vivier.talent.models import EventKind

# A boomerang came back through the last message sent to them in this many days before the new application.
TOUCH_DAYS = 90
NO_TOUCH = "none"
CADENCE_PREFIX = "decline:"
# "decline:" (8 characters) and a UUID (36), then ":": the step starts at the 46th character.
STEP_START = len(CADENCE_PREFIX) + 36 + 2
CHECK_IN_RE = re.compile(r"^check_in_(\d+)m$")
UNSUBSCRIBES = (EventKind.UNSUBSCRIBED, EventKind.CONSENT_WITHDRAWN)
# The kinds a decline's cadence plans (vivier.outreach.services.cadences, vivier.surveys).
CADENCE_KINDS = (MessageKind.THANK_YOU, MessageKind.STAY_IN_TOUCH, MessageKind.CHECK_IN, MessageKind.SURVEY)


def step_of() -> Case:
    """The step of a message: its cadence step (keys written by outreach.services.cadences.cadence_key),
    else its kind."""
    cadence = Q(cadence_key__startswith=CADENCE_PREFIX, kind__in=CADENCE_KINDS)
    return Case(
        When(cadence, then=Substr(F("cadence_key"), STEP_START)), default=F("kind"), output_field=CharField()
    )


def step_key(kind: str, cadence_key: str) -> str:
    """The same as `step_of`, for a message already read."""
    if cadence_key.startswith(CADENCE_PREFIX) and kind in CADENCE_KINDS:
        return cadence_key[STEP_START - 1 :]
    return kind


def step_label(key: str) -> str:
    if key == NO_TOUCH:
        # They came back on their own, or through another channel (a call, LinkedIn…): the help text says so.
        return _("No message in the %(days)s days before") % {"days": TOUCH_DAYS}
    labels = {
        "thank_you": _("Thank-you"),
        "stay_in_touch": _("Stay in touch"),
        "recontact": _("Check-in on the date they gave"),
        "trial_period": _("Check-in before the trial period ends"),
        "check_in": _("Check-in (other)"),
    }
    if key in labels:
        return str(labels[key])
    match = CHECK_IN_RE.match(key)
    if match:
        return _("Check-in at %(months)s months") % {"months": match.group(1)}
    if key in MessageKind.values:
        return str(MessageKind(key).label)
    return key


FIRST_STEPS = ["thank_you", "stay_in_touch"]
LAST_STEPS = ["recontact", "trial_period", "check_in", "feedback", "survey", "job_alert", "personal"]


def step_order(key: str) -> tuple:
    """The cadence's order: thank-you, stay in touch, check-ins by month, then the other messages."""
    if key in FIRST_STEPS:
        return (0, FIRST_STEPS.index(key), "")
    match = CHECK_IN_RE.match(key)
    if match:
        return (1, int(match.group(1)), "")
    if key in LAST_STEPS:
        return (2, LAST_STEPS.index(key), "")
    if key == NO_TOUCH:
        return (4, 0, "")
    return (3, 0, key)
