"""Writes of the calendar feed: create (which replaces the live one), revoke, and the poll's trace."""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from vivier.exports.models import CalendarFeed

TOKEN_PREFIX = "cal_"  # noqa: S105 (a visible prefix that tells the token apart, not a secret)
# The poll writes last_used_at at most this often: calendars poll every few minutes to hours.
TOUCH_EVERY = dt.timedelta(hours=1)
MAX_TOKEN = 100


def calendar_feed_create(*, user) -> tuple[CalendarFeed, str]:
    """A new secret feed for this user; their live one, if any, stops working in the same transaction.
    Returns the row and the raw token, which is not stored and cannot be shown again."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
        feed = CalendarFeed.objects.create(user=user, digest=CalendarFeed.hash(raw))
    return feed, raw


def calendar_feed_revoke(*, user) -> int:
    """Stop this user's live feed; the number of feeds revoked (0 when there was none)."""
    with transaction.atomic():
        return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )


def calendar_feed_live(user) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()


def calendar_feed_for_token(raw: str) -> CalendarFeed | None:
    """The live feed of an active user for this token, else None (unknown, revoked, or the user is gone)."""
    if not raw or len(raw) > MAX_TOKEN or not raw.startswith(TOKEN_PREFIX):
        return None
    feed = CalendarFeed.objects.select_related("user").filter(digest=CalendarFeed.hash(raw)).first()
    if feed is None or not feed.is_live or not feed.user.is_active:
        return None
    return feed


def calendar_feed_touch(*, feed: CalendarFeed, now: dt.datetime | None = None) -> bool:
    """Record that a calendar read the feed; one conditional UPDATE, and only once per TOUCH_EVERY."""
    now = now or timezone.now()
    if feed.last_used_at is not None and now - feed.last_used_at < TOUCH_EVERY:
        return False
    with transaction.atomic():
        updated = (
            CalendarFeed.objects.filter(pk=feed.pk)
            .filter(Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - TOUCH_EVERY))
            .update(last_used_at=now)
        )
    feed.last_used_at = now
    return bool(updated)
