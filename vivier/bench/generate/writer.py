"""What the SQLite and PostgreSQL writers share: batches of rows, fed to the data digest."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

CHUNK = 20_000


class Writer:
    log: Callable[[str], None]

    def __init__(self, connection, log=print, fts_mode: str = "rebuild"):
        self.connection = connection
        self.log = log
        self.fts_mode = fts_mode
        self.in_atomic = connection.in_atomic_block
        connection.ensure_connection()
        self.raw = connection.connection
        self.dropped_indexes: list[str] = []

    def _chunks(self, rows: Iterable[tuple], digest) -> Iterator[list[tuple]]:
        batch: list[tuple] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= CHUNK:
                digest.update(repr(batch).encode())
                yield batch
                batch = []
        if batch:
            digest.update(repr(batch).encode())
            yield batch
