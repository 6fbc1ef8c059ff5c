"""The worker's sending limits: per recipient domain per minute, per recruiter per hour.

Counted in the database (rows claimed in the window, still sending or sent), so that every worker on every
machine sees the same numbers. Two workers checking at the same instant may each let one more through: the
limits protect the sender's reputation with mail providers, they are not a contract. A message over a limit
waits (its due time moves to when the window frees up); it is never failed for it.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from vivier.outreach.models import Message, MessageStatus

_COUNTED = (MessageStatus.SENDING, MessageStatus.SENT, MessageStatus.UNCERTAIN)


def domain_of(email: str) -> str:
    return email.rpartition("@")[2].lower()


def wait_for_limits(row: Message, now: dt.datetime) -> dt.datetime | None:
    """None when `row` (already claimed, so counted) may go now; else when to try again."""
    per_domain = getattr(settings, "OUTREACH_LIMIT_PER_DOMAIN_PER_MINUTE", 0)
    per_recruiter = getattr(settings, "OUTREACH_LIMIT_PER_RECRUITER_PER_HOUR", 0)
    if per_domain:
        start = now - dt.timedelta(minutes=1)
        recent = Message.objects.filter(
            claimed_at__gt=start, status__in=_COUNTED, to_email__iendswith="@" + domain_of(row.to_email)
        )
        if recent.count() > per_domain:
            oldest = recent.order_by("claimed_at").values_list("claimed_at", flat=True).first()
            return (oldest or now) + dt.timedelta(minutes=1, seconds=1)
    if per_recruiter and row.created_by_id:
        start = now - dt.timedelta(hours=1)
        recent = Message.objects.filter(
            claimed_at__gt=start, status__in=_COUNTED, created_by_id=row.created_by_id
        )
        if recent.count() > per_recruiter:
            oldest = recent.order_by("claimed_at").values_list("claimed_at", flat=True).first()
            return (oldest or now) + dt.timedelta(hours=1, seconds=1)
    return None
