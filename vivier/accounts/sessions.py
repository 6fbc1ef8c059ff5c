"""Each sign-in's session, as the user sees it on their profile: when, from where, last seen; signed out remotely.

A row is created at sign-in (by the login view) and its id kept in the session itself (`vivier_sid`); only a hash
of the id is stored, so the table alone cannot be used to forge a session. "Sign out everywhere" bumps the user's
`session_generation`, which is part of Django's session hash: every other session fails its hash check at its
next request, whatever the session backend, at no cost per request. The rows are then deleted from the list.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.db import models
from django.http import HttpRequest
from django.utils import timezone

from vivier.accounts.audit import client_ip

SESSION_KEY = "vivier_sid"
# A busy user must not turn every page view into a write.
TOUCH_EVERY = dt.timedelta(minutes=1)


class UserSession(models.Model):
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="sessions")
    key_digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True, default="")

    class Meta:
        app_label = "accounts"
        ordering = ["-last_seen_at"]
        # the profile's list: a user's sessions, most recent first
        indexes = [models.Index(fields=["user", "-last_seen_at"], name="usersession_user_idx")]

    def __str__(self) -> str:
        return f"session of {self.user_id} since {self.created_at:%Y-%m-%d %H:%M}"


def _digest(sid: str) -> str:
    return hashlib.sha256(sid.encode()).hexdigest()


def session_register(*, request: HttpRequest, user) -> UserSession:
    """Called right after `login()`: a fresh id, so an earlier row (another browser) is never reused."""
    sid = secrets.token_urlsafe(24)
    request.session[SESSION_KEY] = sid
    request.session["vivier_seen"] = timezone.now().timestamp()
    return UserSession.objects.create(
        user=user,
        key_digest=_digest(sid),
        ip=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
    )


def session_current(request: HttpRequest) -> UserSession | None:
    sid = request.session.get(SESSION_KEY)
    return UserSession.objects.filter(key_digest=_digest(sid)).first() if sid else None


def session_is_current(request: HttpRequest, row: UserSession) -> bool:
    sid = request.session.get(SESSION_KEY)
    return bool(sid) and row.key_digest == _digest(sid)


def session_touch(row: UserSession, now: dt.datetime | None = None) -> None:
    now = now or timezone.now()
    if now - row.last_seen_at >= TOUCH_EVERY:
        UserSession.objects.filter(pk=row.pk).update(last_seen_at=now)
        row.last_seen_at = now


def session_end(request: HttpRequest) -> None:
    sid = request.session.get(SESSION_KEY)
    if sid:
        UserSession.objects.filter(key_digest=_digest(sid)).delete()


def _bump_generation(user) -> None:
    from django.contrib.auth import get_user_model
    from django.db.models import F

    get_user_model().objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
    user.refresh_from_db(fields=["session_generation"])


def sessions_revoke_others(*, request: HttpRequest, user) -> int:
    """ "Sign out everywhere": every session of this user but the current one ends at its next request."""
    from django.contrib.auth import update_session_auth_hash

    sid = request.session.get(SESSION_KEY) or ""
    _bump_generation(user)
    update_session_auth_hash(request, user)  # this session follows the new hash and stays signed in
    deleted, _ = UserSession.objects.filter(user=user).exclude(key_digest=_digest(sid)).delete()
    return deleted


def sessions_revoke_all(*, user) -> int:
    _bump_generation(user)
    deleted, _ = UserSession.objects.filter(user=user).delete()
    return deleted


def sessions_of(user) -> list[UserSession]:
    cutoff = timezone.now() - dt.timedelta(seconds=_session_age())
    return list(UserSession.objects.filter(user=user, last_seen_at__gte=cutoff))


def _session_age() -> int:
    from django.conf import settings

    return settings.SESSION_COOKIE_AGE
