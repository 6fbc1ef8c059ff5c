"""vivier.queues on its own, with the webhook deliveries' table as a queue (it has every column a queue uses)."""

import datetime as dt
import threading
import uuid

import pytest
import time_machine
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from vivier import queues
from vivier.queues import Queue, backoff_delay, claim_next, lock_next
from vivier.webhooks.models import WebhookDelivery, WebhookEndpoint

STALE = dt.timedelta(minutes=5)


def _queue(**kw) -> Queue:
    values = {
        "model": WebhookDelivery,
        "ready": ("pending",),
        "taken": "sending",
        "due_field": "next_attempt_at",
        "claimed_field": "claimed_at",
        "count_field": "attempts",
        "order_by": ("next_attempt_at", "id"),
        "related": ("endpoint",),
        "where": Q(endpoint__active=True),
    }
    return Queue(**(values | kw))


EXACTLY_ONCE = _queue()
AT_LEAST_ONCE = _queue(stale_after=STALE)


def _rows(n: int, *, due=None, **kw) -> list[WebhookDelivery]:
    endpoint = WebhookEndpoint.objects.create(url="https://example.org/hook", secret="s", events=["ping"])
    due = due or timezone.now() - dt.timedelta(seconds=1)
    return [
        WebhookDelivery.objects.create(
            endpoint=endpoint, event_type="ping", event_id=uuid.uuid4(), next_attempt_at=due, **kw
        )
        for _ in range(n)
    ]


def test_backoff_follows_its_schedule_and_stays_on_its_last_step():
    schedule = (60, 300, 1800)
    assert [backoff_delay(n, schedule) for n in range(6)] == [60, 60, 300, 1800, 1800, 1800]


@pytest.mark.django_db
def test_a_claim_takes_the_oldest_due_row_and_writes_it_in_the_database():
    later, first = _rows(1, due=timezone.now() - dt.timedelta(seconds=1)) + _rows(
        1, due=timezone.now() - dt.timedelta(minutes=1)
    )
    _rows(1, due=timezone.now() + dt.timedelta(minutes=1))  # not due yet
    claim = claim_next(EXACTLY_ONCE, values=lambda: {"last_error": "mine"})
    assert claim.row.pk == first.pk and claim.replaced is None
    assert claim.row.endpoint.url == "https://example.org/hook"  # read with the row
    stored = WebhookDelivery.objects.get(pk=first.pk)
    for row in (claim.row, stored):
        assert (row.status, row.claimed_at, row.attempts, row.last_error) == ("sending", claim.at, 1, "mine")
    assert claim_next(EXACTLY_ONCE).row.pk == later.pk
    assert claim_next(EXACTLY_ONCE) is None


@pytest.mark.django_db
def test_a_row_changed_between_the_read_and_the_update_is_not_claimed(monkeypatch):
    [row] = _rows(1)
    seen = WebhookDelivery.objects.get(pk=row.pk)  # what a second worker read before the first one's update
    assert claim_next(EXACTLY_ONCE) is not None
    monkeypatch.setattr(queues._Select, "first", lambda self, now: seen)
    assert claim_next(_queue(again=False)) is None
    stored = WebhookDelivery.objects.get(pk=row.pk)
    assert stored.attempts == 1  # claimed once only

    calls = []
    monkeypatch.setattr(
        queues._Select, "first", lambda self, now: calls.append(now) or (seen if len(calls) == 1 else None)
    )
    assert claim_next(EXACTLY_ONCE) is None and len(calls) == 2  # lost the race: looked again


@pytest.mark.django_db
def test_a_stale_claim_is_taken_again_only_by_an_at_least_once_queue():
    claimed_at = timezone.now() - STALE - dt.timedelta(seconds=1)
    [stale] = _rows(1, status="sending", claimed_at=claimed_at, attempts=1)
    _rows(1, status="sending", claimed_at=timezone.now() - STALE + dt.timedelta(seconds=30))  # alive
    assert claim_next(EXACTLY_ONCE) is None
    claim = claim_next(AT_LEAST_ONCE)
    assert claim.row.pk == stale.pk and claim.replaced == claimed_at and claim.row.attempts == 2
    assert claim_next(AT_LEAST_ONCE) is None  # neither the fresh claim nor the other live one
    with time_machine.travel(timezone.now() + STALE + dt.timedelta(seconds=31), tick=False):
        assert claim_next(AT_LEAST_ONCE) is not None  # now the other one is stale too


@pytest.mark.django_db
def test_a_stale_claim_taken_over_meanwhile_is_not_taken_twice(monkeypatch):
    [row] = _rows(1, status="sending", claimed_at=timezone.now() - STALE - dt.timedelta(seconds=1))
    seen = WebhookDelivery.objects.get(pk=row.pk)
    assert claim_next(AT_LEAST_ONCE) is not None
    monkeypatch.setattr(queues._Select, "first", lambda self, now: seen)
    assert claim_next(_queue(stale_after=STALE, again=False)) is None
    assert WebhookDelivery.objects.get(pk=row.pk).attempts == 1


@pytest.mark.django_db
def test_rows_of_a_condition_left_out_are_never_claimed():
    [row] = _rows(1)
    WebhookEndpoint.objects.update(active=False)
    assert claim_next(EXACTLY_ONCE) is None
    assert WebhookDelivery.objects.get(pk=row.pk).status == "pending"


@pytest.mark.django_db
def test_lock_next_holds_the_row_for_the_callers_transaction():
    [row] = _rows(1)
    with transaction.atomic():
        locked = lock_next(EXACTLY_ONCE)
    assert locked.pk == row.pk and locked.endpoint_id == row.endpoint_id
    assert WebhookDelivery.objects.get(pk=row.pk).status == "pending"  # a lock writes nothing


@pytest.mark.django_db(transaction=True)
def test_two_claimers_racing_claim_every_row_exactly_once():
    rows = _rows(60)
    taken: dict[str, list[int]] = {"a": [], "b": []}
    errors: list[BaseException] = []

    def work(name: str) -> None:
        try:
            while (claim := claim_next(EXACTLY_ONCE)) is not None:
                taken[name].append(claim.row.pk)
        except BaseException as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(name,)) for name in taken]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    everything = taken["a"] + taken["b"]
    assert sorted(everything) == sorted(r.pk for r in rows)  # each row once, none twice
    assert set(WebhookDelivery.objects.values_list("attempts", flat=True)) == {1}
