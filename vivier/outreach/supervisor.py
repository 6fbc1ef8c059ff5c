"""A small process supervisor for `vivier run`: keeps the web server and the worker alive on one machine.

A child that dies is logged and restarted after a back-off (1 s doubling to 30 s; back to 1 s once a child has
stayed up 60 s). SIGTERM or SIGINT forwards SIGTERM to every child, waits for them, and returns 0.
Independent of Django, so it is tested with plain `python -c` children.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

logger = logging.getLogger("vivier.run")


@dataclass
class Child:
    name: str
    argv: Sequence[str]
    env: dict[str, str] | None = None
    process: subprocess.Popen | None = None
    started_at: float = 0.0
    restart_at: float | None = None
    backoff: float = 0.0
    restarts: int = 0
    deaths: list[int] = field(default_factory=list)  # exit codes, for tests and logs


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    # Linux: if `vivier run` is killed outright, its children get SIGTERM instead of living on as orphans.
    with contextlib.suppress(Exception):  # best effort only
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


class Supervisor:
    def __init__(
        self,
        children: Sequence[Child],
        *,
        min_backoff: float = 1.0,
        max_backoff: float = 30.0,
        healthy_after: float = 60.0,
        stop_timeout: float = 30.0,
        tick: float = 0.2,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.children = list(children)
        self.min_backoff = min_backoff
        self.max_backoff = max_backoff
        self.healthy_after = healthy_after
        self.stop_timeout = stop_timeout
        self.tick = tick
        self.clock = clock
        self._stop = threading.Event()
        for child in self.children:
            child.backoff = min_backoff

    def stop(self, *_args) -> None:
        self._stop.set()

    def install_signal_handlers(self) -> None:
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)

    def start(self, child: Child) -> None:
        # Own process group: a Ctrl-C in the terminal reaches only us, and we stop the children in order.
        child.process = subprocess.Popen(  # noqa: S603 - argv built by us, no shell
            list(child.argv),
            env=child.env,
            process_group=0,
            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,  # noqa: PLW1509
        )
        child.started_at = self.clock()
        child.restart_at = None
        logger.info("child started", extra={"child": child.name, "pid": child.process.pid})

    def check(self) -> None:
        """One pass: notice children that died, restart those whose back-off is over."""
        now = self.clock()
        for child in self.children:
            if child.process is not None:
                code = child.process.poll()
                if code is None:
                    continue
                uptime = now - child.started_at
                if uptime >= self.healthy_after:
                    child.backoff = self.min_backoff
                delay = child.backoff
                child.backoff = min(child.backoff * 2, self.max_backoff)
                child.deaths.append(code)
                child.restart_at = now + delay
                logger.error(
                    "child died",
                    extra={
                        "child": child.name,
                        "pid": child.process.pid,
                        "returncode": code,
                        "uptime": round(uptime, 3),
                        "restart_in": delay,
                    },
                )
                child.process = None
            elif child.restart_at is not None and now >= child.restart_at and not self._stop.is_set():
                child.restarts += 1
                self.start(child)

    def run(self) -> int:
        for child in self.children:
            self.start(child)
        try:
            while not self._stop.is_set():
                self.check()
                self._stop.wait(self.tick)
        finally:
            self.shutdown()
        return 0

    def shutdown(self) -> None:
        running = [c for c in self.children if c.process is not None and c.process.poll() is None]
        for child in running:
            logger.info("stopping child", extra={"child": child.name, "pid": child.process.pid})
            with contextlib.suppress(ProcessLookupError):
                child.process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + self.stop_timeout
        for child in running:
            try:
                child.process.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                logger.error(
                    "child did not stop in time, killing it",
                    extra={"child": child.name, "pid": child.process.pid},
                )
                child.process.kill()
                child.process.wait()
            logger.info("child stopped", extra={"child": child.name, "returncode": child.process.returncode})


def python_child(name: str, *args: str, env: dict[str, str] | None = None) -> Child:
    return Child(name=name, argv=[sys.executable, *args], env=env if env is not None else dict(os.environ))
