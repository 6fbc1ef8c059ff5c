"""Saved segments: a search of the candidate list kept under a name (its filters checked by the caller with
vivier.pools.audience.segment_problems, which reads them as the list page does)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vivier.pools.audience import clean_filters, segment_problems
from vivier.pools.models import Segment

NAME_MAX = 120


def _user(by):
    return by if getattr(by, "pk", None) else None


def _clean_name(name: str | None, *, exclude: Segment | None = None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": [_("Give the segment a name.")]})
    if len(name) > NAME_MAX:
        raise ValidationError({"name": [_("At most %(n)s characters.") % {"n": NAME_MAX}]})
    taken = Segment.objects.filter(name__iexact=name)
    if exclude is not None:
        taken = taken.exclude(pk=exclude.pk)
    if taken.exists():
        raise ValidationError({"name": [_("A segment with this name exists already.")]})
    return name


def _check(filters: dict) -> dict:
    filters = clean_filters(filters)
    problems = segment_problems(filters)
    if problems:
        raise ValidationError({"filters": problems})
    return filters


def segment_create(*, name: str, filters: dict, by) -> Segment:
    segment = Segment(name=_clean_name(name), filters=_check(filters), created_by=_user(by))
    try:
        with transaction.atomic():
            segment.save()
    except IntegrityError as exc:
        raise ValidationError({"name": [_("A segment with this name exists already.")]}) from exc
    return segment


def segment_update(*, segment: Segment, by, name: str | None = None, filters: dict | None = None) -> Segment:
    changes: dict[str, object] = {}
    if name is not None and " ".join(name.split()) != segment.name:
        changes["name"] = _clean_name(name, exclude=segment)
    if filters is not None and (filters := _check(filters)) != segment.filters:
        changes["filters"] = filters
    if not changes:
        return segment
    for field, value in changes.items():
        setattr(segment, field, value)
    segment.updated_at = timezone.now()
    try:
        with transaction.atomic():
            segment.save(update_fields=[*changes, "updated_at"])
    except IntegrityError as exc:
        raise ValidationError({"name": [_("A segment with this name exists already.")]}) from exc
    return segment


def segment_delete(*, segment: Segment, by) -> None:
    """Campaigns sent to it keep their snapshot of its name and filters."""
    segment.delete()
