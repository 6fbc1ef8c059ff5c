import datetime as dt
import signal
import threading

import pytest
import time_machine
from django.core import signing
from django.db import connection
from django.utils import timezone

from vivier.outreach.links import UNSUBSCRIBE, UNSUBSCRIBE_MAX_AGE, candidate_token_read
from vivier.outreach.models import Message, MessageStatus
from vivier.outreach.services import message_cancel, message_schedule
from vivier.outreach.worker import BACKOFF, MAX_ATTEMPTS, Worker
from vivier.talent.models import Candidate, Event, EventKind


def _schedule(make, candidate=None, *, due_in: float = -1, **kw) -> Message:
    kw.setdefault("kind", "thank_you")
    kw.setdefault("subject", "Merci pour votre réponse")
    kw.setdefault("body_text", "Bonjour,\n\nMerci d'avoir pris le temps de nous répondre.")
    return message_schedule(
        candidate=candidate or make.candidate(),
        by=make.by,
        due_at=timezone.now() + dt.timedelta(seconds=due_in),
        **kw,
    )


def _status(message: Message) -> str:
    message.refresh_from_db()
    return message.status


@pytest.mark.django_db
def test_it_delivers_a_due_message_once_with_its_headers(make, smtp, worker_factory):
    candidate = make.candidate(first_name="Léa", email="lea.durand@exemple.fr")
    message = _schedule(make, candidate, body_html="<p>Bonjour Léa</p>")

    assert worker_factory().run(once=True) == 1
    assert worker_factory().run(once=True) == 0

    assert len(smtp.messages) == 1
    sent = smtp.messages[0]
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT and message.sent_at is not None and message.attempts == 1
    assert sent["To"] == "lea.durand@exemple.fr"
    assert sent["Subject"] == "Merci pour votre réponse"
    assert sent["Message-ID"] == message.message_id and message.message_id.endswith("@vivier.agence.example>")
    assert sent["X-Vivier-Id"] == str(message.public_id)
    assert sent["Auto-Submitted"] == "auto-generated"
    assert sent["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = sent["List-Unsubscribe"].strip().strip("<>")
    assert url.startswith("https://vivier.agence.example/u/")
    assert candidate_token_read(url.rsplit("/", 1)[1], UNSUBSCRIBE, max_age=UNSUBSCRIBE_MAX_AGE) == str(
        candidate.public_id
    )
    with pytest.raises(signing.BadSignature):
        candidate_token_read(url.rsplit("/", 1)[1], "survey", max_age=UNSUBSCRIBE_MAX_AGE)
    assert sent.get_body(("plain",)).get_content().startswith("Bonjour,")
    assert sent.get_body(("html",)).get_content().strip() == "<p>Bonjour Léa</p>"
    event = Event.objects.get(kind=EventKind.MESSAGE_SENT)
    assert event.candidate == candidate and event.data["message"] == str(message.public_id)


@pytest.mark.django_db
def test_it_reuses_one_smtp_connection_across_messages(make, smtp, worker_factory):
    for _ in range(5):
        _schedule(make)
    assert worker_factory().run(once=True) == 5
    assert len(smtp.messages) == 5
    assert smtp.connections == 1


@pytest.mark.django_db
def test_it_leaves_messages_not_yet_due_and_cancelled_ones(make, smtp, worker_factory):
    later = _schedule(make, due_in=3600)
    cancelled = _schedule(make)
    message_cancel(message=cancelled, by=make.by)

    assert worker_factory().run(once=True) == 0
    assert smtp.messages == []
    assert _status(later) == MessageStatus.SCHEDULED and later.attempts == 0
    assert _status(cancelled) == MessageStatus.CANCELLED

    with time_machine.travel(timezone.now() + dt.timedelta(hours=1, seconds=1), tick=True):
        assert worker_factory().run(once=True) == 1
    assert _status(later) == MessageStatus.SENT
    assert _status(cancelled) == MessageStatus.CANCELLED
    assert [m["X-Vivier-Id"] for m in smtp.messages] == [str(later.public_id)]


@pytest.mark.django_db
def test_it_does_not_send_to_someone_who_asked_not_to_be_contacted_since(make, smtp, worker_factory):
    candidate = make.candidate()
    message = _schedule(make, candidate)
    Candidate.objects.filter(pk=candidate.pk).update(do_not_contact=True)

    assert worker_factory().run(once=True) == 1
    assert smtp.messages == []
    message.refresh_from_db()
    assert message.status == MessageStatus.CANCELLED and message.last_error == "do_not_contact"
    event = Event.objects.get(kind=EventKind.MESSAGE_CANCELLED)
    assert event.data["reason"] == "do_not_contact" and event.candidate == candidate


@pytest.mark.django_db
def test_it_retries_a_temporary_refusal_with_backoff(make, smtp, worker_factory):
    message = _schedule(make, make.candidate(email="greylisted@exemple.fr"))
    smtp.replies["greylisted"] = "451 4.7.1 Greylisted, try again later"
    start = timezone.now()

    assert worker_factory().run(once=True) == 1
    message.refresh_from_db()
    assert message.status == MessageStatus.SCHEDULED and message.attempts == 1
    assert message.last_error == "greylisted@exemple.fr: 451 4.7.1 Greylisted, try again later"
    assert dt.timedelta(seconds=BACKOFF[0]) <= message.due_at - start < dt.timedelta(seconds=BACKOFF[0] + 5)
    assert Event.objects.get(kind=EventKind.MESSAGE_DEFERRED).data["code"] == 451

    assert worker_factory().run(once=True) == 0  # not before the back-off is over
    smtp.replies.clear()
    with time_machine.travel(message.due_at + dt.timedelta(seconds=1), tick=True):
        assert worker_factory().run(once=True) == 1
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT and message.attempts == 2
    assert len(smtp.messages) == 1


@pytest.mark.django_db
def test_it_fails_after_the_last_attempt(make, smtp, worker_factory):
    message = _schedule(make, make.candidate(email="greylisted@exemple.fr"))
    Message.objects.filter(pk=message.pk).update(attempts=MAX_ATTEMPTS - 1)
    smtp.replies["greylisted"] = "451 4.7.1 Try again later"

    worker_factory().run(once=True)
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED and message.attempts == MAX_ATTEMPTS


@pytest.mark.django_db
def test_it_fails_a_permanent_refusal_and_flags_the_address(make, smtp, worker_factory):
    candidate = make.candidate(email="nobody@exemple.fr")
    message = _schedule(make, candidate)
    other = _schedule(make)
    smtp.replies["nobody"] = "550 5.1.1 No such user"

    assert worker_factory().run(once=True) == 2
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED and message.last_error.startswith("nobody@exemple.fr: 550")
    assert _status(other) == MessageStatus.SENT  # the same connection goes on after a refusal
    flag = Event.objects.get(kind=EventKind.EMAIL_REJECTED)
    assert flag.candidate == candidate and flag.data["code"] == 550
    assert Event.objects.get(kind=EventKind.MESSAGE_FAILED).data["code"] == 550


@pytest.mark.django_db
def test_it_retries_when_the_mail_server_is_down(make, smtp, settings, worker_factory):
    from vivier.outreach.tests.conftest import free_port

    settings.EMAIL_PORT = free_port()  # nothing listens there
    message = _schedule(make)
    assert worker_factory().run(once=True) == 1
    message.refresh_from_db()
    assert message.status == MessageStatus.SCHEDULED and message.attempts == 1
    assert "ConnectionRefusedError" in message.last_error


@pytest.mark.django_db
def test_it_marks_a_row_left_sending_by_a_crash_uncertain_and_never_resends_it(make, smtp, worker_factory):
    mine = _schedule(make)
    old = _schedule(make)
    recent = _schedule(make)
    now = timezone.now()
    Message.objects.filter(pk=mine.pk).update(
        status=MessageStatus.SENDING, claimed_at=now, claimed_by="test-worker"
    )
    Message.objects.filter(pk=old.pk).update(
        status=MessageStatus.SENDING, claimed_by="gone", claimed_at=now - dt.timedelta(hours=1)
    )
    # Another worker's fresh claim: it may be sending right now.
    Message.objects.filter(pk=recent.pk).update(
        status=MessageStatus.SENDING, claimed_by="other", claimed_at=now
    )

    assert worker_factory("test-worker").run(once=True) == 0
    assert smtp.messages == []
    assert _status(mine) == MessageStatus.UNCERTAIN
    assert _status(old) == MessageStatus.UNCERTAIN
    assert _status(recent) == MessageStatus.SENDING
    assert Event.objects.filter(kind=EventKind.MESSAGE_UNCERTAIN).count() == 2


@pytest.mark.django_db
def test_it_leaves_a_sent_message_it_could_not_record_to_become_uncertain(
    make, smtp, worker_factory, monkeypatch
):
    message = _schedule(make)
    worker = worker_factory()

    def broken(row):
        raise RuntimeError("database went away")

    monkeypatch.setattr(worker, "_record_sent", broken)
    with pytest.raises(RuntimeError):
        worker.run(once=True)
    assert _status(message) == MessageStatus.SENDING  # not put back in the queue

    assert worker_factory().run(once=True) == 0  # the next start of this worker
    assert _status(message) == MessageStatus.UNCERTAIN
    assert len(smtp.messages) == 1


@pytest.mark.django_db
def test_it_pushes_a_row_that_breaks_forward_and_goes_on(make, smtp, worker_factory, monkeypatch):
    bad = _schedule(make, subject="Poison")
    good = _schedule(make)
    worker = worker_factory()
    build = worker.build_email

    def build_or_break(row):
        if row.subject == "Poison":
            raise ValueError("bad template")
        return build(row)

    monkeypatch.setattr(worker, "build_email", build_or_break)
    assert worker.run(once=True) == 2
    bad.refresh_from_db()
    assert bad.status == MessageStatus.SCHEDULED and bad.attempts == 1 and "bad template" in bad.last_error
    assert bad.due_at > timezone.now() + dt.timedelta(seconds=BACKOFF[0] - 5)
    assert _status(good) == MessageStatus.SENT
    assert Event.objects.get(kind=EventKind.MESSAGE_DEFERRED).data["unexpected"] is True


@pytest.mark.django_db
def test_sigterm_finishes_the_current_message_then_stops(make, smtp, worker_factory):
    messages = [_schedule(make) for _ in range(3)]
    worker = worker_factory()
    previous = (signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT))
    worker.install_signal_handlers()
    # The signal arrives while the first message is on the wire.
    smtp.on_data = lambda: signal.pthread_kill(threading.main_thread().ident, signal.SIGTERM)
    try:
        assert worker.run() == 1
    finally:
        signal.signal(signal.SIGTERM, previous[0])
        signal.signal(signal.SIGINT, previous[1])
    assert [_status(m) for m in messages].count(MessageStatus.SENT) == 1
    assert [_status(m) for m in messages].count(MessageStatus.SCHEDULED) == 2
    assert len(smtp.messages) == 1


@pytest.mark.django_db
def test_max_messages_stops_the_loop(make, smtp, worker_factory):
    for _ in range(3):
        _schedule(make)
    assert worker_factory().run(max_messages=2) == 2
    assert Message.objects.filter(status=MessageStatus.SCHEDULED).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_workers_racing_deliver_each_message_exactly_once(make, smtp):
    candidates = [make.candidate_in_pool() for _ in range(20)]  # check-ins need the consent
    due = timezone.now() - dt.timedelta(seconds=1)
    Message.objects.bulk_create(
        [
            Message(
                candidate=c,
                kind="check_in",
                to_email=c.email,
                subject=f"Nouvelles {i}",
                body_text="Bonjour",
                due_at=due,
            )
            for i in range(10)
            for c in candidates
        ]
    )
    assert Message.objects.count() == 200
    counts: dict[str, int] = {}
    errors: list[BaseException] = []

    def work(worker_id: str) -> None:
        from vivier.outreach.worker import WorkerConfig

        try:
            counts[worker_id] = Worker(WorkerConfig(worker_id=worker_id, poll=0.01)).run(once=True)
        except BaseException as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(f"w{i}",)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    ids = [m["X-Vivier-Id"] for m in smtp.messages]
    assert len(ids) == 200 and len(set(ids)) == 200
    assert Message.objects.filter(status=MessageStatus.SENT).count() == 200
    assert sum(counts.values()) == 200, counts
    assert Event.objects.filter(kind=EventKind.MESSAGE_SENT).count() == 200


@pytest.mark.django_db
def test_the_worker_command_sends_what_is_due_and_exits_with_once(make, smtp):
    from django.core.management import call_command

    message = _schedule(make)
    previous = (signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT))
    try:
        call_command("worker", "--once", "--id", "command-test")
    finally:
        signal.signal(signal.SIGTERM, previous[0])
        signal.signal(signal.SIGINT, previous[1])
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT and message.claimed_by == "command-test"
    assert len(smtp.messages) == 1
