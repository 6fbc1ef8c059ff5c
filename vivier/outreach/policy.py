"""Whether a person may be written to: the one question every sender asks, answered in one place."""

from __future__ import annotations

# Reasons are stable codes: they land in Message.last_error and in events, and the UI translates them.
DO_NOT_CONTACT = "do_not_contact"
NO_EMAIL = "no_email"


def may_contact(candidate, kind: str) -> tuple[bool, str]:
    """(True, "") when `candidate` may receive a message of `kind` now, else (False, reason code).

    The services call it when a message is planned and the worker calls it again right before sending, since
    the answer can change in between.

    For now: the candidate did not ask to be left alone and has an address. The consent issue fills this in
    (a consent per purpose for the kind, unsubscribes, erasure, a rejected address); keep every such rule here
    rather than in the callers, and keep it cheap: the worker calls it once per message.
    """
    if candidate.do_not_contact:
        return False, DO_NOT_CONTACT
    if not (candidate.email or "").strip():
        return False, NO_EMAIL
    return True, ""
