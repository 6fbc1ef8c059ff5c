"""Full-text search of candidates, on both databases.

SQLite: an FTS5 table kept in step with talent_candidate by triggers (created in migration 0002), so every
write path, bulk loads included, indexes the row in the same transaction. PostgreSQL: a stored generated
tsvector column, `search_document`, with a GIN index (migration 0011; migration 0002 had a GIN index on the
same expression): PostgreSQL computes it on every INSERT and UPDATE, and ranking reads it instead of parsing
each matching profile again. The models do not declare the column (SQLite has none); every write names its
columns, so nothing ever writes it. Words are matched as prefixes ("dév" finds "développeuse"), accents
ignored on SQLite.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

FTS_TABLE = "talent_candidate_fts"
FTS_COLUMNS = ("first_name", "last_name", "email", "headline", "city", "skills", "summary")
# The indexed document on PostgreSQL: migration 0002 built a GIN index on this expression, migration 0011
# stores it in the generated column PG_VECTOR (and drops that index). Queries name the column.
PG_DOCUMENT = (
    "to_tsvector('simple'::regconfig, first_name || ' ' || last_name || ' ' || email || ' ' || headline"
    " || ' ' || city || ' ' || (skills)::text || ' ' || left(summary, 4000))"
)
PG_VECTOR = "search_document"
_TOKEN = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 12


def terms(q: str) -> list[str]:
    return _TOKEN.findall((q or "").lower())[:MAX_TERMS]


def filter_candidates(qs: QuerySet, q: str) -> QuerySet:
    """Candidates whose profile contains every word of q (as a prefix). Empty q: unchanged."""
    words = terms(q)
    if not words:
        return qs
    if connection.vendor == "sqlite":
        expr = " ".join(f'"{w}"*' for w in words)
        return qs.filter(pk__in=RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", (expr,)))
    if connection.vendor == "postgresql":
        tsquery = " & ".join(f"{w}:*" for w in words)
        # Unqualified like the columns it replaces: Django relabels the table (U0) when qs is a subquery.
        return qs.extra(where=[f"{PG_VECTOR} @@ to_tsquery('simple'::regconfig, %s)"], params=[tsquery])  # noqa: S610
    # Other databases: a slow but correct fallback.
    from django.db.models import Q

    for w in words:
        qs = qs.filter(
            Q(first_name__icontains=w)
            | Q(last_name__icontains=w)
            | Q(email__icontains=w)
            | Q(headline__icontains=w)
            | Q(city__icontains=w)
            | Q(skills__icontains=w)
        )
    return qs


def count_matches(q: str) -> int | None:
    """How many candidates match q, straight from the index (SQLite); None where the caller must count itself.

    Counting through `id IN (…)` costs one primary-key probe per match (about 100 ms for 85,000 matches at one
    million candidates); the FTS5 table answers the same question from its doclists alone.
    """
    words = terms(q)
    if not words or connection.vendor != "sqlite":
        return None
    expr = " ".join(f'"{w}"*' for w in words)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [expr])
        return cursor.fetchone()[0]


INSERT_TRIGGER = f"{FTS_TABLE}_ai"
INSERT_TRIGGER_SQL = f"""CREATE TRIGGER IF NOT EXISTS {INSERT_TRIGGER} AFTER INSERT ON talent_candidate BEGIN
        INSERT INTO {FTS_TABLE}(rowid, {", ".join(FTS_COLUMNS)})
        VALUES (new.id, {", ".join("new." + c for c in FTS_COLUMNS)});
    END"""
SQLITE_SETUP = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(
        {", ".join(FTS_COLUMNS)}, content='talent_candidate', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')""",
    INSERT_TRIGGER_SQL,
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ad AFTER DELETE ON talent_candidate BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {", ".join(FTS_COLUMNS)})
        VALUES ('delete', old.id, {", ".join("old." + c for c in FTS_COLUMNS)});
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_au AFTER UPDATE OF {", ".join(FTS_COLUMNS)} ON talent_candidate
    BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {", ".join(FTS_COLUMNS)})
        VALUES ('delete', old.id, {", ".join("old." + c for c in FTS_COLUMNS)});
        INSERT INTO {FTS_TABLE}(rowid, {", ".join(FTS_COLUMNS)})
        VALUES (new.id, {", ".join("new." + c for c in FTS_COLUMNS)});
    END""",
    # Index whatever rows exist already (the migration may run on a filled database).
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
]
SQLITE_TEARDOWN = [
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_ai",
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_ad",
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_au",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
]
PG_SETUP = [
    f"CREATE INDEX IF NOT EXISTS candidate_fulltext_idx ON talent_candidate USING gin (({PG_DOCUMENT}))"
]
PG_TEARDOWN = ["DROP INDEX IF EXISTS candidate_fulltext_idx"]
# Migration 0011. The expression index goes first: the ALTER rewrites the table and would rebuild it (one
# more parse of every profile) only for it to be dropped. The whole runs in the migration's transaction, so
# no other session sees the table without a full-text index; it holds the table locked meanwhile: 63 s at a
# million candidates on the 2-core bench machine (the table grows from 547 to 1,171 MB, the vectors stored).
PG_VECTOR_SETUP = [
    "SET LOCAL maintenance_work_mem = '256MB'",  # the GIN build sorts its postings in memory
    "DROP INDEX IF EXISTS candidate_fulltext_idx",
    f"ALTER TABLE talent_candidate ADD COLUMN IF NOT EXISTS {PG_VECTOR} tsvector "
    f"GENERATED ALWAYS AS ({PG_DOCUMENT}) STORED",
    # Serves filter_candidates (search_document @@ q), matching.retrieval's candidate_ids (the OR of a job's
    # terms, ranked by ts_rank(search_document, q)) and its exact document frequencies (count(*) … @@ q).
    f"CREATE INDEX IF NOT EXISTS candidate_search_document_idx ON talent_candidate USING gin ({PG_VECTOR})",
    # The planner estimates `@@` from the column's statistics (its most common words); a new column has none
    # until autovacuum analyses the table, and without them it guesses the rows of every search.
    "ANALYZE talent_candidate",
]
PG_VECTOR_TEARDOWN = [
    f"ALTER TABLE talent_candidate DROP COLUMN IF EXISTS {PG_VECTOR}",  # its index goes with it
    *PG_SETUP,
]


@contextmanager
def indexed_in_bulk() -> Iterator[None]:
    """Candidates INSERTed inside the block join the full-text index in one statement at its end.

    SQLite only (PostgreSQL's GIN index has no per-row trigger). Through the trigger, FTS5 flushes its
    pending terms at every statement's savepoint: 0.3 to 1 ms per row once the pool holds a million
    profiles, against 0.03 ms per row for one INSERT … SELECT. The insert trigger is dropped for the block
    and created again at its end, inside the caller's transaction: SQLite's DDL is transactional and the
    transaction already holds the database's one write lock, so no other connection ever sees the pool
    without its trigger, and a rollback restores it. Only INSERTs of new candidates belong in the block: an
    UPDATE of a row not indexed yet would 'delete' terms the index never had.
    """
    if connection.vendor != "sqlite":
        yield
        return
    assert transaction.get_connection().in_atomic_block, "indexed_in_bulk runs inside a transaction"
    with connection.cursor() as cur:
        # Ids only grow (AUTOINCREMENT): the rows above this one are the block's.
        cur.execute("SELECT coalesce(max(id), 0) FROM talent_candidate")
        before = cur.fetchone()[0]
        cur.execute(f"DROP TRIGGER IF EXISTS {INSERT_TRIGGER}")
    try:
        yield
    finally:  # an error the caller catches must not leave the trigger dropped or the rows unindexed
        columns = ", ".join(FTS_COLUMNS)
        with connection.cursor() as cur:
            cur.execute(INSERT_TRIGGER_SQL)
            cur.execute(
                f"INSERT INTO {FTS_TABLE}(rowid, {columns}) "  # noqa: S608 - module constants only
                f"SELECT id, {columns} FROM talent_candidate WHERE id > %s ORDER BY id",
                [before],
            )


def install(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    for sql in SQLITE_SETUP if vendor == "sqlite" else PG_SETUP if vendor == "postgresql" else []:
        schema_editor.execute(sql)


def uninstall(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    for sql in SQLITE_TEARDOWN if vendor == "sqlite" else PG_TEARDOWN if vendor == "postgresql" else []:
        schema_editor.execute(sql)


def install_stored_vector(schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for sql in PG_VECTOR_SETUP:
            schema_editor.execute(sql)


def uninstall_stored_vector(schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for sql in PG_VECTOR_TEARDOWN:
            schema_editor.execute(sql)


def ensure_triggers(using: str = "default", **kwargs) -> None:
    """After every migrate (post_migrate): put back lost FTS5 triggers and lost planner statistics.

    On SQLite, Django alters a table by rebuilding it (new table, copy, drop, rename), and the drop takes the
    table's triggers with it: after such a migration (0006 added a column) the index would stop following edits.
    Re-creating them, and re-indexing once, after every migrate keeps it right whatever a future migration does.
    """
    from django.db import connections

    conn = connections[using]
    if conn.vendor != "sqlite":
        return
    with conn.cursor() as cur:
        cur.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger') AND name LIKE %s",
            [FTS_TABLE + "%"],
        )
        present = {row[0] for row in cur.fetchall()}
        if FTS_TABLE not in present:
            return  # migration 0002 has not run yet: it creates the table and the triggers
        if not {f"{FTS_TABLE}_ai", f"{FTS_TABLE}_ad", f"{FTS_TABLE}_au"} <= present:
            for sql in SQLITE_SETUP:
                cur.execute(sql)
        # A rebuilt table also loses its planner statistics, and without them SQLite picks poor plans at a
        # million rows (the dashboard went from 20 ms to 7 s after migration 0007): analyse the tables that had
        # statistics and lost them. A database never analysed is left alone (small, or analysed by its loader).
        cur.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cur.fetchone() is None:
            return
        cur.execute(
            "SELECT m.name FROM sqlite_master m WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%%'"
            " AND m.name NOT LIKE %s AND EXISTS (SELECT 1 FROM sqlite_master i WHERE i.type = 'index'"
            " AND i.tbl_name = m.name) AND NOT EXISTS (SELECT 1 FROM sqlite_stat1 s WHERE s.tbl = m.name)",
            [FTS_TABLE + "%"],
        )
        for (table,) in cur.fetchall():
            cur.execute(f'ANALYZE "{table}"')
