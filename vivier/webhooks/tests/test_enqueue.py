"""Enqueueing: in the change's transaction, only for subscribed active endpoints, and free when there are none."""

import datetime as dt
import time

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from vivier.outreach.models import Message, MessageStatus
from vivier.outreach.services import message_schedule
from vivier.outreach.worker import Worker, WorkerConfig
from vivier.talent.models import Decline, Event, EventKind
from vivier.webhooks import subscriptions
from vivier.webhooks.models import WebhookDelivery, WebhookEndpoint
from vivier.webhooks.services import webhook_endpoint_update

pytestmark = pytest.mark.django_db


def _webhook_queries(ctx) -> list[str]:
    return [q["sql"] for q in ctx.captured_queries if "webhooks_" in q["sql"]]


def test_a_decline_enqueues_one_delivery_per_subscribed_endpoint(make, receiver, endpoint_for):
    ats = endpoint_for(receiver.url, events=["decline.recorded", "consent.given"])
    crm = endpoint_for(receiver.url + "/crm", events=["decline.recorded"])
    endpoint_for(receiver.url + "/other", events=["consent.withdrawn"])
    endpoint_for(receiver.url + "/off", events=["decline.recorded"], active=False)

    make.decline()

    deliveries = list(WebhookDelivery.objects.order_by("endpoint_id"))
    assert [d.endpoint_id for d in deliveries] == [ats.pk, crm.pk]
    assert {d.event_type for d in deliveries} == {"decline.recorded"}
    event = Event.objects.get(kind=EventKind.OFFER_DECLINED)
    assert {d.event_id for d in deliveries} == {event.public_id}  # the same event id for every receiver
    assert deliveries[0].public_id != deliveries[1].public_id
    assert deliveries[0].payload == deliveries[1].payload


def test_a_rolled_back_change_leaves_no_delivery(make, receiver, endpoint_for, monkeypatch):
    endpoint_for(receiver.url, events=["decline.recorded"])
    offer = make.offer()

    def broken_plan(**_kw):
        raise RuntimeError("the cadence could not be planned")

    # offer_decline writes the decline, its event (and so the delivery), then plans the cadence: a failure
    # there rolls back the whole change, the delivery with it.
    monkeypatch.setattr("vivier.outreach.services.cadence_plan", broken_plan)
    with pytest.raises(RuntimeError):
        make.decline(offer=offer)
    assert not Decline.objects.exists()
    assert not Event.objects.filter(kind=EventKind.OFFER_DECLINED).exists()
    assert not WebhookDelivery.objects.exists()

    monkeypatch.undo()
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        make.decline()
        assert WebhookDelivery.objects.count() == 1  # written inside the change's transaction
        1 / 0  # noqa: B018
    assert not WebhookDelivery.objects.exists()


def test_nothing_is_enqueued_without_a_subscribed_active_endpoint(make, receiver, endpoint_for):
    make.decline()  # no endpoint at all
    endpoint_for(receiver.url, events=["consent.given"])
    make.decline()  # an endpoint, but not for declines
    off = endpoint_for(receiver.url, events=["decline.recorded"], active=False)
    make.decline()  # subscribed, but turned off
    assert not WebhookDelivery.objects.exists()

    webhook_endpoint_update(by=None, endpoint=off, url=off.url, events=off.events, active=True)
    make.decline()  # turned back on: the change is seen at once in this process
    assert WebhookDelivery.objects.count() == 1


def test_an_event_without_subscriber_costs_no_query(make, receiver, endpoint_for):
    endpoint_for(receiver.url, events=["consent.given"])
    offer = make.offer()
    subscriptions.subscribed_types()  # what the first event of the process reads, once per TTL
    with CaptureQueriesContext(connection) as ctx:
        make.decline(offer=offer)
    assert _webhook_queries(ctx) == []
    assert not WebhookDelivery.objects.exists()


def test_the_worker_sending_messages_without_endpoints_asks_once_in_all(make, settings, tmp_path):
    """The hot path: a 'message sent' event per message. Without endpoints, the first one reads the
    endpoints (once per TTL per process); the others, and the worker's idle look for deliveries, read nothing."""
    settings.EMAIL_BACKEND = "vivier.outreach.mailbox.LocalMailboxBackend"
    settings.MAILBOX_DIR = tmp_path / "mailbox"
    candidate = make.candidate_in_pool()
    for n in range(10):
        message_schedule(
            candidate=candidate,
            kind="personal",
            subject=f"Bonjour {n}",
            body_text="Bonjour,\n\nUn mot.",
            due_at=timezone.now() - dt.timedelta(seconds=1),
            by=make.by,
        )
    subscriptions._forget_now()  # as in a worker just started
    with CaptureQueriesContext(connection) as ctx:
        assert Worker(WorkerConfig(worker_id="test-worker", poll=0.01)).run(once=True) == 10
    assert Message.objects.filter(status=MessageStatus.SENT).count() == 10
    assert Event.objects.filter(kind=EventKind.MESSAGE_SENT).count() == 10
    assert len(_webhook_queries(ctx)) == 1
    assert not WebhookDelivery.objects.exists()


def test_another_process_sees_a_new_endpoint_within_the_ttl(make, receiver, monkeypatch):
    assert subscriptions.subscribed_types() == frozenset()  # this process remembers: no endpoint
    # Another process (a web worker) adds an endpoint: this process is not told.
    WebhookEndpoint.objects.create(url=receiver.url, events=["decline.recorded"], secret="whsec_x")
    make.decline()
    assert not WebhookDelivery.objects.exists()

    later = time.monotonic() + subscriptions.TTL + 1
    monkeypatch.setattr(subscriptions, "_clock", lambda: later)
    make.decline()
    assert WebhookDelivery.objects.count() == 1
