"""Medians and quartiles computed by the database, on SQLite as on PostgreSQL.

PostgreSQL has `percentile_cont`. SQLite has none: there only the numeric columns asked for come back and
Python sorts them and interpolates exactly as `percentile_cont` does, so both databases give the same figures.
(An ordered window in SQLite was measured three times slower than this on 200,000 rows.)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Aggregate, Count, Expression, F, FloatField, Func, QuerySet, Value

QUARTILES = (0.25, 0.5, 0.75)


@dataclass(frozen=True)
class Spread:
    """How many values, and their quartiles (None when there are none)."""

    n: int
    p25: float | None = None
    median: float | None = None
    p75: float | None = None

    @property
    def empty(self) -> bool:
        return self.n == 0


class PercentileCont(Aggregate):
    function = "percentile_cont"
    template = "%(function)s(%(percentile)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression, percentile: float, **extra) -> None:
        # A float literal, never user input: safe to put in the SQL text.
        super().__init__(expression, percentile=repr(float(percentile)), **extra)


class DaysBetween(Func):
    """(later - earlier) in days, as a float. Django's own datetime difference runs a Python function per row
    on SQLite, far too slow over 200,000 rows; julianday() is native."""

    output_field = FloatField()
    arity = 2

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(
            compiler,
            connection,
            template="(julianday(%(expressions)s))",
            arg_joiner=") - julianday(",
            **extra,
        )

    def as_postgresql(self, compiler, connection, **extra):
        return super().as_sql(
            compiler,
            connection,
            template="(EXTRACT(EPOCH FROM (%(expressions)s)) / 86400.0)::float8",
            arg_joiner=" - ",
            **extra,
        )


def _interpolate(ordered: list[float], p: float) -> float:
    """percentile_cont: linear interpolation between the two closest ranks."""
    pos = (len(ordered) - 1) * p
    lo = math.floor(pos)
    low = ordered[lo]
    high = ordered[lo + 1] if lo + 1 < len(ordered) else low
    return low + (pos - lo) * (high - low)


def spreads(qs: QuerySet, *, distinct: str = "", **expressions: Expression | F) -> dict[str, Spread | int]:
    """The quartiles of several expressions over the rows of `qs`, in one query; nulls are ignored.

    An expression that does not apply to a row should yield NULL there (NullIf for a zero divisor).
    With `distinct` (a column), the result's "distinct" key counts its different values in the same pass.
    """
    qs = qs.order_by()
    names = {f"_q_{name}": expr for name, expr in expressions.items()}
    if distinct:
        names["_q_distinct"] = F(distinct)
    if connection.vendor == "postgresql":
        aggregates = {}
        if distinct:
            aggregates["_distinct"] = Count(distinct, distinct=True)
            del names["_q_distinct"]
        for alias, expr in names.items():
            aggregates[f"{alias}_n"] = Count(expr)
            for p in QUARTILES:
                aggregates[f"{alias}_{int(p * 100)}"] = PercentileCont(expr, p)
        row = qs.aggregate(**aggregates)
        out = {}
        for name in expressions:
            alias = f"_q_{name}"
            n = row[f"{alias}_n"] or 0
            out[name] = (
                Spread(n, row[f"{alias}_25"], row[f"{alias}_50"], row[f"{alias}_75"]) if n else Spread(0)
            )
        if distinct:
            out["distinct"] = row["_distinct"]
        return out
    # SQLite: its window functions sort far slower than Python does, so the numeric columns come back
    # (only them) and are sorted here.
    # Through the cursor, not the ORM: at 200,000 rows the ORM's per-row work costs more than the query.
    try:
        sql, params = qs.annotate(**names).values_list(*names).query.sql_with_params()
    except EmptyResultSet:  # filtered on an empty list: Django knows there is no row
        empty: dict[str, Spread | int] = {"distinct": 0} if distinct else {}
        return empty | {name: Spread(0) for name in expressions}
    columns: list[list[float]] = [[] for _ in expressions]
    seen: set = set()
    width = len(expressions)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(20_000):
            for row in batch:
                for i in range(width):
                    if row[i] is not None:
                        columns[i].append(row[i])
                if distinct:
                    seen.add(row[width])
    out: dict[str, Spread | int] = {"distinct": len(seen)} if distinct else {}
    for name, values in zip(expressions, columns, strict=True):
        if not values:
            out[name] = Spread(0)
            continue
        values.sort()
        out[name] = Spread(len(values), *(_interpolate(values, p) for p in QUARTILES))
    return out


def ranked_spreads(
    qs: QuerySet, known: dict[str, int] | None = None, *, fetch: bool = False, **fields: str
) -> dict[str, Spread]:
    """The quartiles of several columns over the rows of `qs`, each read from an index ordered by it.

    PostgreSQL: `percentile_cont`, one query. SQLite: per quartile the two values around its rank, read by
    `ORDER BY column LIMIT 2 OFFSET k` from the nearer end (a walk of the column's index that stops at the
    rank), and interpolated as `percentile_cont` does: the same figures, without fetching the column. The
    count of each column's values comes from `known` (when the caller has it) or one COUNT each. Always the
    same number of queries, whatever the rows.
    """
    qs = qs.order_by()
    if connection.vendor == "postgresql" or fetch:
        # `fetch`: rows narrowed by another index than the column's: reading them once beats walking the
        # column's index and looking each entry up in the table.
        return {name: found for name, found in spreads(qs, **{n: F(c) for n, c in fields.items()}).items()}
    known = known or {}
    out: dict[str, Spread] = {}
    for name, column in fields.items():
        present = qs.filter(**{f"{column}__isnull": False})
        n = known[name] if name in known else present.count()
        parts, positions = [], []
        for i, p in enumerate(QUARTILES):
            pos = (n - 1) * p if n else 0
            first = math.floor(pos)
            last = min(first + 1, n - 1) if n else 0
            if not n or first < n / 2:  # from the smallest value up
                part = present.order_by(column)[first : last + 1]
            else:  # from the largest down: a shorter walk for the upper quartile
                skip = n - 1 - last
                part = present.order_by(f"-{column}")[skip : skip + last - first + 1]
            parts.append(part.annotate(_q=Value(i)).values_list("_q", column))
            positions.append((pos, first))
        found: dict[int, list] = {}
        for i, value in _union_all(parts):
            found.setdefault(i, []).append(value)
        values = []
        for i, (pos, first) in enumerate(positions):
            pair = sorted(found.get(i, []))
            if pair:
                values.append(pair[0] + (pos - first) * (pair[-1] - pair[0]))
        out[name] = Spread(n, *values) if n and len(values) == len(QUARTILES) else Spread(0)
    return out


def _union_all(parts: list[QuerySet]) -> list[tuple]:
    """The rows of several sliced querysets in one query: each wrapped as a subquery (SQLite refuses LIMIT
    in the arms of a compound SELECT), joined by UNION ALL."""
    sqls, params = [], []
    for part in parts:
        try:
            sql, part_params = part.query.sql_with_params()
        except EmptyResultSet:  # filtered on an empty list: no row to add
            continue
        sqls.append(f"SELECT * FROM ({sql})")  # noqa: S608 (SQL compiled by the ORM, parameters apart)
        params.extend(part_params)
    if not sqls:
        return []
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(sqls), params)
        return cursor.fetchall()


def spread(qs: QuerySet, expression: Expression | F) -> Spread:
    """The quartiles of one expression over the rows of `qs` (nulls ignored), in one query."""
    return spreads(qs, v=expression)["v"]


class Unindexed(Func):
    """The column as is, but on SQLite written `+column` so the planner scans instead of using an index.

    SQLite has no statistics on ranges: it takes the created_at index even for a period that covers most
    rows, then reads every row at random, several times slower than one sequential scan.
    """

    template = "%(expressions)s"

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, template="+%(expressions)s", **extra)
