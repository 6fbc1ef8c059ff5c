"""Sending through an ESP (django-anymail): its test backend behind the real worker, its errors classified."""

import datetime as dt
import smtplib
import sys

import pytest
import requests
from anymail.exceptions import AnymailAPIError, AnymailRecipientsRefused, AnymailRequestsAPIError
from anymail.message import AnymailRecipientStatus
from django.core import mail
from django.utils import timezone

from vivier.outreach.models import Message, MessageStatus
from vivier.outreach.services import message_schedule
from vivier.outreach.worker import BACKOFF, PERMANENT, REJECTED, TRANSIENT, Worker, classify
from vivier.talent.models import Event, EventKind


@pytest.fixture
def esp(settings):
    """Anymail's test backend: what the ESP would have been given lands in django.core.mail.outbox."""
    settings.EMAIL_BACKEND = "anymail.backends.test.EmailBackend"
    settings.BASE_URL = "https://vivier.agence.example"
    mail.outbox = []
    return mail.outbox


def _schedule(make, candidate=None, **kw) -> Message:
    kw.setdefault("kind", "thank_you")
    return message_schedule(
        candidate=candidate or make.candidate(),
        by=make.by,
        due_at=timezone.now() - dt.timedelta(seconds=1),
        subject="Merci pour votre réponse",
        body_text="Bonjour,\n\nMerci d'avoir pris le temps de nous répondre.",
        **kw,
    )


def _response(status: int, body: bytes = b'{"message": "refused"}') -> requests.Response:
    response = requests.Response()
    response.status_code, response.reason, response._content = status, "Reason", body
    return response


def _api_error(status: int) -> AnymailRequestsAPIError:
    return AnymailRequestsAPIError(esp_name="Brevo", response=_response(status))


@pytest.mark.django_db
def test_the_worker_delivers_through_anymail_with_the_headers(make, esp, worker_factory):
    candidate = make.candidate_in_pool(email="lea.durand@exemple.fr")
    message = _schedule(make, candidate, kind="check_in", body_html="<p>Bonjour Léa</p>")

    assert worker_factory().run(once=True) == 1

    message.refresh_from_db()
    assert message.status == MessageStatus.SENT and message.sent_at is not None and message.attempts == 1
    assert len(esp) == 1
    params = esp[0].anymail_test_params  # as Anymail hands them to the ESP's API
    assert params["to"][0].addr_spec == "lea.durand@exemple.fr"
    assert params["subject"] == "Merci pour votre réponse"
    assert params["text_body"].startswith("Bonjour,") and params["html_body"] == "<p>Bonjour Léa</p>"
    headers = params["extra_headers"]
    assert headers["Message-ID"] == message.message_id
    assert headers["List-Unsubscribe"].startswith("<https://vivier.agence.example/u/")
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert headers["Auto-Submitted"] == "auto-generated"
    assert headers["X-Vivier-Id"] == str(message.public_id)
    assert Event.objects.get(kind=EventKind.MESSAGE_SENT).candidate == candidate


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("answer", "status", "rejected"),
    [
        (_api_error(429), MessageStatus.SCHEDULED, False),
        (_api_error(503), MessageStatus.SCHEDULED, False),
        (_api_error(400), MessageStatus.FAILED, False),
        (
            {
                "recipient_status": {
                    "bounced@exemple.fr": AnymailRecipientStatus(message_id=None, status="rejected")
                }
            },
            MessageStatus.FAILED,
            True,
        ),
    ],
)
def test_the_worker_retries_fails_or_flags_on_what_the_esp_answers(
    make, esp, worker_factory, monkeypatch, answer, status, rejected
):
    message = _schedule(make, make.candidate(email="bounced@exemple.fr"))
    build_email = Worker.build_email

    def with_answer(self, row):
        email = build_email(self, row)
        email.anymail_test_response = answer  # what Anymail's test backend answers (or raises) for it
        return email

    monkeypatch.setattr(Worker, "build_email", with_answer)
    start = timezone.now()

    assert worker_factory().run(once=True) == 1

    message.refresh_from_db()
    assert message.status == status and message.attempts == 1
    if status == MessageStatus.SCHEDULED:
        assert message.due_at - start >= dt.timedelta(seconds=BACKOFF[0])
        assert Event.objects.filter(kind=EventKind.MESSAGE_DEFERRED).count() == 1
    assert Event.objects.filter(kind=EventKind.EMAIL_REJECTED).exists() == rejected


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (_api_error(429), TRANSIENT),
        (_api_error(500), TRANSIENT),
        (_api_error(502), TRANSIENT),
        (_api_error(400), PERMANENT),
        (_api_error(401), PERMANENT),
        (_api_error(422), PERMANENT),
        (_api_error(200), PERMANENT),  # accepted but unreadable: it may have gone, never send it twice
        (AnymailRequestsAPIError("connection refused"), TRANSIENT),  # no response: the ESP was not reached
        (AnymailAPIError("boto3 ClientError"), TRANSIENT),
        (AnymailAPIError("throttled", status_code=429), TRANSIENT),
        (AnymailRecipientsRefused(), REJECTED),
    ],
)
def test_classify_anymail_errors(exc, expected):
    assert classify(exc) == expected


def test_a_requests_connection_error_as_anymail_raises_it_is_transient():
    # Anymail's post_to_esp raises a class that is both AnymailRequestsAPIError and the requests error.
    kind = type("AnymailRequestsAPIError", (AnymailRequestsAPIError, requests.ConnectionError), {})
    assert classify(kind("Failed to connect", response=None)) == TRANSIENT


def test_classify_works_without_anymail(monkeypatch):
    monkeypatch.setitem(sys.modules, "anymail.exceptions", None)  # as if django-anymail were not installed
    assert classify(smtplib.SMTPServerDisconnected()) == TRANSIENT
    assert classify(smtplib.SMTPRecipientsRefused({"a@exemple.fr": (550, b"no")})) == REJECTED
    assert classify(ValueError("bug")) is None
