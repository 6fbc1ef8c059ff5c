"""`vivier run`: the single-machine default. Migrates, collects static files if needed, then supervises one
web server (gunicorn) and one worker until SIGTERM or Ctrl-C."""

from __future__ import annotations

import logging
import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connections
from django.db.migrations.executor import MigrationExecutor

from vivier.assets import collect_static_if_stale, frontend_missing
from vivier.outreach.supervisor import Supervisor, python_child

logger = logging.getLogger("vivier.run")


def pending_migrations() -> int:
    connection = connections["default"]
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def bind_address(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


class Command(BaseCommand):
    help = "Run Vivier on this machine: the web server and the worker, restarted if they die (Ctrl-C stops)."
    requires_migrations_checks = False
    # Run in handle(), after the front-end check: its one line comes first, not after staticfiles.W004.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument("--no-migrate", action="store_true", help="do not apply pending migrations")
        parser.add_argument("--web-workers", type=int, default=2)
        parser.add_argument("--threads", type=int, default=4)

    def handle(self, *args, no_migrate, web_workers, threads, **options):
        # First, before any work: without the front-end packages every page would answer 500.
        missing = frontend_missing()
        if missing:
            self.stderr.write(missing)
            raise SystemExit(1)
        self.check()
        pending = pending_migrations()
        if pending and not no_migrate:
            self.stdout.write(f"Applying {pending} migration{'s' if pending > 1 else ''}…")
            call_command("migrate", interactive=False, verbosity=0)
        elif pending:
            self.stderr.write(
                f"{pending} migration{' is' if pending == 1 else 's are'} not applied: run `vivier migrate`."
            )
        collect_static_if_stale(self.stdout)
        connections.close_all()  # the children open their own

        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "vivier.settings"),
        }
        bind = bind_address(settings.BIND_HOST, settings.BIND_PORT)
        web = python_child(
            "web",
            "-m",
            "gunicorn",
            "vivier.wsgi:application",
            "--config",
            "python:vivier.gunicorn_conf",  # hides gunicorn's name in the Server header
            "--bind",
            bind,
            "--workers",
            str(web_workers),
            "--threads",
            str(threads),
            "--graceful-timeout",
            "20",
            "--timeout",
            "60",
            "--no-control-socket",
            "--worker-tmp-dir",
            "/dev/shm" if os.path.isdir("/dev/shm") else "/tmp",  # noqa: S108 - gunicorn heartbeat files
            env=env,
        )
        worker = python_child("worker", "-m", "django", "worker", env=env)
        supervisor = Supervisor([web, worker])
        supervisor.install_signal_handlers()
        # The public URL when one is configured (behind a proxy), else the address this machine listens on.
        url = settings.BASE_URL if os.environ.get("VIVIER_BASE_URL") else f"http://{bind}"
        self.stdout.write(f"Vivier is running at {url}. Ctrl-C stops it.")
        if settings.EMAIL_BACKEND.endswith("LocalMailboxBackend"):
            self.stdout.write(f"No EMAIL_URL: e-mails go to the local mailbox in {settings.MAILBOX_DIR}.")
        self.stdout.flush()
        code = supervisor.run()
        self.stdout.write("Vivier stopped.")
        return None if code == 0 else str(code)
