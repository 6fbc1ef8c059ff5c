"""The columns of the candidate and decline exports, in the language of the person exporting.

Free texts that a recruiter typed about a person (summary, decline details, notes) are left out: the export
carries what the list pages show and what a spreadsheet sorts on, not the whole file of a person (that is the
data-subject export of vivier.privacy).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from vivier.exports import selectors
from vivier.outreach.models import LinkedInStatus
from vivier.privacy.models import Purpose
from vivier.privacy.rules import PLACEHOLDER_EMAIL
from vivier.talent.models import Candidate, Decline, DeclineKind, OpenToFuture, RemotePreference


def _consent_labels() -> dict[str, str]:
    # The words of the candidate page's consent panel.
    return {
        "given": _("given"),
        "withdrawn": _("withdrawn"),
        "expired": _("expired"),
        "none": _("not asked or not given"),
    }


def candidate_header() -> list[str]:
    return [
        _("Id"),
        _("First name"),
        _("Last name"),
        _("E-mail"),
        _("Phone"),
        _("City"),
        _("Headline"),
        _("Skills"),
        _("Salary expectation"),
        _("Currency"),
        _("Remote preference"),
        _("Language"),
        _("Source"),
        *[_("Consent: %(purpose)s") % {"purpose": label} for label in Purpose.labels],
        _("Do not contact"),
        _("Last decline"),
        _("Last decline: main reason"),
        _("LinkedIn"),
        _("Created"),
    ]


def candidate_rows(qs: QuerySet[Candidate], language: str) -> Iterator[list[Any]]:
    """One row per candidate, batch by batch; labels in `language` whenever the rows are read."""
    with translation.override(language):
        consent = _consent_labels()
        remote = dict(RemotePreference.choices)
        languages = {code: str(name) for code, name in settings.LANGUAGES}  # "Anglais", not "English"
        linkedin = dict(LinkedInStatus.choices)
        for batch in selectors.candidate_batches(qs):
            for c in batch:
                facts = c.export_facts
                last = facts.last_decline
                yield [
                    c.public_id,
                    c.first_name,
                    c.last_name,
                    c.email,
                    c.phone,
                    c.city,
                    c.headline,
                    list(c.skills or []),
                    c.salary_expectation,
                    c.currency,
                    remote.get(c.remote_preference, c.remote_preference),
                    languages.get(c.language, c.language),
                    c.source,
                    *[consent[facts.consents.get(p, "none")] for p in Purpose.values],
                    c.do_not_contact,
                    timezone.localdate(last.created_at) if last else None,
                    last.primary_reason.label if last else "",
                    str(linkedin.get(facts.linkedin, "")) if facts.linkedin else "",
                    c.created_at,
                ]


def decline_header() -> list[str]:
    # The first columns are those of the drill-down list, in its order.
    return [
        _("Date"),
        _("Candidate"),
        _("Client"),
        _("Job"),
        _("Kind"),
        _("Main reason"),
        _("Reasons given"),
        _("Salary offered"),
        _("Currency"),
        _("Salary expected"),
        _("Competing salary"),
        _("Remote days offered"),
        _("Competing remote days"),
        _("Open to future contact"),
        _("Recontact after"),
        _("Recorded by"),
        _("Candidate id"),
        _("Decline id"),
    ]


def decline_rows(qs: QuerySet[Decline], language: str) -> Iterator[list[Any]]:
    with translation.override(language):
        kinds = dict(DeclineKind.choices)
        future = dict(OpenToFuture.choices)
        for d in selectors.decline_batches(qs):
            erased = (d.candidate.email or "").lower() == PLACEHOLDER_EMAIL
            yield [
                timezone.localdate(d.created_at),
                _("[erased]") if erased else d.candidate.full_name,
                d.client.name,
                d.job.title,
                kinds.get(d.kind, d.kind),
                d.primary_reason.label,
                [r.label for r in sorted(d.reasons.all(), key=lambda r: (r.position, r.code))],
                d.offered_salary,
                d.offered_currency,
                d.expected_salary,
                d.competing_salary,
                d.offered_remote_days,
                d.competing_remote_days,
                future.get(d.open_to_future, d.open_to_future),
                d.recontact_after,
                str(d.recorded_by) if d.recorded_by else "",
                "" if erased else d.candidate.public_id,
                d.public_id,
            ]
