"""Sign-in throttling per account and per client address, in the shared cache, for a fixed window.

Two counters, so one attacker can neither guess many passwords of one account nor try one password on many:
- per address: every failure from an address counts; at LOGIN_MAX_FAILURES that address is refused for the
  window (15 minutes by default);
- per account: only failures from addresses that never signed in to that account count, and an address that did
  (within KNOWN_ADDRESS_DAYS) is not refused by the account's counter. An attacker elsewhere can lock the account
  to strangers, but the real user, from their usual office or home, still gets in; from a new address they wait
  one window at most.
The second step of a sign-in (the 2FA code) counts on the same counters.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache

KNOWN_ADDRESS_DAYS = 90
# Password reset e-mails: at most this many per address typed and per client address, per hour.
RESET_MAX_PER_HOUR = 3


def _h(value: str) -> str:
    return hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]


def _user_key(username: str) -> str:
    return f"login-fail:user:{_h(username)}"


def _addr_key(address: str) -> str:
    return f"login-fail:addr:{address}"


def _known_key(username: str, address: str) -> str:
    return f"login-known:{_h(username)}:{_h(address)}"


def _incr(key: str, timeout: int) -> int:
    if cache.add(key, 1, timeout=timeout):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=timeout)
        return 1


def is_known(*, username: str, address: str) -> bool:
    return bool(cache.get(_known_key(username, address)))


def is_locked(*, username: str, address: str) -> bool:
    limit = settings.LOGIN_MAX_FAILURES
    if (cache.get(_addr_key(address)) or 0) >= limit:
        return True
    if is_known(username=username, address=address):
        return False
    return (cache.get(_user_key(username)) or 0) >= limit


def record_failure(*, username: str, address: str) -> None:
    window = settings.LOGIN_FAILURE_WINDOW
    _incr(_addr_key(address), window)
    if not is_known(username=username, address=address):
        _incr(_user_key(username), window)


def record_success(*, username: str, address: str) -> None:
    cache.set(_known_key(username, address), 1, timeout=KNOWN_ADDRESS_DAYS * 86400)
    cache.delete(_user_key(username))


def reset(*, username: str) -> None:
    cache.delete(_user_key(username))


def reset_allowed(*, email: str, address: str) -> bool:
    """Count one password reset request; False once the e-mail or the address asked too often this hour."""
    by_email = _incr(f"pwreset:email:{_h(email)}", 3600)
    by_addr = _incr(f"pwreset:addr:{address}", 3600)
    return by_email <= RESET_MAX_PER_HOUR and by_addr <= RESET_MAX_PER_HOUR * 10
