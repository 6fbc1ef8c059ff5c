import os
import signal
import subprocess
import sys
import textwrap
import threading
import time

import pytest

from vivier.outreach.management.commands.run import bind_address, pending_migrations
from vivier.outreach.supervisor import Child, Supervisor, python_child


def _wait_for(predicate, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie still answers kill(0): look at its state.
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(") ", 1)[1][0] != "Z"
    except FileNotFoundError:
        return False


def test_it_restarts_a_dying_child_and_keeps_the_others(tmp_path):
    dying = python_child("dying", "-c", "import sys; sys.exit(1)")
    steady = python_child("steady", "-c", "import time; time.sleep(60)")
    supervisor = Supervisor([dying, steady], min_backoff=0.02, max_backoff=0.08, tick=0.005)
    thread = threading.Thread(target=supervisor.run)
    thread.start()
    try:
        _wait_for(lambda: len(dying.deaths) >= 4)
        steady_pid = steady.process.pid
    finally:
        supervisor.stop()
        thread.join(10)
    assert not thread.is_alive()
    assert set(dying.deaths) == {1} and dying.restarts >= 3
    assert dying.backoff == 0.08  # doubled up to the ceiling
    assert steady.deaths == [] and steady.restarts == 0
    assert not _alive(steady_pid)  # stopped with the supervisor


class FakeProcess:
    pid = 4242

    def __init__(self, code=None):
        self.code = code

    def poll(self):
        return self.code


def test_the_backoff_doubles_to_30_s_and_resets_after_a_healthy_minute():
    now = [1000.0]
    child = Child(name="web", argv=["true"])
    supervisor = Supervisor([child], clock=lambda: now[0])
    started = []
    supervisor.start = lambda c: (
        started.append(now[0]),
        setattr(c, "process", FakeProcess()),
        setattr(c, "started_at", now[0]),
        setattr(c, "restart_at", None),
    )
    supervisor.start(child)

    delays = []
    for uptime in (0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 61, 0.5):
        now[0] += uptime
        child.process.code = 1
        supervisor.check()
        delays.append(child.restart_at - now[0])
        supervisor.check()  # too early: still waiting
        assert child.process is None
        now[0] = child.restart_at
        supervisor.check()  # restarted
        assert child.process is not None
    assert delays == [1, 2, 4, 8, 16, 30, 30, 1, 2]


def test_sigterm_stops_the_children_and_exits_0(tmp_path):
    pid_file = tmp_path / "child.pid"
    script = textwrap.dedent(f"""
        import logging, sys
        logging.basicConfig(level=logging.INFO)
        from vivier.outreach.supervisor import Supervisor, python_child
        child = python_child("sleeper", "-c",
            "import os, time; open({str(pid_file)!r}, 'w').write(str(os.getpid())); time.sleep(60)")
        supervisor = Supervisor([child], tick=0.01)
        supervisor.install_signal_handlers()
        sys.exit(supervisor.run())
    """)
    proc = subprocess.Popen(  # noqa: S603
        [sys.executable, "-c", script], cwd=os.getcwd(), stderr=subprocess.PIPE, text=True
    )
    try:
        _wait_for(lambda: pid_file.exists() and pid_file.read_text().strip())
        child_pid = int(pid_file.read_text())
        assert _alive(child_pid)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
    assert not _alive(child_pid)
    assert "stopping child" in proc.stderr.read()


def test_it_binds_ipv6_addresses_in_brackets():
    assert bind_address("127.0.0.1", 8000) == "127.0.0.1:8000"
    assert bind_address("::1", 8000) == "[::1]:8000"


@pytest.mark.django_db
def test_the_test_database_has_no_pending_migration():
    assert pending_migrations() == 0
