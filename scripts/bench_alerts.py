"""Time the job-alert digests on their own: N opted-in people against M open jobs, nothing else in the database.

`make bench` measures the digests on the full data set (vivier/bench/in_process.py: job_alert_digests); this
script builds just the rows the digests read, with the benchmark's generator (same people, same jobs), so the
figure of the issue (100,000 people, 2,000 open jobs, under 60 s) can be checked in minutes:

    VIVIER_DATA_DIR=/tmp/alerts-bench python scripts/bench_alerts.py generate   # 100,000 people, 2,000 jobs
    VIVIER_DATA_DIR=/tmp/alerts-bench python scripts/bench_alerts.py measure    # alerts_build, twice, timed
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/alerts_bench python scripts/bench_alerts.py generate

`measure` runs alerts_build() for real (one transaction per chunk, as the worker does), then the same run
again (a second run the same day plans nothing), prints the counts, the seconds and the peak RSS, and deletes
what the first run wrote, so that it can be run again on the same data.
"""

# ruff: noqa: T201, S608 - a command-line script; table names come from the models
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vivier.settings")


def generate(people: int, jobs: int, seed: int) -> None:
    from django.core.management import call_command
    from django.db import connection

    from vivier.bench import generate as gen
    from vivier.bench.generate.load import anchor_of, bench_users
    from vivier.talent.models import Candidate, DeclineReason

    call_command("migrate", verbosity=0, interactive=False)
    if Candidate.objects.exists():
        sys.exit(
            "The database already holds candidates: give an empty one (a new VIVIER_DATA_DIR or database)."
        )
    # The scale that gives `people` candidates; every one of them opted in, every job open.
    scale = people / gen.BASE_COUNTS["candidates"]
    reasons = {r.code: r.pk for r in DeclineReason.objects.filter(active=True)}
    data = gen.Dataset(
        scale=scale,
        seed=seed,
        anchor=anchor_of(dt.date.today()),
        user_ids=bench_users(2),
        reason_ids=reasons,
    )
    data.counts["jobs"] = jobs
    cols, dts = gen.model_columns(), gen.datetime_columns()
    extra = gen.default_columns(connection, cols)
    writer = (gen.SqliteWriter if connection.vendor == "sqlite" else gen.PostgresWriter)(connection, print)
    writer.begin()
    import hashlib

    digest = hashlib.sha256()

    def step(table, rows):
        t0 = time.monotonic()
        columns = cols[table]
        if table in extra:
            names, values = extra[table]
            columns = columns + names
            rows = (row + values for row in rows)
        n = writer.write(table, columns, rows, digest, dts[table])
        print(f"  {table:26} {n:>8,} rows in {time.monotonic() - t0:5.1f} s")

    all_open = ((*row[:14], "open", *row[15:]) for row in data.jobs())  # column 14 is the status
    step("talent_client", data.clients())
    step("talent_job", all_open)
    data.candidate_core()
    step("talent_candidate", data.candidates())
    everyone = list(range(1, data.counts["candidates"] + 1))
    step("privacy_candidateprivacy", data.privacy_rows(everyone))
    step("privacy_consentrecord", data.consent_rows(everyone))
    writer.finish()
    print(f"{people:,} opted-in people and {jobs:,} open jobs in {connection.vendor}.")


def _reset(since: dt.datetime) -> None:
    """Delete what a measured run wrote (messages, digests, items, events, the run), in plain SQL."""
    from django.db import connection, transaction

    from vivier.alerts.models import JobAlertDigest, JobAlertItem, JobAlertRun
    from vivier.outreach.models import Message
    from vivier.talent.models import Event

    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(f"DELETE FROM {JobAlertItem._meta.db_table}")
        cur.execute(f"DELETE FROM {JobAlertDigest._meta.db_table}")
        cur.execute(f"DELETE FROM {JobAlertRun._meta.db_table}")
        cur.execute(f"DELETE FROM {Message._meta.db_table} WHERE kind = 'job_alert'")
        cur.execute(f"DELETE FROM {Event._meta.db_table} WHERE kind = 'job_alert.planned'")


def measure() -> None:
    from django.db import connection
    from django.utils import timezone

    from vivier.alerts.services import alerts_build

    def rss_mb() -> float:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    before = rss_mb()
    started = timezone.now()
    t0 = time.perf_counter()
    first = alerts_build()
    first_s = time.perf_counter() - t0
    peak = rss_mb()
    t0 = time.perf_counter()
    second = alerts_build()
    second_s = time.perf_counter() - t0
    _reset(started)
    print(
        json.dumps(
            {
                "database": f"{connection.vendor}",
                "cores": os.cpu_count(),
                "loadavg": os.getloadavg(),
                "first_run_s": round(first_s, 2),
                "first_run": first,
                "second_run_s": round(second_s, 2),
                "second_run": second,
                "rss_before_mb": round(before, 1),
                "peak_rss_mb": round(peak, 1),
            },
            indent=2,
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("action", choices=("generate", "measure"))
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--jobs", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    import django

    django.setup()
    if args.action == "generate":
        generate(args.people, args.jobs, args.seed)
    else:
        measure()


if __name__ == "__main__":
    main()
