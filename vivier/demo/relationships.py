"""The demo's life after the declines: what eighteen months of keeping in touch leave behind.

`demo.write` lays down the agency's history (people, jobs, offers, declines). This module adds what the
relationship features would have done since, so a first visit shows the product at work: the talent-pool consent
most people gave when they first applied; each decline's cadence (thank-you, stay in touch, check-ins) planned by
`cadence_plan` as on the day of the decline; the consents given on the stay-in-touch page a few days later, with
their proof (`consent_give`, at that moment: the survey consent plans the survey then, as in the product); survey
answers and a detractor's call-back; a talent pool and a saved segment; the information notices, planned by the
retention pass the day each person was added. The outbox is moved forward as the worker would have moved it: a
message due before now went (status "sent", its MESSAGE_SENT event at that time) when its purpose allowed it
then, else it was cancelled with the worker's reason. Messages still to come stay planned, some waiting for the
recruiter's approval. `demo.today` then adds what is on the recruiter's desk this week, and
`demo.mailbox` writes the messages that went into the local mailbox.

The services are called with the moment they replay (`now=`, `at=`); the Event rows they write are stamped by
the database's clock, so they are moved to that moment afterwards (`backdate`), and the timelines read in order.
Deterministic for a seed, like the rest of the demo.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db.models import Max

from vivier.outreach.models import Message, MessageKind, MessageStatus
from vivier.outreach.services.cadences import cadence_key, cadence_plan
from vivier.pools.services import pool_add, pool_create, segment_create
from vivier.privacy.models import AlertFrequency, CandidatePrivacy, ConsentChannel, Purpose
from vivier.privacy.policy import NO_CONSENT
from vivier.privacy.services.consents import consent_give
from vivier.privacy.services.retention import needs_notice, plan_notices
from vivier.surveys.models import SurveyResponse
from vivier.surveys.services import survey_answer
from vivier.talent.models import Candidate, Decline, DeclineKind, Event, EventKind, FollowUp
from vivier.talent.services.follow_ups import follow_up_complete

# Who agreed to the talent pool when they first applied; of the people who declined an offer and did not say
# "no" to the future, who answered the stay-in-touch message (CNIL: explicit, unticked opt-ins, so not everyone),
# and of those, who asked for job alerts and agreed to the survey.
SHARE_POOL_AT_FIRST_CONTACT = 0.85
SHARE_STAY_IN_TOUCH = 0.6
SHARE_JOB_ALERTS = 0.5
SHARE_SURVEY = 0.7
SHARE_SURVEY_ANSWERED = 0.7
# A purpose's consent decides whether these went: the others (thank-you, stay in touch) follow the process.
PURPOSE_OF_KIND = {
    MessageKind.CHECK_IN: Purpose.TALENT_POOL,
    MessageKind.SURVEY: Purpose.SURVEY,
    MessageKind.JOB_ALERT: Purpose.JOB_ALERTS,
}
SCORES = [10, 10, 9, 9, 9, 8, 8, 7, 6, 4, 3]
COMMENTS = {
    "promoter": [
        "Des échanges clairs et un vrai retour après l’entretien, merci.",
        "Recruteuse à l’écoute, process rapide.",
        "",
    ],
    "passive": ["Bon contact, mais le process a été un peu long.", ""],
    "detractor": [
        "Trois semaines sans nouvelles entre les deux entretiens.",
        "L’offre annoncée ne correspondait pas au poste décrit au départ.",
    ],
}
POOL_NAME = "Développement web — Lyon et à distance"
SEGMENT_NAME = "Ont refusé, à Lyon"


def backdate(candidate: Candidate, when: dt.datetime, since_id: int) -> None:
    """Move the events the services just wrote about this person to the moment they describe.

    Events are append-only (a database trigger refuses an UPDATE): the demo, which makes up a past, writes
    them again at that moment, with their ids, instead of rewriting them."""
    events = list(Event.objects.filter(candidate=candidate, pk__gt=since_id))
    Event.objects.filter(pk__in=[e.pk for e in events]).delete()
    for event in events:
        event.created_at = when
    Event.objects.bulk_create(events)


def last_event_id() -> int:
    return Event.objects.aggregate(m=Max("pk"))["m"] or 0


def _consent(candidate: Candidate, purpose: str, at: dt.datetime) -> None:
    """Given on their own page (the stay-in-touch or preferences page), at `at`, through the product's service."""
    since = last_event_id()
    consent_give(
        candidate=candidate,
        purpose=purpose,
        channel=ConsentChannel.WEB_FORM,
        language=candidate.language,
        at=at,
    )
    backdate(candidate, at, since)


def _sent(message: Message, when: dt.datetime) -> None:
    Message.objects.filter(pk=message.pk).update(
        status=MessageStatus.SENT,
        sent_at=when,
        attempts=1,
        message_id=f"<{message.public_id}@demo.vivier.invalid>",
    )
    Event.objects.create(
        kind=EventKind.MESSAGE_SENT,
        candidate_id=message.candidate_id,
        created_at=when,
        data={
            "message": str(message.public_id),
            "kind": message.kind,
            "subject": message.subject,
            "to": message.to_email,
        },
    )


def _skipped(message: Message, when: dt.datetime, reason: str) -> None:
    Message.objects.filter(pk=message.pk).update(status=MessageStatus.CANCELLED, last_error=reason)
    Event.objects.create(
        kind=EventKind.MESSAGE_CANCELLED,
        candidate_id=message.candidate_id,
        created_at=when,
        data={"message": str(message.public_id), "kind": message.kind, "reason": reason, "by": "worker"},
    )


def add(*, seed: int, now: dt.datetime, recruiter, admin) -> dict[str, int]:
    """Write the demo's relationships (inside load()'s transaction); returns what was written."""
    rng = random.Random(f"{seed}:relationships")  # noqa: S311 - demo data, not security
    counts = {"consents": 0, "messages_sent": 0, "messages_planned": 0, "survey_answers": 0}
    declines = list(
        Decline.objects.filter(kind=DeclineKind.DECLINED_BY_CANDIDATE)
        .select_related("candidate", "job__client", "primary_reason", "offer__application")
        .prefetch_related("reasons")
        .order_by("created_at", "pk")
    )
    consents: dict[int, dict[str, dt.datetime]] = {}
    # Most people ticked "keep my profile for other opportunities" when they first applied or registered (an
    # agency's "vivier" is built on it); the others are anonymised once their process is over (the worker's
    # daily retention pass).
    for candidate in Candidate.objects.order_by("pk"):
        if rng.random() < SHARE_POOL_AT_FIRST_CONTACT:
            # on their preferences page, from the link of the welcome (or information) message
            at = candidate.created_at + dt.timedelta(days=rng.randint(1, 3), hours=rng.randint(1, 8))
            if at < now:
                _consent(candidate, Purpose.TALENT_POOL, at)
                consents[candidate.pk] = {Purpose.TALENT_POOL: at}
                counts["consents"] += 1
    for decline in declines:
        candidate = decline.candidate
        since = last_event_id()
        planned = cadence_plan(decline=decline, by=recruiter, now=decline.created_at)
        backdate(candidate, decline.created_at, since)
        stay = next((m for m in planned if m.kind == MessageKind.STAY_IN_TOUCH), None)
        given = consents.setdefault(candidate.pk, {})
        if stay is not None and rng.random() < SHARE_STAY_IN_TOUCH:
            # their answer on the stay-in-touch page, a few days after the message
            at = stay.due_at + dt.timedelta(days=rng.randint(0, 4), hours=rng.randint(1, 9))
            purposes = [] if Purpose.TALENT_POOL in given else [Purpose.TALENT_POOL]
            if rng.random() < SHARE_JOB_ALERTS:
                purposes.append(Purpose.JOB_ALERTS)
            if rng.random() < SHARE_SURVEY:
                purposes.append(Purpose.SURVEY)
            for purpose in purposes if at < now else []:
                _consent(candidate, purpose, at)
                given[purpose] = at
                counts["consents"] += 1
            # The survey consent planned the survey (consent_give), when still within its window.
            survey = Message.objects.filter(candidate=candidate, cadence_key=cadence_key(decline, "survey"))
            planned += [m for m in survey if m.pk not in {p.pk for p in planned}]
            if Purpose.JOB_ALERTS in given:
                CandidatePrivacy.objects.update_or_create(
                    candidate=candidate,
                    defaults={
                        "wanted_jobs": candidate.headline[:300],
                        "wanted_places": candidate.city[:300],
                        "alert_frequency": rng.choice([AlertFrequency.WEEKLY, AlertFrequency.MONTHLY]),
                        "updated_at": at,
                    },
                )
        # The worker's part, in time order: what was due before now went, if its purpose allowed it then.
        for message in sorted(planned, key=lambda m: m.due_at):
            if message.due_at >= now:
                counts["messages_planned"] += 1
                continue
            purpose = PURPOSE_OF_KIND.get(message.kind)
            if purpose is not None and not (purpose in given and given[purpose] <= message.due_at):
                _skipped(message, message.due_at, NO_CONSENT)
                continue
            _sent(message, message.due_at + dt.timedelta(minutes=rng.randint(1, 20)))
            counts["messages_sent"] += 1
    counts["survey_answers"] = _survey_answers(rng, now)
    _pool_and_segment(recruiter)
    counts["messages_sent"] += _notices(rng, now)
    return counts


def _notices(rng: random.Random, now: dt.datetime) -> int:
    """The information notices of people we did not hear from directly: the retention pass (the worker's daily
    job) planned each the day the person was added, for the next working morning, and it went then."""
    sent = 0
    for candidate in Candidate.objects.order_by("created_at", "pk"):
        if not needs_notice(candidate):
            continue
        when = candidate.created_at + dt.timedelta(hours=rng.randint(6, 10))  # that day's pass
        if when >= now:
            continue
        since = last_event_id()
        plan_notices(when, candidates=Candidate.objects.filter(pk=candidate.pk))
        backdate(candidate, when, since)
        notice = Message.objects.filter(candidate=candidate, kind=MessageKind.INFORMATION_NOTICE).first()
        if notice is not None and notice.due_at < now:
            _sent(notice, notice.due_at + dt.timedelta(minutes=rng.randint(1, 20)))
            sent += 1
    return sent


def _survey_answers(rng: random.Random, now: dt.datetime) -> int:
    """Most surveys that went are answered within a few days; a detractor's answer opens a follow-up."""
    answered = 0
    sent = SurveyResponse.objects.filter(message__status=MessageStatus.SENT).select_related(
        "message", "candidate"
    )
    for response in sent.order_by("message__sent_at", "pk"):
        if rng.random() >= SHARE_SURVEY_ANSWERED:
            continue
        when = response.message.sent_at + dt.timedelta(days=rng.randint(0, 5), hours=rng.randint(1, 8))
        if when >= now:
            continue
        score = rng.choice(SCORES)
        group = "promoter" if score >= 9 else "passive" if score >= 7 else "detractor"
        since = last_event_id()
        survey_answer(response=response, score=score, comment=rng.choice(COMMENTS[group]), now=when)
        backdate(response.candidate, when, since)
        answered += 1
        # The detractor's call-back: done within days, except for an answer of the last month (still to do).
        follow_up = FollowUp.objects.filter(source_key=f"survey:{response.public_id}").first()
        if follow_up is not None:
            FollowUp.objects.filter(pk=follow_up.pk).update(created_at=when)
            done = when + dt.timedelta(days=rng.randint(1, 3), hours=rng.randint(1, 6))
            if done < now - dt.timedelta(days=30):
                since = last_event_id()
                follow_up_complete(follow_up=follow_up, by=follow_up.assignee)
                FollowUp.objects.filter(pk=follow_up.pk).update(done_at=done)
                backdate(response.candidate, done, since)
    return answered


def _pool_and_segment(recruiter) -> None:
    """A pool of web developers who agreed to stay in touch, and a saved search of people who declined in Lyon."""
    pool = pool_create(
        name=POOL_NAME,
        by=recruiter,
        description="Développeuses et développeurs web rencontrés depuis un an, d’accord pour garder le contact.",
    )
    people = (
        Candidate.objects.filter(consents__purpose=Purpose.TALENT_POOL, headline__icontains="développ")
        .distinct()
        .order_by("pk")
    )
    pool_add(pool=pool, candidates=list(people[:12]), by=recruiter)
    segment_create(name=SEGMENT_NAME, filters={"city": "Lyon", "declined": "yes"}, by=recruiter)
