"""SQLite loading: executemany in one transaction, secondary indexes and the FTS triggers dropped, then
rebuilt."""

from __future__ import annotations

import time
from collections.abc import Iterable

from vivier.bench.generate.plan import TABLES
from vivier.bench.generate.writer import Writer


class SqliteWriter(Writer):
    def begin(self) -> None:
        cur = self.raw.cursor()
        if not self.in_atomic:
            cur.execute("PRAGMA journal_mode=MEMORY")
            cur.execute("PRAGMA synchronous=OFF")
            cur.execute("PRAGMA cache_size=-1048576")  # 1 GiB
            cur.execute("PRAGMA temp_store=MEMORY")
            cur.execute("PRAGMA foreign_keys=OFF")
            cur.execute("BEGIN")
        # Secondary indexes (not those of UNIQUE columns, which SQLite cannot drop): rebuilt after the load.
        placeholders = ",".join("?" * len(TABLES))
        for name, sql in cur.execute(
            f"SELECT name, sql FROM sqlite_master WHERE type='index' AND sql IS NOT NULL "  # noqa: S608
            f"AND tbl_name IN ({placeholders})",
            TABLES,
        ).fetchall():
            self.dropped_indexes.append(sql)
            cur.execute(f'DROP INDEX "{name}"')
        if self.fts_mode == "rebuild":
            from vivier.talent.search import SQLITE_TEARDOWN

            for sql in SQLITE_TEARDOWN:
                cur.execute(sql)

    def write(self, table: str, columns: list[str], rows: Iterable[tuple], digest, dt_cols) -> int:
        cur = self.raw.cursor()
        sql = f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({", ".join("?" * len(columns))})'  # noqa: S608
        n = 0
        for batch in self._chunks(rows, digest):
            cur.executemany(sql, batch)
            n += len(batch)
        return n

    def finish(self) -> dict[str, float]:
        cur = self.raw.cursor()
        timings = {}
        t0 = time.monotonic()
        for sql in self.dropped_indexes:
            cur.execute(sql)
        timings["indexes_s"] = round(time.monotonic() - t0, 1)
        self.log(f"  secondary indexes rebuilt in {timings['indexes_s']} s")
        if self.fts_mode == "rebuild":
            from vivier.talent.search import SQLITE_SETUP

            t0 = time.monotonic()
            for sql in SQLITE_SETUP:  # the table, the triggers, then 'rebuild'
                cur.execute(sql)
            timings["fts_rebuild_s"] = round(time.monotonic() - t0, 1)
            self.log(f"  full-text index rebuilt in {timings['fts_rebuild_s']} s")
        if not self.in_atomic:
            t0 = time.monotonic()
            cur.execute("COMMIT")
            cur.execute("ANALYZE")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            timings["analyze_s"] = round(time.monotonic() - t0, 1)
        return timings
