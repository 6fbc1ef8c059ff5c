"""Writes on the outbox messages. Each function is one transaction and writes its Event in it.

The worker claims rows with a conditional UPDATE on `status`; every function here re-reads the row locked
inside its transaction and changes it with the same kind of conditional UPDATE, so a recruiter's edit and the
worker's claim never both win.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vivier.errors import Conflict, ServiceError
from vivier.outreach.models import EDITABLE_STATUSES, Message, MessageKind, MessageStatus
from vivier.outreach.policy import may_contact
from vivier.outreach.reasons import cannot_go, why_not
from vivier.outreach.templating import HTML_WRAPPER, text_to_html
from vivier.talent.models import EventKind
from vivier.talent.services.events import event_record


def _user(by):
    return by if getattr(by, "pk", None) else None


def _validate(*, subject: str | None, body_text: str | None, due_at: dt.datetime | None) -> None:
    errors: dict[str, list[str]] = {}
    if subject is not None:
        if not subject.strip():
            errors["subject"] = [_("Enter a subject.")]
        elif "\n" in subject or "\r" in subject:
            errors["subject"] = [_("The subject must fit on one line.")]
        elif len(subject) > 250:
            errors["subject"] = [_("At most 250 characters.")]
    if body_text is not None and not body_text.strip():
        errors["body_text"] = [_("Write the text of the message.")]
    if due_at is not None and timezone.is_naive(due_at):
        errors["due_at"] = [_("Give the date with its time zone.")]
    if errors:
        raise ValidationError(errors)


def _event(kind: str, message: Message, by, **data) -> None:
    event_record(
        kind=kind,
        actor=by,
        candidate=message.candidate,
        data={"message": str(message.public_id), "kind": message.kind, **data},
    )


def message_schedule(
    *,
    candidate,
    kind: str,
    subject: str,
    body_text: str,
    body_html: str = "",
    due_at: dt.datetime,
    by,
    cadence_key: str = "",
    review: bool = False,
    now: dt.datetime | None = None,
) -> Message:
    """Plan a message to a candidate; with `review`, it waits for a recruiter's approval before it can go.

    Only what may go is planned (vivier.outreach.policy.may_contact, planning): else a ServiceError whose code
    is the reason and whose message says it in words. `now`: the moment it is planned (default: now).
    """
    if kind not in MessageKind.values:
        raise ValidationError({"kind": [_("Unknown kind of message.")]})
    _validate(subject=subject, body_text=body_text, due_at=due_at)
    allowed, reason = may_contact(candidate, kind, planning=True, now=now)
    if not allowed:
        text = why_not(reason, kind=kind, name=candidate.full_name) or _("%(name)s cannot be written to.") % {
            "name": candidate.full_name
        }
        raise ServiceError(reason, text)
    message = Message(
        candidate=candidate,
        kind=kind,
        status=MessageStatus.REVIEW if review else MessageStatus.SCHEDULED,
        language=candidate.language,
        to_email=candidate.email,
        subject=subject.strip(),
        body_text=body_text,
        body_html=body_html or "",
        due_at=due_at,
        cadence_key=cadence_key,
        created_by=_user(by),
        created_at=now or timezone.now(),
    )
    try:
        with transaction.atomic():
            message.save()
            _event(
                EventKind.MESSAGE_SCHEDULED,
                message,
                by,
                status=message.status,
                due_at=due_at.isoformat(),
                subject=message.subject,
                cadence_key=cadence_key,
            )
    except IntegrityError as exc:  # the same cadence step was already planned for this person
        raise Conflict(
            "message_exists",
            _("This message was already planned for this candidate."),
            cadence_key=cadence_key,
        ) from exc
    return message


def _lock(message: Message, allowed: tuple[str, ...]) -> Message:
    """Re-read the row locked (inside the caller's transaction) and refuse if its status moved on."""
    fresh = Message.objects.select_for_update(of=("self",)).select_related("candidate").get(pk=message.pk)
    if fresh.status not in allowed:
        if fresh.status == MessageStatus.SENDING:
            raise Conflict("message_sending", _("This message is being sent right now."))
        raise Conflict(
            "message_status",
            _("This message is %(status)s: it cannot be changed any more.")
            % {"status": fresh.get_status_display().lower()},
            status=fresh.status,
        )
    return fresh


def _transition(message: Message, allowed: tuple[str, ...], **changes) -> None:
    """Conditional UPDATE: of two concurrent changes (or a change and the worker's claim) only one applies."""
    if Message.objects.filter(pk=message.pk, status__in=allowed).update(**changes) != 1:
        raise Conflict("message_status", _("This message changed meanwhile; reload the page."))
    for field, value in changes.items():
        setattr(message, field, value)


def message_update(
    *,
    message: Message,
    by,
    subject: str | None = None,
    body_text: str | None = None,
    body_html: str | None = None,
    due_at: dt.datetime | None = None,
) -> Message:
    """Change a message that has not gone yet (scheduled or waiting for review).

    The row is locked and changed with a conditional UPDATE on its status, like the worker's claim: either the
    edit lands before the claim (and the worker sends the new text) or the claim wins and the edit is refused
    (409). A new text without a new HTML part replaces the HTML part with the text, so the two never disagree.
    """
    _validate(subject=subject, body_text=body_text, due_at=due_at)
    with transaction.atomic():
        message = _lock(message, EDITABLE_STATUSES)
        if body_text is not None and body_html is None and body_text != message.body_text:
            body_html = HTML_WRAPPER.format(text_to_html(body_text.strip()))
        changes: dict[str, object] = {}
        for field, value in (
            ("subject", subject.strip() if subject is not None else None),
            ("body_text", body_text),
            ("body_html", body_html),
            ("due_at", due_at),
        ):
            if value is not None and value != getattr(message, field):
                changes[field] = value
        if not changes:
            return message
        _transition(message, EDITABLE_STATUSES, **changes)
        _event(
            EventKind.MESSAGE_UPDATED,
            message,
            by,
            fields=sorted(changes),
            **({"due_at": due_at.isoformat()} if "due_at" in changes else {}),
        )
    return message


def message_cancel(*, message: Message, by, reason: str = "") -> Message:
    with transaction.atomic():
        message = _lock(message, EDITABLE_STATUSES)
        _transition(message, EDITABLE_STATUSES, status=MessageStatus.CANCELLED, last_error=reason)
        _event(EventKind.MESSAGE_CANCELLED, message, by, reason=reason)
    return message


def _may_go(message: Message, *, at: dt.datetime) -> None:
    """Refuse at once, in words, a message that the worker would cancel: asked when a human sends or approves.

    A message due later is asked as when it was planned (a check-in may still wait for its consent)."""
    now = timezone.now()
    allowed, reason = may_contact(message.candidate, message.kind, planning=at > now, now=now)
    if not allowed:
        raise ServiceError(reason, cannot_go(reason, kind=message.kind, name=message.candidate.full_name))


def message_approve(*, message: Message, by) -> Message:
    """A recruiter approves a message waiting for review: it goes at its due time."""
    with transaction.atomic():
        message = _lock(message, (MessageStatus.REVIEW,))
        _may_go(message, at=message.due_at)
        _transition(message, (MessageStatus.REVIEW,), status=MessageStatus.SCHEDULED)
        _event(EventKind.MESSAGE_APPROVED, message, by, due_at=message.due_at.isoformat())
    return message


def message_send_now(*, message: Message, by) -> Message:
    """Make the message due now (the worker sends it within seconds); approves one under review.

    A message that may not go now is refused at once with the reason in words (ServiceError), not left for
    the worker to cancel."""
    with transaction.atomic():
        message = _lock(message, EDITABLE_STATUSES)
        _may_go(message, at=timezone.now())
        was = message.status
        _transition(message, EDITABLE_STATUSES, status=MessageStatus.SCHEDULED, due_at=timezone.now())
        _event(
            EventKind.MESSAGE_UPDATED,
            message,
            by,
            fields=["due_at"],
            due_at=message.due_at.isoformat(),
            send_now=True,
            approved=was == MessageStatus.REVIEW,
        )
    return message


RESOLVE_SENT = "sent"
RESOLVE_RESCHEDULE = "reschedule"
RESOLVE_CANCEL = "cancel"


def message_resolve_uncertain(
    *, message: Message, by, outcome: str, due_at: dt.datetime | None = None
) -> Message:
    """A human decides what happened to a message whose delivery is uncertain (the worker stopped mid-way).

    `sent`: it did go (found in the mail server's log or confirmed by the person); `reschedule`: it did not,
    send it (again) at `due_at`, now by default; `cancel`: leave it.
    """
    if outcome not in (RESOLVE_SENT, RESOLVE_RESCHEDULE, RESOLVE_CANCEL):
        raise ValidationError({"outcome": [_("Choose sent, reschedule or cancel.")]})
    _validate(subject=None, body_text=None, due_at=due_at)
    allowed = (MessageStatus.UNCERTAIN,)
    with transaction.atomic():
        message = _lock(message, allowed)
        if outcome == RESOLVE_SENT:
            _transition(
                message, allowed, status=MessageStatus.SENT, sent_at=message.claimed_at or timezone.now()
            )
        elif outcome == RESOLVE_RESCHEDULE:
            _may_go(message, at=due_at or timezone.now())
            _transition(
                message,
                allowed,
                status=MessageStatus.SCHEDULED,
                due_at=due_at or timezone.now(),
                claimed_at=None,
                claimed_by="",
            )
        else:
            _transition(message, allowed, status=MessageStatus.CANCELLED)
        _event(EventKind.MESSAGE_RESOLVED, message, by, outcome=outcome, status=message.status)
    return message
