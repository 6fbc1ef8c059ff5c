"""The worker as the product runs it: a real process (`python -m vivier.cli worker`) on the test database,
delivering to the aiosmtpd fixture; killed with SIGKILL mid-batch, restarted; two of them sharing a batch."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from vivier.outreach.models import Message, MessageStatus


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = quote(db["USER"] or "", safe="") + (
        f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    )
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class WorkerProcess:
    def __init__(self, worker_id: str, smtp_port: int, data_dir, *, once: bool = False) -> None:
        env = {
            **os.environ,
            "DATABASE_URL": _database_url(),
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
            "VIVIER_WORKER_ID": worker_id,
            "VIVIER_DATA_DIR": str(data_dir),
            "VIVIER_SECRET_KEY": settings.SECRET_KEY if len(settings.SECRET_KEY) >= 32 else "x" * 40,
            "VIVIER_BASE_URL": "https://vivier.agence.example",
            "VIVIER_LOG_LEVEL": "INFO",
            "DJANGO_SETTINGS_MODULE": "vivier.settings",
        }
        args = [sys.executable, "-m", "vivier.cli", "worker", "--poll", "0.05"] + (["--once"] if once else [])
        self.proc = subprocess.Popen(  # noqa: S603 - our own argv, no shell
            args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        self.started = threading.Event()
        self.log: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stderr:
            self.log.append(line)
            if "worker started" in line:
                self.started.set()

    def wait_started(self, timeout: float = 30) -> None:
        assert self.started.wait(timeout), "".join(self.log)[-3000:]

    def stop(self, sig=signal.SIGTERM, timeout: float = 30) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        return self.proc.wait(timeout)


def _batch(make, n: int, *, candidates: int = 10) -> list[int]:
    people = [make.candidate_in_pool() for _ in range(candidates)]  # check-ins need the consent
    due = timezone.now() - dt.timedelta(seconds=1)
    rows = Message.objects.bulk_create(
        [
            Message(
                candidate=people[i % candidates],
                kind="check_in",
                to_email=people[i % candidates].email,
                subject=f"Nouvelles {i}",
                body_text="Bonjour",
                due_at=due,
            )
            for i in range(n)
        ]
    )
    return [m.pk for m in rows]


def _wait(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_batch_and_restarted_never_delivers_twice(make, smtp, smtp_server, tmp_path):
    _batch(make, 300)
    first = WorkerProcess("killed-worker", smtp_server.port, tmp_path)
    try:
        _wait(lambda: len(smtp.received) >= 60, 60, "the first deliveries")
        first.stop(signal.SIGKILL)
    finally:
        if first.proc.poll() is None:
            first.proc.kill()
    delivered_before = len(smtp.received)
    assert delivered_before < 300, "the worker finished before it could be killed"

    # Restarted under the same id: the row it was sending, if any, becomes 'uncertain' and is not resent.
    second = WorkerProcess("killed-worker", smtp_server.port, tmp_path, once=True)
    assert second.proc.wait(120) == 0, "".join(second.log)[-3000:]

    ids = Counter(m["X-Vivier-Id"] for m in smtp.messages)
    assert max(ids.values()) == 1, "a message was delivered twice"
    rows = {str(m.public_id): m.status for m in Message.objects.all()}
    statuses = Counter(rows.values())
    assert set(statuses) <= {MessageStatus.SENT, MessageStatus.UNCERTAIN}, statuses
    assert statuses[MessageStatus.UNCERTAIN] <= 1
    sent = {pk for pk, status in rows.items() if status == MessageStatus.SENT}
    assert sent <= set(ids), "a message recorded as sent never reached the server"
    assert set(ids) - sent <= {pk for pk, status in rows.items() if status == MessageStatus.UNCERTAIN}


@pytest.mark.django_db(transaction=True)
def test_two_worker_processes_share_a_batch_without_duplicates(make, smtp, smtp_server, tmp_path):
    workers = [WorkerProcess(f"worker-{i}", smtp_server.port, tmp_path) for i in range(2)]
    try:
        for w in workers:
            w.wait_started()
        _batch(make, 200)
        _wait(lambda: Message.objects.filter(status=MessageStatus.SENT).count() == 200, 90, "the batch")
    finally:
        for w in workers:
            assert w.stop() == 0, "".join(w.log)[-3000:]
    ids = Counter(m["X-Vivier-Id"] for m in smtp.messages)
    assert len(ids) == 200 and max(ids.values()) == 1
    # The batch's check-ins only: the workers' daily retention sweep may plan information notices meanwhile.
    by_worker = Counter(Message.objects.filter(kind="check_in").values_list("claimed_by", flat=True))
    assert set(by_worker) == {"worker-0", "worker-1"}, by_worker


@pytest.mark.django_db(transaction=True)
def test_two_workers_on_postgresql_deliver_ten_thousand_messages_exactly_once(
    make, smtp, smtp_server, tmp_path
):
    """Beyond one machine: several workers share the outbox through SKIP LOCKED (issue 8's proof, run in CI)."""
    if connection.vendor != "postgresql":
        pytest.skip("the several-workers set-up is PostgreSQL's; SQLite is covered by the 200-message test")
    _batch(make, 10_000, candidates=50)
    workers = [WorkerProcess(f"pg-worker-{i}", smtp_server.port, tmp_path) for i in range(2)]
    try:
        _wait(
            lambda: Message.objects.filter(kind="check_in", status=MessageStatus.SENT).count() == 10_000,
            600,
            "ten thousand deliveries",
        )
    finally:
        for w in workers:
            assert w.stop() == 0, "".join(w.log)[-3000:]
    ids = Counter(m["X-Vivier-Id"] for m in smtp.messages)
    assert len(ids) == 10_000 and max(ids.values()) == 1, "a message was delivered twice or not at all"
    by_worker = Counter(Message.objects.filter(kind="check_in").values_list("claimed_by", flat=True))
    assert set(by_worker) == {"pg-worker-0", "pg-worker-1"}, by_worker
