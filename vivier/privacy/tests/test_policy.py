"""may_contact per kind: the process window, consents per purpose, withdrawal, do-not-contact, erasure."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from vivier.outreach.policy import may_contact
from vivier.privacy.services import consent_give, consent_withdraw

pytestmark = pytest.mark.django_db
PROCESS_KINDS = ("thank_you", "feedback", "information_notice", "personal")


def _later(months: int):
    return time_machine.travel(timezone.now() + dt.timedelta(days=31 * months), tick=False)


def test_process_kinds_need_no_consent_during_the_process_and_three_months_after(make):
    decline = make.decline()
    candidate = decline.candidate
    for kind in PROCESS_KINDS:
        assert may_contact(candidate, kind) == (True, "")
    with time_machine.travel(decline.created_at + dt.timedelta(days=85), tick=False):
        assert may_contact(candidate, "thank_you") == (True, "")
    with time_machine.travel(decline.created_at + dt.timedelta(days=95), tick=False):
        assert may_contact(candidate, "thank_you") == (False, "outside_process_window")


def test_an_open_process_keeps_the_window_open(make):
    application = make.application()
    with _later(12):
        assert may_contact(application.candidate, "personal") == (True, "")


def test_check_in_job_alert_and_survey_need_their_own_consent(make):
    candidate = make.candidate()
    assert may_contact(candidate, "check_in") == (False, "no_consent")
    assert may_contact(candidate, "job_alert") == (False, "no_consent")
    assert may_contact(candidate, "survey") == (False, "no_consent")
    make.consent(candidate, "talent_pool")
    assert may_contact(candidate, "check_in") == (True, "")
    assert may_contact(candidate, "job_alert") == (
        False,
        "no_consent",
    )  # one purpose never stands for another
    make.consent(candidate, "job_alerts")
    assert may_contact(candidate, "job_alert") == (True, "")
    make.consent(candidate, "survey")
    assert may_contact(candidate, "survey") == (True, "")


def test_a_withdrawal_refuses_at_once_even_when_planning(make):
    candidate = make.candidate()
    make.consent(candidate, "talent_pool")
    consent_withdraw(
        candidate=candidate, purpose="talent_pool", channel="phone", note="a rappelé", by=make.by
    )
    assert may_contact(candidate, "check_in") == (False, "consent_withdrawn")
    assert may_contact(candidate, "check_in", planning=True) == (False, "consent_withdrawn")
    assert may_contact(candidate, "consent_renewal") == (False, "consent_withdrawn")
    assert may_contact(candidate, "stay_in_touch") == (False, "consent_withdrawn")


def test_planning_lets_a_check_in_wait_for_the_consent_that_may_come(make):
    candidate = make.candidate()
    assert may_contact(candidate, "check_in", planning=True) == (True, "")
    assert may_contact(candidate, "check_in") == (False, "no_consent")


def test_the_talent_pool_consent_expires_two_years_after_the_last_contact(make):
    candidate = make.candidate()
    make.consent(candidate, "talent_pool")
    with time_machine.travel(timezone.now() + dt.timedelta(days=725), tick=False):
        assert may_contact(candidate, "check_in") == (True, "")
    with time_machine.travel(timezone.now() + dt.timedelta(days=735), tick=False):
        assert may_contact(candidate, "check_in") == (False, "consent_expired")
        assert may_contact(candidate, "consent_renewal") == (True, "")


def test_our_own_mailings_do_not_move_the_last_contact_but_a_reply_does(make):
    from vivier.outreach.services import candidate_replied, message_schedule

    candidate = make.candidate()
    make.consent(candidate, "talent_pool")
    with time_machine.travel(timezone.now() + dt.timedelta(days=400), tick=False):
        message_schedule(
            candidate=candidate,
            kind="check_in",
            subject="Hello",
            body_text="Hi",
            due_at=timezone.now(),
            by=make.by,
        )
    with time_machine.travel(timezone.now() + dt.timedelta(days=735), tick=False):
        assert may_contact(candidate, "check_in") == (False, "consent_expired")
    with time_machine.travel(timezone.now() + dt.timedelta(days=400), tick=False):
        candidate_replied(candidate=candidate, by=make.by, note="")
    with time_machine.travel(timezone.now() + dt.timedelta(days=735), tick=False):
        assert may_contact(candidate, "check_in") == (True, "")


def test_stay_in_touch_goes_once(make):
    from vivier.outreach.models import Message

    candidate = make.decline().candidate
    assert may_contact(candidate, "stay_in_touch") == (True, "")
    Message.objects.filter(candidate=candidate, kind="stay_in_touch").update(status="sent")
    if not Message.objects.filter(candidate=candidate, kind="stay_in_touch").exists():
        from vivier.outreach.services import message_schedule

        m = message_schedule(
            candidate=candidate,
            kind="stay_in_touch",
            subject="S",
            body_text="B",
            due_at=timezone.now(),
            by=make.by,
        )
        Message.objects.filter(pk=m.pk).update(status="sent")
    assert may_contact(candidate, "stay_in_touch") == (False, "already_sent")


def test_do_not_contact_and_erasure_refuse_everything(make):
    from vivier.outreach.services import contact_stop

    candidate = make.candidate_in_pool()
    contact_stop(candidate=candidate)
    for kind in ("thank_you", "check_in", "job_alert", "consent_renewal"):
        assert may_contact(candidate, kind) == (False, "do_not_contact")
    other = make.candidate_in_pool()
    from vivier.privacy.models import ErasedIdentity
    from vivier.privacy.policy import email_hash

    ErasedIdentity.objects.create(email_hash=email_hash(other.email), erased_at=timezone.now())
    assert may_contact(other, "check_in") == (False, "erased")


def test_the_worker_cancels_a_check_in_without_consent_and_says_why(make, worker_factory, settings):
    from vivier.outreach.models import Message, MessageStatus
    from vivier.outreach.services import message_schedule

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    candidate = make.candidate()
    message = message_schedule(
        candidate=candidate,
        kind="check_in",
        subject="Des nouvelles ?",
        body_text="…",
        due_at=timezone.now() - dt.timedelta(seconds=1),
        by=make.by,
    )
    worker_factory().run(once=True)
    message.refresh_from_db()
    assert message.status == MessageStatus.CANCELLED and message.last_error == "no_consent"
    consent_give(candidate=candidate, purpose="talent_pool", channel="phone", note="ok", by=make.by)
    sent = message_schedule(
        candidate=candidate,
        kind="check_in",
        subject="Des nouvelles ?",
        body_text="…",
        due_at=timezone.now() - dt.timedelta(seconds=1),
        by=make.by,
    )
    worker_factory().run(once=True)
    assert Message.objects.get(pk=sent.pk).status == MessageStatus.SENT


def test_a_consent_given_at_a_past_moment_is_on_the_timeline_at_that_moment(make):
    from vivier.talent.models import Event

    candidate = make.candidate()
    at = timezone.now() - dt.timedelta(days=40)
    record = consent_give(candidate=candidate, purpose="talent_pool", channel="web_form", at=at)
    event = Event.objects.get(kind="consent.given", data__consent=str(record.public_id))
    assert event.created_at == record.at == at
