"""Sign-in throttling per username and per client address.

Counts failures in the shared cache for a fixed window. A real user locked out by an attacker waits at most
one window (15 minutes by default), and the address counter stops one machine from trying many usernames.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache


def _keys(username: str, address: str) -> list[str]:
    user_key = hashlib.sha256(username.strip().lower().encode()).hexdigest()[:32]
    return [f"login-fail:user:{user_key}", f"login-fail:addr:{address}"]


def is_locked(*, username: str, address: str) -> bool:
    counts = cache.get_many(_keys(username, address))
    return any(v >= settings.LOGIN_MAX_FAILURES for v in counts.values())


def record_failure(*, username: str, address: str) -> None:
    for key in _keys(username, address):
        if cache.add(key, 1, timeout=settings.LOGIN_FAILURE_WINDOW):
            continue
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=settings.LOGIN_FAILURE_WINDOW)


def reset(*, username: str) -> None:
    cache.delete(_keys(username, "")[0])
