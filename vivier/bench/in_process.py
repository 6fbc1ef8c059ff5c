"""Measurements made inside the bench process, on the bench database: rediscovery, insights, the import.

The page measurements (wrk against gunicorn) and the worker's delivery rate are in measure.py; these call the
product's own functions and views directly, so they time the work without the network in between.
"""

from __future__ import annotations

import os
import shutil as _shutil
import tempfile
import threading
import time
from pathlib import Path

from django.db import transaction

from vivier.bench.environment import _proc_status


def _bench_user():
    from vivier.accounts.models import User

    return User.objects.get(username="bench")


def rediscovery_latency(jobs: int = 50, limit: int = 50) -> dict:
    """Rediscovery top `limit` for `jobs` open jobs, in-process, index warm (one untimed pass first)."""
    from vivier.matching.selectors import rediscover
    from vivier.talent.models import Job, JobStatus

    sample = list(Job.objects.filter(status=JobStatus.OPEN).select_related("client").order_by("id")[:jobs])
    if not sample:
        return {"status": "not measured: no open job"}
    rss_before = _proc_status(os.getpid()).get("VmRSS", 0)
    for job in sample:  # warm: the OS page cache, the postings cache, the taxonomy files
        rediscover(job, limit=limit)
    times, found = [], []
    for job in sample:
        start = time.perf_counter()
        found.append(len(rediscover(job, limit=limit)))
        times.append((time.perf_counter() - start) * 1000)
    times.sort()

    def pct(p: float) -> float:
        return round(times[min(len(times) - 1, int(round(p * (len(times) - 1))))], 1)

    return {
        "status": "measured",
        "jobs": len(sample),
        "limit": limit,
        "p50_ms": pct(0.5),
        "p95_ms": pct(0.95),
        "max_ms": round(times[-1], 1),
        "mean_results": round(sum(found) / len(found), 1),
        # what ranking 50 jobs added to this process (caches of terms, statistics, taxonomies)
        "rss_before_bytes": rss_before,
        "rss_delta_bytes": max(0, _proc_status(os.getpid()).get("VmRSS", 0) - rss_before),
    }


def insights_latency(repeat: int = 3) -> dict:
    """The insights dashboard and a client report through the whole Django stack, in-process.

    Cold: with the cache emptied before each request (what the first visitor after a new decline waits);
    warm: the same request again. The report is the one of the client with the most declines.
    """
    from django.core.cache import cache
    from django.db.models import Count
    from django.test import Client as HttpClient

    from vivier.talent.models import Client

    http = HttpClient()
    http.force_login(_bench_user())

    def timed(path: str, *, cold: bool) -> list[float]:
        times = []
        for _ in range(repeat):
            if cold:
                cache.clear()
            start = time.perf_counter()
            response = http.get(path)
            times.append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                raise RuntimeError(f"GET {path} answered {response.status_code}")
        return sorted(times)

    client = Client.objects.annotate(n=Count("declines")).order_by("-n").first()
    if client is None:
        return {"status": "not measured: no client"}
    dash_cold, dash_warm = timed("/insights/", cold=True), timed("/insights/", cold=False)
    report = timed(f"/insights/clients/{client.public_id}/report/", cold=True)
    return {
        "status": "measured",
        "repeat": repeat,
        "dashboard_cold_p50_ms": round(dash_cold[len(dash_cold) // 2], 1),
        "dashboard_cold_max_ms": round(dash_cold[-1], 1),
        "dashboard_warm_p50_ms": round(dash_warm[len(dash_warm) // 2], 1),
        "report_p50_ms": round(report[len(report) // 2], 1),
        "report_max_ms": round(report[-1], 1),
        "report_client_declines": client.n,
    }


def import_latency(rows: int = 100_000) -> dict:
    """`vivier import` of a generated French CSV (Windows-1252, `;`, decimal commas) of `rows` new candidates,
    in-process, inside a transaction rolled back at the end: the bench database is left as it was."""

    from vivier.imports.sample import write_candidates_csv
    from vivier.imports.services import import_file_now

    def rss() -> int:
        return _proc_status(os.getpid()).get("VmRSS", 0)

    with tempfile.TemporaryDirectory() as tmp:
        path = write_candidates_csv(Path(tmp) / "candidats.csv", rows, seed=8)
        size = path.stat().st_size
        base, peak, done = rss(), [0], threading.Event()

        def sample() -> None:  # RSS every 50 ms while the import runs
            while not done.wait(0.05):
                peak[0] = max(peak[0], rss())

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        start = time.perf_counter()
        with transaction.atomic():
            job = import_file_now(path=path, kind="candidates", by=_bench_user())
            seconds = time.perf_counter() - start
            counts, status, folder = job.counts(), job.status, job.folder
            transaction.set_rollback(True)
        done.set()
        sampler.join()
        _shutil.rmtree(folder, ignore_errors=True)
    if status != "done":
        return {"status": f"failed: the import ended {status}", "ok": False}
    return {
        "status": "measured",
        "rows": rows,
        "file_bytes": size,
        "seconds": round(seconds, 2),
        "rows_per_s": round(rows / seconds),
        "rss_delta_bytes": max(0, peak[0] - base),
        "counts": counts,
    }


def job_alert_digests() -> dict:
    """`alerts_build()` on the bench data: every person who asked for job alerts against the open jobs (at scale
    1.0, 100,000 people and 2,000 jobs), then the same run again (the same day: it must plan nothing), inside a
    transaction rolled back at the end, so the bench database is left as it was."""
    from vivier.alerts.services import alerts_build
    from vivier.privacy.models import ConsentRecord, Purpose
    from vivier.talent.models import Job, JobStatus

    people = ConsentRecord.objects.filter(purpose=Purpose.JOB_ALERTS).values("candidate").distinct().count()
    if not people:
        return {
            "status": "not measured: nobody asked for job alerts in this bench database (generated before the "
            "job alerts existed: run `vivier bench generate` again)"
        }
    open_jobs = Job.objects.filter(status=JobStatus.OPEN).count()

    def rss() -> int:
        return _proc_status(os.getpid()).get("VmRSS", 0)

    base, peak, done = rss(), [0], threading.Event()

    def sample() -> None:  # RSS every 50 ms while the digests are built
        while not done.wait(0.05):
            peak[0] = max(peak[0], rss())

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    with transaction.atomic():
        start = time.perf_counter()
        first = alerts_build()
        seconds = time.perf_counter() - start
        start = time.perf_counter()
        again = alerts_build()
        rerun = time.perf_counter() - start
        transaction.set_rollback(True)
    done.set()
    sampler.join()
    return {
        "status": "measured",
        "people": people,
        "open_jobs": open_jobs,
        "seconds": round(seconds, 2),
        "cpu_seconds": first["cpu_seconds"],
        "planned": first.get("planned", 0),
        "items": first.get("items", 0),
        "nothing_fits": first.get("nothing_fits", 0),
        "not_allowed": first.get("not_allowed", 0),
        "phases_cpu_s": first["phases"],
        "rerun_seconds": round(rerun, 2),
        "rerun_planned": again.get("planned", 0),
        "rss_before_bytes": base,
        "rss_delta_bytes": max(0, peak[0] - base),
        "peak_rss_bytes": max(peak[0], base),
        "ok": again.get("planned", 0) == 0,
    }


def search_index_size() -> dict:
    """What the full-text index weighs: on SQLite the FTS5 tables (measured page by page with dbstat), on
    PostgreSQL the GIN index and the stored tsvector column. Both live on disk and are read through the page
    cache (SQLite's own cache is bounded by `PRAGMA cache_size`; PostgreSQL's by shared_buffers and the OS), so
    the resident memory a process adds while ranking is reported beside it by `rediscovery_latency`."""
    from django.db import connection

    from vivier.talent.search import FTS_TABLE, PG_VECTOR

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name, SUM(pgsize) FROM dbstat WHERE name LIKE %s GROUP BY name ORDER BY name",
                [f"{FTS_TABLE}%"],
            )
            parts = {name: int(size) for name, size in cursor.fetchall()}
            cursor.execute("PRAGMA cache_size")
            cache_size = cursor.fetchone()[0]
            cursor.execute("PRAGMA page_size")
            page_size = cursor.fetchone()[0]
            cache_bytes = -cache_size * 1024 if cache_size < 0 else cache_size * page_size
            return {
                "status": "measured",
                "engine": "SQLite FTS5 (external content)",
                "bytes": sum(parts.values()),
                "parts": parts,
                "connection_cache_bytes": cache_bytes,
            }
        sizes = "SELECT pg_relation_size('candidate_search_document_idx'), COALESCE(SUM(pg_column_size(%s)), 0)"
        cursor.execute(sizes % PG_VECTOR + " FROM talent_candidate")
        gin, column = cursor.fetchone()
        cursor.execute("SHOW shared_buffers")
        shared = cursor.fetchone()[0]
    return {
        "status": "measured",
        "engine": "PostgreSQL GIN over a stored tsvector",
        "bytes": int(gin) + int(column),
        "parts": {"candidate_search_document_idx": int(gin), f"talent_candidate.{PG_VECTOR}": int(column)},
        "shared_buffers": shared,
    }
