"""Many rows of a model in one executemany, without a model instance per row.

A run at full scale writes 100,000 messages, digests and events and a million items in chunks; building and
compiling model instances for them (bulk_create) took more time than the rest of the run. The values are
prepared for the database the way Django prepares them (get_db_prep_save: dates, UUIDs, JSON), each column
left out takes its field's default, computed once per call, so a field added later with a default does not
break this path. Callers give everything that must differ per row (public ids, dates).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.db import connections, router

# Columns whose Python value is already what the database driver takes: no preparation per value.
PLAIN = frozenset(
    {
        "CharField",
        "TextField",
        "EmailField",
        "IntegerField",
        "SmallIntegerField",
        "BigIntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "PositiveBigIntegerField",
        "FloatField",
        "ForeignKey",
        "OneToOneField",
    }
)


class RawInsert:
    def __init__(self, model, given: Sequence[str]) -> None:
        opts = model._meta
        self.model = model
        self.given = [opts.get_field(name) for name in given]
        named = {f.attname for f in self.given}
        self.rest = [f for f in opts.concrete_fields if not f.primary_key and f.attname not in named]
        self.plain = [f.get_internal_type() in PLAIN for f in self.given]
        columns = ", ".join(f.column for f in [*self.given, *self.rest])
        marks = ", ".join(["%s"] * (len(self.given) + len(self.rest)))
        self.sql = f"INSERT INTO {opts.db_table} ({columns}) VALUES ({marks})"  # noqa: S608 - names from the model

    def _params(self, rows: Iterable[Sequence], conn) -> list[tuple]:
        rest = tuple(f.get_db_prep_save(f.get_default(), conn) for f in self.rest)
        fields, plain = self.given, self.plain
        # The dates of a chunk are few (now, nine o'clock in each time zone): each is prepared once.
        dates: dict = {}

        def prep(f, v):
            if v.__class__ is dt.datetime:
                found = dates.get(v)
                if found is None:
                    found = dates[v] = f.get_db_prep_save(v, conn)
                return found
            return f.get_db_prep_save(v, conn)

        return [
            tuple(v if p else prep(f, v) for f, p, v in zip(fields, plain, row, strict=True)) + rest
            for row in rows
        ]

    def run(self, rows: Iterable[Sequence]) -> int:
        conn = connections[router.db_for_write(self.model)]
        params = self._params(rows, conn)
        if params:
            with conn.cursor() as cursor:
                cursor.executemany(self.sql, params)
        return len(params)
