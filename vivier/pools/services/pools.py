"""Talent pools: create, rename, archive; add people (one, a selection, or every result of a search) and
remove them. Adding and removing write POOL_ADDED / POOL_REMOVED on each person's timeline."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from vivier.errors import Conflict
from vivier.pools.models import PoolMember, TalentPool
from vivier.talent.models import Candidate, Event, EventKind
from vivier.talent.services.events import event_record

NAME_MAX = 120
# Rows written per INSERT when thousands of people are added at once (SQLite allows 32,766 parameters).
CHUNK = 500


def _user(by):
    return by if getattr(by, "pk", None) else None


def _clean_name(name: str | None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": [_("Give the pool a name.")]})
    if len(name) > NAME_MAX:
        raise ValidationError({"name": [_("At most %(n)s characters.") % {"n": NAME_MAX}]})
    return name


def _name_taken() -> ValidationError:
    return ValidationError({"name": [_("A pool with this name exists already.")]})


def _check_free(name: str, *, exclude: TalentPool | None = None) -> None:
    taken = TalentPool.objects.active().filter(name__iexact=name)
    if exclude is not None:
        taken = taken.exclude(pk=exclude.pk)
    if taken.exists():
        raise _name_taken()


def pool_create(*, name: str, by, description: str = "") -> TalentPool:
    name = _clean_name(name)
    _check_free(name)
    pool = TalentPool(name=name, description=(description or "").strip(), created_by=_user(by))
    pool.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            pool.save()
    except IntegrityError as exc:  # created by someone else meanwhile
        raise _name_taken() from exc
    return pool


def pool_update(
    *, pool: TalentPool, by, name: str | None = None, description: str | None = None
) -> TalentPool:
    changes: dict[str, str] = {}
    if name is not None:
        name = _clean_name(name)
        if name != pool.name:
            _check_free(name, exclude=pool)
            changes["name"] = name
    if description is not None and description.strip() != pool.description:
        changes["description"] = description.strip()
    if not changes:
        return pool
    for field, value in changes.items():
        setattr(pool, field, value)
    pool.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            pool.save(update_fields=list(changes))
    except IntegrityError as exc:
        raise _name_taken() from exc
    return pool


def pool_archive(*, pool: TalentPool, by) -> TalentPool:
    """Archive: the pool keeps its members and history but takes no one new; its name becomes free."""
    with transaction.atomic():
        if not TalentPool.objects.filter(pk=pool.pk, archived_at__isnull=True).update(
            archived_at=timezone.now()
        ):
            raise Conflict("pool_archived", _("This pool is archived already."))
        pool.refresh_from_db(fields=["archived_at"])
    return pool


def _ids(candidates: Iterable[Candidate] | QuerySet) -> list[int]:
    if isinstance(candidates, QuerySet):
        return list(candidates.order_by().values_list("pk", flat=True))
    return [c.pk for c in candidates]


def pool_add(*, pool: TalentPool, candidates: Iterable[Candidate] | QuerySet, by, note: str = "") -> int:
    """Add people to the pool; those already in it stay as they are. Returns how many were added.

    `candidates` is a list or a queryset (every result of a search: thousands of people). One transaction;
    the members and their events are written in chunks with bulk inserts, one POOL_ADDED event per person
    added, with the fields event_record would give it. event_record's other duty, enqueuing outgoing webhooks,
    has nothing to do for this kind (vivier.webhooks publishes no pool event); publishing one would mean
    calling webhook_enqueue for each event here.
    """
    ids = list(dict.fromkeys(_ids(candidates)))
    actor = _user(by)
    note = (note or "").strip()[:500]
    added = 0
    with transaction.atomic():
        # The pool's row locked: two people adding to the same pool at once take turns (no duplicate row, no
        # event for a row that another insert wrote); an archive in between is seen.
        locked = TalentPool.objects.select_for_update().get(pk=pool.pk)
        if locked.is_archived:
            raise Conflict("pool_archived", _("This pool is archived: it takes no one new."))
        data = {"pool": str(pool.public_id), "name": locked.name}
        now = timezone.now()
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            present = set(
                PoolMember.objects.filter(pool=pool, candidate_id__in=chunk).values_list(
                    "candidate_id", flat=True
                )
            )
            new = [pk for pk in chunk if pk not in present]
            if not new:
                continue
            PoolMember.objects.bulk_create(
                [
                    PoolMember(pool=pool, candidate_id=pk, added_by=actor, added_at=now, note=note)
                    for pk in new
                ]
            )
            Event.objects.bulk_create(
                [
                    Event(kind=EventKind.POOL_ADDED, actor=actor, candidate_id=pk, created_at=now, data=data)
                    for pk in new
                ]
            )
            added += len(new)
    return added


def pool_remove(*, pool: TalentPool, candidate: Candidate, by) -> bool:
    """Take the person out of the pool; False when they were not in it."""
    with transaction.atomic():
        deleted, _rows = PoolMember.objects.filter(pool=pool, candidate=candidate).delete()
        if not deleted:
            return False
        event_record(
            kind=EventKind.POOL_REMOVED,
            actor=by,
            candidate=candidate,
            data={"pool": str(pool.public_id), "name": pool.name},
        )
    return True
