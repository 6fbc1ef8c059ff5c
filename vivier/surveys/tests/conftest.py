"""Builders of the survey tests, and the real SMTP server of the outreach tests."""

from __future__ import annotations

import pytest
from django.utils import timezone

from vivier.outreach.models import Message, MessageStatus
from vivier.outreach.tests.conftest import smtp, smtp_server, worker_factory  # noqa: F401  (fixtures)
from vivier.surveys.models import SurveyResponse


def mark_sent(message: Message, when=None) -> Message:
    """As if the worker had delivered it (the worker itself is tested in test_worker.py)."""
    when = when or timezone.now()
    Message.objects.filter(pk=message.pk).update(status=MessageStatus.SENT, sent_at=when)
    message.refresh_from_db()
    return message


class Surveys:
    def __init__(self, make) -> None:
        self.make = make

    def planned(self, *, candidate=None, client=None, job=None, kind="declined_by_candidate", **decline):
        """A decline by a candidate who agreed to the survey: returns its SurveyResponse (planned)."""
        make = self.make
        candidate = candidate or make.candidate()
        if not candidate.consents.filter(purpose="survey").exists():
            make.consent(candidate, "survey")
        job = job or make.job(client=client)
        offer = make.offer(make.application(candidate=candidate, job=job))
        made = make.decline(offer, kind=kind, **decline)
        return SurveyResponse.objects.select_related("message").get(decline=made)

    def sent(self, **kw) -> SurveyResponse:
        response = self.planned(**kw)
        mark_sent(response.message)
        response.refresh_from_db()
        return response

    def answered(self, score: int, comment: str = "", **kw) -> SurveyResponse:
        from vivier.surveys.services import survey_answer

        return survey_answer(response=self.sent(**kw), score=score, comment=comment)


@pytest.fixture
def surveys(make) -> Surveys:
    return Surveys(make)
