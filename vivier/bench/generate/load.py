"""generate(): fill the empty talent tables with the data set; counts, timings and the data digest."""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Iterable

from vivier.bench.generate.columns import datetime_columns, default_columns, model_columns
from vivier.bench.generate.dataset import Dataset
from vivier.bench.generate.load_postgres import PostgresWriter
from vivier.bench.generate.load_sqlite import SqliteWriter
from vivier.bench.generate.meta import table_counts
from vivier.bench.generate.plan import plan


def bench_users(n: int) -> list[int]:
    """A few recruiters who own the jobs and write the events (created once, reused)."""
    from vivier.accounts.models import User

    ids = []
    for k in range(1, n + 1):
        user, _ = User.objects.get_or_create(
            username=f"bench-recruiter-{k}",
            defaults={
                "role": "recruiter",
                "first_name": "Recruteur",
                "last_name": f"Bench {k}",
                "email": f"bench-recruiter-{k}@agence.example",
                "password": "!",
            },
        )
        ids.append(user.pk)
    return ids


def anchor_of(date: dt.date) -> float:
    return dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC).timestamp()


def generate(
    connection,
    *,
    scale: float,
    seed: int = 42,
    anchor: dt.date | None = None,
    log=print,
    fts_mode: str = "rebuild",
) -> dict:
    """Fill the (empty) talent tables of `connection`; returns counts, timings and the data digest."""
    from vivier.talent.models import DeclineReason

    if connection.vendor not in ("sqlite", "postgresql"):
        raise RuntimeError(f"the generator writes SQLite or PostgreSQL, not {connection.vendor}")
    existing = table_counts(connection)
    if any(existing.values()):
        raise RuntimeError(f"the talent tables are not empty ({existing}); use a fresh bench database")
    anchor = anchor or dt.datetime.now(dt.UTC).date()
    t_start = time.monotonic()
    cols = model_columns()
    dts = datetime_columns()
    dts["talent_decline_reasons"] = set()
    reasons = {r.code: r.pk for r in DeclineReason.objects.filter(active=True).order_by("position", "code")}
    if not reasons:
        raise RuntimeError("no decline reasons: run the migrations first")
    users = bench_users(plan(scale)["users"])
    data = Dataset(scale=scale, seed=seed, anchor=anchor_of(anchor), user_ids=users, reason_ids=reasons)
    log(
        f"Generating scale {scale} (seed {seed}, anchor {anchor}) into {connection.vendor}: "
        + ", ".join(f"{v:,} {k}" for k, v in data.counts.items())
    )
    writer = (SqliteWriter if connection.vendor == "sqlite" else PostgresWriter)(connection, log, fts_mode)
    digest = hashlib.sha256()
    timings: dict[str, float] = {}
    writer.begin()

    extra = default_columns(connection, cols)
    if extra:
        log(
            "  filled with their defaults: "
            + ", ".join(f"{t}.{c}" for t, (cs, _v) in extra.items() for c in cs)
        )

    def step(table: str, rows: Iterable[tuple]):
        t0 = time.monotonic()
        columns = cols[table]
        if table in extra:
            names, values = extra[table]
            columns = columns + names
            rows = (row + values for row in rows)
        n = writer.write(table, columns, rows, digest, dts[table])
        timings[f"{table}_s"] = round(time.monotonic() - t0, 1)
        log(f"  {table:24} {n:>10,} rows in {timings[f'{table}_s']:6.1f} s")

    step("talent_client", data.clients())
    step("talent_job", data.jobs())
    t0 = time.monotonic()
    data.candidate_core()
    data.pipeline()
    timings["plan_s"] = round(time.monotonic() - t0, 1)
    log(f"  (candidates' core attributes and the pipeline planned in {timings['plan_s']} s)")
    # Events before candidates: the 'candidate.updated' events move the candidates' updated_at.
    step("talent_event", data.events())
    step("talent_candidate", data.candidates())
    step("talent_application", data.applications())
    step("talent_offer", data.offer_rows())
    step("talent_decline", data.declines())
    step("talent_decline_reasons", data.decline_reason_rows())
    step("privacy_candidateprivacy", data.privacy_rows())
    step("privacy_consentrecord", data.consent_rows())
    timings.update(writer.finish())
    timings["total_s"] = round(time.monotonic() - t_start, 1)
    counts = table_counts(connection)
    result = {
        "scale": scale,
        "seed": seed,
        "anchor": anchor.isoformat(),
        "planned": data.counts,
        "counts": counts,
        "digest": digest.hexdigest(),
        "timings": timings,
        "fts_mode": fts_mode,
        "vendor": connection.vendor,
    }
    log(f"Loaded in {timings['total_s']} s (digest {result['digest'][:16]}…)")
    return result
