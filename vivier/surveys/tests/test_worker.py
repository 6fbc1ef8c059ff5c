"""The survey through the real outbox: the worker sends it on a real SMTP server, the link in the mail opens
the page and records the answer; a survey that went out meanwhile makes the worker skip the next one."""

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from vivier.outreach.models import Message, MessageStatus
from vivier.outreach.services import message_schedule
from vivier.surveys.models import SurveyResponse
from vivier.talent.models import Event, EventKind

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _outbox_only(settings):
    # The worker's other jobs (imports, daily sweeps) are tested in their apps; here only the outbox runs.
    settings.VIVIER_WORKER_BACKGROUND = []
    settings.VIVIER_WORKER_DAILY = []


def test_the_worker_sends_the_survey_and_its_link_records_the_answer(make, surveys, smtp, worker_factory):
    candidate = make.candidate(first_name="Léa", last_name="Martin", email="lea.martin@exemple.fr")
    response = surveys.planned(candidate=candidate)
    with time_machine.travel(response.message.due_at + dt.timedelta(minutes=1), tick=True):
        assert worker_factory().run(once=True) == 1
        [mail] = smtp.messages
        assert mail["To"] == "lea.martin@exemple.fr"
        # a long encoded subject is folded after "Subject:"; mail clients drop the fold's leading space
        assert mail["Subject"].strip().startswith("Deux minutes pour nous aider à mieux faire\u202f?")
        text = mail.get_body(("plain",)).get_content()
        html = mail.get_body(("html",)).get_content()
        path = re.search(r"https://vivier\.agence\.example(/s/[^\s/]+/)", text).group(1)
        assert f'href="https://vivier.agence.example{path}"' in html

        page = Client().get(path)
        assert page.status_code == 200
        assert "Bonjour Léa" in page.content.decode() and "0 — pas du tout probable" in page.content.decode()
        answer = Client().post(path, {"score": "9", "comment": "Des échanges clairs et rapides."})
        assert answer.status_code == 302 and answer["Location"] == f"{path}?done=1"
    response.refresh_from_db()
    assert response.message.status == MessageStatus.SENT
    assert (response.score, response.comment, response.category) == (
        9,
        "Des échanges clairs et rapides.",
        "promoter",
    )
    assert Event.objects.filter(kind=EventKind.SURVEY_ANSWERED, candidate=candidate).count() == 1


def test_the_worker_skips_a_survey_when_another_went_out_meanwhile(make, surveys, smtp, worker_factory):
    candidate = make.candidate()
    planned = surveys.planned(candidate=candidate)
    # Meanwhile a recruiter sent a survey by hand: it goes first.
    message_schedule(
        candidate=candidate,
        kind="survey",
        subject="Votre avis",
        body_text="Bonjour, votre avis compte.",
        due_at=timezone.now() - dt.timedelta(seconds=1),
        by=make.by,
    )
    assert worker_factory().run(once=True) == 1
    assert len(smtp.messages) == 1

    with time_machine.travel(planned.message.due_at + dt.timedelta(minutes=1), tick=True):
        assert worker_factory().run(once=True) == 1
    message = Message.objects.get(pk=planned.message.pk)
    assert (message.status, message.last_error) == (MessageStatus.CANCELLED, "survey_recent")
    assert len(smtp.messages) == 1  # nothing more went
    event = Event.objects.filter(kind=EventKind.MESSAGE_CANCELLED, candidate=candidate).get()
    assert event.data["reason"] == "survey_recent" and event.data["by"] == "worker"
    # The link of a survey that never went does not open.
    path = re.search(r"/s/[^\s/]+/", message.body_text).group(0)
    assert Client().get(path).status_code == 404
    assert SurveyResponse.objects.get(pk=planned.pk).score is None


def test_a_survey_sent_seven_months_ago_does_not_stop_the_next(make, surveys, smtp, worker_factory):
    candidate = make.candidate()
    with time_machine.travel(timezone.now() - dt.timedelta(days=213), tick=True):
        old = surveys.planned(candidate=candidate)
        with time_machine.travel(old.message.due_at + dt.timedelta(minutes=1), tick=True):
            assert worker_factory().run(once=True) == 1
    new = surveys.planned(candidate=candidate)
    with time_machine.travel(new.message.due_at + dt.timedelta(minutes=1), tick=True):
        worker_factory().run(once=True)  # the old decline's check-ins are due too (cancelled: no consent)
    assert [m["Subject"].strip() for m in smtp.messages] == [old.message.subject, new.message.subject]
    assert Message.objects.get(pk=new.message.pk).status == MessageStatus.SENT
