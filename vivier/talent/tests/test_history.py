"""Past declines recorded as history, and events append-only (issue #15)."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from vivier.errors import Conflict
from vivier.talent.models import ApplicationStatus, Event, EventKind, OfferStatus
from vivier.talent.services import decline_record_past, exclusion_create, reasons_from_codes

pytestmark = pytest.mark.django_db


@pytest.fixture
def hook(admin):
    """An active endpoint subscribed to decline.recorded (the webhook of EventKind.OFFER_DECLINED)."""
    from vivier.webhooks import subscriptions
    from vivier.webhooks.models import WebhookEvent
    from vivier.webhooks.services import webhook_endpoint_create

    endpoint = webhook_endpoint_create(
        by=admin, url="https://hooks.exemple.fr/vivier", events=[WebhookEvent.DECLINE_RECORDED.value]
    )
    subscriptions._forget_now()
    yield endpoint
    subscriptions._forget_now()


def _noon(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0)))


def _past(make, **kw):
    reasons = reasons_from_codes(["salary"])
    kw.setdefault("candidate", make.candidate())
    kw.setdefault("job", make.job())
    kw.setdefault("offered_at", _noon(dt.date(2023, 5, 2)))
    kw.setdefault("declined_at", _noon(dt.date(2023, 5, 20)))
    return decline_record_past(
        by=make.by, salary=41000, kind="declined_by_candidate", reasons=reasons, primary=reasons[0], **kw
    )


def test_a_past_decline_has_its_own_dates_no_follow_up_and_no_webhook(make, hook):
    from vivier.outreach.models import Message
    from vivier.webhooks.models import WebhookDelivery

    decline = _past(make)
    offer = decline.offer
    assert (offer.status, offer.created_at, offer.decided_at) == (
        OfferStatus.DECLINED,
        _noon(dt.date(2023, 5, 2)),
        _noon(dt.date(2023, 5, 20)),
    )
    assert decline.created_at == _noon(dt.date(2023, 5, 20))
    assert offer.application.status == ApplicationStatus.DECLINED
    assert offer.application.created_at == _noon(dt.date(2023, 5, 2))
    events = Event.objects.filter(candidate=decline.candidate).exclude(kind=EventKind.CANDIDATE_CREATED)
    dates = dict(events.values_list("kind", "created_at"))
    assert dates == {
        EventKind.APPLICATION_CREATED: _noon(dt.date(2023, 5, 2)),
        EventKind.OFFER_CREATED: _noon(dt.date(2023, 5, 2)),
        EventKind.OFFER_DECLINED: _noon(dt.date(2023, 5, 20)),
    }
    assert not Message.objects.exists()
    assert not WebhookDelivery.objects.exists()
    # The same endpoint hears a decline recorded now: the history is what stays quiet, not the endpoint.
    make.decline()
    assert WebhookDelivery.objects.filter(endpoint=hook).count() == 1


def test_a_past_decline_keeps_the_rules_of_offers(make):
    with pytest.raises(ValidationError):
        _past(make, declined_at=timezone.now() + dt.timedelta(days=1))
    candidate, job = make.candidate(), make.job()
    exclusion_create(
        by=make.by,
        candidate=candidate,
        client=job.client,
        reason="Ancien salarié",
        expires_on=dt.date.today() + dt.timedelta(days=180),
    )
    with pytest.raises(Conflict):
        _past(make, candidate=candidate, job=job)
    first = _past(make)
    with pytest.raises(Conflict):  # the application is closed: put them on the job again
        _past(make, candidate=first.candidate, job=first.job)


def test_events_refuse_updates_in_the_database(make):
    event = make.decline().offer.application.candidate.events.filter(kind=EventKind.OFFER_DECLINED).get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(created_at=timezone.now() - dt.timedelta(days=700))
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(data={"rewritten": True})
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE talent_event SET kind = %s WHERE id = %s", ["offer.accepted", event.pk])
    event.refresh_from_db()
    assert event.kind == EventKind.OFFER_DECLINED and "rewritten" not in event.data


def test_events_still_go_with_their_person_and_lose_a_deleted_actor(make):
    user = get_user_model().objects.create_user(username="passage", password="x")  # noqa: S106
    candidate = make.candidate()
    with transaction.atomic():
        from vivier.talent.services import event_record

        event = event_record(kind=EventKind.CANDIDATE_UPDATED, actor=user, candidate=candidate)
    user.delete()  # ON DELETE SET NULL: the one UPDATE the trigger lets through
    event.refresh_from_db()
    assert event.actor_id is None
    candidate.delete()
    assert not Event.objects.filter(pk=event.pk).exists()


def test_offer_decline_returns_the_decline_and_the_messages_it_planned(make):
    """A typed result, not an attribute set on the model instance."""
    from vivier.outreach.models import Message
    from vivier.talent.services import DeclineResult

    result = make.declined()
    assert isinstance(result, DeclineResult)
    assert not hasattr(result.decline, "scheduled_messages")
    planned = Message.objects.filter(cadence_key__startswith=f"decline:{result.decline.public_id}:")
    assert result.messages and {m.pk for m in result.messages} == set(planned.values_list("pk", flat=True))


def test_the_trigger_comes_back_after_a_table_rebuild_on_sqlite(make):
    """On SQLite, altering a table rebuilds it and drops its triggers; post_migrate puts this one back.
    (SQLite's DDL is transactional: the test's rollback restores the trigger whatever happens.)"""
    if connection.vendor != "sqlite":
        pytest.skip("a SQLite table rebuild")
    from vivier.talent import append_only

    event = make.decline().candidate.events.filter(kind=EventKind.OFFER_DECLINED).get()
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER {append_only.NAME}")  # as a rebuild would
    append_only.ensure_trigger()
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(data={})
