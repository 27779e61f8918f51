"""The contact requests' real targets on loopback: an SMTP server (aiosmtpd) and an HTTP webhook receiver.

Both record what they got and let a test wait for it with a timeout (a condition, not a sleep).
"""

from __future__ import annotations

import json
import threading
import time
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from conftest import free_port

WAIT = 30.0  # seconds a test waits for a delivery before failing


class Inbox:
    """What arrived, with a condition to wait on."""

    def __init__(self):
        self.items: list = []
        self.arrived = threading.Condition()

    def add(self, item) -> None:
        with self.arrived:
            self.items.append(item)
            self.arrived.notify_all()

    def wait_for(self, count: int, timeout: float = WAIT) -> list:
        with self.arrived:
            if not self.arrived.wait_for(lambda: len(self.items) >= count, timeout):
                raise AssertionError(f"{len(self.items)} of {count} deliveries arrived in {timeout} s")
            return list(self.items)


class _Handler:
    def __init__(self, inbox: Inbox):
        self.inbox = inbox

    async def handle_DATA(self, _server, _session, envelope) -> str:
        mail = message_from_bytes(envelope.original_content, policy=policy.default)
        self.inbox.add((envelope.mail_from, list(envelope.rcpt_tos), mail))
        return "250 Message accepted for delivery"


class SmtpServer:
    """aiosmtpd on 127.0.0.1; stop() and start() again keep the port and the inbox (a mail server restart).
    With `login` = (user, password) it demands AUTH PLAIN/LOGIN with those (over plain TCP: loopback)."""

    def __init__(self, login: tuple[str, str] | None = None):
        self.port, self.inbox, self.login, self.controller = free_port(), Inbox(), login, None

    def _authenticate(self, _server, _session, _envelope, _mechanism, auth_data) -> AuthResult:
        given = (auth_data.login.decode(), auth_data.password.decode())
        return AuthResult(success=given == self.login)

    def start(self) -> SmtpServer:
        options = {"auth_required": True, "auth_require_tls": False} if self.login else {}
        self.controller = Controller(
            _Handler(self.inbox),
            hostname="127.0.0.1",
            port=self.port,
            authenticator=self._authenticate if self.login else None,
            **options,
        )
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def mails(self, count: int) -> list[EmailMessage]:
        return [mail for _, _, mail in self.inbox.wait_for(count)]


class Webhook:
    """An HTTP server taking JSON POSTs; the first `failures` get a 500, as from a help desk that is down."""

    def __init__(self, failures: int = 0):
        self.inbox, self.failures = Inbox(), failures
        self.answered = 0
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                hook.answered += 1
                failing = hook.answered <= hook.failures
                hook.inbox.add((dict(self.headers), json.loads(body), failing))
                self.send_response(500 if failing else 200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *_args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> Webhook:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hooks/helpcentre?token=s3cret"


def wait_until(condition, timeout: float = WAIT, what: str = "the condition"):
    """Polls `condition` (e.g. a database query) until it returns something true."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if found := condition():
            return found
        time.sleep(0.05)
    raise AssertionError(f"{what} did not happen within {timeout} s")
