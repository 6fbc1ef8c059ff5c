"""Why a message cannot go, in words: the reason codes of vivier.outreach.policy.may_contact, for people.

The codes stay codes where they are stored (Message.last_error, events, the API); the pages show these
sentences instead ("Camille has not agreed to answer surveys."). A consent reason names the purpose the
message's kind needs, so the same code reads differently for a check-in and a survey.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# What the worker writes in last_error when it stopped between claiming a row and recording the result.
WORKER_STOPPED = "worker stopped while sending"

_POOL_KINDS = ("check_in", "consent_renewal")


def _consent(reason: str, kind: str, name: str) -> str:
    values = {"name": name}
    if kind == "survey":
        if reason == "consent_withdrawn":
            return _("%(name)s no longer wants to answer surveys.") % values
        return _("%(name)s has not agreed to answer surveys.") % values
    if kind == "job_alert":
        if reason == "consent_withdrawn":
            return _("%(name)s no longer wants job alerts.") % values
        return _("%(name)s has not asked for job alerts.") % values
    if reason == "consent_withdrawn":
        return _("%(name)s withdrew their consent to stay in the talent pool.") % values
    if reason == "consent_expired":
        return _("%(name)s’s consent to stay in the talent pool has expired.") % values
    return _("%(name)s has not agreed to stay in the talent pool.") % values


def why_not(reason: str, *, kind: str, name: str) -> str:
    """One sentence saying why `name` cannot get a message of `kind`; "" for a text that is not a known code."""
    values = {"name": name}
    if reason in ("no_consent", "consent_expired", "consent_withdrawn"):
        return _consent(reason, kind, name)
    if reason == "do_not_contact":
        return _("%(name)s asked not to be contacted.") % values
    if reason == "no_email":
        return _("%(name)s has no e-mail address.") % values
    if reason == "erased":
        return _("%(name)s’s data was erased.") % values
    if reason == "outside_process_window":
        months = settings.PRIVACY_REFUSAL_KEEP_MONTHS
        return ngettext(
            "%(name)s has not agreed to stay in the talent pool, and their process ended over %(months)s "
            "month ago.",
            "%(name)s has not agreed to stay in the talent pool, and their process ended over %(months)s "
            "months ago.",
            months,
        ) % {**values, "months": months}
    if reason == "already_sent":
        return _("%(name)s already got the stay-in-touch invitation.") % values
    if reason == "survey_recent":
        months = settings.SURVEY_MIN_MONTHS
        return ngettext(
            "%(name)s already got a survey in the last %(months)s month.",
            "%(name)s already got a survey in the last %(months)s months.",
            months,
        ) % {**values, "months": months}
    return ""


def cannot_go(reason: str, *, kind: str, name: str) -> str:
    """The answer to "send now" or "approve" when the message may not go: "This message cannot go: …"."""
    why = why_not(reason, kind=kind, name=name) or _("%(name)s cannot be written to.") % {"name": name}
    return _("This message cannot go: %(why)s") % {"why": why}


def last_error_text(message) -> str:
    """What a page shows for a message's last_error: the reason in words, or the mail server's own answer."""
    error = message.last_error or ""
    if not error:
        return ""
    if error == WORKER_STOPPED:
        return _("The sending stopped midway: it may or may not have gone.")
    return why_not(error, kind=message.kind, name=message.candidate.full_name) or error
