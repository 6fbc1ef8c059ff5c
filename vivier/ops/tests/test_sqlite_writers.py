"""Two writers at once on a SQLite file: each waits for the other instead of failing with "database is locked".

The connections are set up by settings.DATABASES (WAL, a busy timeout, BEGIN IMMEDIATE); the worker's daily
sweep used to fail anyway because it wrote while a chunked read of its own was still open (a connection that
holds a read snapshot cannot wait for the write lock: SQLite answers "locked" at once when another
connection has committed since).
"""

from __future__ import annotations

import threading
from unittest import mock

import pytest
from django.db import connection, connections, transaction

from vivier.outreach.models import Message
from vivier.privacy.services import retention
from vivier.talent.models import Candidate

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'sqlite'", reason="SQLite's locking"),
]


def _in_thread(target) -> list[BaseException]:
    """Run target in a thread of its own (hence on a connection of its own); the exceptions it raised."""
    errors: list[BaseException] = []

    def run():
        try:
            target()
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            errors.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, errors


def test_connections_wait_for_the_lock_in_wal_mode():
    with connection.cursor() as cur:
        cur.execute("PRAGMA journal_mode")
        assert cur.fetchone()[0] == "wal"
        cur.execute("PRAGMA busy_timeout")
        assert cur.fetchone()[0] >= 20_000
    assert connection.transaction_mode == "IMMEDIATE"


def test_two_threads_reading_then_writing_at_once_both_succeed(make):
    """Read-then-write transactions (what every service does) on two connections, interleaved: with a
    deferred BEGIN the second writer's upgrade from reader fails at once; with IMMEDIATE it waits."""
    candidate = make.candidate()
    barrier = threading.Barrier(2)

    def writer(label: str):
        barrier.wait()
        for i in range(30):
            with transaction.atomic():
                row = Candidate.objects.get(pk=candidate.pk)  # a read first: the transaction's snapshot
                Candidate.objects.filter(pk=row.pk).update(city=f"{label}{i}")

    threads = [_in_thread(lambda label=label: writer(label)) for label in ("a", "b")]
    for thread, _errors in threads:
        thread.join(60)
    assert [e for _t, errors in threads for e in errors] == []


def test_the_daily_sweep_plans_notices_while_another_connection_writes(make):
    """plan_notices reads the candidates in chunks and plans a message for some: a write by another connection
    between two of its own writes (the CLI, the web) made the next one fail with "database is locked"."""
    owed = [make.candidate(source="LinkedIn") for _ in range(3)]
    # More rows than one chunk of the sweep's read, none of them owed a notice (they applied themselves).
    Candidate.objects.bulk_create(
        Candidate(first_name="Self", last_name=str(i), email=f"self{i}@exemple.fr", source="candidature")
        for i in range(retention.NOTICE_CHUNK + 20)
    )
    other = make.candidate(source="candidature")
    real_needs_notice = retention.needs_notice
    calls = []

    def needs_notice_while_someone_writes(candidate):
        calls.append(candidate.pk)
        if len(calls) == 2:  # between the first planned notice and the second: another connection commits
            thread, errors = _in_thread(
                lambda: Candidate.objects.filter(pk=other.pk).update(city="Écrit par la CLI")
            )
            thread.join(30)
            assert errors == []
        return real_needs_notice(candidate)

    with mock.patch.object(retention, "needs_notice", needs_notice_while_someone_writes):
        planned = retention.plan_notices(retention.timezone.now())
    assert planned == 3
    assert Message.objects.filter(kind="information_notice", candidate__in=owed).count() == 3
    assert Candidate.objects.get(pk=other.pk).city == "Écrit par la CLI"
