"""The payload of each event type, produced by the real services (and the real worker for message.sent)."""

import datetime as dt
import json
import re
import uuid

import pytest
from django.utils import timezone

from vivier.outreach.models import Message
from vivier.outreach.services import message_schedule
from vivier.outreach.worker import Worker, WorkerConfig
from vivier.privacy.services import consent_withdraw, open_again
from vivier.talent.models import Event, EventKind
from vivier.webhooks.models import WebhookDelivery

pytestmark = pytest.mark.django_db

ISO_Z = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


def _only(event_type: str) -> dict:
    [delivery] = WebhookDelivery.objects.filter(event_type=event_type)
    return delivery.payload


def _assert_envelope(payload: dict, event_type: str, kind: str) -> None:
    assert set(payload) == {"id", "type", "created_at", "data"}
    assert payload["type"] == event_type
    event = Event.objects.get(public_id=payload["id"])  # the talent event's public id: one per change
    assert event.kind == kind
    assert ISO_Z.match(payload["created_at"])
    assert dt.datetime.fromisoformat(payload["created_at"]) == event.created_at.replace(
        microsecond=event.created_at.microsecond // 1000 * 1000
    )


def _assert_no_personal_data(payload: dict, candidate) -> None:
    text = json.dumps(payload, ensure_ascii=False)
    for value in (candidate.email, candidate.first_name, candidate.last_name):
        assert value and value not in text
    for key, value in payload["data"].items():
        assert not isinstance(value, int) or isinstance(value, bool), (
            f"{key}: {value!r} looks like an integer id"
        )
        if key.endswith("_id"):
            uuid.UUID(value)  # a public id, never an integer key


def test_a_decline_carries_its_ids_and_codes(make, receiver, endpoint_for):
    endpoint_for(receiver.url, events=["decline.recorded"])
    candidate = make.candidate(email="lea.durand@exemple.fr", first_name="Léa", last_name="Durand")
    offer = make.offer(application=make.application(candidate=candidate))
    decline = make.decline(
        offer=offer,
        codes=("salary", "remote_policy"),
        primary="remote_policy",
        open_to_future="yes",
        detail="Elle préfère rester près de sa famille",
        competing_employer="Concurrent SA",
    )

    payload = _only("decline.recorded")
    _assert_envelope(payload, "decline.recorded", EventKind.OFFER_DECLINED)
    assert payload["data"] == {
        "decline_id": str(decline.public_id),
        "offer_id": str(offer.public_id),
        "candidate_id": str(candidate.public_id),
        "job_id": str(decline.job.public_id),
        "client_id": str(decline.client.public_id),
        "kind": "declined_by_candidate",
        "reasons": ["salary", "remote_policy"],
        "primary_reason": "remote_policy",
        "open_to_future": "yes",
    }
    _assert_no_personal_data(payload, candidate)
    text = json.dumps(payload, ensure_ascii=False)
    assert "famille" not in text and "Concurrent" not in text and "45000" not in text


def test_consents_given_and_withdrawn(make, receiver, endpoint_for, recruiter):
    endpoint_for(receiver.url, events=["consent.given", "consent.withdrawn"])
    candidate = make.candidate()
    given = make.consent(candidate, "job_alerts", channel="phone")
    withdrawn = consent_withdraw(
        candidate=candidate,
        purpose="job_alerts",
        channel="email_reply",
        by=recruiter,
        note="Réponse du 12/03",
    )

    payload = _only("consent.given")
    _assert_envelope(payload, "consent.given", EventKind.CONSENT_GIVEN)
    assert payload["data"] == {
        "consent_id": str(given.public_id),
        "candidate_id": str(candidate.public_id),
        "purpose": "job_alerts",
        "channel": "phone",
    }
    _assert_no_personal_data(payload, candidate)
    payload = _only("consent.withdrawn")
    _assert_envelope(payload, "consent.withdrawn", EventKind.CONSENT_WITHDRAWN)
    assert payload["data"] == {
        "consent_id": str(withdrawn.public_id),
        "candidate_id": str(candidate.public_id),
        "purpose": "job_alerts",
        "channel": "email_reply",
    }
    assert "12/03" not in json.dumps(payload)  # the recruiter's note stays in Vivier


def test_open_to_opportunities_again(make, receiver, endpoint_for):
    endpoint_for(receiver.url, events=["candidate.open_to_opportunities"])
    candidate = make.candidate()
    open_again(candidate=candidate)

    payload = _only("candidate.open_to_opportunities")
    _assert_envelope(payload, "candidate.open_to_opportunities", EventKind.CANDIDATE_OPEN_AGAIN)
    assert payload["data"] == {"candidate_id": str(candidate.public_id)}


def test_a_message_sent_by_the_worker(make, receiver, endpoint_for, settings, tmp_path):
    settings.EMAIL_BACKEND = "vivier.outreach.mailbox.LocalMailboxBackend"
    settings.MAILBOX_DIR = tmp_path / "mailbox"
    endpoint_for(receiver.url, events=["message.sent"])
    candidate = make.candidate_in_pool(email="sam.petit@exemple.fr", first_name="Sam", last_name="Petit")
    message = message_schedule(
        candidate=candidate,
        kind="thank_you",
        subject="Merci Sam pour votre réponse",
        body_text="Bonjour Sam,\n\nMerci.",
        due_at=timezone.now() - dt.timedelta(seconds=1),
        by=make.by,
    )
    assert not WebhookDelivery.objects.exists()  # planning a message is not sending it

    Worker(WorkerConfig(worker_id="test-worker", poll=0.01)).run(once=True)

    assert Message.objects.get(pk=message.pk).status == "sent"
    assert len(list((tmp_path / "mailbox").glob("*.eml"))) == 1
    payload = _only("message.sent")
    _assert_envelope(payload, "message.sent", EventKind.MESSAGE_SENT)
    assert payload["data"] == {
        "message_id": str(message.public_id),
        "candidate_id": str(candidate.public_id),
        "kind": "thank_you",
    }
    _assert_no_personal_data(payload, candidate)
    assert "Merci" not in json.dumps(payload)  # nor the subject
    # The same worker run posted it once nothing else was due.
    [request] = receiver.received
    assert json.loads(request.body) == payload
