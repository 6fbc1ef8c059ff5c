"""`vivier bench generate|run`: the benchmark harness (see vivier/bench and docs).

Without DATABASE_URL or VIVIER_DATA_DIR in the environment it works in var/bench, never in the demo database.
"""

# ruff: noqa: S606 - re-runs itself
from __future__ import annotations

import datetime as dt
import json
import os
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from vivier.bench import generate as gen

BENCH_DIR = Path(settings.PROJECT_DIR) / "var" / "bench"


def _reexec_with(env: dict[str, str]) -> None:
    """Start this command again with a different database: settings are read once, at start-up."""
    argv = sys.argv[sys.argv.index("bench") :] if "bench" in sys.argv else ["bench"]
    os.environ.update(env)
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(
        sys.executable,
        [
            sys.executable,
            "-c",  # noqa: S606
            "import sys; from vivier.cli import main; sys.exit(main(sys.argv[1:]))",
            *argv,
        ],
    )


class Command(BaseCommand):
    help = "Benchmark harness: generate the large data set, then measure the running server against it."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        g = sub.add_parser("generate", help="load the synthetic data set into the bench database")
        r = sub.add_parser("run", help="measure the production server and the worker on the bench database")
        for p in (g, r):
            p.add_argument("--scale", type=float, default=1.0, help="1.0 = one million candidates")
            p.add_argument("--seed", type=int, default=42)
            p.add_argument("--database-url", default="", help="default: SQLite in var/bench")
        g.add_argument("--anchor", default="", help="the data set's 'today' (YYYY-MM-DD), default today")
        g.add_argument(
            "--if-needed",
            action="store_true",
            help="do nothing when the bench database already holds this scale and seed",
        )
        g.add_argument(
            "--fts",
            choices=("rebuild", "triggers"),
            default="rebuild",
            help="SQLite full-text index: drop the triggers and rebuild once (default) or keep them",
        )
        r.add_argument("--duration", type=int, default=10, help="seconds of wrk per page")
        r.add_argument("--connections", type=int, default=8)
        r.add_argument("--messages", type=int, default=2000, help="messages for the worker's delivery rate")
        r.add_argument(
            "--generate",
            action="store_true",
            help="generate first when the bench database is missing or of another scale",
        )
        r.add_argument("--output", default="", help="results folder (default bench/results)")
        r.add_argument(
            "--skip-import",
            action="store_true",
            help="leave out the 100,000-row import (reported as not measured, with the reason)",
        )

    def handle(self, *args, **opts):
        if getattr(self, "_called_from_command_line", False):
            if opts["database_url"] and os.environ.get("DATABASE_URL") != opts["database_url"]:
                _reexec_with({"DATABASE_URL": opts["database_url"]})
            if (
                not opts["database_url"]
                and "DATABASE_URL" not in os.environ
                and "VIVIER_DATA_DIR" not in os.environ
            ):
                _reexec_with({"VIVIER_DATA_DIR": str(BENCH_DIR)})
        self.stdout.write(f"Bench database: {connection.vendor} {_db_name()}")
        if opts["action"] == "generate":
            self.generate(opts)
        elif opts["action"] == "run":
            if opts["generate"]:
                self.generate({**opts, "if_needed": True, "anchor": "", "fts": "rebuild"})
            from vivier.bench.measure import run

            code = run(self, opts)
            if code:
                raise CommandError("some measurements failed (see above)")

    def generate(self, opts) -> None:
        meta = gen.read_meta(connection)
        if (
            opts["if_needed"]
            and meta
            and meta.get("scale") == opts["scale"]
            and meta.get("seed") == opts["seed"]
        ):
            self.stdout.write(
                f"The bench database already holds scale {meta['scale']} (seed {meta['seed']},"
                f" generated {meta.get('generated_at', '?')}): not generated again."
            )
            # the code may have moved on since: its new migrations apply to the bench data too
            call_command("migrate", verbosity=1, interactive=False)
            return
        self._reset()
        call_command("migrate", verbosity=0, interactive=False)
        anchor = dt.date.fromisoformat(opts["anchor"]) if opts["anchor"] else None
        t0 = time.monotonic()
        result = gen.generate(
            connection,
            scale=opts["scale"],
            seed=opts["seed"],
            anchor=anchor,
            log=lambda s: (self.stdout.write(s), self.stdout.flush()),
            fts_mode=opts["fts"],
        )
        result["generated_at"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        result["load_s"] = round(time.monotonic() - t0, 1)
        gen.write_meta(connection, result)
        self.stdout.write(json.dumps(result["counts"]))
        self.stdout.write(self.style.SUCCESS(f"Bench data set loaded in {result['load_s']} s"))

    def _reset(self) -> None:
        """An empty bench database: the SQLite file is removed, PostgreSQL's talent tables are emptied."""
        if connection.vendor == "sqlite":
            name = Path(connection.settings_dict["NAME"])
            connection.close()
            for suffix in ("", "-wal", "-shm", "-journal"):
                p = Path(f"{name}{suffix}")
                if p.exists():
                    p.unlink()
        else:
            tables = [t for t in (*gen.TABLES, gen.META_TABLE) if t in connection.introspection.table_names()]
            if tables:
                with connection.cursor() as cur:
                    cur.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")


def _db_name() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return str(s["NAME"])
    return f"{s.get('NAME')} on {s.get('HOST') or 'localhost'}:{s.get('PORT') or 5432}"
