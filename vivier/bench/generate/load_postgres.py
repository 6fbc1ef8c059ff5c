"""PostgreSQL loading: COPY, secondary indexes dropped then rebuilt, sequences moved past the ids."""

from __future__ import annotations

import time

from vivier.bench.generate.plan import TABLES
from vivier.bench.generate.writer import Writer


class PostgresWriter(Writer):
    def begin(self) -> None:
        cur = self.raw.cursor()
        if not self.in_atomic:
            self.raw.autocommit = False
        cur.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = current_schema() "
            "AND i.tablename = ANY(%s) AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
            "WHERE c.conname = i.indexname)",
            (list(TABLES),),
        )
        for name, sql in cur.fetchall():
            self.dropped_indexes.append(sql)
            cur.execute(f'DROP INDEX "{name}"')

    def write(self, table, columns, rows, digest, dt_cols) -> int:
        cur = self.raw.cursor()
        positions = [k for k, c in enumerate(columns) if c in dt_cols]
        n = 0
        with cur.copy(f'COPY "{table}" ({", ".join(columns)}) FROM STDIN') as copy:
            for batch in self._chunks(rows, digest):
                for row in batch:
                    if positions:
                        row = list(row)
                        for k in positions:
                            if row[k] is not None:
                                row[k] += "+00"
                    copy.write_row(row)
                n += len(batch)
        return n

    def finish(self) -> dict[str, float]:
        cur = self.raw.cursor()
        t0 = time.monotonic()
        # Django's foreign keys are DEFERRABLE INITIALLY DEFERRED: their checks of the copied rows wait as
        # "pending trigger events", and PostgreSQL refuses CREATE INDEX on a table that has some. Run them now.
        cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for sql in self.dropped_indexes:
            cur.execute(sql)
        cur.execute(
            "SET CONSTRAINTS ALL DEFERRED"
        )  # back to Django's default for the rest of the transaction
        for table in TABLES:
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f'COALESCE((SELECT max(id) FROM "{table}"), 1))'
            )
        timings = {"indexes_s": round(time.monotonic() - t0, 1)}
        self.log(f"  indexes (full-text included) rebuilt in {timings['indexes_s']} s")
        if not self.in_atomic:
            self.raw.commit()
            self.raw.autocommit = True
            cur.execute("ANALYZE")
        return timings
