"""Write a demo plan to the database: rows with their past dates, and the Event row of every change of state.

The services stamp everything with the current time, so the demo writes through the ORM in bulk instead,
with the same rows and the same event kinds and data as the services write (see talent/services/).
"""

from __future__ import annotations

import datetime as dt
import math

from django.db import transaction
from django.utils import timezone

from vivier.demo.plan import Plan
from vivier.talent.models import (
    Application,
    ApplicationStatus,
    Candidate,
    Client,
    Decline,
    DeclineReason,
    Event,
    EventKind,
    Exclusion,
    Job,
    JobStatus,
    Offer,
    OfferStatus,
)

WORKDAY_START_HOUR = 8
WORKDAY_HOURS = 11


class Clock:
    """Turns a plan's ages (days before now) into aware datetimes during office hours."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = timezone.localtime(now)
        self.today = self.now.date()

    def at(self, age: float) -> dt.datetime:
        """Strictly earlier for an older age: the whole part picks the day, the fraction the time of day."""
        whole = math.floor(age)
        day = self.today - dt.timedelta(days=whole)
        minutes = int((1 - (age - whole)) * WORKDAY_HOURS * 60)
        moment = timezone.make_aware(dt.datetime.combine(day, dt.time(WORKDAY_START_HOUR)), self.now.tzinfo)
        return min(moment + dt.timedelta(minutes=minutes), self.now - dt.timedelta(minutes=5))

    def date(self, age: float) -> dt.date:
        return self.today - dt.timedelta(days=math.floor(age))


def write(plan: Plan, *, now: dt.datetime, recruiter, admin) -> dict[str, int]:
    """Insert the plan; returns the number of rows of each kind. Runs in one transaction."""
    clock = Clock(now)
    events: list[Event] = []

    def event(kind: str, when: dt.datetime, actor=recruiter, **kw) -> None:
        events.append(Event(kind=kind, created_at=when, actor=actor, **kw))

    with transaction.atomic():
        clients = Client.objects.bulk_create(
            [
                Client(
                    name=spec.name,
                    sector=spec.sector,
                    city=spec.city,
                    notes=spec.notes,
                    created_at=clock.at(age),
                )
                for spec, age in plan.clients
            ]
        )
        for client in clients:
            event(
                EventKind.CLIENT_CREATED,
                client.created_at,
                actor=admin,
                client=client,
                data={"name": client.name},
            )

        candidates = Candidate.objects.bulk_create(
            [
                Candidate(
                    first_name=c.first_name,
                    last_name=c.last_name,
                    email=c.email,
                    phone=c.phone,
                    city=c.city,
                    country="FR",
                    headline=c.headline,
                    summary=c.summary,
                    skills=c.skills,
                    languages=c.languages,
                    linkedin_url=c.linkedin_url,
                    salary_expectation=c.salary_expectation,
                    currency="EUR",
                    remote_preference=c.remote_preference,
                    language=c.language,
                    source=c.source,
                    created_by=recruiter,
                    created_at=clock.at(c.age),
                    updated_at=clock.at(c.last_activity),
                )
                for c in plan.candidates
            ]
        )
        for cand in candidates:
            event(EventKind.CANDIDATE_CREATED, cand.created_at, candidate=cand, data={"source": cand.source})

        jobs = Job.objects.bulk_create(
            [
                Job(
                    client=clients[j.client],
                    title=j.title,
                    rome_code=j.rome_code,
                    description=j.description,
                    city=j.city,
                    country="FR",
                    remote_policy=j.remote_policy,
                    remote_days_per_week=j.remote_days_per_week,
                    contract_type=j.contract_type,
                    salary_min=j.salary_min,
                    salary_max=j.salary_max,
                    currency="EUR",
                    skills=j.skills,
                    status=j.status,
                    owner=recruiter,
                    created_at=clock.at(j.age),
                    opened_at=clock.at(j.age),
                    updated_at=clock.at(j.status_age if j.status_age is not None else j.age),
                )
                for j in plan.jobs
            ]
        )
        for job in jobs:
            event(
                EventKind.JOB_CREATED,
                job.created_at,
                job=job,
                client=job.client,
                data={"title": job.title, "rome_code": job.rome_code},
            )

        counts = _pipeline(plan, clock, candidates, jobs, recruiter, event)

        exclusions = Exclusion.objects.bulk_create(
            [
                Exclusion(
                    candidate=candidates[x.candidate],
                    client=clients[x.client],
                    reason=x.reason,
                    expires_on=clock.date(x.age) + dt.timedelta(days=x.expires_in_days),
                    created_by=recruiter,
                    created_at=clock.at(x.age),
                    lifted_at=clock.at(x.lifted_age) if x.lifted_age is not None else None,
                )
                for x in plan.exclusions
            ]
        )
        for x in exclusions:
            event(
                EventKind.EXCLUSION_ADDED,
                x.created_at,
                candidate=x.candidate,
                client=x.client,
                data={"client": x.client.name, "reason": x.reason, "expires_on": x.expires_on.isoformat()},
            )
            if x.lifted_at:
                event(
                    EventKind.EXCLUSION_LIFTED,
                    x.lifted_at,
                    candidate=x.candidate,
                    client=x.client,
                    data={"client": x.client.name},
                )

        # In time order, so the ids follow the timeline as they do when the services write them.
        events.sort(key=lambda e: e.created_at)
        Event.objects.bulk_create(events, batch_size=500)
    return {
        "clients": len(clients),
        "candidates": len(candidates),
        "jobs": len(jobs),
        "exclusions": len(exclusions),
        "events": len(events),
        **counts,
    }


def _pipeline(plan: Plan, clock: Clock, candidates, jobs, recruiter, event) -> dict[str, int]:
    """Applications, offers, answers, and the jobs' status changes."""
    app_status = {
        "open": ApplicationStatus.OFFER,
        "accepted": ApplicationStatus.HIRED,
        "declined": ApplicationStatus.DECLINED,
    }
    applications = Application.objects.bulk_create(
        [
            Application(
                candidate=candidates[o.candidate],
                job=jobs[o.job],
                status=app_status[o.outcome],
                created_by=recruiter,
                created_at=clock.at(o.application_age),
            )
            for o in plan.offers
        ]
        + [
            Application(
                candidate=candidates[a.candidate],
                job=jobs[a.job],
                status=ApplicationStatus.ACTIVE,
                created_by=recruiter,
                created_at=clock.at(a.age),
            )
            for a in plan.applications
        ]
    )
    for app in applications:
        event(
            EventKind.APPLICATION_CREATED,
            app.created_at,
            candidate=app.candidate,
            job=app.job,
            client=app.job.client,
            data={"job": app.job.title},
        )

    offer_status = {
        "open": OfferStatus.OPEN,
        "accepted": OfferStatus.ACCEPTED,
        "declined": OfferStatus.DECLINED,
    }
    offers = Offer.objects.bulk_create(
        [
            Offer(
                application=app,
                salary=o.salary,
                currency="EUR",
                remote_days_per_week=o.remote_days_per_week,
                start_date=clock.date(o.age) + dt.timedelta(days=o.start_in_days),
                contract_type=app.job.contract_type,
                status=offer_status[o.outcome],
                created_by=recruiter,
                created_at=clock.at(o.age),
                decided_at=clock.at(o.decided_age) if o.decided_age is not None else None,
            )
            for o, app in zip(plan.offers, applications, strict=False)
        ]
    )
    reasons = DeclineReason.objects.in_bulk(field_name="code")
    declines: list[Decline] = []
    for o, offer in zip(plan.offers, offers, strict=True):
        app = offer.application
        cand, job = app.candidate, app.job
        event(
            EventKind.OFFER_CREATED,
            offer.created_at,
            candidate=cand,
            job=job,
            client=job.client,
            data={
                "salary": offer.salary,
                "currency": offer.currency,
                "remote_days_per_week": offer.remote_days_per_week,
                "contract_type": offer.contract_type,
                "job": job.title,
            },
        )
        if o.outcome == "accepted":
            event(
                EventKind.OFFER_ACCEPTED,
                offer.decided_at,
                candidate=cand,
                job=job,
                client=job.client,
                data={"salary": offer.salary, "job": job.title},
            )
        elif o.decline is not None:
            d = o.decline
            declines.append(
                Decline(
                    offer=offer,
                    candidate=cand,
                    job=job,
                    client=job.client,
                    kind=d.kind,
                    primary_reason=reasons[d.primary],
                    detail=d.detail,
                    competing_employer=d.competing_employer,
                    competing_salary=d.competing_salary,
                    competing_remote_days=d.competing_remote_days,
                    counter_offer=d.counter_offer,
                    open_to_future=d.open_to_future,
                    recontact_after=clock.date(d.recontact_age) if d.recontact_age is not None else None,
                    offered_salary=offer.salary,
                    offered_currency=offer.currency,
                    offered_remote_days=offer.remote_days_per_week,
                    offered_contract_type=offer.contract_type,
                    offered_start_date=offer.start_date,
                    expected_salary=cand.salary_expectation,
                    expected_remote=cand.remote_preference,
                    recorded_by=recruiter,
                    created_at=offer.decided_at,
                )
            )
            event(
                EventKind.OFFER_DECLINED,
                offer.decided_at,
                candidate=cand,
                job=job,
                client=job.client,
                data={
                    "kind": d.kind,
                    "reasons": d.reasons,
                    "primary_reason": d.primary,
                    "job": job.title,
                    "client": job.client.name,
                    "offered_salary": offer.salary,
                    "competing_employer": d.competing_employer,
                },
            )
    Decline.objects.bulk_create(declines)
    through = Decline.reasons.through
    declined_plans = [o.decline for o in plan.offers if o.decline is not None]
    through.objects.bulk_create(
        [
            through(decline_id=decline.pk, declinereason_id=reasons[code].pk)
            for decline, d in zip(declines, declined_plans, strict=True)
            for code in d.reasons
        ]
    )

    # A job leaves "open" when its offer is accepted (filled), or when the client pauses or cancels it.
    for j, job in zip(plan.jobs, jobs, strict=True):
        if j.status_age is not None:
            event(
                EventKind.JOB_STATUS_CHANGED,
                clock.at(j.status_age),
                job=job,
                client=job.client,
                data={"from": JobStatus.OPEN.value, "to": job.status},
            )
    return {"applications": len(applications), "offers": len(offers), "declines": len(declines)}
