"""Deliveries: enqueued with the change, posted by the worker, retried with backoff, logged.

At least once, unlike e-mails: a worker that dies between its POST and the record of the answer leaves the row
'sending'; after STALE_AFTER another pass claims it again and the receiver may get the event twice. Receivers
deduplicate on the payload's "id" (or the Vivier-Delivery header). A second POST costs a receiver nothing it
cannot handle; a lost event costs a missed decline or a withdrawn consent that another tool never hears of.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
import uuid

from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from vivier.errors import Conflict
from vivier.queues import Queue, backoff_delay, claim_next
from vivier.webhooks import subscriptions, transport
from vivier.webhooks.models import (
    DeliveryStatus,
    DisabledReason,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
from vivier.webhooks.payloads import KIND_TO_EVENT, envelope, payload_of
from vivier.webhooks.signing import signature_header

logger = logging.getLogger("vivier.webhooks")

# Delay before attempt n+1 after n failed attempts: 1 min, 5 min, 30 min, 2 h, 6 h, 12 h, 24 h; the 8th is the
# last (about 45 hours after the first).
BACKOFF = (60, 300, 1800, 7200, 6 * 3600, 12 * 3600, 24 * 3600)
MAX_ATTEMPTS = len(BACKOFF) + 1
# A row still 'sending' this long after its claim belongs to a worker that died (a POST lasts at most a few
# timeouts): it is claimed again.
STALE_AFTER = dt.timedelta(minutes=5)
# Deliveries that used every retry, in a row, before Vivier turns the endpoint off.
DISABLE_AFTER = 5
# The delivery log keeps finished deliveries (delivered or failed) this long.
LOG_DAYS = 30
USER_AGENT = "Vivier-Webhooks/1"


# The deliveries as a queue: due 'pending' rows of active endpoints, oldest first, and stale claims (at least
# once, see above).
DELIVERIES = Queue(
    model=WebhookDelivery,
    ready=(DeliveryStatus.PENDING,),
    taken=DeliveryStatus.SENDING,
    due_field="next_attempt_at",
    claimed_field="claimed_at",
    count_field="attempts",
    stale_after=STALE_AFTER,
    where=Q(endpoint__active=True),
    order_by=("next_attempt_at", "id"),
    related=("endpoint",),
)


def _in_transaction() -> bool:
    # The atomic blocks that Django's TestCase opens around a test do not count.
    return any(not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


# --- Enqueue (in the change's transaction) ------------------------------------------------------------------
def webhook_enqueue(*, event) -> int:
    """Called by event_record for every event: one delivery per active endpoint subscribed to its type.

    No query at all when no active endpoint subscribes to this type (the common case; see subscriptions).
    Returns the number of deliveries written.
    """
    event_type = KIND_TO_EVENT.get(event.kind)
    if event_type is None or event_type not in subscriptions.subscribed_types():
        return 0
    assert transaction.get_connection().in_atomic_block, "deliveries are written in the change's transaction"
    endpoints = [
        e
        for e in WebhookEndpoint.objects.filter(active=True).only("pk", "events")
        if e.subscribes(event_type)
    ]
    if not endpoints:
        return 0
    payload = payload_of(event, event_type)
    now = timezone.now()
    WebhookDelivery.objects.bulk_create(
        [
            WebhookDelivery(
                endpoint=endpoint,
                event_type=event_type,
                event_id=event.public_id,
                payload=payload,
                next_attempt_at=now,
                created_at=now,
            )
            for endpoint in endpoints
        ],
        ignore_conflicts=True,  # the same event twice for an endpoint: the first one stands
    )
    return len(endpoints)


# --- Delivery (the worker) --------------------------------------------------------------------------------
def webhook_deliver_next() -> bool:
    """The worker's background job: claim one due delivery and POST it. False when none is due."""
    if not subscriptions.any_active():
        return False
    delivery = _claim()
    if delivery is None:
        return False
    _attempt(delivery)
    return True


def _claim() -> WebhookDelivery | None:
    """Due rows, and rows left 'sending' by a dead worker (see vivier.queues)."""
    claim = claim_next(DELIVERIES)
    if claim is None:
        return None
    if claim.replaced is not None:
        logger.warning(
            "webhook delivery claimed again after a stale claim",
            extra={"delivery": str(claim.row.public_id), "claimed_at": claim.replaced.isoformat()},
        )
    return claim.row


def _secrets(endpoint: WebhookEndpoint, now: dt.datetime) -> list[str]:
    keys = [endpoint.secret]
    if (
        endpoint.previous_secret
        and endpoint.previous_secret_expires_at
        and endpoint.previous_secret_expires_at > now
    ):
        keys.append(endpoint.previous_secret)
    return keys


def request_of(delivery: WebhookDelivery, *, timestamp: int | None = None) -> tuple[bytes, dict[str, str]]:
    """The exact body and headers of a POST (the signature covers these very bytes)."""
    endpoint = delivery.endpoint
    body = json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":")).encode()
    timestamp = int(time.time()) if timestamp is None else timestamp
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "Vivier-Event": delivery.event_type,
        "Vivier-Delivery": str(delivery.public_id),
        "Vivier-Signature": signature_header(_secrets(endpoint, timezone.now()), timestamp, body),
    }
    return body, headers


def _attempt(delivery: WebhookDelivery) -> str:
    """POST a claimed delivery (outside any transaction), then record the answer. Returns the new status."""
    body, headers = request_of(delivery)
    assert not _in_transaction(), "never call a receiver inside a transaction"
    started = timezone.now()
    answer = transport.post(delivery.endpoint.url, body, headers)
    return _record(delivery, answer, started)


def _error(answer: transport.Answer) -> str:
    if answer.status_code is None:
        return answer.error
    if answer.ok:
        return ""
    return (f"HTTP {answer.status_code}" + (f" ({answer.error})" if answer.error else ""))[:500]


def _record(delivery: WebhookDelivery, answer: transport.Answer, started: dt.datetime) -> str:
    now = timezone.now()
    error = _error(answer)
    ping = delivery.event_type == WebhookEvent.PING
    endpoints = WebhookEndpoint.objects.filter(pk=delivery.endpoint_id)
    common = {
        "claimed_at": None,
        "last_status_code": answer.status_code,
        "last_error": error,
        "last_response_excerpt": answer.excerpt,
        "duration_ms": answer.duration_ms,
    }
    if answer.ok:
        status, extra = DeliveryStatus.DELIVERED, {"delivered_at": now}
    elif ping or answer.status_code == 410 or delivery.attempts >= MAX_ATTEMPTS:
        status, extra = DeliveryStatus.FAILED, {}
    else:
        status, extra = (
            DeliveryStatus.PENDING,
            {"next_attempt_at": now + dt.timedelta(seconds=backoff_delay(delivery.attempts, BACKOFF))},
        )
    with transaction.atomic():
        # Ours while still 'sending' under our claim; a stale-claim pass may have taken it meanwhile, and its
        # own result will be recorded then. The attempt is logged either way (it happened).
        mine = WebhookDelivery.objects.filter(
            pk=delivery.pk, status=DeliveryStatus.SENDING, claimed_at=delivery.claimed_at
        ).update(status=status, **common, **extra)
        if not mine and not WebhookDelivery.objects.filter(pk=delivery.pk).exists():
            return status  # deleted with its endpoint while we were posting
        WebhookAttempt.objects.create(
            delivery_id=delivery.pk,
            started_at=started,
            duration_ms=answer.duration_ms,
            status_code=answer.status_code,
            error=error,
            response_excerpt=answer.excerpt,
        )
        if mine and ping:
            # A test tells when the receiver last answered, but neither counts nor turns the endpoint off.
            endpoints.update(**({"last_success_at": now} if answer.ok else {"last_failure_at": now}))
        elif mine:
            if status == DeliveryStatus.DELIVERED:
                endpoints.update(last_success_at=now, failed_in_a_row=0)
            elif answer.status_code == 410:
                _disable(endpoints, DisabledReason.GONE, error, now)
            elif status == DeliveryStatus.FAILED:
                endpoints.update(last_failure_at=now, failed_in_a_row=F("failed_in_a_row") + 1)
                _disable(
                    endpoints.filter(failed_in_a_row__gte=DISABLE_AFTER), DisabledReason.FAILING, error, now
                )
            else:
                endpoints.update(last_failure_at=now)
    delivery.status = status
    log = logger.info if status == DeliveryStatus.DELIVERED else logger.warning
    log(
        "webhook delivery attempt",
        extra={
            "delivery": str(delivery.public_id),
            "event": delivery.event_type,
            "status": status,
            "code": answer.status_code,
            "error": error,
            "attempts": delivery.attempts,
            "ms": answer.duration_ms,
        },
    )
    return status


def _disable(endpoints, reason: str, detail: str, now: dt.datetime) -> None:
    if endpoints.filter(active=True).update(
        active=False,
        disabled_reason=reason,
        disabled_detail=detail[:200],
        disabled_at=now,
        last_failure_at=now,
    ):
        subscriptions.forget()
        logger.warning("webhook endpoint turned off", extra={"reason": reason, "detail": detail})


# --- Administrators' actions ------------------------------------------------------------------------------
def webhook_ping(*, endpoint: WebhookEndpoint) -> WebhookDelivery:
    """Send a 'ping' now, from the request, and return its delivery (logged like any other, never retried).
    Works on an endpoint turned off too: that is how one checks a receiver before turning it back on."""
    now = timezone.now()
    event_id = uuid.uuid4()
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint,
        event_type=WebhookEvent.PING,
        event_id=event_id,
        payload=envelope(
            event_id=str(event_id),
            event_type=WebhookEvent.PING,
            created_at=now,
            data={"endpoint_id": str(endpoint.public_id)},
        ),
        status=DeliveryStatus.SENDING,
        claimed_at=now,
        attempts=1,
        next_attempt_at=now,
        created_at=now,
    )
    delivery.endpoint = endpoint
    _attempt(delivery)
    delivery.refresh_from_db()
    return delivery


def webhook_redeliver(*, delivery: WebhookDelivery) -> WebhookDelivery:
    """Queue a delivered or failed delivery again, same id and payload, with a fresh series of retries."""
    if not WebhookDelivery.objects.filter(
        pk=delivery.pk, status__in=(DeliveryStatus.DELIVERED, DeliveryStatus.FAILED)
    ).update(
        status=DeliveryStatus.PENDING,
        attempts=0,
        next_attempt_at=timezone.now(),
        claimed_at=None,
        delivered_at=None,
    ):
        raise Conflict("delivery_queued", _("This delivery is already waiting to be sent."))
    delivery.refresh_from_db()
    return delivery


# --- The daily prune ----------------------------------------------------------------------------------------
def webhook_log_prune(*, batch: int = 1000) -> dict[str, int]:
    """Delete finished deliveries older than LOG_DAYS, in small transactions (the worker's daily job)."""
    cutoff = timezone.now() - dt.timedelta(days=LOG_DAYS)
    deleted = 0
    for endpoint_id in list(WebhookEndpoint.objects.values_list("pk", flat=True)):
        for status in (DeliveryStatus.DELIVERED, DeliveryStatus.FAILED):
            old = WebhookDelivery.objects.filter(
                endpoint_id=endpoint_id, status=status, created_at__lt=cutoff
            )
            while pks := list(old.values_list("pk", flat=True)[:batch]):
                with transaction.atomic():
                    WebhookAttempt.objects.filter(delivery_id__in=pks).delete()
                    WebhookDelivery.objects.filter(pk__in=pks).delete()
                deleted += len(pks)
    return {"deleted": deleted}
