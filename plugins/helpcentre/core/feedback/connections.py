"""uvicorn's HTTP protocol with the limits it lacks: a deadline for each request's head and body, a cap on
the head's size and on open connections.

uvicorn closes an idle keep-alive connection (`timeout_keep_alive`) but waits for ever for a request that
arrives slowly, and accepts connections until the process runs out of file descriptors: a few thousand
"slowloris" connections that send half a header and then nothing kept the receiver from answering
anyone. Here a connection gets `header_timeout` seconds from accepting (or from the first byte of a
follow-up request) to finish the request line and headers, then `body_timeout` seconds for the body;
a late client gets a 408 and the connection is closed. Time the application spends answering does not
count: the deadline ends when the request has arrived.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

MAX_HEAD = 16 * 1024  # bytes of request line and headers; what uvicorn's h11 allows by default


@dataclass(frozen=True)
class Limits:
    header_timeout: float = 10.0
    body_timeout: float = 10.0
    max_connections: int = 1000


def protocol_with(limits: Limits) -> type[HttpToolsProtocol]:
    """The protocol class to give uvicorn as `http=`."""
    return type("GuardedHttpToolsProtocol", (GuardedHttpToolsProtocol,), {"limits": limits})


def _answer(status: str, reason: str, retry_after: int | None = None) -> bytes:
    body = json.dumps({"ok": False, "error": reason}).encode()
    retry = f"retry-after: {retry_after}\r\n" if retry_after else ""
    return (
        f"HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {len(body)}\r\n{retry}"
        "connection: close\r\n\r\n"
    ).encode() + body


class GuardedHttpToolsProtocol(HttpToolsProtocol):
    limits = Limits()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.deadline = None  # the timer closing a late request
        self.phase = "idle"  # idle (between requests), head, body
        self.head_bytes = 0
        self.refused = False

    def connection_made(self, transport) -> None:
        if len(self.connections) >= self.limits.max_connections:
            # Refuse at once: the descriptor is freed now rather than when the client gives up.
            self.transport, self.refused = transport, True
            busy = "too many connections: try again in a few seconds"
            transport.write(_answer("503 Service Unavailable", busy, 5))
            transport.close()
            return
        super().connection_made(transport)
        self._arm(self.limits.header_timeout)

    def connection_lost(self, exc) -> None:
        self._disarm()
        if self.refused:
            return
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self.phase != "body":
            self.head_bytes += len(data)
            if self.head_bytes > MAX_HEAD:
                self._close_with(
                    "431 Request Header Fields Too Large",
                    f"the request line and headers are larger than {MAX_HEAD} bytes",
                )
                return
        super().data_received(data)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self.phase = "head"
        if self.deadline is None:  # a follow-up request on a kept-alive connection
            self._arm(self.limits.header_timeout)

    def on_headers_complete(self) -> None:
        self.phase, self.head_bytes = "body", 0
        self._arm(self.limits.body_timeout)
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        self.phase = "idle"
        self._disarm()
        super().on_message_complete()

    def _arm(self, seconds: float) -> None:
        self._disarm()
        self.deadline = self.loop.call_later(seconds, self._too_late, seconds)

    def _disarm(self) -> None:
        if self.deadline is not None:
            self.deadline.cancel()
            self.deadline = None

    def _too_late(self, seconds: float) -> None:
        self.deadline = None
        if self.phase == "idle":  # connected and sent nothing: nobody to answer
            self.transport.close()
            return
        part = "request line and headers" if self.phase == "head" else "request body"
        self._close_with("408 Request Timeout", f"the {part} did not arrive within {seconds:g} s")

    def _close_with(self, status: str, reason: str) -> None:
        if self.transport.is_closing():
            return
        answered = self.phase == "body" and self.cycle is not None and self.cycle.response_started
        if not answered:  # never a second answer to one request
            self.transport.write(_answer(status, reason))
        self.transport.close()
