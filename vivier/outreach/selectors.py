"""Reads of the outbox and of the local mailbox."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from email import policy
from email.parser import BytesHeaderParser, BytesParser
from email.utils import parsedate_to_datetime
from pathlib import Path

from django.conf import settings
from django.db.models import Count, QuerySet
from django.utils import timezone

from vivier.outreach.models import (
    EDITABLE_STATUSES,
    LinkedInContact,
    LinkedInStatus,
    Message,
    MessageKind,
    MessageStatus,
    MessageTemplate,
)


def message_list(*, candidate=None, status: str | None = None, kind: str | None = None) -> QuerySet[Message]:
    """The outbox, latest due first, filtered; with its candidate in the same query."""
    qs = Message.objects.select_related("candidate")
    if candidate is not None:
        qs = qs.filter(candidate=candidate)
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def message_get(public_id) -> Message:
    from vivier.talent.selectors import _uuid

    try:
        return Message.objects.select_related("candidate", "created_by").get(public_id=_uuid(public_id))
    except Message.DoesNotExist as exc:
        from django.http import Http404

        raise Http404("no such message") from exc


def candidate_messages(candidate) -> tuple[list[Message], list[Message]]:
    """The candidate page's two lists: what is planned (soonest first), what went or ended (latest first)."""
    rows = list(Message.objects.filter(candidate=candidate).select_related("created_by"))
    planned = sorted((m for m in rows if m.status in EDITABLE_STATUSES), key=lambda m: m.due_at)
    done = [m for m in rows if m.status not in EDITABLE_STATUSES]
    return planned, done


def outbox_counts() -> dict[str, int]:
    """Messages per status, for the outbox's tabs (one query)."""
    counts = dict.fromkeys(MessageStatus.values, 0)
    for row in Message.objects.values("status").annotate(n=Count("id")).order_by():
        counts[row["status"]] = row["n"]
    return counts


@dataclass
class Today:
    review: list[Message]
    review_count: int
    uncertain_count: int
    check_ins: list[Message]
    linkedin_pending: list[LinkedInContact]
    linkedin_days: int


def today(*, now: dt.datetime | None = None) -> Today:
    """The dashboard's "today" list: messages waiting for review, check-ins due this week, LinkedIn requests
    pending for more than LINKEDIN_PENDING_DAYS."""
    now = now or timezone.now()
    days = getattr(settings, "LINKEDIN_PENDING_DAYS", 14)
    review_qs = Message.objects.filter(status=MessageStatus.REVIEW)
    review = list(review_qs.select_related("candidate").order_by("due_at", "id")[:10])
    check_ins = list(
        Message.objects.filter(
            status__in=EDITABLE_STATUSES, kind=MessageKind.CHECK_IN, due_at__lt=now + dt.timedelta(days=7)
        )
        .select_related("candidate")
        .order_by("due_at", "id")[:10]
    )
    pending = list(
        LinkedInContact.objects.filter(
            status=LinkedInStatus.REQUEST_SENT, requested_at__lt=now - dt.timedelta(days=days)
        )
        .select_related("candidate")
        .order_by("requested_at")[:10]
    )
    counts = outbox_counts()
    return Today(
        review, counts[MessageStatus.REVIEW], counts[MessageStatus.UNCERTAIN], check_ins, pending, days
    )


def template_list() -> list[MessageTemplate]:
    return list(MessageTemplate.objects.select_related("updated_by").order_by("kind", "language"))


# --- The local mailbox: where mail goes when no SMTP server is configured (vivier.outreach.mailbox) ---------
@dataclass(frozen=True)
class MailboxItem:
    name: str  # the file name, which the UI uses to open one
    subject: str
    to: str
    from_: str
    date: dt.datetime | None
    message_id: str
    vivier_id: str
    size: int


_header_parser = BytesHeaderParser(policy=policy.default)


def header_date(value) -> dt.datetime | None:
    """An e-mail's Date header as an aware moment (None if missing or unreadable), for display in the agency's
    time zone. Django writes "-0000" (UTC, no local time known), which Python reads as a naive datetime: left
    naive, the pages showed it as it is, in UTC."""
    if not value:
        return None
    try:
        moment = parsedate_to_datetime(str(value))
    except (TypeError, ValueError, IndexError):
        return None
    return moment.replace(tzinfo=dt.UTC) if timezone.is_naive(moment) else moment


def _mailbox_dir(folder: Path | str | None) -> Path:
    return Path(folder) if folder is not None else Path(settings.MAILBOX_DIR)


def mailbox_list(*, folder: Path | str | None = None, limit: int = 200) -> list[MailboxItem]:
    """The newest `limit` messages of the local mailbox, newest first, with their headers parsed."""
    root = _mailbox_dir(folder)
    if not root.is_dir():
        return []
    files = []
    for path in root.glob("*.eml"):  # hidden .tmp files being written are not listed
        try:
            stat = path.stat()
        except FileNotFoundError:  # removed meanwhile
            continue
        files.append((stat.st_mtime, path.name, path, stat.st_size))
    files.sort(reverse=True)
    items = []
    for _mtime, name, path, size in files[:limit]:
        try:
            with path.open("rb") as fh:
                headers = _header_parser.parse(fh)
        except FileNotFoundError:
            continue
        date = header_date(headers["Date"])
        items.append(
            MailboxItem(
                name=name,
                subject=str(headers["Subject"] or ""),
                to=str(headers["To"] or ""),
                from_=str(headers["From"] or ""),
                date=date,
                message_id=str(headers["Message-ID"] or ""),
                vivier_id=str(headers["X-Vivier-Id"] or ""),
                size=size,
            )
        )
    return items


def mailbox_message(name: str, *, folder: Path | str | None = None):
    """One message of the local mailbox, parsed (email.message.EmailMessage), or None if there is none.

    `name` comes from a URL: only a plain file name of the mailbox is accepted.
    """
    root = _mailbox_dir(folder)
    if not name.endswith(".eml") or Path(name).name != name or name.startswith("."):
        return None
    path = root / name
    try:
        with path.open("rb") as fh:
            return BytesParser(policy=policy.default).parse(fh)
    except (FileNotFoundError, IsADirectoryError):
        return None
