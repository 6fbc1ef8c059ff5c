"""The benchmark's verdicts against the targets of issue 8, the JSON file and the markdown table."""

# ruff: noqa: UP031 - conditional suffix
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from django.conf import settings

MB = 1_000_000
# (measurement, label, value getter, target, unit, higher is better)
TARGETS = [
    ("candidate_list", "Candidate list, p95 (8 clients)", lambda m: m.get("p95_ms"), 150, "ms", False),
    ("search", "Search, p95 (8 clients)", lambda m: m.get("p95_ms"), 150, "ms", False),
    ("candidate_page", "Candidate page, p95 (8 clients)", lambda m: m.get("p95_ms"), 150, "ms", False),
    ("dashboard", "Dashboard, p95 (8 clients)", lambda m: m.get("p95_ms"), 300, "ms", False),
    ("worker_delivery", "Worker delivery / bare smtplib", lambda m: m.get("ratio"), 0.5, "×", True),
    (
        "insights",
        "Insights dashboard, cold cache (p50 of 3)",
        lambda m: m.get("dashboard_cold_p50_ms"),
        300,
        "ms",
        False,
    ),
    (
        "insights",
        "Insights dashboard, warm (p50 of 3)",
        lambda m: m.get("dashboard_warm_p50_ms"),
        300,
        "ms",
        False,
    ),
    ("insights", "Client report (p50 of 3)", lambda m: m.get("report_p50_ms"), 2000, "ms", False),
    ("import_100k", "Import of 100,000 rows", lambda m: m.get("seconds"), 30, "s", False),
    ("rediscovery", "Rediscovery top 50, p50 (50 jobs, warm)", lambda m: m.get("p50_ms"), 100, "ms", False),
    ("rediscovery", "Rediscovery top 50, p95 (50 jobs, warm)", lambda m: m.get("p95_ms"), 250, "ms", False),
    (
        "job_alert_digests",
        "Job-alert digests (everyone opted in × the open jobs)",
        lambda m: m.get("seconds"),
        60,
        "s",
        False,
    ),
    (
        "web_memory",
        "Web peak RSS (gunicorn master + workers)",
        lambda m: _mb(m.get("peak_rss_sum_bytes")),
        500,
        "MB",
        False,
    ),
    (
        "worker_delivery",
        "Worker peak RSS",
        lambda m: _mb((m.get("worker") or {}).get("peak_rss_bytes")),
        1000,
        "MB",
        False,
    ),
]
# Measurements shown without a target: (measurement, label, value getter, unit, detail getter).
INFO = [
    (
        "search_index",
        "Full-text index size (on disk, read through the page cache)",
        lambda m: _mb(m.get("bytes")),
        "MB",
        lambda m: (
            "; ".join(f"{k} {_mb(v)} MB" for k, v in m.get("parts", {}).items())
            + (
                f"; SQLite cache per connection {_mb(m['connection_cache_bytes'])} MB"
                if "connection_cache_bytes" in m
                else f"; shared_buffers {m.get('shared_buffers')}"
            )
        ),
    ),
]


def _mb(v):
    return round(v / MB, 1) if v else None


def _fmt(v, unit):
    if v is None:
        return "—"
    if unit == "×":
        return f"{v:.2f}×"
    return f"{v:,.1f} {unit}"


def summarise(results: dict) -> list[dict]:
    rows = []
    M = results["measurements"]
    for key, label, get, target, unit, higher in TARGETS:
        m = M.get(key) or {"status": "not measured"}
        status = m.get("status", "")
        row = {
            "measurement": key,
            "label": label,
            "target": target,
            "unit": unit,
            "target_text": f"{'≥' if higher else '<'} {_fmt(target, unit)}",
        }
        value = get(m) if status == "measured" else None
        if status.startswith("failed") or m.get("ok") is False:
            row.update(value=value, verdict="FAILED", detail=status if status != "measured" else _failure(m))
        elif value is None:
            row.update(value=None, verdict="NOT MEASURED", detail=status or "not measured")
        else:
            good = value >= target if higher else value < target
            if good:
                margin = (value / target) if not higher else value / target
                detail = f"{abs(target - value):,.{2 if unit == '×' else 1}f} {unit} of margin"
            else:
                detail = (
                    f"{abs(value - target):,.{2 if unit == '×' else 1}f} {unit} "
                    f"{'short' if higher else 'over'} ({value / target:.0%} of the target)"
                )
                margin = value / target
            row.update(
                value=value,
                verdict="PASS" if good else "MISS",
                detail=detail,
                ratio_to_target=round(margin, 3),
            )
        # the other numbers worth showing beside the verdict
        if key in ("candidate_list", "search", "candidate_page", "dashboard") and status == "measured":
            one = m.get("one_connection") or {}
            row["extra"] = (
                f"p50 {m['p50_ms']} ms, p99 {m['p99_ms']} ms, {m['throughput_rps']} req/s; "
                f"1 connection: p50 {one.get('p50_ms')} ms"
            )
        elif key == "worker_delivery" and status == "measured" and "RSS" not in label:
            row["extra"] = (
                f"worker {m['worker'].get('rate_msg_s')} msg/s vs smtplib "
                f"{m['smtplib'].get('rate_msg_s')} msg/s ({m['sink']})"
            )
        elif key == "import_100k" and status == "measured":
            row["extra"] = f"{m['rows_per_s']:,} rows/s, RSS +{_mb(m['rss_delta_bytes'])} MB"
        elif key == "rediscovery" and status == "measured" and "rss_delta_bytes" in m:
            row["extra"] = f"process RSS +{_mb(m['rss_delta_bytes'])} MB while ranking the 50 jobs"
        elif key == "job_alert_digests" and status == "measured":
            row["extra"] = (
                f"{m['people']:,} people × {m['open_jobs']:,} open jobs: {m['planned']:,} digests of "
                f"{m['items']:,} jobs, {m['nothing_fits']:,} with nothing that fits; CPU {m['cpu_seconds']} s; "
                f"RSS +{_mb(m['rss_delta_bytes'])} MB; same-day rerun {m['rerun_seconds']} s, "
                f"{m['rerun_planned']} planned"
            )
        rows.append(row)
    for key, label, get, unit, explain in INFO:
        m = M.get(key) or {"status": "not measured"}
        measured = m.get("status") == "measured"
        rows.append(
            {
                "measurement": key,
                "label": label,
                "target": None,
                "unit": unit,
                "target_text": "—",
                "value": get(m) if measured else None,
                "verdict": "INFO" if measured else ("FAILED" if m.get("ok") is False else "NOT MEASURED"),
                "detail": explain(m) if measured else m.get("status", "not measured"),
            }
        )
    return rows


def _failure(m: dict) -> str:
    if "errors" in m:
        return f"{m['errors']} errors ({m.get('non2xx', 0)} non-2xx) in {m.get('requests', 0)} requests"
    return m.get("status", "failed")


def _data_line(results: dict) -> str:
    d, db, mc = results["dataset"], results["database"], results["machine"]
    c = d["counts"]
    return (
        f"{c.get('talent_candidate', 0):,} candidates, {c.get('talent_job', 0):,} jobs, "
        f"{c.get('talent_offer', 0):,} offers, {c.get('talent_decline', 0):,} declines, "
        f"{c.get('talent_event', 0):,} events (scale {d.get('scale')}, seed {d.get('seed')}); "
        f"{db['vendor']} {db['version']} ({db['size_bytes'] / 2**30:.2f} GiB); "
        f"{mc['cores']} cores, {mc['memory_gib']} GiB, {mc['cpu'] or 'unknown CPU'}"
        f"{', load average %s at start' % mc['loadavg_at_start'][0] if mc.get('loadavg_at_start') else ''}; "
        f"Python {results['python']}, Django {results['django']}; commit {results['git']['short']}"
        f"{' (uncommitted changes)' if results['git'].get('dirty') else ''}"
    )


def table(results: dict) -> str:
    rows = results["summary"]
    w = max(len(r["label"]) for r in rows)
    lines = [
        "",
        _data_line(results),
        "",
        f"{'measurement'.ljust(w)}  {'value':>12}  {'target':>10}  verdict       detail",
    ]
    lines.append("-" * (w + 80))
    for r in rows:
        lines.append(
            f"{r['label'].ljust(w)}  {_fmt(r['value'], r['unit']):>12}  {r['target_text']:>10}  "
            f"{r['verdict']:<12}  {r['detail']}{'; ' + r['extra'] if r.get('extra') else ''}"
        )
    return "\n".join(lines)


def markdown(results: dict) -> str:
    lines = [
        "# Latest benchmark",
        "",
        f"`vivier bench run`, {results['started_at'][:10]}: {_data_line(results)}.",
        f"Pages: wrk, {results['settings']['connections']} connections for "
        f"{results['settings']['duration_s']} s "
        f"each over loopback, logged in; server: {results['settings']['server']}.",
        "",
        "| measurement | value | target | verdict | detail |",
        "|---|---|---|---|---|",
    ]
    for r in results["summary"]:
        detail = r["detail"] + ("; " + r["extra"] if r.get("extra") else "")
        lines.append(
            f"| {r['label']} | {_fmt(r['value'], r['unit'])} | {r['target_text']} | {r['verdict']} | "
            f"{detail} |"
        )
    lines += ["", "Produced by `make bench`; the full figures are in the JSON file beside this one.", ""]
    return "\n".join(lines)


def write(results: dict, folder: Path | None = None) -> Path:
    folder = folder or Path(settings.PROJECT_DIR) / "bench" / "results"
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{dt.date.today().isoformat()}-{results['git']['short']}"
    if results["dataset"].get("scale") not in (1, 1.0):
        name += f"-scale{results['dataset'].get('scale')}"
    path = folder / f"{name}.json"
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str) + "\n")
    # latest.md shows the full-scale run; a tiny CI run does not replace it.
    if results["dataset"].get("scale") in (1, 1.0) or not (folder / "latest.md").exists():
        (folder / "latest.md").write_text(markdown(results))
    return path
