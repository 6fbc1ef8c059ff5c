"""Reads of the administration pages: the endpoints with their health, an endpoint's log, one delivery."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from vivier.pagination import Page, paginate
from vivier.webhooks.models import DeliveryStatus, WebhookAttempt, WebhookDelivery, WebhookEndpoint

HEALTH_DAYS = 7


def _count(**filters) -> Coalesce:
    counted = (
        WebhookDelivery.objects.filter(endpoint=OuterRef("pk"), **filters)
        .order_by()
        .values("endpoint")
        .annotate(n=Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def endpoint_list() -> QuerySet[WebhookEndpoint]:
    """Every endpoint with its health, in one query: waiting deliveries, delivered and failed this week.

    Each count is a subquery on webhook_delivery_status_idx (endpoint, status, created_at), not a join of the
    whole log: an endpoint that gets every "message sent" has a long one.
    """
    since = timezone.now() - dt.timedelta(days=HEALTH_DAYS)
    return WebhookEndpoint.objects.annotate(
        waiting=_count(status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING]),
        delivered_recently=_count(status=DeliveryStatus.DELIVERED, created_at__gte=since),
        failed_recently=_count(status=DeliveryStatus.FAILED, created_at__gte=since),
    ).order_by("created_at", "id")


def endpoint_health(endpoint: WebhookEndpoint) -> WebhookEndpoint:
    return endpoint_list().get(pk=endpoint.pk)


def delivery_page(
    *, endpoint: WebhookEndpoint, status: str = "", event_type: str = "", page: int = 1, page_size: int = 50
) -> Page:
    """An endpoint's log, newest first (webhook_delivery_log_idx, or _status_idx with a status)."""
    qs = WebhookDelivery.objects.filter(endpoint=endpoint).defer("payload", "last_response_excerpt")
    if status:
        qs = qs.filter(status=status)
    if event_type:
        qs = qs.filter(event_type=event_type)
    return paginate(qs.order_by("-created_at", "-id"), page=page, page_size=page_size)


def delivery_detail(public_id) -> WebhookDelivery:
    """One delivery with its endpoint and its attempts, newest last (two queries)."""
    return (
        WebhookDelivery.objects.select_related("endpoint")
        .prefetch_related(
            Prefetch("attempt_log", queryset=WebhookAttempt.objects.order_by("started_at", "id"))
        )
        .get(public_id=public_id)
    )
