"""The worker: delivers the outbox, one row at a time, never twice.

Per message: claim (vivier.queues.claim_next: a short transaction picks a due row with SKIP LOCKED, then a
conditional UPDATE to 'sending' whose row count must be 1, which stays correct on SQLite), re-check
that the person may be contacted, send outside any transaction on an SMTP connection kept open across
messages, record the result (a second short transaction with its Event). A row still 'sending' after a crash
is never re-sent: at start it becomes 'uncertain' and a human decides.
"""

from __future__ import annotations

import logging
import signal
import smtplib
import socket
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import make_msgid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import InterfaceError, OperationalError, close_old_connections, connection, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from vivier.conf import ConfigError, env_int, env_str
from vivier.outreach.limits import wait_for_limits
from vivier.outreach.links import unsubscribe_url
from vivier.outreach.models import Message, MessageStatus
from vivier.outreach.policy import may_contact
from vivier.queues import Queue, backoff_delay, claim_next
from vivier.talent.models import EventKind
from vivier.talent.services.events import event_record

logger = logging.getLogger("vivier.worker")

# Delay before attempt n+1 after n failed attempts: 1 min, 5 min, 30 min, 2 h, 6 h, 12 h, 24 h; the 8th fails.
BACKOFF = (60, 300, 1800, 7200, 6 * 3600, 12 * 3600, 24 * 3600)
MAX_ATTEMPTS = 8
SWEEP_EVERY = 60.0  # seconds between two sweeps of stale claims while running


def _env_float(name: str, default: float) -> float:
    raw = env_str(name, str(default))
    try:
        value = float(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a number of seconds, got {raw!r}") from exc
    if value <= 0:
        raise ConfigError(f"{name} must be positive, got {raw!r}")
    return value


@dataclass(frozen=True)
class WorkerConfig:
    worker_id: str
    poll: float = 1.0  # seconds between two looks at an empty outbox
    grace: int = 600  # seconds after which another worker's claim is considered dead

    @classmethod
    def from_env(cls, **overrides) -> WorkerConfig:
        # VIVIER_WORKER_ID must differ between workers on one machine: at start, a worker takes every row
        # still 'sending' under its id for a crash of its previous run.
        values = {
            "worker_id": env_str("VIVIER_WORKER_ID", socket.gethostname())[:100],
            "poll": _env_float("VIVIER_WORKER_POLL", 1.0),
            "grace": env_int("VIVIER_WORKER_GRACE", 600, minimum=1),
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


# --- Classifying delivery errors --------------------------------------------------------------------------
TRANSIENT = "transient"
PERMANENT = "permanent"
REJECTED = "rejected"  # permanent, and the address itself was refused: flag it


def classify(exc: BaseException) -> str | None:
    """transient / permanent / rejected for errors of a mail server, an ESP or the network; else None."""
    try:
        from anymail.exceptions import AnymailAPIError, AnymailRecipientsRefused
    except ImportError:  # django-anymail (ESPs) is optional: SMTP works without it
        pass
    else:
        # Before OSError below: AnymailRequestsAPIError is also a requests error, hence an OSError.
        if isinstance(exc, AnymailRecipientsRefused):
            return REJECTED
        if isinstance(exc, AnymailAPIError):
            # No status: the ESP was not reached (or timed out); 429 and 5xx: try later. Any other status is
            # final, a 2xx with an unreadable answer included: the ESP may have taken it, never send it twice.
            status = exc.status_code
            return TRANSIENT if status is None or status == 429 or status >= 500 else PERMANENT
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _msg in exc.recipients.values()]
        return REJECTED if codes and all(code >= 500 for code in codes) else TRANSIENT
    if isinstance(exc, smtplib.SMTPDataError):
        return PERMANENT if exc.smtp_code >= 500 else TRANSIENT
    if isinstance(exc, smtplib.SMTPResponseException):
        # Sender refused, authentication, HELO: our configuration, not this message; retry (and log loudly)
        # rather than fail the whole outbox on a typo in EMAIL_URL.
        return TRANSIENT
    if isinstance(exc, smtplib.SMTPException | OSError):  # disconnects, refused connections, timeouts, TLS
        return TRANSIENT
    return None


def _error_text(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "; ".join(
            f"{addr}: {code} {msg.decode(errors='replace') if isinstance(msg, bytes) else msg}"
            for addr, (code, msg) in exc.recipients.items()
        )[:1000]
    if isinstance(exc, smtplib.SMTPResponseException):
        msg = exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else exc.smtp_error
        return f"{exc.smtp_code} {msg}"[:1000]
    return f"{type(exc).__name__}: {exc}"[:1000]


def _smtp_code(exc: BaseException) -> int | None:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return max(code for code, _msg in exc.recipients.values()) if exc.recipients else None
    return getattr(exc, "smtp_code", None)


# The outbox as a queue: due 'scheduled' rows, oldest first, taken to 'sending' under this worker's id. No
# stale_after: a row left 'sending' is never taken again (recover() turns it 'uncertain' for a human).
OUTBOX = Queue(
    model=Message,
    ready=(MessageStatus.SCHEDULED,),
    taken=MessageStatus.SENDING,
    due_field="due_at",
    claimed_field="claimed_at",
    count_field="attempts",
    order_by=("due_at", "id"),
    related=("candidate",),
)


class _SentSql:
    """The statement that records a message as sent, compiled once per worker (the worker's hot path, with
    the claim: see vivier.queues)."""

    def __init__(self, conn) -> None:
        self.connection = conn
        q = conn.ops.quote_name
        # Names from the model, values as parameters: nothing here comes from outside.
        self.sql = (
            f"UPDATE {q(Message._meta.db_table)} SET {q('status')} = %s, {q('sent_at')} = %s,"  # noqa: S608
            f" {q('last_error')} = ''"
            f" WHERE {q('id')} = %s AND {q('claimed_by')} = %s AND {q('status')} IN (%s, %s)"
        )

    def mark_sent(self, pk: int, *, now: datetime, worker_id: str) -> int:
        # Like Worker._mine(): 'uncertain' too, if a sweep wrongly took the row while it was being sent.
        with self.connection.cursor() as cursor:
            cursor.execute(
                self.sql,
                [
                    MessageStatus.SENT,
                    self.connection.ops.adapt_datetimefield_value(now),
                    pk,
                    worker_id,
                    MessageStatus.SENDING,
                    MessageStatus.UNCERTAIN,
                ],
            )
            return cursor.rowcount


class _SentNotRecorded(Exception):
    """The mail server took the message but recording it failed (the cause): never retry it."""


def _in_transaction() -> bool:
    # The atomic blocks that Django's TestCase opens around a test do not count: the test is not the worker.
    return any(not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


class Worker:
    def __init__(self, config: WorkerConfig | None = None) -> None:
        self.config = config or WorkerConfig.from_env()
        self.id = self.config.worker_id
        self._stop = threading.Event()
        self._mail = None  # the e-mail backend connection, opened once and kept across messages
        self._domain = urlsplit(settings.BASE_URL).hostname or "localhost"
        self._last_sweep = 0.0
        # settings.VIVIER_WORKER_BACKGROUND: jobs run when no message is due (an import, a webhook delivery);
        # settings.VIVIER_WORKER_DAILY: jobs run once a local day when idle (retention sweep, job alerts).
        self._background = [import_string(path) for path in settings.VIVIER_WORKER_BACKGROUND]
        self._daily = {path: import_string(path) for path in settings.VIVIER_WORKER_DAILY}
        self._daily_done: dict[str, object] = {}  # dotted path -> the local date it last ran
        self._sent_sql: _SentSql | None = None
        self.processed = 0

    # --- Control --------------------------------------------------------------------------------------------
    def stop(self, *_args) -> None:
        """Finish the current row, then leave the loop (called by the SIGTERM/SIGINT handlers)."""
        self._stop.set()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def install_signal_handlers(self) -> None:
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)

    def run(self, *, once: bool = False, max_messages: int | None = None) -> int:
        """Deliver until stopped; with `once`, until nothing is due. Returns the number of rows processed."""
        logger.info("worker started", extra={"worker": self.id, "poll": self.config.poll})
        self.recover(startup=True)
        idle_errors = 0
        try:
            while not self.stopping:
                if max_messages is not None and self.processed >= max_messages:
                    break
                try:
                    # Background jobs wait for a moment without due messages: a campaign is not held up by a
                    # big file; each returns True when it did a piece of work, and the outbox comes first again.
                    did = self.process_one() or self.background_one()
                    idle_errors = 0
                except Exception:  # the database is away, say: wait and try again rather than die
                    if once:
                        raise
                    idle_errors += 1
                    logger.exception("worker loop error", extra={"worker": self.id})
                    self._close_mail()
                    close_old_connections()
                    self._stop.wait(min(self.config.poll * 2**idle_errors, 60))
                    continue
                if did:
                    continue
                if once:
                    break
                # Idle: let the SMTP connection go (servers drop idle ones) and refresh the database one.
                self._close_mail()
                close_old_connections()
                if time.monotonic() - self._last_sweep > SWEEP_EVERY:
                    self.recover(startup=False)
                self.daily_jobs()
                self._stop.wait(self.config.poll)
        finally:
            self._close_mail()
        logger.info("worker stopped", extra={"worker": self.id, "processed": self.processed})
        return self.processed

    def background_one(self) -> bool:
        """One piece of a background job (settings.VIVIER_WORKER_BACKGROUND, in order): True if any did work."""
        return any(job() for job in self._background)

    def daily_jobs(self) -> None:
        """Each job of settings.VIVIER_WORKER_DAILY once a local day, when idle.

        The jobs are safe in several workers at once (renewals, notices and digests have fixed keys; a person
        erased by another worker is skipped). A failure is logged and retried the next day, never fatal to the
        outbox.
        """
        today = timezone.localdate()
        for path, job in self._daily.items():
            if self.stopping or self._daily_done.get(path) == today:
                continue
            self._daily_done[path] = today
            try:
                result = job()
            except Exception:
                logger.exception("daily job failed", extra={"worker": self.id, "job": path})
                close_old_connections()
                continue
            counts = result.items() if isinstance(result, dict) else ()
            logger.info(
                "daily job done",
                extra={"worker": self.id, "job": path, **{k: v for k, v in counts if isinstance(v, int)}},
            )

    # --- Crash recovery -------------------------------------------------------------------------------------
    def recover(self, *, startup: bool) -> int:
        """Mark 'uncertain' the rows left 'sending' by a worker that died: older than the grace period, or, at
        start, claimed under this worker's own id. They may or may not have gone: a human decides."""
        self._last_sweep = time.monotonic()
        cutoff = timezone.now() - timedelta(seconds=self.config.grace)
        stale = Message.objects.filter(status=MessageStatus.SENDING, claimed_at__lt=cutoff)
        if startup:
            stale = stale | Message.objects.filter(status=MessageStatus.SENDING, claimed_by=self.id)
        count = 0
        for pk in list(stale.values_list("pk", flat=True)):
            with transaction.atomic():
                row = Message.objects.select_for_update(of=("self",)).select_related("candidate").get(pk=pk)
                if row.status != MessageStatus.SENDING:
                    continue
                if (
                    Message.objects.filter(pk=pk, status=MessageStatus.SENDING).update(
                        status=MessageStatus.UNCERTAIN, last_error="worker stopped while sending"
                    )
                    != 1
                ):
                    continue
                event_record(
                    kind=EventKind.MESSAGE_UNCERTAIN,
                    candidate=row.candidate,
                    data={
                        "message": str(row.public_id),
                        "kind": row.kind,
                        "worker": row.claimed_by,
                        "claimed_at": row.claimed_at.isoformat() if row.claimed_at else None,
                        "message_id": row.message_id,
                    },
                )
                count += 1
        if count:
            logger.warning("messages marked uncertain", extra={"worker": self.id, "count": count})
        return count

    # --- One message ----------------------------------------------------------------------------------------
    def claim(self) -> Message | None:
        """Take one due row for this worker, or None when nothing is due."""
        claim = claim_next(
            OUTBOX, values=lambda: {"claimed_by": self.id, "message_id": make_msgid(domain=self._domain)}
        )
        return claim.row if claim is not None else None

    def process_one(self) -> bool:
        """Claim and deliver one due row. False when nothing was due."""
        row = self.claim()
        if row is None:
            return False
        self.processed += 1
        try:
            self.deliver(row)
        except _SentNotRecorded as exc:
            # It went, but recording it failed: leave the row 'sending' so that it turns 'uncertain' rather
            # than risk a second delivery.
            logger.exception(
                "message sent but not recorded", extra={"worker": self.id, "message_uuid": str(row.public_id)}
            )
            raise exc.__cause__ from None
        except Exception as exc:
            # A bug or bad data in this row: push it forward so it cannot crash-loop the worker.
            logger.exception(
                "message failed unexpectedly", extra={"worker": self.id, "message_uuid": str(row.public_id)}
            )
            self._close_mail()
            self._retry_or_fail(row, exc, unexpected=True)
        return True

    def deliver(self, row: Message) -> None:
        allowed, reason = may_contact(row.candidate, row.kind)
        if not allowed:
            self._record_skipped(row, reason)
            return
        retry_at = wait_for_limits(row, row.claimed_at or timezone.now())
        if retry_at is not None:
            self._record_limited(row, retry_at)
            return
        email = self.build_email(row)
        assert not _in_transaction(), "never send inside a transaction"
        try:
            sent = self._send(email)
        except Exception as exc:
            kind = classify(exc)
            if kind is None:
                raise
            if kind == TRANSIENT and not isinstance(
                exc, smtplib.SMTPRecipientsRefused | smtplib.SMTPDataError
            ):
                self._close_mail()  # the connection may be broken: reopen for the next message
            if kind == TRANSIENT:
                self._retry_or_fail(row, exc)
            else:
                self._record_failed(row, exc, rejected=kind == REJECTED)
            return
        if sent != 1:
            raise RuntimeError(f"the e-mail backend accepted {sent} messages instead of 1")
        try:
            self._record_sent(row)
        except Exception as exc:
            raise _SentNotRecorded from exc

    def build_email(self, row: Message) -> EmailMultiAlternatives:
        unsubscribe = unsubscribe_url(row.candidate)
        email = EmailMultiAlternatives(
            subject=row.subject,
            body=row.body_text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[row.to_email],
            headers={
                "Message-ID": row.message_id,
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                "Auto-Submitted": "auto-generated",
                "X-Vivier-Id": str(row.public_id),
                "Content-Language": row.language,
            },
        )
        if row.body_html:
            email.attach_alternative(row.body_html, "text/html")
        return email

    def _send(self, email) -> int:
        if self._mail is None:
            mail = get_connection(fail_silently=False)
            mail.open()  # opened here, so send_messages() keeps it open for the next message
            self._mail = mail
        return self._mail.send_messages([email])

    def _close_mail(self) -> None:
        if self._mail is not None:
            mail, self._mail = self._mail, None
            try:
                mail.close()
            except Exception:  # closing a broken connection must not stop the worker
                logger.debug("closing the mail connection failed", exc_info=True)

    # --- Recording results ----------------------------------------------------------------------------------
    def _mine(self, row: Message):
        # 'uncertain' too: if a sweep wrongly took our row while we were sending, the truth we know wins.
        return Message.objects.filter(
            pk=row.pk, claimed_by=self.id, status__in=(MessageStatus.SENDING, MessageStatus.UNCERTAIN)
        )

    def _record_sent(self, row: Message) -> None:
        now = timezone.now()
        # The mail is gone: insist a little on a busy or briefly unreachable database before leaving the row
        # 'sending' (hence 'uncertain' later). The transaction is all or nothing, so trying again is safe.
        for attempt in range(3):
            try:
                with transaction.atomic():
                    if self._sent_sql is None:
                        self._sent_sql = _SentSql(connection)
                    self._sent_sql.mark_sent(row.pk, now=now, worker_id=self.id)
                    event_record(
                        kind=EventKind.MESSAGE_SENT,
                        candidate=row.candidate,
                        data={
                            "message": str(row.public_id),
                            "kind": row.kind,
                            "subject": row.subject,
                            "to": row.to_email,
                        },
                    )
                break
            except (OperationalError, InterfaceError):
                if attempt == 2:
                    raise
                close_old_connections()
                time.sleep(0.5 * (attempt + 1))
        row.status, row.sent_at = MessageStatus.SENT, now

    def _record_skipped(self, row: Message, reason: str) -> None:
        with transaction.atomic():
            self._mine(row).update(status=MessageStatus.CANCELLED, last_error=reason)
            event_record(
                kind=EventKind.MESSAGE_CANCELLED,
                candidate=row.candidate,
                data={"message": str(row.public_id), "kind": row.kind, "reason": reason, "by": "worker"},
            )
        row.status, row.last_error = MessageStatus.CANCELLED, reason
        logger.info(
            "message not sent",
            extra={"worker": self.id, "message_uuid": str(row.public_id), "reason": reason},
        )

    def _record_limited(self, row: Message, retry_at: datetime) -> None:
        """Over a sending limit: back to 'scheduled' at `retry_at`, the attempt not counted, no event (the
        message did not change, it waits in line)."""
        self._mine(row).update(
            status=MessageStatus.SCHEDULED,
            due_at=retry_at,
            attempts=max(row.attempts - 1, 0),
            claimed_at=None,
            claimed_by="",
        )
        row.status, row.due_at = MessageStatus.SCHEDULED, retry_at
        logger.info(
            "message waits for a sending limit",
            extra={"worker": self.id, "message_uuid": str(row.public_id), "due_at": retry_at.isoformat()},
        )

    def _record_failed(self, row: Message, exc: BaseException, *, rejected: bool) -> None:
        error = _error_text(exc)
        with transaction.atomic():
            self._mine(row).update(status=MessageStatus.FAILED, last_error=error)
            event_record(
                kind=EventKind.MESSAGE_FAILED,
                candidate=row.candidate,
                data={
                    "message": str(row.public_id),
                    "kind": row.kind,
                    "error": error,
                    "code": _smtp_code(exc),
                    "attempts": row.attempts,
                },
            )
            if rejected:  # the address itself was refused: flag it for a human (and, later, the policy)
                event_record(
                    kind=EventKind.EMAIL_REJECTED,
                    candidate=row.candidate,
                    data={
                        "email": row.to_email,
                        "code": _smtp_code(exc),
                        "error": error,
                        "message_uuid": str(row.public_id),
                    },
                )
        row.status, row.last_error = MessageStatus.FAILED, error
        logger.warning(
            "message failed", extra={"worker": self.id, "message_uuid": str(row.public_id), "error": error}
        )

    def _retry_or_fail(self, row: Message, exc: BaseException, *, unexpected: bool = False) -> None:
        error = _error_text(exc)
        if row.attempts >= MAX_ATTEMPTS:
            self._record_failed(row, exc, rejected=False)
            return
        due_at = timezone.now() + timedelta(seconds=backoff_delay(row.attempts, BACKOFF))
        with transaction.atomic():
            self._mine(row).update(
                status=MessageStatus.SCHEDULED,
                due_at=due_at,
                last_error=error,
                claimed_at=None,
                claimed_by="",
            )
            event_record(
                kind=EventKind.MESSAGE_DEFERRED,
                candidate=row.candidate,
                data={
                    "message": str(row.public_id),
                    "kind": row.kind,
                    "error": error,
                    "code": _smtp_code(exc),
                    "attempts": row.attempts,
                    "due_at": due_at.isoformat(),
                    "unexpected": unexpected,
                },
            )
        row.status, row.due_at, row.last_error = MessageStatus.SCHEDULED, due_at, error
        logger.warning(
            "message postponed",
            extra={
                "worker": self.id,
                "message_uuid": str(row.public_id),
                "error": error,
                "attempts": row.attempts,
                "due_at": due_at.isoformat(),
            },
        )
