"""Whether a person may be written to: the one question every sender asks, answered in one place."""

from __future__ import annotations

import datetime as dt

# Reasons are stable codes: they land in Message.last_error and in events, and the UI translates them.
DO_NOT_CONTACT = "do_not_contact"
NO_EMAIL = "no_email"


def may_contact(
    candidate, kind: str, *, planning: bool = False, now: dt.datetime | None = None
) -> tuple[bool, str]:
    """(True, "") when `candidate` may receive a message of `kind` now, else (False, reason code).

    The services call it when a message is planned and the worker calls it again right before sending, since
    the answer can change in between.

    The candidate did not ask to be left alone, has an address, was not erased, and the purpose of the kind
    has its legal basis (vivier.privacy.policy: the process window or a consent per purpose). `planning`: a
    check-in's talent-pool consent that may still come does not refuse yet (the worker asks again, without
    it, at send time); every other kind is planned only when it may go. `now`: the moment asked about.
    Keep every such rule behind this function and cheap: the worker calls it once per message.
    """
    if candidate.do_not_contact:
        return False, DO_NOT_CONTACT
    if not (candidate.email or "").strip():
        return False, NO_EMAIL
    from vivier.privacy.policy import consent_allows  # late: privacy's models import the talent app

    return consent_allows(candidate, kind, planning=planning, now=now)


def may_contact_prime(candidates) -> None:
    """Before asking may_contact for many people (the rediscovery): their facts in a fixed number of queries."""
    from vivier.privacy.policy import prime

    prime(candidates)
