"""Writes of the survey: plan one after a decline (inside the decline's transaction) or when the person agrees
to surveys later, record an answer.

survey_plan is called by vivier.outreach.services.cadences.cadence_plan, so the survey is one more step of
the decline's cadence (cadence_key `decline:<decline public id>:survey`: a replay plans nothing twice, and
a reply from the candidate pauses it with the other steps). It plans only for people who agreed to surveys
(vivier.surveys.rules); most agree a week later on the stay-in-touch page, so the survey consent calls
survey_plan_on_consent (vivier.privacy.services.consents.consent_give, whatever the channel: that page, a
recruiter recording it, the API), which plans it then, under the same cadence key. The message is rendered
from the editable "survey" template with the merge field {{ links.survey }}.

An answer can be changed for LOCK_DAYS after it was first given, then it is final. A detractor's answer
(0–6) opens one follow-up for the recruiter, however many times it is sent or changed.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from vivier.errors import Conflict, ServiceError
from vivier.outreach import cadence
from vivier.outreach.models import Message, MessageKind
from vivier.outreach.policy import may_contact
from vivier.outreach.services.messages import message_schedule
from vivier.outreach.services.templates import merge_values, template_render
from vivier.surveys import rules
from vivier.surveys.links import survey_token, survey_url
from vivier.surveys.models import COMMENT_MAX, Category, SurveyResponse
from vivier.talent.models import EventKind, FollowUpKind
from vivier.talent.services.events import event_record
from vivier.talent.services.follow_ups import follow_up_create

logger = logging.getLogger(__name__)

STEP = "survey"


def _recruiter(decline):
    """The recruiter in charge of the job; the person who recorded the decline when the job has none."""
    return decline.job.owner or decline.recorded_by


def survey_plan(*, decline, by, now: dt.datetime | None = None) -> Message | None:
    """Plan the survey of a decline when the rules allow it (vivier.surveys.rules); None when they do not."""
    from vivier.outreach.services.cadences import cadence_key  # late: cadences calls this function

    candidate = decline.candidate
    now = now or timezone.now()
    if not rules.asks(decline):
        return None
    allowed, reason = may_contact(candidate, MessageKind.SURVEY, planning=True, now=now)
    if not allowed:
        # Most people have not agreed yet at the decline: expected, their consent plans it (debug, not info).
        logger.debug("no survey planned", extra={"decline": str(decline.public_id), "reason": reason})
        return None
    due_at = rules.due_at(decline, now)
    if due_at is None:
        logger.info("no survey planned", extra={"decline": str(decline.public_id), "reason": "too_late"})
        return None
    if rules.surveyed_around(candidate, due_at):
        logger.info("no survey planned", extra={"decline": str(decline.public_id), "reason": "survey_recent"})
        return None
    recruiter = _recruiter(decline)
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(
                candidate=candidate,
                decline=decline,
                client=decline.client,
                recruiter=recruiter,
                language=candidate.language,
                created_at=now,
            )
            token, response.token_id = survey_token(response)
            values = merge_values(
                candidate=candidate,
                decline=decline,
                by=recruiter or by,
                extra={"links.survey": survey_url(token)},
            )
            rendered = template_render(kind=MessageKind.SURVEY, candidate=candidate, values=values)
            if rendered is None:
                raise ServiceError("no_template", "no survey template")
            response.message = message_schedule(
                candidate=candidate,
                kind=MessageKind.SURVEY,
                subject=rendered.subject,
                body_text=rendered.body_text,
                body_html=rendered.body_html,
                due_at=due_at,
                by=by,
                cadence_key=cadence_key(decline, STEP),
                now=now,
            )
            response.save(update_fields=["token_id", "message"])
    except Conflict:  # this decline's survey was planned already (a replay): keep the first
        return None
    except ServiceError as exc:
        logger.warning("no survey planned", extra={"decline": str(decline.public_id), "reason": exc.code})
        return None
    return response.message


def survey_plan_on_consent(*, candidate, by=None, now: dt.datetime | None = None) -> Message | None:
    """The person just agreed to surveys: plan the survey of their latest decline when it asks for one and is
    still within its window (rules.due_at), once (the cadence's key: nothing is planned twice)."""
    from vivier.talent.models import Decline  # late: the talent app's models import much

    now = now or timezone.now()
    # Only a recent decline can still be within its window (rules.due_at has the last word).
    since = now - dt.timedelta(days=rules.delay_days() + rules.LATE_DAYS + 7)
    decline = (
        Decline.objects.filter(candidate=candidate, created_at__gte=since, created_at__lte=now)
        .select_related("candidate", "job", "client", "recorded_by")
        .order_by("-created_at", "-id")
        .first()
    )
    if decline is None:
        return None
    return survey_plan(decline=decline, by=by or decline.recorded_by, now=now)


def next_working_day(now: dt.datetime) -> dt.date:
    return cadence.working_day_on_or_after(timezone.localdate(now) + dt.timedelta(days=1))


def _validate(score, comment: str) -> int:
    errors: dict[str, list[str]] = {}
    try:
        value = int(score)
    except (TypeError, ValueError):
        value = -1
    if not 0 <= value <= 10:
        errors["score"] = [_("Choose a score from 0 to 10.")]
    if len(comment) > COMMENT_MAX:
        errors["comment"] = [_("At most 2,000 characters.")]
    if errors:
        raise ValidationError(errors)
    return value


def survey_answer(
    *, response: SurveyResponse, score, comment: str = "", token_id: str = "", now: dt.datetime | None = None
) -> SurveyResponse:
    """Record (or change, within LOCK_DAYS of the first answer) the candidate's score and comment.

    ValidationError for a score outside 0–10 or a comment too long; Conflict("survey_locked") once final.
    """
    comment = (comment or "").strip()
    value = _validate(score, comment)
    now = now or timezone.now()
    with transaction.atomic():
        response = (
            SurveyResponse.objects.select_for_update(of=("self",))
            .select_related("candidate", "decline__job", "client", "recruiter")
            .get(pk=response.pk)
        )
        if response.is_locked(now):
            raise Conflict("survey_locked", _("This answer is final: it was given more than a week ago."))
        changed = response.answered_at is not None
        response.score, response.comment, response.updated_at = value, comment, now
        if not changed:
            response.answered_at = now
        response.save(update_fields=["score", "comment", "answered_at", "updated_at"])
        candidate = response.candidate
        # The comment is the person's own words: it stays on the answer (recruiters and admins read it), not
        # in the timeline that every viewer reads.
        event_record(
            kind=EventKind.SURVEY_ANSWERED,
            candidate=candidate,
            client=response.client,
            job=response.decline.job if response.decline else None,
            data={
                "response": str(response.public_id),
                "score": value,
                "category": response.category,
                "changed": changed,
                "token": token_id[:64],
            },
        )
        if response.category == Category.DETRACTOR:
            # The follow-up is the agency's: written in its language, whatever the candidate's page was in.
            with translation.override(settings.LANGUAGE_CODE):
                title = _("Call %(name)s back: scored %(score)s/10 in the survey") % {
                    "name": candidate.full_name,
                    "score": value,
                }
            follow_up_create(
                candidate=candidate,
                title=title[:200],
                due_on=next_working_day(now),
                assignee=response.recruiter,
                kind=FollowUpKind.SURVEY_DETRACTOR,
                note=comment,
                source_key=f"survey:{response.public_id}",
            )
    return response
