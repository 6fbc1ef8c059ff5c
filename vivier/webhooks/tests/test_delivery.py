import datetime as dt
import json

import pytest
import time_machine
from django.utils import timezone

from vivier.outreach.worker import Worker, WorkerConfig
from vivier.webhooks.models import DeliveryStatus, DisabledReason, WebhookAttempt, WebhookDelivery
from vivier.webhooks.services import (
    webhook_deliver_next,
    webhook_endpoint_update,
    webhook_log_prune,
    webhook_ping,
    webhook_redeliver,
)
from vivier.webhooks.services.deliveries import BACKOFF, DISABLE_AFTER, LOG_DAYS, MAX_ATTEMPTS, STALE_AFTER

pytestmark = pytest.mark.django_db


def _declined(make):
    make.decline()
    return WebhookDelivery.objects.get(event_type="decline.recorded")


def _fresh(delivery: WebhookDelivery) -> WebhookDelivery:
    delivery.refresh_from_db()
    return delivery


def test_it_posts_a_due_delivery_with_its_headers_and_records_it(make, receiver, endpoint_for):
    endpoint = endpoint_for(receiver.url, events=["decline.recorded"])
    delivery = _declined(make)
    receiver.reply(200, b'{"received": true}')

    assert webhook_deliver_next() is True
    assert webhook_deliver_next() is False  # nothing else is due

    [request] = receiver.received
    assert request.path == "/hooks/vivier"
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["User-Agent"] == "Vivier-Webhooks/1"
    assert request.headers["Vivier-Event"] == "decline.recorded"
    assert request.headers["Vivier-Delivery"] == str(delivery.public_id)
    assert request.headers["Vivier-Signature"].startswith("t=")
    assert json.loads(request.body) == delivery.payload
    delivery = _fresh(delivery)
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempts == 1
    assert delivery.last_status_code == 200 and delivery.last_response_excerpt == '{"received": true}'
    assert delivery.delivered_at is not None and delivery.duration_ms is not None
    [attempt] = WebhookAttempt.objects.filter(delivery=delivery)
    assert attempt.status_code == 200 and attempt.ok
    endpoint.refresh_from_db()
    assert endpoint.last_success_at is not None and endpoint.failed_in_a_row == 0


def test_the_worker_delivers_webhooks_when_no_message_is_due(make, receiver, endpoint_for):
    endpoint_for(receiver.url, events=["decline.recorded"])
    delivery = _declined(make)
    # The decline planned its follow-ups for later; the worker's background jobs (settings) post the webhook.
    Worker(WorkerConfig(worker_id="test-worker", poll=0.01)).run(once=True)
    assert len(receiver.received) == 1
    assert _fresh(delivery).status == DeliveryStatus.DELIVERED


def test_it_retries_a_server_error_on_the_backoff_schedule_then_delivers(make, receiver, endpoint_for):
    endpoint = endpoint_for(receiver.url, events=["decline.recorded"])
    delivery = _declined(make)
    start = timezone.now().replace(microsecond=0) + dt.timedelta(seconds=1)
    receiver.reply(500, b"Internal Server Error")
    receiver.reply(503, b"busy")

    with time_machine.travel(start, tick=False):
        assert webhook_deliver_next()
    delivery = _fresh(delivery)
    assert delivery.status == DeliveryStatus.PENDING and delivery.attempts == 1
    assert delivery.next_attempt_at == start + dt.timedelta(seconds=BACKOFF[0])  # 1 minute
    assert delivery.last_status_code == 500 and delivery.last_error == "HTTP 500"
    assert delivery.last_response_excerpt == "Internal Server Error"
    endpoint.refresh_from_db()
    assert endpoint.last_failure_at == start and endpoint.failed_in_a_row == 0  # not failed for good

    with time_machine.travel(start + dt.timedelta(seconds=BACKOFF[0] - 1), tick=False):
        assert not webhook_deliver_next()  # not before the back-off is over
    second = start + dt.timedelta(seconds=BACKOFF[0])
    with time_machine.travel(second, tick=False):
        assert webhook_deliver_next()
    delivery = _fresh(delivery)
    assert delivery.attempts == 2 and delivery.next_attempt_at == second + dt.timedelta(seconds=BACKOFF[1])

    with time_machine.travel(second + dt.timedelta(seconds=BACKOFF[1]), tick=False):
        assert webhook_deliver_next()
    delivery = _fresh(delivery)
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempts == 3
    assert len(receiver.received) == 3
    assert {r.headers["Vivier-Delivery"] for r in receiver.received} == {str(delivery.public_id)}
    assert [a.status_code for a in WebhookAttempt.objects.filter(delivery=delivery)] == [500, 503, 200]


def test_it_fails_a_delivery_after_the_last_attempt(make, receiver, endpoint_for):
    endpoint = endpoint_for(receiver.url, events=["decline.recorded"])
    delivery = _declined(make)
    now = timezone.now()
    for n in range(MAX_ATTEMPTS):
        receiver.reply(502)
        with time_machine.travel(now, tick=False):
            assert webhook_deliver_next()
        delivery = _fresh(delivery)
        if n < MAX_ATTEMPTS - 1:
            assert delivery.status == DeliveryStatus.PENDING
            now = delivery.next_attempt_at
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == MAX_ATTEMPTS == 8
    assert len(receiver.received) == 8
    endpoint.refresh_from_db()
    assert endpoint.failed_in_a_row == 1 and endpoint.active


def test_a_timeout_is_retried(make, receiver, endpoint_for, fast_timeout):
    endpoint_for(receiver.url, events=["decline.recorded"])
    delivery = _declined(make)
    receiver.reply(200, delay=fast_timeout * 4)
    assert webhook_deliver_next()
    delivery = _fresh(delivery)
    assert delivery.status == DeliveryStatus.PENDING and delivery.attempts == 1
    assert delivery.last_status_code is None and delivery.last_error == "timed out after 0.3 s"
    assert delivery.duration_ms < 1000


def test_a_refused_connection_is_retried(make, closed_port_url, endpoint_for):
    endpoint_for(closed_port_url, events=["decline.recorded"])
    delivery = _declined(make)
    assert webhook_deliver_next()
    delivery = _fresh(delivery)
    assert delivery.status == DeliveryStatus.PENDING and delivery.last_error == "connection refused"
    assert WebhookAttempt.objects.get(delivery=delivery).status_code is None


def test_a_redirect_is_not_followed(make, receiver, endpoint_for):
    endpoint_for(receiver.url, events=["decline.recorded"])
    delivery = _declined(make)
    receiver.reply(302, Location=receiver.url + "/elsewhere")
    assert webhook_deliver_next()
    assert len(receiver.received) == 1  # the POST did not go to the new location
    delivery = _fresh(delivery)
    assert delivery.status == DeliveryStatus.PENDING and delivery.last_status_code == 302
    assert delivery.last_error == f"HTTP 302 (redirect to {receiver.url}/elsewhere)"


def test_410_gone_turns_the_endpoint_off_and_keeps_the_rest_waiting(make, receiver, endpoint_for):
    endpoint = endpoint_for(receiver.url, events=["decline.recorded"])
    first = _declined(make)
    make.decline()
    receiver.reply(410, b"gone")

    assert webhook_deliver_next()
    assert _fresh(first).status == DeliveryStatus.FAILED
    endpoint.refresh_from_db()
    assert not endpoint.active and endpoint.disabled_reason == DisabledReason.GONE
    assert endpoint.disabled_detail == "HTTP 410" and endpoint.disabled_at is not None
    assert not webhook_deliver_next()  # the other delivery waits for the endpoint to be turned back on
    assert WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING).count() == 1

    webhook_endpoint_update(by=None, endpoint=endpoint, url=endpoint.url, events=endpoint.events, active=True)
    endpoint.refresh_from_db()
    assert endpoint.disabled_reason == "" and endpoint.disabled_at is None
    assert webhook_deliver_next()
    assert not WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING).exists()


def test_an_endpoint_failing_delivery_after_delivery_is_turned_off(make, receiver, endpoint_for):
    endpoint = endpoint_for(receiver.url, events=["decline.recorded"])
    for _ in range(DISABLE_AFTER + 1):
        make.decline()
    # Each of them has used its retries (the last attempt is due now).
    WebhookDelivery.objects.update(attempts=MAX_ATTEMPTS - 1)
    for _ in range(DISABLE_AFTER + 1):
        receiver.reply(500, b"down")

    for n in range(DISABLE_AFTER):
        assert webhook_deliver_next()
        endpoint.refresh_from_db()
        assert endpoint.failed_in_a_row == n + 1
    assert not endpoint.active and endpoint.disabled_reason == DisabledReason.FAILING
    assert endpoint.disabled_detail == "HTTP 500"
    assert not webhook_deliver_next()
    assert WebhookDelivery.objects.filter(status=DeliveryStatus.FAILED).count() == DISABLE_AFTER
    assert len(receiver.received) == DISABLE_AFTER


def test_a_success_resets_the_count_of_failed_deliveries(make, receiver, endpoint_for):
    endpoint = endpoint_for(receiver.url, events=["decline.recorded"])
    make.decline()
    make.decline()
    WebhookDelivery.objects.update(attempts=MAX_ATTEMPTS - 1)
    receiver.reply(500)
    assert webhook_deliver_next()
    endpoint.refresh_from_db()
    assert endpoint.failed_in_a_row == 1
    assert webhook_deliver_next()
    endpoint.refresh_from_db()
    assert endpoint.failed_in_a_row == 0 and endpoint.last_success_at is not None


def test_a_delivery_left_sending_by_a_dead_worker_is_sent_again_after_the_grace(make, receiver, endpoint_for):
    endpoint_for(receiver.url, events=["decline.recorded"])
    delivery = _declined(make)
    claimed = timezone.now()
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.SENDING, claimed_at=claimed, attempts=1
    )

    assert not webhook_deliver_next()  # a live claim is left alone
    with time_machine.travel(claimed + STALE_AFTER + dt.timedelta(seconds=1), tick=False):
        assert webhook_deliver_next()
    delivery = _fresh(delivery)
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempts == 2
    assert len(receiver.received) == 1


def test_redeliver_sends_the_same_event_again(make, receiver, endpoint_for):
    endpoint_for(receiver.url, events=["decline.recorded"])
    delivery = _declined(make)
    assert webhook_deliver_next()
    webhook_redeliver(delivery=_fresh(delivery))
    delivery = _fresh(delivery)
    assert (
        delivery.status == DeliveryStatus.PENDING and delivery.attempts == 0 and delivery.delivered_at is None
    )

    assert webhook_deliver_next()
    first, second = receiver.received
    assert first.headers["Vivier-Delivery"] == second.headers["Vivier-Delivery"] == str(delivery.public_id)
    assert json.loads(first.body)["id"] == json.loads(second.body)["id"]
    assert _fresh(delivery).status == DeliveryStatus.DELIVERED
    assert WebhookAttempt.objects.filter(delivery=delivery).count() == 2


def test_redeliver_refuses_a_delivery_still_waiting(make, receiver, endpoint_for):
    from vivier.errors import Conflict

    endpoint_for(receiver.url, events=["decline.recorded"])
    delivery = _declined(make)
    with pytest.raises(Conflict):
        webhook_redeliver(delivery=delivery)


def test_a_ping_is_sent_at_once_and_never_retried(receiver, endpoint_for):
    endpoint = endpoint_for(receiver.url, events=["message.sent"], active=False)
    receiver.reply(503, b"maintenance")
    delivery = webhook_ping(endpoint=endpoint)
    assert delivery.status == DeliveryStatus.FAILED and delivery.last_status_code == 503
    body = json.loads(receiver.received[0].body)
    assert body["type"] == "ping" and body["data"] == {"endpoint_id": str(endpoint.public_id)}
    assert receiver.received[0].headers["Vivier-Event"] == "ping"
    endpoint.refresh_from_db()
    # A test says when the receiver last answered, but does not count towards turning the endpoint off.
    assert endpoint.failed_in_a_row == 0 and endpoint.last_failure_at is not None
    assert endpoint.last_success_at is None

    delivery = webhook_ping(endpoint=endpoint)
    assert delivery.status == DeliveryStatus.DELIVERED
    endpoint.refresh_from_db()
    assert endpoint.last_success_at is not None and not endpoint.active  # a ping does not turn it on either


def test_the_daily_prune_deletes_finished_deliveries_past_the_log_period(make, receiver, endpoint_for):
    endpoint_for(receiver.url, events=["decline.recorded"])
    make.decline()
    make.decline()
    make.decline()
    assert webhook_deliver_next() and webhook_deliver_next()
    old, kept = WebhookDelivery.objects.filter(status=DeliveryStatus.DELIVERED)
    waiting = WebhookDelivery.objects.get(status=DeliveryStatus.PENDING)
    long_ago = timezone.now() - dt.timedelta(days=LOG_DAYS + 1)
    WebhookDelivery.objects.filter(pk__in=[old.pk, waiting.pk]).update(created_at=long_ago)

    assert webhook_log_prune() == {"deleted": 1}
    assert set(WebhookDelivery.objects.values_list("pk", flat=True)) == {kept.pk, waiting.pk}
    assert not WebhookAttempt.objects.filter(delivery_id=old.pk).exists()


def test_a_binary_or_long_answer_is_kept_as_a_short_readable_excerpt(make, receiver, endpoint_for):
    endpoint_for(receiver.url, events=["decline.recorded"])
    delivery = _declined(make)
    receiver.reply(500, b"\x00\x01\xff" + b"x" * 5000)
    assert webhook_deliver_next()
    delivery = _fresh(delivery)
    excerpt = delivery.last_response_excerpt
    assert len(excerpt) == 500 and excerpt.startswith("\ufffd\x01\ufffd") and "\x00" not in excerpt
    assert WebhookAttempt.objects.get(delivery=delivery).response_excerpt == excerpt


@pytest.mark.django_db(transaction=True)
def test_several_workers_share_the_deliveries_and_post_each_once(make, receiver, endpoint_for):
    import threading

    from django.db import connection

    endpoint_for(receiver.url, events=["candidate.open_to_opportunities"])
    from vivier.privacy.services import open_again

    for _ in range(12):
        open_again(candidate=make.candidate())
    errors: list[BaseException] = []

    def work() -> None:
        try:
            while webhook_deliver_next():
                pass
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors
    assert len(receiver.received) == 12
    assert len({r.headers["Vivier-Delivery"] for r in receiver.received}) == 12
    assert WebhookDelivery.objects.filter(status=DeliveryStatus.DELIVERED, attempts=1).count() == 12
