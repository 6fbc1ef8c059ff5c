"""The rights-request log: received, deadline (one month, CNIL), handled."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vivier.privacy import rules
from vivier.privacy.models import RightsKind, RightsRequest, RightsStatus
from vivier.talent.models import Candidate
from vivier.talent.services.events import event_record


def rights_request_create(
    *, candidate: Candidate, kind: str, by, received_at: dt.datetime | None = None, note: str = ""
) -> RightsRequest:
    if kind not in RightsKind.values:
        raise ValidationError({"kind": [_("Unknown kind of request.")]})
    received_at = received_at or timezone.now()
    deadline = rules.add_months(timezone.localtime(received_at), 1).date()
    with transaction.atomic():
        row = RightsRequest.objects.create(
            candidate=candidate,
            reference=str(candidate.public_id),
            kind=kind,
            received_at=received_at,
            deadline=deadline,
            note=" ".join((note or "").split())[:500],
        )
        event_record(
            kind=rules.EV_RIGHTS_REQUEST,
            actor=by,
            candidate=candidate,
            data={"request": str(row.public_id), "kind": kind, "deadline": deadline.isoformat()},
        )
    return row


def rights_request_close(*, request_row: RightsRequest, by, status: str = RightsStatus.DONE) -> RightsRequest:
    if status not in (RightsStatus.DONE, RightsStatus.REFUSED):
        raise ValidationError({"status": [_("Choose done or refused.")]})
    RightsRequest.objects.filter(pk=request_row.pk, status=RightsStatus.OPEN).update(
        status=status, handled_at=timezone.now(), handled_by=by if getattr(by, "pk", None) else None
    )
    request_row.refresh_from_db()
    return request_row
