from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vivier.errors import Conflict
from vivier.talent.models import (
    Application,
    ApplicationStatus,
    Candidate,
    Decline,
    DeclineKind,
    DeclineReason,
    EventKind,
    Exclusion,
    Job,
    JobStatus,
    Offer,
    OfferStatus,
    OpenToFuture,
)
from vivier.talent.services.candidates import candidate_touch
from vivier.talent.services.events import event_record

if TYPE_CHECKING:
    from vivier.outreach.models import Message


def _refuse_application(*, candidate: Candidate, job: Job) -> None:
    """The rules of putting a candidate on a job: the job is open, no exclusion, not on it already."""
    if job.status in (JobStatus.FILLED, JobStatus.CANCELLED):
        raise Conflict(
            "job_closed",
            _("This job is closed (%(status)s): reopen it first.") % {"status": job.get_status_display()},
        )
    exclusion = Exclusion.objects.active().filter(candidate=candidate, client_id=job.client_id).first()
    if exclusion:
        raise Conflict(
            "candidate_excluded",
            _("%(name)s must not be presented to this client until %(date)s.")
            % {"name": candidate.full_name, "date": exclusion.expires_on.strftime("%d/%m/%Y")},
        )
    existing = Application.objects.filter(candidate=candidate, job=job).first()
    if existing:
        raise Conflict(
            "application_exists",
            _("This candidate is already on this job."),
            existing_id=str(existing.public_id),
        )


def _application_save(*, by, application: Application, at: dt.datetime | None, notify: bool) -> None:
    candidate, job = application.candidate, application.job
    try:
        with transaction.atomic():
            application.save()
            candidate_touch(candidate)
            event_record(
                kind=EventKind.APPLICATION_CREATED,
                actor=by,
                candidate=candidate,
                job=job,
                client=job.client,
                data={"job": job.title} if notify else {"job": job.title, "history": True},
                at=at,
                notify=notify,
            )
    except IntegrityError as exc:  # a concurrent request put them on the job first
        raise Conflict("application_exists", _("This candidate is already on this job.")) from exc


def application_create(*, by, candidate: Candidate, job: Job) -> Application:
    """Put a candidate on a job, unless the job is closed or the candidate is excluded for its client."""
    _refuse_application(candidate=candidate, job=job)
    application = Application(
        candidate=candidate, job=job, created_by=by if getattr(by, "pk", None) else None
    )
    _application_save(by=by, application=application, at=None, notify=True)
    return application


def _refuse_offer(application: Application) -> None:
    if application.status in (ApplicationStatus.HIRED, ApplicationStatus.DECLINED):
        raise Conflict(
            "application_closed", _("This application is closed; put the candidate on the job again.")
        )
    if application.offers.filter(status=OfferStatus.OPEN).exists():
        raise Conflict("offer_open", _("An offer is already waiting for an answer on this application."))


def _offer_new(
    *,
    by,
    application: Application,
    salary: int,
    currency: str,
    remote_days_per_week: int,
    start_date: dt.date | None,
    contract_type: str | None,
    notes: str,
) -> Offer:
    """The offer, checked and not saved yet."""
    offer = Offer(
        application=application,
        salary=salary,
        currency=(currency or "EUR").upper(),
        remote_days_per_week=remote_days_per_week,
        start_date=start_date,
        contract_type=contract_type or application.job.contract_type,
        notes=notes,
        created_by=by if getattr(by, "pk", None) else None,
    )
    errors: dict[str, list[str]] = {}
    if salary is None or salary <= 0:
        errors["salary"] = [_("Enter the gross yearly salary offered.")]
    if not 0 <= remote_days_per_week <= 5:
        errors["remote_days_per_week"] = [_("Between 0 and 5 days a week.")]
    try:
        offer.full_clean(exclude=["application"], validate_constraints=False)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    return offer


def _offer_event(*, by, offer: Offer, at: dt.datetime | None = None, notify: bool = True) -> None:
    application = offer.application
    job = application.job
    data = {
        "salary": offer.salary,
        "currency": offer.currency,
        "remote_days_per_week": offer.remote_days_per_week,
        "contract_type": offer.contract_type,
        "job": job.title,
    }
    event_record(
        kind=EventKind.OFFER_CREATED,
        actor=by,
        candidate=application.candidate,
        job=job,
        client=job.client,
        data=data if notify else {**data, "history": True},
        at=at,
        notify=notify,
    )


def offer_create(
    *,
    by,
    application: Application,
    salary: int,
    currency: str = "EUR",
    remote_days_per_week: int = 0,
    start_date: dt.date | None = None,
    contract_type: str | None = None,
    notes: str = "",
) -> Offer:
    _refuse_offer(application)
    offer = _offer_new(
        by=by,
        application=application,
        salary=salary,
        currency=currency,
        remote_days_per_week=remote_days_per_week,
        start_date=start_date,
        contract_type=contract_type,
        notes=notes,
    )
    with transaction.atomic():
        offer.save()
        application.status = ApplicationStatus.OFFER
        application.save(update_fields=["status"])
        candidate_touch(application.candidate)
        _offer_event(by=by, offer=offer)
    return offer


def _lock_open_offer(offer: Offer) -> Offer:
    """Re-read the offer inside the transaction and refuse if someone closed it meanwhile."""
    fresh = (
        Offer.objects.select_for_update()
        .select_related("application__job__client", "application__candidate")
        .get(pk=offer.pk)
    )
    if fresh.status != OfferStatus.OPEN:
        raise Conflict(
            "offer_closed", _("This offer was already %(status)s.") % {"status": fresh.get_status_display()}
        )
    return fresh


def offer_accept(*, by, offer: Offer) -> Offer:
    with transaction.atomic():
        offer = _lock_open_offer(offer)
        now = timezone.now()
        # Conditional update: of two concurrent decisions only one changes the row (also on SQLite).
        if (
            Offer.objects.filter(pk=offer.pk, status=OfferStatus.OPEN).update(
                status=OfferStatus.ACCEPTED, decided_at=now
            )
            != 1
        ):
            raise Conflict("offer_closed", _("This offer was already closed."))
        offer.status, offer.decided_at = OfferStatus.ACCEPTED, now
        application = offer.application
        application.status = ApplicationStatus.HIRED
        application.save(update_fields=["status"])
        candidate_touch(application.candidate)
        event_record(
            kind=EventKind.OFFER_ACCEPTED,
            actor=by,
            candidate=application.candidate,
            job=application.job,
            client=application.job.client,
            data={"salary": offer.salary, "job": application.job.title},
        )
    return offer


def reasons_from_codes(codes: Iterable[str]) -> list[DeclineReason]:
    """The active reasons for these codes, in the given order; unknown or inactive codes are field errors."""
    codes = list(dict.fromkeys(c.strip() for c in codes if c and c.strip()))
    found = {r.code: r for r in DeclineReason.objects.filter(code__in=codes)}
    unknown = [c for c in codes if c not in found]
    inactive = [c for c in codes if c in found and not found[c].active]
    if unknown:
        raise ValidationError(
            {"reasons": [_("Unknown reason code: %(codes)s.") % {"codes": ", ".join(unknown)}]}
        )
    if inactive:
        raise ValidationError(
            {"reasons": [_("This reason is no longer in use: %(codes)s.") % {"codes": ", ".join(inactive)}]}
        )
    return [found[c] for c in codes]


@dataclass(frozen=True)
class DeclineResult:
    """What offer_decline did: the decline, and the follow-up messages planned with it (oldest step first)."""

    decline: Decline
    messages: list[Message] = field(default_factory=list)


def _refuse_decline(
    *,
    kind: str,
    reasons: list[DeclineReason],
    primary: DeclineReason,
    detail: str,
    competing_employer: str,
    competing_salary: int | None,
    competing_remote_days: int | None,
    open_to_future: str,
    recontact_after: dt.date | None,
) -> None:
    errors: dict[str, list[str]] = {}
    if kind not in DeclineKind.values:
        errors["kind"] = [_("Choose how the offer ended.")]
    if not reasons:
        errors["reasons"] = [_("Choose at least one reason.")]
    elif primary is None or primary.pk not in {r.pk for r in reasons}:
        errors["primary_reason"] = [_("The main reason must be one of the reasons chosen.")]
    if open_to_future not in OpenToFuture.values:
        errors["open_to_future"] = [_("Choose yes, no or don't know.")]
    if competing_remote_days is not None and not 0 <= competing_remote_days <= 5:
        errors["competing_remote_days"] = [_("Between 0 and 5 days a week.")]
    if competing_salary is not None and competing_salary <= 0:
        errors["competing_salary"] = [_("Enter a positive yearly salary, or leave it empty.")]
    if recontact_after is not None and recontact_after <= timezone.localdate():
        errors["recontact_after"] = [_("The date must be in the future.")]
    if len(detail or "") > 5000:
        errors["detail"] = [_("At most 5,000 characters.")]
    if len(competing_employer or "") > 200:
        errors["competing_employer"] = [_("At most 200 characters.")]
    if errors:
        raise ValidationError(errors)


def _decline_write(
    *,
    by,
    offer: Offer,
    kind: str,
    reasons: list[DeclineReason],
    primary: DeclineReason,
    at: dt.datetime,
    notify: bool = True,
    **fields,
) -> Decline:
    """The decline row (with a snapshot of the terms), the application closed, and its event, dated `at`.
    Inside the caller's transaction, once the offer is declined."""
    application = offer.application
    candidate = application.candidate
    job = application.job
    decline = Decline.objects.create(
        offer=offer,
        candidate=candidate,
        job=job,
        client=job.client,
        kind=kind,
        primary_reason=primary,
        detail=(fields["detail"] or "").strip(),
        competing_employer=(fields["competing_employer"] or "").strip(),
        competing_salary=fields["competing_salary"],
        competing_remote_days=fields["competing_remote_days"],
        counter_offer=fields["counter_offer"],
        open_to_future=fields["open_to_future"],
        recontact_after=fields["recontact_after"],
        offered_salary=offer.salary,
        offered_currency=offer.currency,
        offered_remote_days=offer.remote_days_per_week,
        offered_contract_type=offer.contract_type,
        offered_start_date=offer.start_date,
        expected_salary=candidate.salary_expectation,
        expected_remote=candidate.remote_preference,
        recorded_by=by if getattr(by, "pk", None) else None,
        created_at=at,
    )
    decline.reasons.set(reasons)
    application.status = ApplicationStatus.DECLINED
    application.save(update_fields=["status"])
    candidate_touch(candidate)
    data = {
        "kind": kind,
        "reasons": [r.code for r in reasons],
        "primary_reason": primary.code,
        "job": job.title,
        "client": job.client.name,
        "offered_salary": offer.salary,
        "competing_employer": decline.competing_employer,
    }
    event_record(
        kind=EventKind.OFFER_DECLINED,
        actor=by,
        candidate=candidate,
        job=job,
        client=job.client,
        data=data if notify else {**data, "history": True},
        at=at,
        notify=notify,
    )
    return decline


def offer_decline(
    *,
    by,
    offer: Offer,
    kind: str,
    reasons: list[DeclineReason],
    primary: DeclineReason,
    detail: str = "",
    competing_employer: str = "",
    competing_salary: int | None = None,
    competing_remote_days: int | None = None,
    counter_offer: bool = False,
    open_to_future: str = OpenToFuture.UNKNOWN,
    recontact_after: dt.date | None = None,
) -> DeclineResult:
    """Close an offer as declined (by either side) and keep why, with a snapshot of the terms.
    A decline of the past (an imported history) is `decline_record_past`'s: no follow-up, no webhook."""
    fields = {
        "detail": detail,
        "competing_employer": competing_employer,
        "competing_salary": competing_salary,
        "competing_remote_days": competing_remote_days,
        "open_to_future": open_to_future,
        "recontact_after": recontact_after,
    }
    _refuse_decline(kind=kind, reasons=reasons, primary=primary, **fields)

    with transaction.atomic():
        offer = _lock_open_offer(offer)
        now = timezone.now()
        if (
            Offer.objects.filter(pk=offer.pk, status=OfferStatus.OPEN).update(
                status=OfferStatus.DECLINED, decided_at=now
            )
            != 1
        ):
            raise Conflict("offer_closed", _("This offer was already closed."))
        decline = _decline_write(
            by=by,
            offer=offer,
            kind=kind,
            reasons=reasons,
            primary=primary,
            at=now,
            counter_offer=counter_offer,
            **fields,
        )
        # The follow-up sequence (thank-you, stay in touch, check-ins) is planned in the same transaction.
        from vivier.outreach.services import cadence_plan  # outreach depends on talent, not the reverse

        messages = cadence_plan(decline=decline, by=by, now=now)
    offer.status, offer.decided_at = OfferStatus.DECLINED, now
    return DeclineResult(decline=decline, messages=messages)


def decline_record_past(
    *,
    by,
    candidate: Candidate,
    job: Job,
    salary: int,
    offered_at: dt.datetime,
    declined_at: dt.datetime,
    kind: str,
    reasons: list[DeclineReason],
    primary: DeclineReason,
    remote_days_per_week: int = 0,
    start_date: dt.date | None = None,
    contract_type: str | None = None,
    detail: str = "",
    competing_employer: str = "",
    competing_salary: int | None = None,
) -> Decline:
    """Record an offer declined in the past (the agency's history, imported): the application if the
    candidate was not on the job, the offer and its decline, each with its own date from the start.

    The rules of offer_create and offer_decline hold; what differs is what a past decline must not do: no
    follow-up is planned (nobody gets a thank-you for an offer declined three years ago) and its events, dated
    at the offer and the decline, go to no webhook (they announce what happens now). Nothing is written to be
    undone: events are append-only (a database trigger refuses any UPDATE).
    """
    if declined_at > timezone.now():
        raise ValidationError({"declined_at": [_("The date must be in the past.")]})
    fields = {
        "detail": detail,
        "competing_employer": competing_employer,
        "competing_salary": competing_salary,
        "competing_remote_days": None,
        "open_to_future": OpenToFuture.UNKNOWN,
        "recontact_after": None,
    }
    _refuse_decline(kind=kind, reasons=reasons, primary=primary, **fields)
    with transaction.atomic():
        application = Application.objects.filter(candidate=candidate, job=job).first()
        if application is None:
            _refuse_application(candidate=candidate, job=job)
            application = Application(
                candidate=candidate,
                job=job,
                created_by=by if getattr(by, "pk", None) else None,
                created_at=offered_at,
            )
            _application_save(by=by, application=application, at=offered_at, notify=False)
        _refuse_offer(application)
        offer = _offer_new(
            by=by,
            application=application,
            salary=salary,
            currency="EUR",
            remote_days_per_week=remote_days_per_week,
            start_date=start_date,
            contract_type=contract_type,
            notes="",
        )
        offer.status, offer.decided_at, offer.created_at = OfferStatus.DECLINED, declined_at, offered_at
        offer.save()
        _offer_event(by=by, offer=offer, at=offered_at, notify=False)
        decline = _decline_write(
            by=by,
            offer=offer,
            kind=kind,
            reasons=reasons,
            primary=primary,
            at=declined_at,
            notify=False,
            counter_offer=False,
            **fields,
        )
    return decline


def reason_create(
    *, by, code: str, category: str, label_fr: str, label_en: str, active: bool = True, position: int = 100
) -> DeclineReason:
    reason = DeclineReason(
        code=(code or "").strip().lower(),
        category=category,
        label_fr=label_fr.strip(),
        label_en=label_en.strip(),
        active=active,
        position=position,
    )
    reason.full_clean()
    with transaction.atomic():
        reason.save()
        event_record(kind=EventKind.REASON_CREATED, actor=by, data={"code": reason.code})
    return reason


def reason_update(
    *, by, reason: DeclineReason, category: str, label_fr: str, label_en: str, active: bool, position: int
) -> DeclineReason:
    """Labels, category, order and the active flag change; the code never does (the API and analytics use it)."""
    new = {
        "category": category,
        "label_fr": label_fr.strip(),
        "label_en": label_en.strip(),
        "active": active,
        "position": position,
    }
    changed = [k for k, v in new.items() if getattr(reason, k) != v]
    if not changed:
        return reason
    for k in changed:
        setattr(reason, k, new[k])
    reason.full_clean(validate_unique=False)
    with transaction.atomic():
        reason.save(update_fields=changed)
        event_record(kind=EventKind.REASON_UPDATED, actor=by, data={"code": reason.code, "fields": changed})
    return reason
