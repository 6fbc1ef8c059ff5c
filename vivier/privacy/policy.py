"""The consent side of vivier.outreach.policy.may_contact: which purpose each kind of message needs.

- thank_you, feedback, information_notice, personal: the recruitment process itself (legitimate interest),
  during the process and PRIVACY_REFUSAL_KEEP_MONTHS after it; a valid talent-pool consent also allows them.
- stay_in_touch: once (it is the message that asks for consent), within that same window, and never after
  the person withdrew from the talent pool.
- check_in: a valid talent-pool consent; job_alert: job_alerts; survey: survey, and no survey sent to the
  person in the last SURVEY_MIN_MONTHS (the worker asks right before sending, so two planned ones never both go).
- consent_renewal: a talent-pool consent given and not withdrawn (it goes shortly before the expiry).

Planning asks the same question as sending, with one exception (`planning=True`): a check-in may be planned
before the talent-pool consent it needs, because the cadence that plans it also sends the stay-in-touch
invitation that asks for that consent (vivier.outreach.services.cadences plans check-ins without the consent
only next to that invitation); the worker asks again at send time and cancels it, with the reason, if the
consent never came. Every other kind is planned only when it may go: a survey or a job alert waits for its
consent, and is planned when the consent arrives (vivier.surveys.services.survey_plan_on_consent; the job-alert
digests are built daily for people who have it). A withdrawal refuses at once.

`now` (default: the current time) is the moment asked about: the demo replays its history with it.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import salted_hmac

from vivier.privacy import rules
from vivier.privacy.models import ErasedIdentity, Purpose

ERASED = "erased"
NO_CONSENT = "no_consent"
CONSENT_EXPIRED = "consent_expired"
CONSENT_WITHDRAWN = "consent_withdrawn"
OUTSIDE_WINDOW = "outside_process_window"
ALREADY_SENT = "already_sent"
SURVEY_RECENT = "survey_recent"

PROCESS_KINDS = {"thank_you", "feedback", "information_notice", "personal"}
PURPOSE_OF = {"check_in": Purpose.TALENT_POOL, "job_alert": Purpose.JOB_ALERTS, "survey": Purpose.SURVEY}
# The kinds that may be planned before their consent arrives (see the module's docstring).
PLANNED_BEFORE_CONSENT = {"check_in"}


def email_hash(email: str) -> str:
    """A keyed hash (salted_hmac over SECRET_KEY) of the normalised e-mail: useless without the key."""
    normalised = (email or "").strip().lower()
    return salted_hmac("vivier.privacy.erased-email", normalised, algorithm="sha256").hexdigest()


def is_erased(email: str) -> bool:
    """True when this e-mail belonged to someone erased from the pool (imports flag such rows)."""
    if not (email or "").strip():
        return False
    return ErasedIdentity.objects.filter(email_hash=email_hash(email)).exists()


def _erased_before(candidate) -> bool:
    """Erased, and this row is not a deliberate new start made after the erasure."""
    try:
        erased_at = rules._primed(candidate, "erased_at")
    except KeyError:
        row = ErasedIdentity.objects.filter(email_hash=email_hash(candidate.email)).only("erased_at").first()
        erased_at = row.erased_at if row is not None else None
    return erased_at is not None and candidate.created_at <= erased_at


def _consent_reason(state: rules.ConsentState) -> str:
    return {"withdrawn": CONSENT_WITHDRAWN, "expired": CONSENT_EXPIRED}.get(state.status, NO_CONSENT)


def prime(candidates) -> None:
    """Load the consent facts of many candidates at once (see rules.prime): call before asking for each."""
    rules.prime(list(candidates))


def consent_allows(
    candidate, kind: str, *, planning: bool = False, now: dt.datetime | None = None
) -> tuple[bool, str]:
    now = now or timezone.now()
    if (candidate.email or "").lower() == rules.PLACEHOLDER_EMAIL or _erased_before(candidate):
        return False, ERASED
    states = None

    def state(purpose: str) -> rules.ConsentState:
        nonlocal states
        states = states or rules.consent_states(candidate, now)
        return states[purpose]

    if kind in PROCESS_KINDS:
        if rules.in_process_window(candidate, now) or state(Purpose.TALENT_POOL).valid:
            return True, ""
        return False, OUTSIDE_WINDOW
    if kind == "stay_in_touch":
        from vivier.outreach.models import Message, MessageStatus

        if state(Purpose.TALENT_POOL).status == "withdrawn":
            return False, CONSENT_WITHDRAWN
        try:
            sent = rules._primed(candidate, "stay_in_touch_sent")
        except KeyError:
            sent = Message.objects.filter(candidate=candidate, kind=kind, status=MessageStatus.SENT).exists()
        if sent:
            return False, ALREADY_SENT
        if rules.in_process_window(candidate, now):
            return True, ""
        return False, OUTSIDE_WINDOW
    if kind == "consent_renewal":
        current = state(Purpose.TALENT_POOL)
        return (True, "") if current.status in ("given", "expired") else (False, _consent_reason(current))
    if kind == "survey":
        from vivier.outreach.models import Message, MessageStatus

        since = rules.add_months(now, -settings.SURVEY_MIN_MONTHS)
        if Message.objects.filter(
            candidate=candidate, kind=kind, status=MessageStatus.SENT, sent_at__gt=since, sent_at__lte=now
        ).exists():
            return False, SURVEY_RECENT
    purpose = PURPOSE_OF.get(kind)
    if purpose is None:
        return False, NO_CONSENT  # an unknown kind has no basis
    current = state(purpose)
    if current.valid or (planning and kind in PLANNED_BEFORE_CONSENT and current.status != "withdrawn"):
        return True, ""
    return False, _consent_reason(current)
