"""After an erasure, the person's bytes leave the database's own files too (called once the erasure committed).

A deleted row is not gone from the disk:
- SQLite writes every change to vivier.sqlite3-wal first; the pages holding the person stay there until a
  checkpoint copies the WAL into the database and truncates it. An automatic checkpoint does not truncate: the
  WAL is written again from its start, and the frames past the point reached stay readable.
- In the database file, a deleted row's cells and the pages it freed keep their bytes unless `secure_delete` is
  on: settings.py turns it on for every connection, so SQLite zeroes them as it deletes.
- FTS5 (the candidates' full-text index) does not take a deleted row's terms out of the segment that holds
  them: it writes a delete marker in a newer segment, and both go only when the two are merged into one. Here
  every segment is merged into one, in steps of FTS_MERGE_PAGES pages, each its own short transaction, so the
  web and the worker wait at most one step (about 0.2 s) for the write lock. Measured with 100,000 candidates
  (a 22 MB index, `vivier bench generate --scale 0.1`): 0.7 s in 4 steps; about ten times that at a million.
- PostgreSQL keeps deleted and updated rows as dead tuples, and their index entries, until VACUUM: the tables an
  erasure writes are vacuumed with INDEX_CLEANUP ON (else VACUUM may skip the indexes, which hold the e-mail).
  VACUUM cannot run in a transaction: inside one (a test, a caller's atomic block) it is skipped and logged.
  Measured with 100,000 candidates: 0.6 s for the 19 tables.
  What VACUUM does not remove (the freed space of a page until it is reused, PostgreSQL's own WAL, replicas,
  backups) is described in docs/operations.md.
"""

from __future__ import annotations

import datetime as dt
import logging
import time

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from vivier.talent.search import FTS_TABLE

logger = logging.getLogger(__name__)

FTS_MERGE_PAGES = 2000
# A ceiling on the steps (an index of a million candidates needs about 40): a merge never loops for ever.
FTS_MERGE_MAX_STEPS = 100_000


def tables_of_a_person() -> list[str]:
    """The tables an erasure deletes from or updates: the candidate's, and every table under it (cascades,
    the offers and declines handed over to the placeholder, the rights requests blanked)."""
    from vivier.talent.models import Candidate

    seen: set[type[Model]] = set()
    todo: list[type[Model]] = [Candidate]
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        todo += [rel.related_model for rel in model._meta.related_objects]
        todo += [field.remote_field.through for field in model._meta.local_many_to_many]
    return sorted(m._meta.db_table for m in seen if m._meta.managed and not m._meta.proxy)


def storage_purge() -> dict:
    """Merge the full-text index and empty the WAL (SQLite), or vacuum the person's tables (PostgreSQL).
    Counts and timings only (it is logged); never raises: the rows are gone already, and a purge left undone
    is logged for an operator."""
    started = time.monotonic()
    try:
        if connection.vendor == "sqlite":
            done = _sqlite_purge()
        elif connection.vendor == "postgresql":
            done = _postgresql_vacuum()
        else:
            done = {}
    except Exception:  # noqa: BLE001 - see the docstring
        logger.exception("erasure: the database's files could not be purged")
        return {"purged": False}
    done = {"purged": True, **done, "seconds": round(time.monotonic() - started, 3)}
    logger.info("erasure: database files purged", extra=done)
    return done


def storage_purge_after_erasures(now: dt.datetime | None = None) -> dict:
    """The worker's daily job, after the retention sweep (settings.VIVIER_WORKER_DAILY): purge when someone was
    erased in the last two days, which covers the sweep's erasures and any purge left undone (a busy WAL, a
    VACUUM skipped), even after a day the worker missed. Nothing to do: nothing done (a merge rewrites the whole
    full-text index)."""
    from vivier.privacy.rules import EV_ERASED
    from vivier.talent.models import Event

    since = (now or timezone.now()) - dt.timedelta(days=2)
    if not Event.objects.filter(kind=EV_ERASED, created_at__gte=since).exists():
        return {"purged": False}
    return storage_purge()


def _sqlite_purge() -> dict:
    steps = 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = %s", [FTS_TABLE])
        if cursor.fetchone() is not None:
            while steps < FTS_MERGE_MAX_STEPS:
                with transaction.atomic():
                    cursor.execute("SELECT total_changes()")
                    before = cursor.fetchone()[0]
                    # A negative page count merges whatever segments there are, at any level, into one.
                    cursor.execute(
                        f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('merge', %s)",  # noqa: S608 - a constant
                        [-FTS_MERGE_PAGES],
                    )
                    cursor.execute("SELECT total_changes()")
                    changed = cursor.fetchone()[0] - before
                steps += 1
                if changed < 2:  # FTS5's documented sign that the merge found nothing left to do
                    break
        if connection.in_atomic_block:
            logger.info("erasure: WAL not checkpointed inside a transaction")
            return {"fts_merge_steps": steps, "wal_truncated": False}
        # TRUNCATE waits (busy timeout) for readers still on older pages, copies the WAL into the database
        # and empties the file. busy=1: a reader outlasted the wait; the pages stay in the WAL until next time.
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        busy, _log, _copied = cursor.fetchone()
    if busy:
        logger.warning(
            "erasure: the WAL could not be emptied (a long read was running); the worker's next daily purge will"
        )
    return {"fts_merge_steps": steps, "wal_truncated": not busy}


def _postgresql_vacuum() -> dict:
    if connection.in_atomic_block:
        logger.info("erasure: VACUUM skipped inside a transaction")
        return {"vacuumed": 0}
    tables = tables_of_a_person()
    names = ", ".join(connection.ops.quote_name(t) for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (INDEX_CLEANUP ON) {names}")
    return {"vacuumed": len(tables)}
