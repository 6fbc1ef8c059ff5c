"""Follow-ups: plan one, mark it done. Opened by a person, or by the product (a detractor's survey answer)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vivier.errors import Conflict
from vivier.talent.models import Candidate, EventKind, FollowUp, FollowUpKind
from vivier.talent.services.events import event_record


def follow_up_create(
    *,
    candidate: Candidate,
    title: str,
    due_on: dt.date,
    by=None,
    assignee=None,
    kind: str = FollowUpKind.MANUAL,
    note: str = "",
    source_key: str = "",
) -> FollowUp:
    """Plan a follow-up. With a `source_key`, a second call for the same cause returns the first one."""
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError({"title": [_("Say what is to be done.")]})
    if source_key:
        existing = FollowUp.objects.filter(candidate=candidate, source_key=source_key).first()
        if existing:
            return existing
    follow_up = FollowUp(
        candidate=candidate,
        kind=kind,
        title=title,
        note=(note or "").strip(),
        due_on=due_on,
        assignee=assignee if getattr(assignee, "pk", None) else None,
        source_key=source_key,
        created_by=by if getattr(by, "pk", None) else None,
    )
    follow_up.full_clean(validate_unique=False, validate_constraints=False)
    with transaction.atomic():
        follow_up.save()
        event_record(
            kind=EventKind.FOLLOW_UP_CREATED,
            actor=by,
            candidate=candidate,
            data={"follow_up": str(follow_up.public_id), "title": title, "kind": kind, "due_on": str(due_on)},
        )
    return follow_up


def follow_up_complete(*, follow_up: FollowUp, by) -> FollowUp:
    """Mark done (once: a second click is refused with a Conflict, not recorded twice)."""
    with transaction.atomic():
        updated = FollowUp.objects.filter(pk=follow_up.pk, done_at__isnull=True).update(
            done_at=timezone.now(), done_by=by if getattr(by, "pk", None) else None
        )
        if not updated:
            raise Conflict("follow_up_done", _("This follow-up is already done."))
        follow_up.refresh_from_db()
        event_record(
            kind=EventKind.FOLLOW_UP_DONE,
            actor=by,
            candidate=follow_up.candidate,
            data={"follow_up": str(follow_up.public_id), "title": follow_up.title},
        )
    return follow_up
