"""The daily retention sweep: consent renewals, information notices, and anonymisation when time is up.

Call `retention_sweep()` once a day (the worker does; `vivier retention --dry-run` shows what it would do).
Every step is idempotent: a renewal and a notice have a fixed cadence_key per person, so a second run the
same day plans nothing more, and an erased person is no longer there to erase.

Who is anonymised (rules.retention): nobody with an open process; else when the later of
(end of the last process + PRIVACY_REFUSAL_KEEP_MONTHS) and (the talent-pool consent's expiry, 24 months
after the person's last own contact) has passed. A withdrawn consent counts for nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils import timezone

from vivier.errors import ServiceError
from vivier.outreach import cadence
from vivier.privacy import rules
from vivier.privacy.models import ConsentAction, ConsentRecord, Purpose
from vivier.talent.models import Application, Candidate

logger = logging.getLogger(__name__)

# Sources where the person gave us their data themselves (case-insensitive): no information notice owed.
SELF_SOURCES = {
    "candidature spontanée",
    "candidature",
    "site carrière",
    "salon de recrutement",
    "application",
    "spontaneous application",
    "career site",
    "careers site",
    "website",
    "job fair",
}
NOTICE_WITHIN_DAYS = 30
# People read per query while planning notices. Each chunk is read whole before any write: on SQLite a read
# still open (a chunked .iterator()) holds its snapshot, and a connection holding one cannot wait for the write
# lock: once another connection has committed, its next write fails at once with "database is locked".
NOTICE_CHUNK = 500


def needs_notice(candidate: Candidate) -> bool:
    return (candidate.source or "").strip().lower() not in SELF_SOURCES and candidate.source != "erased"


@dataclass
class Due:
    candidate: Candidate
    until: dt.datetime
    reason: str


def _candidates_maybe_due(now: dt.datetime):
    """Prefilter in SQL: nobody with an open process, nobody who arrived within the keep window."""
    open_apps = Application.objects.filter(candidate=OuterRef("pk"), status__in=rules.OPEN_APPLICATION)
    recent = rules.add_months(now, -rules.keep_months())
    return (
        Candidate.objects.exclude(email=rules.PLACEHOLDER_EMAIL)
        .filter(created_at__lt=recent)
        .exclude(Exists(open_apps))
        .order_by("id")
    )


def retention_preview(now: dt.datetime | None = None, days: int = 30) -> list[Due]:
    """Who will be anonymised by `now + days`, soonest first, and why."""
    now = now or timezone.now()
    horizon = now + dt.timedelta(days=days)
    due = []
    for candidate in _candidates_maybe_due(horizon).iterator(chunk_size=500):
        kept = rules.retention(candidate, now)
        if kept.until is not None and kept.until <= horizon:
            due.append(Due(candidate, kept.until, kept.reason))
    return sorted(due, key=lambda d: d.until)


def _plan(candidate: Candidate, *, kind: str, key: str, subject: str, body: str, html: str, now) -> bool:
    from vivier.outreach.services import message_schedule
    from vivier.outreach.services.messages import Conflict

    try:
        message_schedule(
            candidate=candidate,
            kind=kind,
            subject=subject,
            body_text=body,
            body_html=html,
            due_at=cadence.next_working_morning(now, candidate.time_zone),
            by=None,
            cadence_key=key,
            now=now,
        )
    except Conflict:
        return False  # planned on an earlier run
    except ServiceError as exc:
        logger.info("retention message not planned", extra={"kind": kind, "reason": exc.code})
        return False
    return True


def plan_renewals(now: dt.datetime, *, dry_run: bool = False) -> int:
    """A consent_renewal message PRIVACY_RENEWAL_NOTICE_DAYS before the talent-pool consent expires."""
    from vivier.outreach.services import template_render
    from vivier.outreach.services.templates import merge_values

    notice = dt.timedelta(days=settings.PRIVACY_RENEWAL_NOTICE_DAYS)
    # Only people whose stored expiry is near can be near it: a later contact only pushes it further.
    ids = (
        ConsentRecord.objects.filter(
            purpose=Purpose.TALENT_POOL, action=ConsentAction.GIVEN, expires_at__lte=now + notice
        )
        .values_list("candidate_id", flat=True)
        .distinct()
    )
    planned = 0
    for candidate in Candidate.objects.filter(pk__in=list(ids)).order_by("id"):
        state = rules.consent_states(candidate, now)[Purpose.TALENT_POOL]
        if not state.valid or state.expires_at - now > notice:
            continue
        if dry_run:
            planned += 1
            continue
        rendered = template_render(
            kind="consent_renewal", candidate=candidate, values=merge_values(candidate=candidate)
        )
        if rendered is None:
            logger.warning("no consent_renewal template")
            return planned
        key = f"privacy:renewal:{state.record.public_id}"
        planned += _plan(
            candidate,
            kind="consent_renewal",
            key=key,
            subject=rendered.subject,
            body=rendered.body_text,
            html=rendered.body_html,
            now=now,
        )
    return planned


def _in_chunks(qs, size: int):
    """The rows of qs (ordered by id), read `size` at a time by id ranges, each chunk fetched in full."""
    last = 0
    while chunk := list(qs.filter(pk__gt=last)[:size]):
        yield from chunk
        last = chunk[-1].pk


def plan_notices(now: dt.datetime, *, dry_run: bool = False, candidates=None) -> int:
    """The information notice for people we did not hear from directly, as soon as they are added.

    `candidates`: only these (a queryset of Candidate; everyone by default)."""
    from vivier.outreach.models import Message
    from vivier.outreach.services.templates import agency_name
    from vivier.outreach.templating import HTML_WRAPPER, text_to_html
    from vivier.privacy.tokens import preferences_url
    from vivier.privacy.wording import NOTICE_BODY, NOTICE_SUBJECT

    has_notice = Message.objects.filter(candidate=OuterRef("pk"), kind="information_notice")
    planned = 0
    qs = (
        (Candidate.objects.all() if candidates is None else candidates)
        .exclude(email=rules.PLACEHOLDER_EMAIL)
        .exclude(do_not_contact=True)
        .exclude(Exists(has_notice))
        .order_by("id")
    )
    for candidate in _in_chunks(qs, NOTICE_CHUNK):
        if not needs_notice(candidate):
            continue
        if dry_run:
            planned += 1
            continue
        from vivier.outreach.links import unsubscribe_url

        language = candidate.language if candidate.language in NOTICE_BODY else "fr"
        values = {
            "agency": agency_name(),
            "first_name": candidate.first_name,
            "source": candidate.source or "—",
            "keep": rules.keep_months(),
            "preferences": preferences_url(candidate),
            "unsubscribe": unsubscribe_url(candidate),
        }
        body = NOTICE_BODY[language].format(**values)
        planned += _plan(
            candidate,
            kind="information_notice",
            key="privacy:notice",
            subject=NOTICE_SUBJECT[language].format(**values),
            body=body,
            html=HTML_WRAPPER.format(text_to_html(body)),
            now=now,
        )
    return planned


def late_notices(now: dt.datetime | None = None) -> list[Candidate]:
    """People owed the notice for more than a month who have not been sent it."""
    from vivier.outreach.models import Message, MessageStatus

    now = now or timezone.now()
    sent = Message.objects.filter(
        candidate=OuterRef("pk"), kind="information_notice", status=MessageStatus.SENT
    )
    qs = (
        Candidate.objects.exclude(email=rules.PLACEHOLDER_EMAIL)
        .filter(created_at__lt=now - dt.timedelta(days=NOTICE_WITHIN_DAYS))
        .exclude(Exists(sent))
        .order_by("created_at")
    )
    return [c for c in qs[:2000] if needs_notice(c)]


def retention_sweep(now: dt.datetime | None = None, *, dry_run: bool = False) -> dict:
    """The daily pass. Returns what it did (or, dry, would do): counts only, no names (it is logged)."""
    from vivier.privacy.services.erasure import candidate_erase

    now = now or timezone.now()
    result = {
        "renewals_planned": plan_renewals(now, dry_run=dry_run),
        "notices_planned": plan_notices(now, dry_run=dry_run),
        "anonymised": 0,
        "dry_run": dry_run,
    }
    for due in retention_preview(now, days=0):
        if not dry_run:
            try:
                # The database's files are purged once for all by the worker's next daily job.
                candidate_erase(
                    candidate=due.candidate, by=None, reason=f"retention: {due.reason}", purge=False
                )
            except Candidate.DoesNotExist:  # another worker's sweep erased them a moment ago
                continue
        result["anonymised"] += 1
    logger.info("retention sweep", extra=result)
    return result
