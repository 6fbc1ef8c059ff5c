"""The benchmark's synthetic data set: reproducible (same seed and anchor date, same rows) and fast to load.

At scale 1.0: 1,000,000 candidates (French and English profiles built from the ROME taxonomy), 2,000 clients,
20,000 jobs (about 2,000 open), 600,000 applications, 300,000 offers of which 200,000 declined with one to three
reasons (one primary) and 80,000 accepted, 3,000,000 events, and 100,000 people who asked for job alerts (their
preferences and consent). Everything scales with --scale.

Rows bypass the ORM: they are built as tuples in the column order of the models' _meta, then written with
executemany (SQLite, in large transactions, secondary indexes and the FTS triggers dropped during the load and
rebuilt after) or COPY (PostgreSQL, secondary indexes dropped and rebuilt too).

The package, by subdomain:
  plan.py           the row counts of a scale, the tables filled
  values.py         small helpers: ids, timestamps, slugs, weighted picks
  families.py       the job families built from the ROME taxonomy
  dataset.py        Dataset: the shared state and random streams, assembled from
  rows_people.py      clients, jobs, candidates
  rows_pipeline.py    applications, offers, declines and their reasons
  rows_events.py      events
  rows_privacy.py     the people who asked for job alerts: their preferences and consent
  columns.py        each table's columns, checked against the models
  writer.py         the writers' shared part (batches, digest)
  load_sqlite.py    SQLite: executemany, indexes and FTS triggers dropped and rebuilt
  load_postgres.py  PostgreSQL: COPY, indexes dropped and rebuilt
  load.py           generate(): fill the tables, return counts, timings and the digest
  meta.py           the bench database's state: the meta table, the table counts
"""

from vivier.bench.generate.columns import datetime_columns, default_columns, model_columns
from vivier.bench.generate.dataset import Dataset
from vivier.bench.generate.families import Family
from vivier.bench.generate.load import anchor_of, bench_users, generate
from vivier.bench.generate.load_postgres import PostgresWriter
from vivier.bench.generate.load_sqlite import SqliteWriter
from vivier.bench.generate.meta import META_TABLE, read_meta, table_counts, write_meta
from vivier.bench.generate.plan import BASE_COUNTS, SPAN, TABLES, YEAR, plan
from vivier.bench.generate.values import Weighted, day, ts
from vivier.bench.generate.writer import CHUNK, Writer

__all__ = [
    "BASE_COUNTS",
    "CHUNK",
    "META_TABLE",
    "SPAN",
    "TABLES",
    "YEAR",
    "Dataset",
    "Family",
    "PostgresWriter",
    "SqliteWriter",
    "Weighted",
    "Writer",
    "anchor_of",
    "bench_users",
    "datetime_columns",
    "day",
    "default_columns",
    "generate",
    "model_columns",
    "plan",
    "read_meta",
    "table_counts",
    "ts",
    "write_meta",
]
