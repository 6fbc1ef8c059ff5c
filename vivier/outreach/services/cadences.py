"""The follow-up sequence (cadence) of a decline: planned in the decline's transaction, paused when the
candidate replies, stopped for good when they ask not to be contacted.

The steps (dates from vivier.outreach.cadence, all at nine in the morning of a working day where the
candidate lives):

- thank_you: the next working morning; waits for approval ("review") when the recording user asked to review
  thank-you messages (User.review_before_sending), else "scheduled".
- stay_in_touch: a week after the thank-you, with the link of the stay-in-touch page; same review rule.
- check_in at each of OUTREACH_CHECKIN_MONTHS (3, 6, 12) after the decline;
- check_in on the candidate's own "recontact after" date;
- check_in a week before the end of the competing job's trial period, when they declined for a competing
  offer (better_aligned_opportunity with a competing employer) or a counter-offer;
- survey: the candidate-experience survey, SURVEY_DELAY_DAYS after the decline, when vivier.surveys.rules
  allow it (planned by vivier.surveys.services.survey_plan; when the survey consent comes later, it is
  planned then by survey_plan_on_consent).

Only what may go is planned. A check-in needs the talent-pool consent: it is planned when the person has it,
or next to this cadence's stay-in-touch invitation, which asks for it (the worker checks again at send time);
without either, the check-ins could never go and are not planned. A step that may not be planned (the
invitation already went, say) is skipped; the others are still planned.

What the candidate said wins over the calendar: "open to future contact: no" means they do not want to hear
from us again, so only the thank-you is planned (no invitation, no check-in, no survey, even with a
"recontact after" date); check-ins due before their "recontact after" date are not planned, nor those within
a month of it (the recontact one covers them).

Each step has a cadence_key `decline:<decline public_id>:<step>`: the unique constraint (candidate,
cadence_key) makes planning twice harmless.

A reply pauses the cadence: every message of a cadence still "scheduled" moves to "review", so nothing more
goes without a human deciding (approve, edit or cancel each in the outbox). A do-not-contact request cancels
every message that has not gone, for good.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone

from vivier.errors import Conflict, ServiceError
from vivier.outreach import cadence
from vivier.outreach.models import EDITABLE_STATUSES, Message, MessageKind, MessageStatus
from vivier.outreach.policy import DO_NOT_CONTACT, NO_EMAIL, may_contact
from vivier.outreach.services.messages import message_schedule
from vivier.outreach.services.templates import merge_values, template_render
from vivier.talent.models import Candidate, EventKind
from vivier.talent.services.events import event_record

logger = logging.getLogger(__name__)

COMPETING_REASONS = {"better_aligned_opportunity", "counter_offer"}
RECONTACT_MARGIN = dt.timedelta(days=30)
# Refusals that hold for every step: nothing more of the cadence is planned.
STOP_REASONS = {DO_NOT_CONTACT, NO_EMAIL, "erased"}


def cadence_key(decline, step: str) -> str:
    return f"decline:{decline.public_id}:{step}"


def _steps(decline, *, now: dt.datetime, review: bool) -> list[tuple[str, str, dt.datetime, bool, dict]]:
    """(step, kind, due_at, review, extra merge values) for each step of this decline's cadence."""
    candidate = decline.candidate
    tz = candidate.time_zone
    declined_on = cadence.local_date(decline.created_at or now, tz)
    recontact = decline.recontact_after
    open_to_future = decline.open_to_future != "no"
    thank_you = cadence.next_working_morning(now, tz)
    steps = [("thank_you", MessageKind.THANK_YOU, thank_you, review, {})]
    if open_to_future:
        day = cadence.working_day_on_or_after(
            thank_you.astimezone(cadence.zone(tz)).date() + dt.timedelta(days=7)
        )
        steps.append(("stay_in_touch", MessageKind.STAY_IN_TOUCH, cadence.morning(day, tz), review, {}))

    def respects_recontact(day: dt.date) -> bool:
        return recontact is None or day >= recontact + RECONTACT_MARGIN

    if open_to_future:
        for months in cadence.check_in_months():
            day = cadence.working_day_on_or_after(cadence.add_months(declined_on, months))
            if respects_recontact(day):
                extra = {"check_in.occasion": "months", "check_in.months": str(months)}
                steps.append(
                    (f"check_in_{months}m", MessageKind.CHECK_IN, cadence.morning(day, tz), False, extra)
                )
    if recontact is not None and open_to_future:
        day = cadence.working_day_on_or_after(recontact)
        extra = {"check_in.occasion": "recontact"}
        steps.append(("recontact", MessageKind.CHECK_IN, cadence.morning(day, tz), False, extra))
    codes = {r.code for r in decline.reasons.all()} | {decline.primary_reason.code}
    competing = decline.counter_offer or (
        "better_aligned_opportunity" in codes and decline.competing_employer
    )
    if competing and open_to_future:
        start = (
            decline.offered_start_date
            if decline.offered_start_date and decline.offered_start_date > declined_on
            else declined_on
        )
        period = cadence.trial_period(start, decline.offered_contract_type)
        if period is not None:
            day = cadence.trial_check_in_day(period)
            if day > declined_on and (recontact is None or day >= recontact):
                extra = {
                    "check_in.occasion": "counter_offer"
                    if decline.counter_offer and not decline.competing_employer
                    else "trial_period",
                    "check_in.employer": decline.competing_employer,
                }
                steps.append(("trial_period", MessageKind.CHECK_IN, cadence.morning(day, tz), False, extra))
    return steps


def cadence_plan(*, decline, by, now: dt.datetime | None = None) -> list[Message]:
    """Plan the cadence of a decline (call it inside the decline's transaction). Returns the messages planned;
    none when the candidate may not be written to. Steps already planned are skipped, not duplicated."""
    candidate = decline.candidate
    now = now or timezone.now()
    allowed, reason = may_contact(candidate, MessageKind.THANK_YOU, now=now)
    if not allowed:
        logger.info("no cadence planned", extra={"decline": str(decline.public_id), "reason": reason})
        return []
    review = bool(getattr(by, "review_before_sending", True)) if getattr(by, "pk", None) else True
    # A check-in goes only with the talent-pool consent: planned when the person has it, or next to the
    # stay-in-touch invitation of this cadence, which asks for it.
    in_pool = may_contact(candidate, MessageKind.CHECK_IN, now=now)[0]
    invited = False
    planned: list[Message] = []
    with transaction.atomic():
        for step, kind, due_at, step_review, extra in _steps(decline, now=now, review=review):
            if kind == MessageKind.CHECK_IN and not (in_pool or invited):
                logger.debug(
                    "cadence step not planned",
                    extra={"decline": str(decline.public_id), "step": step, "reason": "no_consent"},
                )
                continue
            values = merge_values(candidate=candidate, decline=decline, by=by, extra=extra)
            rendered = template_render(kind=kind, candidate=candidate, values=values)
            if rendered is None:
                logger.warning("no template for a cadence step", extra={"kind": kind, "step": step})
                continue
            try:
                planned.append(
                    message_schedule(
                        candidate=candidate,
                        kind=kind,
                        subject=rendered.subject,
                        body_text=rendered.body_text,
                        body_html=rendered.body_html,
                        due_at=due_at,
                        by=by,
                        cadence_key=cadence_key(decline, step),
                        review=step_review,
                        now=now,
                    )
                )
            except Conflict:  # this step was planned already (a replay): keep the first
                invited = invited or kind == MessageKind.STAY_IN_TOUCH
                continue
            except ServiceError as exc:
                if exc.code in STOP_REASONS:  # the candidate may not be written to after all
                    break
                # This step may not go (the invitation went with an earlier decline, say): the others may.
                logger.debug(
                    "cadence step not planned",
                    extra={"decline": str(decline.public_id), "step": step, "reason": exc.code},
                )
                continue
            invited = invited or kind == MessageKind.STAY_IN_TOUCH
        # The candidate-experience survey, a week later, when its own rules allow it (vivier.surveys.rules).
        from vivier.surveys.services import survey_plan  # late: the surveys app builds on this one

        survey = survey_plan(decline=decline, by=by, now=now)
        if survey is not None:
            planned.append(survey)
        if planned:
            event_record(
                kind=EventKind.CADENCE_PLANNED,
                actor=by,
                candidate=candidate,
                data={
                    "decline": str(decline.public_id),
                    "steps": [
                        {
                            "message": str(m.public_id),
                            "step": m.cadence_key.rsplit(":", 1)[1],
                            "due_at": m.due_at.isoformat(),
                            "status": m.status,
                        }
                        for m in planned
                    ],
                },
            )
    return planned


def candidate_replied(*, candidate: Candidate, by, note: str = "") -> list[Message]:
    """Log a reply from the candidate and pause their cadence: its scheduled messages wait for review."""
    note = (note or "").strip()[:2000]
    with transaction.atomic():
        pending = list(
            Message.objects.filter(candidate=candidate, status=MessageStatus.SCHEDULED).exclude(
                cadence_key=""
            )
        )
        paused = []
        for message in pending:
            # Conditional, like every transition: a row the worker claimed meanwhile goes as planned.
            if Message.objects.filter(pk=message.pk, status=MessageStatus.SCHEDULED).update(
                status=MessageStatus.REVIEW
            ):
                message.status = MessageStatus.REVIEW
                paused.append(message)
        Candidate.objects.filter(pk=candidate.pk).update(updated_at=timezone.now())
        event_record(
            kind=EventKind.REPLY_RECEIVED,
            actor=by,
            candidate=candidate,
            data={"note": note, "paused": [str(m.public_id) for m in paused]},
        )
    return paused


def contact_stop(*, candidate: Candidate, by=None, source: str = "recruiter") -> list[Message]:
    """The candidate asked not to be contacted: flag them and cancel every message that has not gone.

    `source` says how the request came (unsubscribe: the link in an e-mail; recruiter: told by phone or mail).
    Idempotent: a second request changes nothing and writes no second event.
    """
    with transaction.atomic():
        changed = Candidate.objects.filter(pk=candidate.pk, do_not_contact=False).update(
            do_not_contact=True, updated_at=timezone.now()
        )
        candidate.do_not_contact = True
        cancelled = []
        for message in Message.objects.filter(candidate=candidate, status__in=EDITABLE_STATUSES):
            if Message.objects.filter(pk=message.pk, status__in=EDITABLE_STATUSES).update(
                status=MessageStatus.CANCELLED, last_error="do_not_contact"
            ):
                cancelled.append(message)
        if changed or cancelled:
            event_record(
                kind=EventKind.UNSUBSCRIBED,
                actor=by,
                candidate=candidate,
                data={"source": source, "cancelled": [str(m.public_id) for m in cancelled]},
            )
    return cancelled
