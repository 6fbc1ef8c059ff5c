from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vivier.errors import Conflict
from vivier.talent.models import Candidate, Client, EventKind, Exclusion
from vivier.talent.services.events import event_record


def _check_name_free(name: str, *, exclude_pk: int | None = None) -> None:
    qs = Client.objects.filter(name__iexact=name)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    existing = qs.first()
    if existing:
        raise Conflict(
            "duplicate_client",
            _("A client named %(name)s already exists.") % {"name": existing.name},
            existing_id=str(existing.public_id),
        )


def client_create(*, by, name: str, sector: str = "", city: str = "", notes: str = "") -> Client:
    name = " ".join((name or "").split())
    client = Client(name=name, sector=sector.strip(), city=city.strip(), notes=notes)
    client.full_clean(validate_unique=False, validate_constraints=False)
    _check_name_free(name)
    with transaction.atomic():
        client.save()
        event_record(kind=EventKind.CLIENT_CREATED, actor=by, client=client, data={"name": name})
    return client


def client_update(*, client: Client, by, **fields: str) -> Client:
    fields = {k: v for k, v in fields.items() if k in {"name", "sector", "city", "notes"}}
    if "name" in fields:
        fields["name"] = " ".join(fields["name"].split())
        _check_name_free(fields["name"], exclude_pk=client.pk)
    changed = [k for k, v in fields.items() if getattr(client, k) != v]
    if not changed:
        return client
    for k in changed:
        setattr(client, k, fields[k])
    client.full_clean(validate_unique=False, validate_constraints=False)
    with transaction.atomic():
        client.save(update_fields=changed)
        event_record(kind=EventKind.CLIENT_UPDATED, actor=by, client=client, data={"fields": changed})
    return client


def exclusion_create(
    *, by, candidate: Candidate, client: Client, reason: str, expires_on: dt.date
) -> Exclusion:
    """Stop presenting a candidate to one client until a date; the candidate stays in the pool for the others."""
    reason = (reason or "").strip()
    errors: dict[str, list[str]] = {}
    if not reason:
        errors["reason"] = [_("Say why, so a colleague can judge when it no longer applies.")]
    if expires_on <= timezone.localdate():
        errors["expires_on"] = [_("The end date must be in the future.")]
    elif expires_on > timezone.localdate() + dt.timedelta(days=3 * 366):
        errors["expires_on"] = [
            _("An exclusion lasts at most three years; renew it if it still applies then.")
        ]
    if errors:
        raise ValidationError(errors)
    if Exclusion.objects.active().filter(candidate=candidate, client=client).exists():
        raise Conflict("exclusion_exists", _("This candidate is already excluded for this client."))
    exclusion = Exclusion(
        candidate=candidate,
        client=client,
        reason=reason,
        expires_on=expires_on,
        created_by=by if getattr(by, "pk", None) else None,
    )
    exclusion.full_clean()
    with transaction.atomic():
        exclusion.save()
        event_record(
            kind=EventKind.EXCLUSION_ADDED,
            actor=by,
            candidate=candidate,
            client=client,
            data={"client": client.name, "reason": reason, "expires_on": expires_on.isoformat()},
        )
    return exclusion


def exclusion_lift(*, by, exclusion: Exclusion) -> Exclusion:
    if exclusion.lifted_at is not None:
        return exclusion
    exclusion.lifted_at = timezone.now()
    with transaction.atomic():
        exclusion.save(update_fields=["lifted_at"])
        event_record(
            kind=EventKind.EXCLUSION_LIFTED,
            actor=by,
            candidate=exclusion.candidate,
            client=exclusion.client,
            data={"client": exclusion.client.name},
        )
    return exclusion
