"""The register of processing (registre des traitements, GDPR art. 30), built from the configuration.

Durations come from the settings (the environment), so the page says what the product actually does.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _


@dataclass
class Processing:
    name: str
    purpose: str
    legal_basis: str
    data: str
    people: str
    retention: str
    recipients: str
    transfers: str


def register() -> list[Processing]:
    from vivier.outreach.services.templates import agency_name

    pool = settings.PRIVACY_POOL_CONSENT_MONTHS
    keep = settings.PRIVACY_REFUSAL_KEEP_MONTHS
    staff = _("The staff of %(agency)s with an account (admins, recruiters, viewers)") % {
        "agency": agency_name()
    }
    none = _("None: the data stays on the agency's own server")
    identity = _("Identity, contact details, career history, skills, salary expectation, CV")
    return [
        Processing(
            _("Recruitment processes"),
            _("Assess candidates for the jobs of the agency's clients"),
            _("Legitimate interest (art. 6.1.f) and steps before a contract (art. 6.1.b)"),
            identity + _(", offers and decline reasons"),
            _("Candidates"),
            _("The process, then %(keep)s months after it ends (to explain a refusal)") % {"keep": keep},
            staff + _("; the client, for the candidates presented to it"),
            none,
        ),
        Processing(
            _("Talent pool"),
            _("Offer future opportunities to people who agreed"),
            _("Consent (art. 6.1.a)"),
            identity,
            _("Candidates who agreed"),
            _("%(pool)s months after the person's last contact, renewable on their request") % {"pool": pool},
            staff,
            none,
        ),
        Processing(
            _("Job alerts"),
            _("E-mail jobs that match the person's preferences"),
            _("Consent (art. 6.1.a; art. L.34-5 CPCE)"),
            _("E-mail, preferences"),
            _("Candidates who agreed"),
            _("Until withdrawn, and at most as long as the talent pool"),
            staff,
            none,
        ),
        Processing(
            _("Candidate survey"),
            _("Improve the recruitment experience"),
            _("Consent (art. 6.1.a)"),
            _("E-mail, answers (a score from 0 to 10 and an optional comment)"),
            _("Candidates who agreed, after a decline of their own"),
            _(
                "The consent until withdrawn; the answers as long as the person's data is kept (erased with it)"
            ),
            staff,
            none,
        ),
        Processing(
            _("Decline statistics"),
            _("Advise clients on their offers"),
            _("Legitimate interest (art. 6.1.f)"),
            _("Structured decline reasons and terms, detached from the person after erasure"),
            _("Former candidates (not identified)"),
            _("Kept as statistics"),
            _("Clients, as anonymised reports only"),
            none,
        ),
        Processing(
            _("Rights requests and audit log"),
            _("Prove that rights were honoured"),
            _("Legal obligation (art. 6.1.c)"),
            _("Ids, dates, who handled it; a keyed hash of erased e-mails"),
            _("People who made a request; staff"),
            _("As long as the obligation lasts"),
            staff,
            none,
        ),
    ]
