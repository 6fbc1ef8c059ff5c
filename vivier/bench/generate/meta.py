"""The bench database's state: the meta table (what was generated, its digest) and the table counts."""

from __future__ import annotations

import json

from vivier.bench.generate.plan import TABLES

META_TABLE = "vivier_bench_meta"


def table_counts(connection) -> dict[str, int]:
    with connection.cursor() as cur:
        out = {}
        for table in TABLES:
            cur.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608
            out[table] = cur.fetchone()[0]
        return out


def write_meta(connection, meta: dict) -> None:
    with connection.cursor() as cur:
        cur.execute(
            f"CREATE TABLE IF NOT EXISTS {META_TABLE} (key varchar(50) PRIMARY KEY, value text NOT NULL)"
        )
        cur.execute(f"DELETE FROM {META_TABLE} WHERE key = 'dataset'")  # noqa: S608
        cur.execute(f"INSERT INTO {META_TABLE} (key, value) VALUES ('dataset', %s)", [json.dumps(meta)])  # noqa: S608


def read_meta(connection) -> dict | None:
    try:
        with connection.cursor() as cur:
            if META_TABLE not in connection.introspection.table_names(cur):
                return None
            cur.execute(f"SELECT value FROM {META_TABLE} WHERE key = 'dataset'")  # noqa: S608
            row = cur.fetchone()
            return json.loads(row[0]) if row else None
    except Exception:  # noqa: BLE001 - no database yet
        return None
