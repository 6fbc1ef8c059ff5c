"""`vivier bench run`: the real production server (gunicorn) and the real worker, measured from outside.

Pages: wrk over loopback with N concurrent logged-in connections, a Lua script for the percentiles and the
non-2xx count (a run with any error is failed, never fast). Memory: VmHWM of the gunicorn master and workers
(from /proc while they run) and the worker's ru_maxrss. Delivery: the worker against a local SMTP sink beside
a bare smtplib loop sending the same messages to the same sink.
"""

# ruff: noqa: S603, S607 - fixed argument lists: gunicorn, wrk, the worker, the sink
from __future__ import annotations

import json
import os
import random
import resource
import shutil
import signal
import smtplib
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from email.message import EmailMessage
from pathlib import Path

from django.conf import settings
from django.db import connection

from vivier.bench import report
from vivier.bench.environment import _children, _proc_status, database, git_commit, machine
from vivier.bench.generate import read_meta, table_counts
from vivier.bench.in_process import (
    _bench_user,
    import_latency,
    insights_latency,
    job_alert_digests,
    rediscovery_latency,
    search_index_size,
)

HERE = Path(__file__).resolve().parent
LUA = HERE / "wrk_report.lua"
SEARCH_QUERIES = [
    "développeur",
    "développeur python",
    "infirmier",
    "commercial paris",
    "comptable",
    "data",
    "chauffeur",
    "software engineer",
    "marketing",
    "maintenance lyon",
    "react",
    "chef de projet",
    "sales",
    "soins",
]
NOT_BUILT = "not measured: feature not built yet"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_port(port: int, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing listens on port {port} after {timeout} s")


def _env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = "vivier.settings"
    env["VIVIER_DEBUG"] = "0"
    env.setdefault("VIVIER_DATA_DIR", str(settings.DATA_DIR))
    env["VIVIER_LOG_LEVEL"] = "WARNING"
    env.update(extra or {})
    return env


def bench_session() -> str:
    """A logged-in session of the bench user, as a browser would have after signing in."""
    from django.test import Client

    from vivier.accounts.models import User

    user, _ = User.objects.get_or_create(
        username="bench",
        defaults={
            "role": "admin",
            "email": "bench@agence.example",
            "first_name": "Bench",
            "last_name": "Admin",
            "password": "!",
        },
    )
    c = Client()
    c.force_login(user)
    return c.cookies[settings.SESSION_COOKIE_NAME].value


class Server:
    """gunicorn as `vivier run` starts it: 2 workers, 4 threads, DEBUG off, static files collected first."""

    def __init__(self, out, workers: int = 2, threads: int = 4):
        self.out, self.workers, self.threads = out, workers, threads
        self.port = _free_port()
        self.proc: subprocess.Popen | None = None
        self.log = tempfile.NamedTemporaryFile(prefix="bench-gunicorn-", suffix=".log", delete=False)  # noqa: SIM115

    def start(self) -> None:
        gunicorn = Path(sys.executable).with_name("gunicorn")
        argv = ([str(gunicorn)] if gunicorn.exists() else [sys.executable, "-m", "gunicorn"]) + [
            "vivier.wsgi:application",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "--threads",
            str(self.threads),
            "--timeout",
            "60",
            "--no-control-socket",
            "--worker-tmp-dir",
            "/dev/shm" if os.path.isdir("/dev/shm") else "/tmp",  # noqa: S108
        ]
        self.proc = subprocess.Popen(
            argv,
            cwd=settings.PROJECT_DIR,
            env=_env(),
            stdout=self.log,  # noqa: S603
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        _wait_port(self.port, self.proc)
        # the workers boot after the master listens: wait until both answer
        deadline = time.monotonic() + 30
        while len(_children(self.proc.pid)) < self.workers and time.monotonic() < deadline:
            time.sleep(0.2)

    def memory(self) -> dict:
        pids = [self.proc.pid, *_children(self.proc.pid)]
        per = {pid: _proc_status(pid) for pid in pids}
        return {
            "processes": len(pids),
            "peak_rss_sum_bytes": sum(p.get("VmHWM", 0) for p in per.values()),
            "peak_rss_max_bytes": max((p.get("VmHWM", 0) for p in per.values()), default=0),
            "rss_anon_sum_bytes": sum(p.get("RssAnon", 0) for p in per.values()),
            "rss_file_sum_bytes": sum(p.get("RssFile", 0) for p in per.values()),
            "per_process": {str(pid): p for pid, p in per.items()},
        }

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                os.kill(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


def probe(port: int, path: str, cookie: str) -> tuple[int, str]:
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Cookie": f"sessionid={cookie}"})

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *a, **k):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(req, timeout=60) as resp:
            return resp.status, ""
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Location", "") or ""
    except OSError as exc:
        return 0, str(exc)


def wrk(port: int, paths: list[str], cookie: str, duration: int, connections: int, threads: int = 1) -> dict:
    """One wrk thread: enough for 8 connections at these rates, and it leaves the two cores to the server."""
    with tempfile.NamedTemporaryFile("w", suffix=".paths", delete=False) as fh:
        fh.write("\n".join(paths) + "\n")
    try:
        cmd = [
            "wrk",
            "-t",
            str(min(threads, connections)),
            "-c",
            str(connections),
            "-d",
            f"{duration}s",
            "--timeout",
            "10s",
            "-H",
            f"Cookie: sessionid={cookie}",
            "-s",
            str(LUA),
            f"http://127.0.0.1:{port}{paths[0]}",
            "--",
            fh.name,
        ]
        res = subprocess.run(cmd, capture_output=True, text=True, timeout=duration + 60)  # noqa: S603
    finally:
        os.unlink(fh.name)
    for line in res.stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            data = json.loads(line[len("BENCH_JSON ") :])
            secs = data["duration_us"] / 1e6
            errors = (
                data["non2xx"]
                + data["connect_errors"]
                + data["read_errors"]
                + data["write_errors"]
                + data["timeouts"]
            )
            return {
                "requests": data["requests"],
                "seconds": round(secs, 2),
                "throughput_rps": round(data["requests"] / secs, 1) if secs else 0.0,
                "p50_ms": round(data["p50_us"] / 1000, 1),
                "p90_ms": round(data["p90_us"] / 1000, 1),
                "p95_ms": round(data["p95_us"] / 1000, 1),
                "p99_ms": round(data["p99_us"] / 1000, 1),
                "max_ms": round(data["max_us"] / 1000, 1),
                "mean_ms": round(data["mean_us"] / 1000, 1),
                "errors": errors,
                "non2xx": data["non2xx"],
                "socket_errors": {
                    k: data[k] for k in ("connect_errors", "read_errors", "write_errors", "timeouts")
                },
                "bad_samples": data["bad_samples"],
                "ok": errors == 0 and data["requests"] > 0,
            }
    raise RuntimeError(
        f"wrk gave no result (exit {res.returncode}): {res.stderr[-500:] or res.stdout[-500:]}"
    )


def page_paths(sample: int = 500) -> dict[str, list[str]]:
    from vivier.talent.models import Candidate

    with connection.cursor() as cur:
        cur.execute("SELECT max(id) FROM talent_candidate")
        top = cur.fetchone()[0] or 0
    rng = random.Random(7)
    ids = sorted({rng.randint(1, top) for _ in range(sample)}) if top else []
    uuids = [str(u) for u in Candidate.objects.filter(pk__in=ids).values_list("public_id", flat=True)]
    from urllib.parse import quote_plus

    return {
        "candidate_list": ["/candidates/", "/candidates/?page=2", "/candidates/?page=3"],
        "search": [f"/candidates/?q={quote_plus(q)}" for q in SEARCH_QUERIES],
        "candidate_page": [f"/candidates/{u}/" for u in uuids],
        "dashboard": ["/"],
    }


# --- the worker ------------------------------------------------------------------------------------------


class Sink:
    """A local SMTP sink in its own process: Postfix's smtp-sink when installed, else aiosmtpd."""

    def __init__(self):
        self.port = _free_port()
        if shutil.which("smtp-sink"):
            self.kind = "postfix smtp-sink"
            argv = ["smtp-sink", "-c", f"127.0.0.1:{self.port}", "1000"]
        else:
            self.kind = "aiosmtpd (Python)"
            argv = [
                sys.executable,
                "-m",
                "aiosmtpd",
                "-n",
                "-c",
                "aiosmtpd.handlers.Sink",
                "-l",
                f"127.0.0.1:{self.port}",
            ]
        self.proc = subprocess.Popen(
            argv,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,  # noqa: S603
            start_new_session=True,
        )
        _wait_port(self.port, self.proc, timeout=20)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def _schedule_messages(n: int) -> list[int]:
    from django.utils import timezone

    from vivier.outreach.services import message_schedule
    from vivier.talent.models import Candidate

    by = _bench_user()
    ids = []
    now = timezone.now() - timezone.timedelta(seconds=1)
    from vivier.privacy.models import ConsentChannel, Purpose
    from vivier.privacy.services.consents import consent_give

    for cand in Candidate.objects.filter(do_not_contact=False).order_by("?" if n < 50 else "id")[:n]:
        # A check-in needs the talent-pool consent, checked again by the worker at send time (a real cost of
        # each delivery, so it belongs in the measurement). Giving it is set-up, not timed.
        consent_give(candidate=cand, purpose=Purpose.TALENT_POOL, channel=ConsentChannel.WEB_FORM, by=by)
        m = message_schedule(
            candidate=cand,
            kind="check_in",
            due_at=now,
            by=by,
            subject=f"Des nouvelles, {cand.first_name} ?",
            body_text=(
                f"Bonjour {cand.first_name},\n\nNous avions échangé au sujet de votre recherche. "
                "Où en êtes-vous aujourd'hui ? De nouveaux postes pourraient vous correspondre, et "
                "je serais ravie d'en discuter avec vous lors d'un court appel cette semaine.\n\n"
                "Bien cordialement,\nCamille, Vivier Recrutement\n"
            )
            * 3,
            body_html="",
        )
        ids.append(m.pk)
    return ids


def worker_delivery(n: int, out) -> dict:
    try:
        from vivier.outreach.models import Message  # noqa: F401
        from vivier.outreach.services import message_schedule  # noqa: F401
    except ImportError as exc:
        if exc.name in ("vivier.outreach.models", "vivier.outreach.services") or "cannot import name" in str(
            exc
        ):
            return {"status": NOT_BUILT}
        return {"status": f"failed: the outbox does not import ({exc})", "ok": False}
    from vivier.outreach.models import Message

    sink = Sink()
    try:
        t0 = time.monotonic()
        ids = _schedule_messages(n)
        out.write(f"  {len(ids)} messages scheduled in {time.monotonic() - t0:.1f} s; worker → {sink.kind} …")
        out.flush()
        env = _env(
            {
                "EMAIL_URL": f"smtp://127.0.0.1:{sink.port}",
                "VIVIER_WORKER_ID": "bench-worker",
                "VIVIER_WORKER_POLL": "0.05",
            }
        )
        argv = [
            sys.executable,
            "-c",
            "import sys; from vivier.cli import main; sys.exit(main(sys.argv[1:]))",
            "worker",
            "--once",
        ]
        t0 = time.monotonic()
        proc = subprocess.Popen(
            argv,
            cwd=settings.PROJECT_DIR,
            env=env,
            stdout=subprocess.PIPE,  # noqa: S603
            stderr=subprocess.STDOUT,
        )
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall = time.monotonic() - t0
        output = proc.stdout.read().decode(errors="replace")[-2000:] if proc.stdout else ""
        sent = Message.objects.filter(pk__in=ids, status="sent")
        n_sent = sent.count()
        first_last = sorted(t for t in sent.values_list("sent_at", flat=True) if t)
        span = (first_last[-1] - first_last[0]).total_seconds() if len(first_last) > 1 else 0
        worker = {
            "messages": len(ids),
            "sent": n_sent,
            "exit_status": os.waitstatus_to_exitcode(status),
            "wall_s": round(wall, 2),
            "rate_msg_s": round((n_sent - 1) / span, 1) if span > 0 else None,  # first to last sent_at
            "rate_wall_msg_s": round(n_sent / wall, 1) if wall else None,  # process start to exit
            "peak_rss_bytes": usage.ru_maxrss * 1024,
            "ok": n_sent == len(ids) and os.waitstatus_to_exitcode(status) == 0,
        }
        if not worker["ok"]:
            worker["output"] = output
        # The ceiling: the same messages, one smtplib connection, no database.
        msgs = []
        for m in Message.objects.filter(pk__in=ids).order_by("id"):
            em = EmailMessage()
            em["From"] = settings.DEFAULT_FROM_EMAIL
            em["To"] = m.to_email
            em["Subject"] = m.subject
            em.set_content(m.body_text)
            if m.body_html:
                em.add_alternative(m.body_html, subtype="html")
            msgs.append(em)
        t0 = time.monotonic()
        with smtplib.SMTP("127.0.0.1", sink.port, timeout=30) as smtp:
            for em in msgs:
                smtp.send_message(em)
        elapsed = time.monotonic() - t0
        ceiling = {
            "messages": len(msgs),
            "seconds": round(elapsed, 2),
            "rate_msg_s": round(len(msgs) / elapsed, 1) if elapsed else None,
        }
        ratio = (
            round(worker["rate_msg_s"] / ceiling["rate_msg_s"], 3)
            if worker.get("rate_msg_s") and ceiling["rate_msg_s"]
            else None
        )
        return {"status": "measured", "sink": sink.kind, "worker": worker, "smtplib": ceiling, "ratio": ratio}
    finally:
        sink.stop()


def run(cmd, opts) -> int:
    out = cmd.stdout
    meta = read_meta(connection)
    counts = table_counts(connection)
    if not counts.get("talent_candidate"):
        out.write("The bench database is empty: run `vivier bench generate --scale …` first.")
        return 2
    if meta and meta.get("scale") != opts["scale"]:
        out.write(f"Note: the bench database holds scale {meta.get('scale')}, not {opts['scale']}.")
    results: dict = {
        "started_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "git": git_commit(),
        "machine": machine(),
        "database": database(),
        "dataset": {
            "scale": (meta or {}).get("scale"),
            "seed": (meta or {}).get("seed"),
            "anchor": (meta or {}).get("anchor"),
            "counts": counts,
            "load_s": (meta or {}).get("load_s"),
            "load_timings": (meta or {}).get("timings"),
        },
        "python": sys.version.split()[0],
        "django": __import__("django").get_version(),
        "settings": {
            "connections": opts["connections"],
            "duration_s": opts["duration"],
            "server": "gunicorn 2 workers x 4 threads, DEBUG off",
        },
        "measurements": {},
    }
    M = results["measurements"]
    load = os.getloadavg()
    results["machine"]["loadavg_at_start"] = [round(x, 2) for x in load]
    if load[0] > 0.5:
        out.write(
            cmd.style.WARNING(
                f"Warning: the machine is busy (load average {load[0]:.2f}): other processes share the "
                f"{os.cpu_count()} cores and the figures will be worse than on an idle machine."
            )
        )
    out.write(
        f"Data: {counts['talent_candidate']:,} candidates, {counts['talent_event']:,} events "
        f"({results['database']['vendor']} {results['database']['version']}, "
        f"{results['database']['size_bytes'] / 2**30:.2f} GiB)"
    )
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    cookie = bench_session()
    paths = page_paths()
    have_wrk = shutil.which("wrk") is not None
    if not have_wrk:
        out.write(
            cmd.style.ERROR("wrk is not installed (apt-get install -y wrk): the pages are not measured.")
        )
    server = Server(out)
    try:
        server.start()
        out.write(f"gunicorn on 127.0.0.1:{server.port} (pid {server.proc.pid})")
        for name, plist in paths.items():
            if not plist:
                M[name] = {"status": "not measured: no candidates"}
                continue
            status, where = probe(server.port, plist[0], cookie)
            if status != 200:
                M[name] = {"status": f"failed: GET {plist[0]} answered {status} {where}".strip(), "ok": False}
                if status == 404:
                    M[name]["status"] = f"not measured: {plist[0]} answers 404 (page not built yet?)"
                out.write(f"  {name}: {M[name]['status']}")
                continue
            if not have_wrk:
                M[name] = {"status": "not measured: wrk is not installed"}
                continue
            # warm-up (not recorded): the first requests pay for the OS page cache and the workers' imports
            wrk(server.port, plist, cookie, min(3, opts["duration"]), opts["connections"])
            r = wrk(server.port, plist, cookie, opts["duration"], opts["connections"])
            # the service time alone, without queueing: one connection (diagnostic, no target)
            single = wrk(server.port, plist, cookie, max(2, opts["duration"] // 3), 1)
            r.update(
                {
                    "status": "measured",
                    "urls": len(plist),
                    "example": plist[0],
                    "one_connection": {
                        k: single[k] for k in ("p50_ms", "p95_ms", "throughput_rps", "errors", "requests")
                    },
                }
            )
            if not single["requests"]:  # not one answer within the run: no service time to show
                r["one_connection"].update(p50_ms=None, p95_ms=None)
            M[name] = r
            out.write(
                f"  {name:15} p50 {r['p50_ms']:7.1f} ms  p95 {r['p95_ms']:7.1f} ms  p99 {r['p99_ms']:7.1f} ms"
                f"  {r['throughput_rps']:7.1f} req/s  errors {r['errors']}"
                f"  (1 connection: p50 {r['one_connection']['p50_ms']} ms)"
            )
            out.flush()
        M["web_memory"] = {"status": "measured", **server.memory()}
    finally:
        server.stop()
    out.write("Worker delivery…")
    out.flush()
    try:
        M["worker_delivery"] = worker_delivery(opts["messages"], out)
    except Exception as exc:  # noqa: BLE001 - reported as a failed measurement
        M["worker_delivery"] = {"status": f"failed: {type(exc).__name__}: {exc}", "ok": False}
    out.write("Rediscovery…")
    out.flush()
    try:
        M["rediscovery"] = rediscovery_latency()
    except Exception as exc:  # noqa: BLE001 - reported as a failed measurement
        M["rediscovery"] = {"status": f"failed: {type(exc).__name__}: {exc}", "ok": False}
    try:
        M["search_index"] = search_index_size()
    except Exception as exc:  # noqa: BLE001 - reported as a failed measurement
        M["search_index"] = {"status": f"failed: {type(exc).__name__}: {exc}", "ok": False}
    out.write("Insights…")
    out.flush()
    try:
        M["insights"] = insights_latency()
    except Exception as exc:  # noqa: BLE001 - reported as a failed measurement
        M["insights"] = {"status": f"failed: {type(exc).__name__}: {exc}", "ok": False}
    if opts.get("skip_import"):
        M["import_100k"] = {"status": "not measured: left out of this run (--skip-import)"}
    else:
        out.write("Import of 100,000 rows…")
        out.flush()
        try:
            M["import_100k"] = import_latency()
        except Exception as exc:  # noqa: BLE001 - reported as a failed measurement
            M["import_100k"] = {"status": f"failed: {type(exc).__name__}: {exc}", "ok": False}
    out.write("Job-alert digests…")
    out.flush()
    try:
        M["job_alert_digests"] = job_alert_digests()
    except Exception as exc:  # noqa: BLE001 - reported as a failed measurement
        M["job_alert_digests"] = {"status": f"failed: {type(exc).__name__}: {exc}", "ok": False}
    results["finished_at"] = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    results["machine"]["loadavg_at_end"] = [round(x, 2) for x in os.getloadavg()]
    results["summary"] = report.summarise(results)
    path = report.write(results, Path(opts["output"]) if opts["output"] else None)
    out.write(report.table(results))
    out.write(f"Results: {path}")
    return 1 if any(row["verdict"] == "FAILED" for row in results["summary"]) else 0


__all__ = ["run", "resource"]
