"""Administration of the outgoing webhooks: endpoints, their secret, a test ping, the delivery log.

Administrators only (vivier.accounts.views.common.admin_required): a webhook sends the agency's events to
another system, and its secret lets anyone forge them.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vivier.accounts.forms import add_service_errors
from vivier.accounts.views.common import admin_required, no_store
from vivier.errors import ServiceError
from vivier.pagination import clamp
from vivier.webhooks import selectors
from vivier.webhooks.forms import DeliveryFilterForm, EndpointForm
from vivier.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from vivier.webhooks.services import (
    webhook_endpoint_create,
    webhook_endpoint_delete,
    webhook_endpoint_update,
    webhook_ping,
    webhook_redeliver,
    webhook_secret_reveal,
    webhook_secret_rotate,
)


def _endpoint(public_id) -> WebhookEndpoint:
    return get_object_or_404(WebhookEndpoint, public_id=public_id)


@admin_required
@require_GET
def endpoint_list(request: HttpRequest) -> HttpResponse:
    return render(request, "webhooks/list.html", {"endpoints": list(selectors.endpoint_list())})


@admin_required
@require_http_methods(["GET", "POST"])
def endpoint_create(request: HttpRequest) -> HttpResponse:
    form = EndpointForm(request.POST or None, initial={"active": True})
    if request.method == "POST" and form.is_valid():
        try:
            endpoint = webhook_endpoint_create(by=request.user, request=request, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The endpoint is added. Copy its secret now: the receiver needs it."))
            # Rendered, not redirected: the secret must never be written to the session.
            return _render_edit(request, endpoint, secret=endpoint.secret, status=201)
    status = 400 if request.method == "POST" else 200
    return render(request, "webhooks/create.html", {"form": form}, status=status)


def _render_edit(
    request: HttpRequest, endpoint: WebhookEndpoint, *, form=None, secret: str = "", status: int = 200
) -> HttpResponse:
    form = form or EndpointForm(
        initial={
            "url": endpoint.url,
            "description": endpoint.description,
            "events": endpoint.events,
            "active": endpoint.active,
        }
    )
    response = render(
        request,
        "webhooks/edit.html",
        {"endpoint": selectors.endpoint_health(endpoint), "form": form, "secret": secret},
        status=status,
    )
    return no_store(response) if secret else response


@admin_required
@require_http_methods(["GET", "POST"])
def endpoint_edit(request: HttpRequest, public_id) -> HttpResponse:
    endpoint = _endpoint(public_id)
    if request.method == "GET":
        return _render_edit(request, endpoint)
    form = EndpointForm(request.POST)
    if form.is_valid():
        try:
            changed = webhook_endpoint_update(
                by=request.user, endpoint=endpoint, request=request, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if changed:
                messages.success(request, _("The endpoint is saved."))
            else:
                messages.info(request, _("Nothing changed."))
            return redirect("webhooks:edit", public_id=endpoint.public_id)
    return _render_edit(request, endpoint, form=form, status=400)


@admin_required
@require_POST
def secret_reveal(request: HttpRequest, public_id) -> HttpResponse:
    endpoint = _endpoint(public_id)
    secret = webhook_secret_reveal(by=request.user, endpoint=endpoint, request=request)
    return _render_edit(request, endpoint, secret=secret)


@admin_required
@require_POST
def secret_rotate(request: HttpRequest, public_id) -> HttpResponse:
    endpoint = _endpoint(public_id)
    secret = webhook_secret_rotate(by=request.user, endpoint=endpoint, request=request)
    messages.success(
        request,
        _(
            "A new secret signs the events from now on. The previous one also signs them for 24 hours:"
            " update the receiver before then."
        ),
    )
    endpoint.refresh_from_db()
    return _render_edit(request, endpoint, secret=secret)


@admin_required
@require_POST
def endpoint_ping(request: HttpRequest, public_id) -> HttpResponse:
    endpoint = _endpoint(public_id)
    delivery = webhook_ping(endpoint=endpoint)
    if delivery.status == DeliveryStatus.DELIVERED:
        messages.success(
            request,
            _("The receiver answered %(code)s in %(ms)s ms.")
            % {"code": delivery.last_status_code, "ms": delivery.duration_ms},
        )
    else:
        messages.error(request, _("The test ping failed: %(error)s.") % {"error": delivery.last_error})
    return redirect("webhooks:delivery", public_id=delivery.public_id)


@admin_required
@require_http_methods(["GET", "POST"])
def endpoint_delete(request: HttpRequest, public_id) -> HttpResponse:
    endpoint = _endpoint(public_id)
    if request.method == "POST":
        webhook_endpoint_delete(by=request.user, endpoint=endpoint, request=request)
        messages.success(
            request, _("The endpoint %(url)s is deleted, with its delivery log.") % {"url": endpoint.url}
        )
        return redirect("webhooks:list")
    return render(request, "webhooks/delete.html", {"endpoint": endpoint})


@admin_required
@require_GET
def delivery_list(request: HttpRequest, public_id) -> HttpResponse:
    endpoint = _endpoint(public_id)
    form = DeliveryFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    number, size = clamp(request.GET.get("page"), 50)
    page = selectors.delivery_page(
        endpoint=endpoint,
        status=filters.get("status", ""),
        event_type=filters.get("event", ""),
        page=number,
        page_size=size,
    )
    return render(request, "webhooks/deliveries.html", {"endpoint": endpoint, "form": form, "page": page})


@admin_required
@require_GET
def delivery_detail(request: HttpRequest, public_id) -> HttpResponse:
    try:
        delivery = selectors.delivery_detail(public_id)
    except WebhookDelivery.DoesNotExist:
        raise Http404 from None
    return render(
        request,
        "webhooks/delivery.html",
        {
            "delivery": delivery,
            "endpoint": delivery.endpoint,
            # As sent (the body is this JSON, compact); indented here to be read.
            "payload_json": json.dumps(delivery.payload, indent=2, ensure_ascii=False),
        },
    )


@admin_required
@require_POST
def delivery_redeliver(request: HttpRequest, public_id) -> HttpResponse:
    delivery = get_object_or_404(WebhookDelivery.objects.select_related("endpoint"), public_id=public_id)
    try:
        webhook_redeliver(delivery=delivery)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        if delivery.endpoint.active:
            messages.success(request, _("The delivery is queued again; Vivier sends it in a moment."))
        else:
            messages.warning(
                request, _("The delivery is queued again; it will go once the endpoint is turned back on.")
            )
    return redirect("webhooks:delivery", public_id=delivery.public_id)
