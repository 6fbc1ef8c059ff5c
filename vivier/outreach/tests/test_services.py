import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from vivier.errors import Conflict, ServiceError
from vivier.outreach.models import Message, MessageStatus
from vivier.outreach.selectors import mailbox_list, mailbox_message, message_list
from vivier.outreach.services import (
    message_approve,
    message_cancel,
    message_resolve_uncertain,
    message_schedule,
    message_send_now,
    message_update,
)
from vivier.talent.models import Event, EventKind

pytestmark = pytest.mark.django_db


def _schedule(make, candidate=None, **kw) -> Message:
    kw.setdefault("kind", "check_in")
    kw.setdefault("subject", "Des nouvelles ?")
    kw.setdefault("body_text", "Bonjour, comment allez-vous ?")
    kw.setdefault("due_at", timezone.now() + dt.timedelta(days=30))
    # A check-in by default: to someone in the talent pool, so that it may go.
    return message_schedule(candidate=candidate or make.candidate_in_pool(), by=make.by, **kw)


def test_it_schedules_a_message_with_a_snapshot_and_an_event(make):
    candidate = make.candidate(email="sam@exemple.fr", language="en")
    message = _schedule(make, candidate)
    assert message.status == MessageStatus.SCHEDULED
    assert message.to_email == "sam@exemple.fr" and message.language == "en"
    assert message.created_by == make.by
    event = Event.objects.get(kind=EventKind.MESSAGE_SCHEDULED)
    assert event.candidate == candidate and event.actor == make.by
    assert event.data["message"] == str(message.public_id) and event.data["kind"] == "check_in"


def test_it_puts_a_message_for_review_until_approved(make):
    message = _schedule(make, review=True)
    assert message.status == MessageStatus.REVIEW
    message_approve(message=message, by=make.by)
    message.refresh_from_db()
    assert message.status == MessageStatus.SCHEDULED
    assert Event.objects.filter(kind=EventKind.MESSAGE_APPROVED).count() == 1
    with pytest.raises(Conflict):
        message_approve(message=message, by=make.by)


def test_it_refuses_someone_who_asked_not_to_be_contacted(make):
    candidate = make.candidate()
    candidate.do_not_contact = True
    candidate.save(update_fields=["do_not_contact"])
    with pytest.raises(ServiceError) as exc:
        _schedule(make, candidate)
    assert exc.value.code == "do_not_contact"
    assert not Message.objects.exists()


def test_it_refuses_bad_input(make):
    with pytest.raises(ValidationError) as exc:
        _schedule(make, subject="Bonjour\nBcc: everyone@exemple.fr", body_text=" ")
    assert set(exc.value.message_dict) == {"subject", "body_text"}
    with pytest.raises(ValidationError):
        _schedule(make, kind="spam")
    with pytest.raises(ValidationError):
        _schedule(make, due_at=dt.datetime(2030, 1, 1, 9, 0))  # naive


def test_it_plans_a_cadence_step_once_per_candidate(make):
    candidate = make.candidate()
    _schedule(make, candidate, cadence_key="decline:12:check_in:90")
    with pytest.raises(Conflict) as exc:
        _schedule(make, candidate, cadence_key="decline:12:check_in:90")
    assert exc.value.code == "message_exists"
    _schedule(make, make.candidate(), cadence_key="decline:12:check_in:90")  # another person
    _schedule(make, candidate)
    _schedule(make, candidate)  # messages without a cadence step may repeat
    assert Message.objects.filter(candidate=candidate).count() == 3


def test_it_updates_only_messages_that_have_not_gone(make):
    message = _schedule(make)
    due = timezone.now() + dt.timedelta(days=2)
    message_update(message=message, by=make.by, subject="Un petit bonjour", due_at=due)
    message.refresh_from_db()
    assert message.subject == "Un petit bonjour" and message.due_at == due
    assert Event.objects.get(kind=EventKind.MESSAGE_UPDATED).data["fields"] == ["due_at", "subject"]

    Message.objects.filter(pk=message.pk).update(status=MessageStatus.SENDING)
    with pytest.raises(Conflict) as exc:
        message_update(message=message, by=make.by, subject="Trop tard")
    assert exc.value.code == "message_sending"
    Message.objects.filter(pk=message.pk).update(status=MessageStatus.SENT)
    with pytest.raises(Conflict) as exc:
        message_cancel(message=message, by=make.by)
    assert exc.value.code == "message_status"


def test_it_cancels_and_sends_now(make):
    message = _schedule(make)
    message_send_now(message=message, by=make.by)
    message.refresh_from_db()
    assert message.due_at <= timezone.now() and message.status == MessageStatus.SCHEDULED
    message_cancel(message=message, by=make.by, reason="replied")
    message.refresh_from_db()
    assert message.status == MessageStatus.CANCELLED
    assert Event.objects.get(kind=EventKind.MESSAGE_CANCELLED).data["reason"] == "replied"

    review = _schedule(make, review=True)
    message_send_now(message=review, by=make.by)
    review.refresh_from_db()
    assert review.status == MessageStatus.SCHEDULED  # pressing "send now" approves it


def test_send_now_and_approve_say_at_once_why_a_message_cannot_go(make):
    from vivier.privacy.models import ConsentRecord

    camille = make.candidate(first_name="Camille")
    make.consent(camille, "survey")
    survey = _schedule(make, camille, kind="survey", review=True)
    check_in = _schedule(make, camille, review=True)  # planned next to the invitation, before the consent
    ConsentRecord.objects.filter(candidate=camille).delete()  # as if never given (tests only)
    for action in (message_send_now, message_approve):
        with pytest.raises(ServiceError) as exc:
            action(message=survey, by=make.by)
        assert exc.value.code == "no_consent"
        assert exc.value.message == (
            f"Ce message ne peut pas partir\u00a0: {camille.full_name} n’a pas accepté de répondre aux enquêtes."
        )
    survey.refresh_from_db()
    assert survey.status == MessageStatus.REVIEW and survey.due_at > timezone.now()  # nothing changed
    # A check-in due later may still get its consent: approving it is fine, sending it now is not.
    with pytest.raises(ServiceError) as exc:
        message_send_now(message=check_in, by=make.by)
    assert exc.value.code == "no_consent" and "rester dans le vivier" in exc.value.message
    message_approve(message=check_in, by=make.by)
    check_in.refresh_from_db()
    assert check_in.status == MessageStatus.SCHEDULED


def test_the_outbox_says_in_words_why_a_message_did_not_go(make, recruiter_client):
    camille = make.candidate(first_name="Camille")
    message = _schedule(make, camille)
    Message.objects.filter(pk=message.pk).update(status=MessageStatus.CANCELLED, last_error="no_consent")
    page = recruiter_client.get("/outbox/").content.decode()
    assert "n’a pas accepté de rester dans le vivier" in page and "no_consent" not in page
    page = recruiter_client.get(f"/candidates/{camille.public_id}/").content.decode()
    assert "n’a pas accepté de rester dans le vivier" in page and "no_consent" not in page


@pytest.mark.parametrize(
    ("outcome", "status"),
    [
        ("sent", MessageStatus.SENT),
        ("reschedule", MessageStatus.SCHEDULED),
        ("cancel", MessageStatus.CANCELLED),
    ],
)
def test_a_human_resolves_an_uncertain_message(make, outcome, status):
    message = _schedule(make)
    claimed = timezone.now() - dt.timedelta(hours=1)
    Message.objects.filter(pk=message.pk).update(
        status=MessageStatus.UNCERTAIN, claimed_at=claimed, claimed_by="w"
    )
    message_resolve_uncertain(message=message, by=make.by, outcome=outcome)
    message.refresh_from_db()
    assert message.status == status
    if outcome == "sent":
        assert message.sent_at == claimed
    if outcome == "reschedule":
        assert message.due_at <= timezone.now() and message.claimed_by == ""
    assert Event.objects.get(kind=EventKind.MESSAGE_RESOLVED).data["outcome"] == outcome
    with pytest.raises(Conflict):
        message_resolve_uncertain(message=message, by=make.by, outcome=outcome)


def test_the_outbox_list_reads_in_one_query(make, django_assert_num_queries):
    for _ in range(3):
        _schedule(make)
    with django_assert_num_queries(1):
        rows = [(m.candidate.full_name, m.status) for m in message_list(status=MessageStatus.SCHEDULED)]
    assert len(rows) == 3


def test_the_local_mailbox_lists_what_the_worker_delivered_newest_first(
    make, settings, tmp_path, worker_factory
):
    settings.EMAIL_BACKEND = "vivier.outreach.mailbox.LocalMailboxBackend"
    settings.MAILBOX_DIR = tmp_path / "mailbox"
    assert mailbox_list() == []
    first = _schedule(
        make, make.candidate_in_pool(email="un@exemple.fr"), subject="Premier", due_at=timezone.now()
    )
    worker_factory().run(once=True)
    second = _schedule(
        make, make.candidate_in_pool(email="deux@exemple.fr"), subject="Deuxième — é", due_at=timezone.now()
    )
    worker_factory().run(once=True)
    # mtimes can tie within a clock tick: make the order certain
    import os

    os.utime(settings.MAILBOX_DIR / f"{first.public_id}.eml", (1_700_000_000, 1_700_000_000))

    items = mailbox_list()
    assert [i.subject for i in items] == ["Deuxième — é", "Premier"]
    assert items[0].to == "deux@exemple.fr" and items[0].vivier_id == str(second.public_id)
    assert items[0].date is not None and items[0].message_id.startswith("<")
    parsed = mailbox_message(items[0].name)
    assert parsed["Subject"] == "Deuxième — é"
    assert mailbox_message("../secret_key") is None and mailbox_message("missing.eml") is None
