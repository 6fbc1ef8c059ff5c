"""A real SMTP server for the outreach tests: aiosmtpd on 127.0.0.1, on a free port, keeping what it gets."""

from __future__ import annotations

import email
import logging
import socket
import threading
from email import policy

import pytest
from aiosmtpd.controller import Controller


class SmtpSink:
    """Accepts everything, except recipients matching a rule in `replies` (substring -> SMTP reply)."""

    def __init__(self) -> None:
        self.received: list[tuple[tuple, str, list[str], bytes]] = []
        self.replies: dict[str, str] = {}
        self.on_data = None  # called (in the server's thread) for each message, before answering
        self.lock = threading.Lock()

    def reset(self) -> None:
        with self.lock:
            self.received.clear()
        self.replies.clear()
        self.on_data = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        for needle, reply in self.replies.items():
            if needle in address:
                return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.on_data is not None:
            self.on_data()
        with self.lock:
            self.received.append(
                (session.peer, envelope.mail_from, list(envelope.rcpt_tos), envelope.content)
            )
        return "250 Message accepted for delivery"

    @property
    def messages(self) -> list[email.message.EmailMessage]:
        with self.lock:
            return [
                email.message_from_bytes(content, policy=policy.default) for *_x, content in self.received
            ]

    @property
    def connections(self) -> int:
        with self.lock:
            return len({peer for peer, *_x in self.received})


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def smtp_server():
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    sink = SmtpSink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller
    controller.stop()


@pytest.fixture
def smtp(smtp_server, settings) -> SmtpSink:
    """The SMTP sink, empty, with Django sending to it."""
    sink: SmtpSink = smtp_server.handler
    sink.reset()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = smtp_server.hostname
    settings.EMAIL_PORT = smtp_server.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    settings.BASE_URL = "https://vivier.agence.example"
    yield sink
    sink.reset()


@pytest.fixture
def worker_factory():
    from vivier.outreach.worker import Worker, WorkerConfig

    def build(worker_id: str = "test-worker", grace: int = 600) -> Worker:
        return Worker(WorkerConfig(worker_id=worker_id, poll=0.01, grace=grace))

    return build
