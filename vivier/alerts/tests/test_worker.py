"""The worker builds the digests once a day and delivers them like any message, to a real SMTP server."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from vivier.alerts.models import JobAlertItem
from vivier.alerts.services import alerts_build
from vivier.alerts.tests.conftest import MONDAY_EARLY
from vivier.outreach.models import Message, MessageStatus

pytestmark = pytest.mark.django_db
NINE_FIVE = MONDAY_EARLY.replace(hour=9, minute=5)


def test_the_worker_builds_the_digests_once_a_day(person, job, at, worker_factory):
    with at(MONDAY_EARLY):
        camille = person()
        job(title="Développeur / Développeuse web")
        worker = worker_factory()
        worker.daily_jobs()
        worker.daily_jobs()  # the same day: not again
    assert Message.objects.filter(candidate=camille, kind="job_alert").count() == 1


def test_it_delivers_a_digest_with_its_unsubscribe_and_preferences_links(
    person, job, at, smtp, worker_factory
):
    with at(MONDAY_EARLY):
        camille = person(first_name="Camille", email="camille.digest@exemple.fr")
        job(title="Développeur / Développeuse web", salary_max=52000)
        alerts_build()
    with time_machine.travel(NINE_FIVE, tick=True):
        assert worker_factory().run(once=True) == 1
    message = Message.objects.get(candidate=camille)
    assert message.status == MessageStatus.SENT
    (sent,) = smtp.messages
    assert sent["To"] == "camille.digest@exemple.fr"
    assert sent["Subject"] == "Un poste pour vous, Camille"
    assert sent["Content-Language"] == "fr"
    assert sent["List-Unsubscribe"].strip("<> ").startswith("https://vivier.agence.example/u/")
    text = sent.get_body(("plain",)).get_content()
    assert "1. Développeur / Développeuse web (CDI)" in text
    assert "Changer vos critères ou la fréquence\xa0: https://vivier.agence.example/p/" in text
    assert "Pour ne plus recevoir de messages de notre part\xa0: https://vivier.agence.example/u/" in text
    html = sent.get_body(("html",)).get_content()
    assert '<a href="https://vivier.agence.example/p/' in html


def test_a_digest_cancelled_at_send_time_gives_its_jobs_back(
    person, job, at, smtp, worker_factory, recruiter
):
    from vivier.privacy.services import consent_give, consent_withdraw

    with at(MONDAY_EARLY):
        camille = person(prefs={"alert_frequency": "weekly"})
        only = job(title="Développeur / Développeuse web")
        alerts_build()
        consent_withdraw(
            candidate=camille, purpose="job_alerts", channel="phone", by=recruiter, note="Au tél."
        )
    with time_machine.travel(NINE_FIVE, tick=True):
        worker_factory().run(once=True)
    message = Message.objects.get(candidate=camille)
    assert message.status == MessageStatus.CANCELLED and message.last_error == "consent_withdrawn"
    assert not smtp.messages
    # They ask for alerts again: the job they never received goes in the next digest.
    with at(MONDAY_EARLY + dt.timedelta(days=2)):
        consent_give(candidate=camille, purpose="job_alerts", channel="phone", by=recruiter, note="Rappel")
        counts = alerts_build()
    assert counts["released"] == 1 and counts["planned"] == 1
    assert list(JobAlertItem.objects.filter(candidate=camille).values_list("job", flat=True)) == [only.pk]
