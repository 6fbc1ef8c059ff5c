"""A real HTTP receiver for the webhook tests (http.server on 127.0.0.1, in a thread), and endpoint builders."""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from vivier.webhooks import subscriptions


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Reply:
    status: int = 200
    body: bytes = b'{"ok": true}'
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)


class Receiver:
    """Records every POST; answers with the queued replies in order, then 200."""

    def __init__(self, server: ThreadingHTTPServer) -> None:
        self.server = server
        self.received: list[Received] = []
        self.replies: list[Reply] = []
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/hooks/vivier"

    def reply(self, status: int = 200, body: bytes = b"", delay: float = 0.0, **headers: str) -> None:
        self.replies.append(Reply(status, body, delay, headers))

    def reset(self) -> None:
        with self.lock:
            self.received.clear()
            self.replies.clear()


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        receiver: Receiver = self.server.receiver
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        with receiver.lock:
            receiver.received.append(Received(self.path, dict(self.headers.items()), body))
            reply = receiver.replies.pop(0) if receiver.replies else Reply()
        if reply.delay:
            time.sleep(reply.delay)
        try:
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            self.wfile.write(reply.body)
        except OSError:  # the client gave up (a timeout test)
            pass

    def log_message(self, *args) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        pass  # a client that hung up on purpose is not an error here


@pytest.fixture(scope="session")
def _http_server():
    server = _Server(("127.0.0.1", 0), _Handler)
    server.receiver = Receiver(server)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def receiver(_http_server) -> Receiver:
    receiver: Receiver = _http_server.receiver
    receiver.reset()
    yield receiver
    receiver.reset()


@pytest.fixture
def closed_port_url() -> str:
    """An address where nothing listens: the connection is refused."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/hooks"


@pytest.fixture(autouse=True)
def _fresh_subscriptions():
    """Each test starts and ends with the per-process memo forgotten (rolled-back endpoints leave no trace)."""
    subscriptions._forget_now()
    yield
    subscriptions._forget_now()


@pytest.fixture
def endpoint_for(admin):
    """endpoint_for(url, events=[...]): an endpoint created by the admin through the service."""
    from vivier.webhooks.models import SUBSCRIBABLE
    from vivier.webhooks.services import webhook_endpoint_create

    def build(url: str, events=None, **kw):
        return webhook_endpoint_create(
            by=admin, url=url, events=list(events or [e.value for e in SUBSCRIBABLE]), **kw
        )

    return build


@pytest.fixture
def fast_timeout(settings):
    settings.VIVIER_WEBHOOK_TIMEOUT = 0.3
    return 0.3
