"""Queues: how the worker takes a row of a table that serves as a queue, and how far apart its retries go.

Every queue (the outbox's messages, webhook deliveries, imports, campaigns) claims through claim_next or
lock_next, never with its own SELECT and UPDATE. This module imports nothing from the apps: it is the lowest
layer, beside errors.py.

claim_next: a short transaction picks the first ready row with FOR UPDATE SKIP LOCKED (another worker skips
it rather than waits), then a conditional UPDATE moves it to the claimed status; its row count must be 1. The
UPDATE re-checks what the SELECT read (the status, the due date, the stale claim's date), which keeps the
claim exactly-once on SQLite too, where Django drops FOR UPDATE. A queue with `stale_after` also takes rows
left claimed longer than that by a dead worker (at least once: webhooks); without it a claimed row is never
taken again (exactly once: e-mails, whose worker turns such rows 'uncertain' for a human).

lock_next: the first ready row, locked until the caller's transaction ends (campaigns: a batch is planned in
the transaction that holds the row, so nothing needs to be taken back after a crash).

The SELECT is compiled once per queue and connection: compiling the ORM query (its join, order and lock)
costs more than running it, and the outbox's claim is the worker's hot path (the benchmark holds it to half
the rate of a bare smtplib loop). Only the date parameters change between two calls.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Generic, TypeVar

from django.db import transaction
from django.db.models import Model, Q
from django.db.models.query import get_related_populators
from django.utils import timezone

M = TypeVar("M", bound=Model)

# A date no row holds: compiled in place of "now", then found among the parameters and replaced at each call.
_NOW = datetime(2000, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)


def backoff_delay(attempts: int, schedule: Sequence[int]) -> int:
    """Seconds before attempt n+1 after n failed attempts: schedule[n-1], and its last value beyond its end."""
    return schedule[min(max(attempts, 1), len(schedule)) - 1]


@dataclass(frozen=True, eq=False)
class Queue:
    """A table read as a queue: which rows are ready, in which order, and what a claim writes."""

    model: type[Model]
    ready: tuple[str, ...]  # the statuses a row is claimed from
    order_by: tuple[str, ...]
    taken: str = ""  # the status a claim sets (claim_next only)
    status_field: str = "status"
    due_field: str = ""  # a ready row waits until this date has passed
    claimed_field: str = ""  # set to the claim's date
    count_field: str = ""  # incremented by every claim (the attempts)
    stale_after: timedelta | None = None  # a row claimed longer ago than this is claimed again
    where: Q | None = None  # a fixed condition on the rows (the SELECT only)
    related: tuple[str, ...] = ()  # select_related, read with the row
    again: bool = True  # lost a race for a row: look for the next one (False: give up until the next call)

    def ready_at(self, now: datetime) -> Q:
        status = self.status_field
        ready = Q(**{status: self.ready[0]}) if len(self.ready) == 1 else Q(**{f"{status}__in": self.ready})
        if self.due_field:
            ready &= Q(**{f"{self.due_field}__lte": now})
        if self.stale_after is not None:
            ready |= Q(**{status: self.taken, f"{self.claimed_field}__lt": now - self.stale_after})
        return ready & self.where if self.where is not None else ready


@dataclass(frozen=True)
class Claim(Generic[M]):
    """A row this worker now owns: in memory as the claim left it in the database."""

    row: M
    at: datetime  # the claim's date (also in row.<claimed_field>)
    replaced: datetime | None = None  # the date of a dead worker's claim taken over (stale_after queues)


class _Select:
    """The compiled SELECT ... FOR UPDATE SKIP LOCKED LIMIT 1 of a queue on one connection."""

    def __init__(self, queue: Queue, conn) -> None:
        self.conn = conn
        rows = queue.model._default_manager.select_for_update(skip_locked=True, of=("self",))
        if queue.related:
            rows = rows.select_related(*queue.related)
        query = rows.filter(queue.ready_at(_NOW)).order_by(*queue.order_by)[:1].query
        compiler = query.get_compiler(connection=conn)
        self.sql, params = compiler.as_sql()  # inside the caller's transaction: FOR UPDATE requires one
        self.params = list(params)
        adapt = conn.ops.adapt_datetimefield_value
        offsets = [timedelta(0)] if queue.due_field else []
        if queue.stale_after is not None:
            offsets.append(-queue.stale_after)
        self.dates = [
            (i, offset) for offset in offsets for i, p in enumerate(params) if p == adapt(_NOW + offset)
        ]
        assert len(self.dates) == len(offsets), "every date of the query is found among its parameters"
        self.compiler = compiler
        self.converters = compiler.get_converters([col for col, _sql, _alias in compiler.select])
        klass_info = compiler.klass_info
        self.start, self.end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        self.names = [col.target.attname for col, _sql, _alias in compiler.select[self.start : self.end]]
        self.populators = get_related_populators(klass_info, compiler.select, conn.alias)
        self.model = queue.model

    def first(self, now: datetime) -> Model | None:
        params = list(self.params)
        for i, offset in self.dates:
            params[i] = self.conn.ops.adapt_datetimefield_value(now + offset)
        with self.conn.cursor() as cursor:
            cursor.execute(self.sql, params)
            raw = cursor.fetchone()
        if raw is None:
            return None
        values = (
            next(iter(self.compiler.apply_converters([raw], self.converters))) if self.converters else raw
        )
        row = self.model.from_db(self.conn.alias, self.names, values[self.start : self.end])
        for populator in self.populators:
            populator.populate(values, row)
        return row


class _Take:
    """The conditional UPDATE of a claim, one statement per set of extra fields; returns its row count."""

    def __init__(self, queue: Queue, conn, extra: tuple[str, ...]) -> None:
        self.queue, self.conn = queue, conn
        meta = queue.model._meta
        q = conn.ops.quote_name
        self.set_fields = [meta.get_field(queue.status_field)]
        if queue.claimed_field:
            self.set_fields.append(meta.get_field(queue.claimed_field))
        self.set_fields += [meta.get_field(name) for name in extra]
        sets = [f"{q(f.column)} = %s" for f in self.set_fields]
        if queue.count_field:
            count = q(meta.get_field(queue.count_field).column)
            sets.append(f"{count} = {count} + 1")
        status = meta.get_field(queue.status_field)
        where = f"{q(meta.pk.column)} = %s AND {q(status.column)} = %s"
        # Names from the model, values as parameters: nothing here comes from outside.
        head = f"UPDATE {q(meta.db_table)} SET {', '.join(sets)} WHERE {where}"  # noqa: S608
        self.ready_sql = head
        if queue.due_field:
            self.ready_sql += f" AND {q(meta.get_field(queue.due_field).column)} <= %s"
        self.stale_sql = head
        if queue.claimed_field:
            self.stale_sql += f" AND {q(meta.get_field(queue.claimed_field).column)} = %s"

    def __call__(self, row: Model, *, now: datetime, values: Mapping[str, Any]) -> int:
        queue, conn = self.queue, self.conn
        news = (
            [queue.taken, now, *values.values()] if queue.claimed_field else [queue.taken, *values.values()]
        )
        params = [f.get_db_prep_save(v, connection=conn) for f, v in zip(self.set_fields, news, strict=True)]
        status = getattr(row, queue.status_field)
        params += [row.pk, status]
        adapt = conn.ops.adapt_datetimefield_value
        if status == queue.taken:  # a stale claim: still the one we read, not since taken by another worker
            sql = self.stale_sql
            params.append(adapt(getattr(row, queue.claimed_field)))
        else:  # a ready row: still ready (not cancelled, nor postponed by an edit meanwhile)
            sql = self.ready_sql
            if queue.due_field:
                params.append(adapt(now))
        with conn.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.rowcount


# Compiled statements, per connection (one per thread; forgotten with it) and per queue.
_compiled: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _statements(conn) -> dict:
    found = _compiled.get(conn)
    if found is None:
        found = _compiled[conn] = {}
    return found


def _select(queue: Queue, conn) -> _Select:
    statements = _statements(conn)
    select = statements.get(queue)
    if select is None:
        select = statements[queue] = _Select(queue, conn)
    return select


def _take(queue: Queue, conn, extra: tuple[str, ...]) -> _Take:
    statements = _statements(conn)
    take = statements.get((queue, extra))
    if take is None:
        take = statements[(queue, extra)] = _Take(queue, conn, extra)
    return take


def claim_next(queue: Queue, *, values: Callable[[], Mapping[str, Any]] | None = None) -> Claim | None:
    """Claim the first ready row of `queue` for this worker, or None when nothing is ready.

    `values`: more fields the claim writes, computed anew for each row tried (a Message-ID, the worker's id).
    Runs its own short transaction: call it outside any.
    """
    assert queue.taken, "claim_next needs the status a claim sets"
    conn = transaction.get_connection()
    while True:
        now = timezone.now()
        with transaction.atomic():
            row = _select(queue, conn).first(now)
            if row is None:
                return None
            extra = dict(values()) if values is not None else {}
            won = _take(queue, conn, tuple(extra))(row, now=now, values=extra)
        if won == 1:
            stale = queue.stale_after is not None and getattr(row, queue.status_field) == queue.taken
            replaced = getattr(row, queue.claimed_field) if stale else None
            setattr(row, queue.status_field, queue.taken)
            if queue.claimed_field:
                setattr(row, queue.claimed_field, now)
            for name, value in extra.items():
                setattr(row, name, value)
            if queue.count_field:
                setattr(row, queue.count_field, getattr(row, queue.count_field) + 1)
            return Claim(row=row, at=now, replaced=replaced)
        if not queue.again:
            return None
        # Another worker changed it between our read and our update: look again.


def lock_next(queue: Queue) -> Model | None:
    """The first ready row of `queue`, locked until the caller's transaction ends; None when nothing is ready.

    Several workers each get a different row, or none (SKIP LOCKED on PostgreSQL; SQLite runs one writing
    transaction at a time anyway).
    """
    conn = transaction.get_connection()
    assert conn.in_atomic_block, "lock_next holds its row for the caller's transaction"
    return _select(queue, conn).first(timezone.now())
