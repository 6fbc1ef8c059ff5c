"""Whether a person may be written to: the one question every sender asks, answered in one place."""

from __future__ import annotations

from django.utils.translation import gettext as _

# Reasons are stable codes: they land in Message.last_error and in events, and the UI translates them
# (reason_label).
DO_NOT_CONTACT = "do_not_contact"
NO_EMAIL = "no_email"


def reason_label(code: str) -> str:
    """Why a message may not go, in words, for a code of this module or of vivier.privacy.policy; any other
    text (a mail server's error) is returned as it is."""
    labels = {
        DO_NOT_CONTACT: _("they asked not to be contacted"),
        NO_EMAIL: _("no e-mail address"),
        "no_consent": _("no consent for this kind of message"),
        "consent_expired": _("their consent expired"),
        "consent_withdrawn": _("they withdrew their consent"),
        "outside_process_window": _("no consent, and their process ended too long ago"),
        "erased": _("erased at their request"),
        "already_sent": _("already sent"),
        "survey_recent": _("a survey was sent to them recently"),
        # vivier.outreach.worker: the row was claimed, then the worker stopped before recording the result
        "worker stopped while sending": _("the sending was interrupted"),
    }
    return str(labels.get(code, code or ""))


def may_contact(candidate, kind: str, *, planning: bool = False) -> tuple[bool, str]:
    """(True, "") when `candidate` may receive a message of `kind` now, else (False, reason code).

    The services call it when a message is planned and the worker calls it again right before sending, since
    the answer can change in between.

    The candidate did not ask to be left alone, has an address, was not erased, and the purpose of the kind
    has its legal basis (vivier.privacy.policy: the process window or a consent per purpose). `planning`: a
    consent that may still come does not refuse yet (the worker asks again, without it, at send time).
    Keep every such rule behind this function and cheap: the worker calls it once per message.
    """
    if candidate.do_not_contact:
        return False, DO_NOT_CONTACT
    if not (candidate.email or "").strip():
        return False, NO_EMAIL
    from vivier.privacy.policy import consent_allows  # late: privacy's models import the talent app

    return consent_allows(candidate, kind, planning=planning)


def may_contact_prime(candidates) -> None:
    """Before asking may_contact for many people (the rediscovery): their facts in a fixed number of queries."""
    from vivier.privacy.policy import prime

    prime(candidates)
