"""Endpoints: create, change, delete, rotate the secret. Each change writes an audit entry in its transaction.

The URL rule: https://, or http:// for localhost, 127.0.0.1 and ::1 (a receiver on the same machine, a test)
and anywhere when VIVIER_DEBUG is on. No user name or password in the URL: every request is signed instead.
Private addresses are allowed on purpose: the receiver is often an ATS or a script on the agency's network,
and only administrators configure endpoints.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from vivier.accounts.audit import AuditAction, audit_record
from vivier.webhooks import subscriptions
from vivier.webhooks.models import SUBSCRIBABLE, WebhookEndpoint
from vivier.webhooks.signing import secret_new

# Audit actions of this app (strings of AuditEntry.action; see the report to add them to AuditAction's labels).
AUDIT_CHANGED = AuditAction.WEBHOOK_CHANGED
AUDIT_SECRET_VIEWED = AuditAction.WEBHOOK_SECRET_VIEWED
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
# After a rotation the previous secret still signs (a second v1) for this long.
ROTATION_OVERLAP = dt.timedelta(hours=24)


def url_check(url: str) -> str:
    """The cleaned URL, or a ValidationError on the field 'url'."""
    url = (url or "").strip()
    if not url:
        raise ValidationError({"url": [_("Enter the address that receives the events.")]})
    if len(url) > 500:
        raise ValidationError({"url": [_("At most 500 characters.")]})
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise ValidationError(
            {"url": [_("Enter a full web address, such as https://ats.example.com/hooks/vivier.")]}
        ) from None
    parts = urlsplit(url)
    if parts.username or parts.password:
        raise ValidationError(
            {"url": [_("Put no user name or password in the address: Vivier signs every request instead.")]}
        )
    if parts.scheme == "http" and not (settings.DEBUG or (parts.hostname or "") in LOCAL_HOSTS):
        raise ValidationError(
            {"url": [_("Use https://. Plain http:// is only accepted for localhost (or in debug mode).")]}
        )
    return url


def events_check(events: list[str]) -> list[str]:
    allowed = [e.value for e in SUBSCRIBABLE]
    chosen = [e for e in allowed if e in set(events or [])]  # in the documented order, without repeats
    if not chosen or len(chosen) != len(set(events or [])):
        raise ValidationError({"events": [_("Choose at least one of the events listed.")]})
    return chosen


def _description(text: str) -> str:
    text = " ".join((text or "").split())
    if len(text) > 200:
        raise ValidationError({"description": [_("At most 200 characters.")]})
    return text


def _validate(url: str, events: list[str], description: str) -> tuple[str, list[str], str]:
    errors: dict[str, list[str]] = {}
    values = {}
    for name, check, value in (
        ("url", url_check, url),
        ("events", events_check, events),
        ("description", _description, description),
    ):
        try:
            values[name] = check(value)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    return values["url"], values["events"], values["description"]


def _user(by):
    return by if getattr(by, "pk", None) else None


def _audit(*, by, request, endpoint: WebhookEndpoint, action: str = AUDIT_CHANGED, **data) -> None:
    audit_record(
        action=action,
        actor=_user(by),
        request=request,
        target_type="webhook_endpoint",
        target_id=endpoint.public_id,
        data=data,  # never the secret
    )


def webhook_endpoint_create(
    *,
    by,
    url: str,
    events: list[str],
    description: str = "",
    active: bool = True,
    request: HttpRequest | None = None,
) -> WebhookEndpoint:
    url, events, description = _validate(url, events, description)
    now = timezone.now()
    endpoint = WebhookEndpoint(
        url=url,
        description=description,
        events=events,
        active=bool(active),
        secret=secret_new(),
        created_by=_user(by),
        created_at=now,
        updated_at=now,
    )
    with transaction.atomic():
        endpoint.save()
        _audit(
            by=by, request=request, endpoint=endpoint, change="created", url=url, events=events, active=active
        )
        subscriptions.forget()
    return endpoint


def webhook_endpoint_update(
    *,
    by,
    endpoint: WebhookEndpoint,
    url: str,
    events: list[str],
    description: str = "",
    active: bool = True,
    request: HttpRequest | None = None,
) -> list[str]:
    """Save what changed; returns the names of the changed fields. Turning an endpoint back on clears the
    reason Vivier turned it off, and its pending deliveries go again."""
    url, events, description = _validate(url, events, description)
    new = {"url": url, "events": events, "description": description, "active": bool(active)}
    with transaction.atomic():
        endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
        changed = [name for name, value in new.items() if getattr(endpoint, name) != value]
        if not changed:
            return []
        before = {name: getattr(endpoint, name) for name in changed}
        for name in changed:
            setattr(endpoint, name, new[name])
        fields = [*changed, "updated_at"]
        endpoint.updated_at = timezone.now()
        if "active" in changed:
            endpoint.disabled_at = None if endpoint.active else endpoint.updated_at
            endpoint.disabled_reason = endpoint.disabled_detail = ""
            endpoint.failed_in_a_row = 0
            fields += ["disabled_at", "disabled_reason", "disabled_detail", "failed_in_a_row"]
        endpoint.save(update_fields=fields)
        _audit(
            by=by,
            request=request,
            endpoint=endpoint,
            change="updated",
            **{name: {"from": before[name], "to": new[name]} for name in changed},
        )
        subscriptions.forget()
    return changed


def webhook_endpoint_delete(*, by, endpoint: WebhookEndpoint, request: HttpRequest | None = None) -> None:
    """The endpoint goes with its delivery log; the audit entry keeps its address."""
    with transaction.atomic():
        _audit(by=by, request=request, endpoint=endpoint, change="deleted", url=endpoint.url)
        WebhookEndpoint.objects.filter(pk=endpoint.pk).delete()
        subscriptions.forget()


def webhook_secret_rotate(*, by, endpoint: WebhookEndpoint, request: HttpRequest | None = None) -> str:
    """A new secret signs from now on; the previous one signs as well for ROTATION_OVERLAP."""
    now = timezone.now()
    with transaction.atomic():
        endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
        endpoint.previous_secret = endpoint.secret
        endpoint.previous_secret_expires_at = now + ROTATION_OVERLAP
        endpoint.secret = secret_new()
        endpoint.updated_at = now
        endpoint.save(update_fields=["secret", "previous_secret", "previous_secret_expires_at", "updated_at"])
        _audit(
            by=by,
            request=request,
            endpoint=endpoint,
            change="secret_rotated",
            previous_valid_until=endpoint.previous_secret_expires_at.isoformat(),
        )
    return endpoint.secret


def webhook_secret_reveal(*, by, endpoint: WebhookEndpoint, request: HttpRequest | None = None) -> str:
    """Show the secret on request: the audit log says who saw it, and when."""
    with transaction.atomic():
        _audit(by=by, request=request, endpoint=endpoint, action=AUDIT_SECRET_VIEWED)
    return endpoint.secret
