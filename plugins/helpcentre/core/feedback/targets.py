"""Where contact requests go: the support mailbox over SMTP, and/or a webhook that takes JSON.

Both are plain blocking clients (smtplib, urllib) run in a worker thread by delivery.py. A send either
returns (the target has the request) or raises `NotDelivered` with a one-line reason for the log.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr
from urllib import error, parse, request

from .manifest import Manifest

log = logging.getLogger("helpcentre.feedback")
PASSWORD_ENV = "HELPCENTRE_SMTP_PASSWORD"
TIMEOUT = 30  # seconds for a connection, and for each read or write on it
SCHEMES = {"smtp": 25, "smtps": 465}


class NotDelivered(Exception):
    """The target does not have the request: it stays pending and is retried later."""


def message_id(request_id: str) -> str:
    """Stable across retries: a help desk that sees the same Message-ID twice can drop the second."""
    return f"<{request_id}@helpcentre>"


@dataclass(frozen=True)
class SmtpServer:
    host: str
    port: int
    implicit_tls: bool = False  # smtps://
    starttls: bool = False  # smtp://…?starttls=1
    user: str | None = None
    password: str | None = None

    @classmethod
    def parse(cls, url: str, environ: Mapping[str, str] | None = None) -> SmtpServer:
        """`smtp://[user[:password]@]host[:port][?starttls=1]` or `smtps://…`; ValueError says what is wrong.
        A user without a password in the URL takes it from HELPCENTRE_SMTP_PASSWORD."""
        env: Mapping[str, str] = os.environ if environ is None else environ
        parts = parse.urlsplit(url)
        if parts.scheme not in SCHEMES or not parts.hostname:
            raise ValueError(f"--smtp {_hide_password(url)}: expected smtp://host:port or smtps://host:port")
        query = parse.parse_qs(parts.query)
        if set(query) - {"starttls"}:
            raise ValueError(f"--smtp: unknown option(s) {', '.join(sorted(set(query) - {'starttls'}))}")
        starttls = query.get("starttls", ["0"])[-1] in ("1", "true", "yes")
        if starttls and parts.scheme == "smtps":
            raise ValueError("--smtp: smtps:// is TLS from the start; ?starttls=1 goes with smtp://")
        user = parse.unquote(parts.username) if parts.username else None
        password = parse.unquote(parts.password) if parts.password else env.get(PASSWORD_ENV)
        if user and not password:
            raise ValueError(f"--smtp names user {user!r} but no password: put it in {PASSWORD_ENV}")
        port = parts.port or SCHEMES[parts.scheme]
        return cls(parts.hostname, port, parts.scheme == "smtps", starttls, user, password)

    def connect(self) -> smtplib.SMTP:
        if self.implicit_tls:
            client: smtplib.SMTP = smtplib.SMTP_SSL(self.host, self.port, timeout=TIMEOUT, context=_tls())
        else:
            client = smtplib.SMTP(self.host, self.port, timeout=TIMEOUT)
        if self.starttls:
            client.starttls(context=_tls())
        if self.user:
            client.login(self.user, self.password or "")
        return client


@functools.cache
def _tls() -> ssl.SSLContext:
    """Made once: loading the system's certificate authorities takes tens of milliseconds."""
    return ssl.create_default_context()


def _hide_password(url: str) -> str:
    parts = parse.urlsplit(url)
    if parts.password:
        return url.replace(f":{parts.password}@", ":***@", 1)
    return url


@dataclass(frozen=True)
class Request:
    """A stored contact request as the targets see it."""

    id: str
    lang: str
    topic: str | None
    subject: str
    message: str
    email: str
    page: str | None
    opened: list[str]
    created_at: datetime

    @classmethod
    def from_row(cls, row: dict, created_at: datetime) -> Request:
        opened = json.loads(row["suggestions"] or "[]")
        fields = ("lang", "topic", "subject", "message", "email", "page")
        return cls(
            row["request_id"], **{key: row[key] for key in fields}, opened=opened, created_at=created_at
        )


def link(manifest: Manifest, url: str) -> str:
    """A site-relative URL as a link the support team can open (as it is when the build had no site_url)."""
    return f"{manifest.site_url.rstrip('/')}/{url}" if manifest.site_url else url


def topic_title(manifest: Manifest, item: Request) -> str | None:
    if item.topic is None:
        return None
    return manifest.categories.get(item.lang, {}).get(item.topic, item.topic)


@dataclass(frozen=True)
class SmtpTarget:
    server: SmtpServer
    to: tuple[str, ...]
    sender: str
    manifest: Manifest
    name: str = "smtp"

    def compose(self, item: Request) -> EmailMessage:
        mail = EmailMessage()  # its header policy refuses CR/LF in a header value: a second guard
        mail["From"] = formataddr(("Help centre", self.sender))
        mail["To"] = ", ".join(self.to)
        mail["Reply-To"] = item.email  # answering the ticket answers the customer
        mail["Subject"] = item.subject
        mail["Message-ID"] = message_id(item.id)
        mail["Date"] = format_datetime(item.created_at)
        mail["X-Helpcentre-Request-Id"] = item.id
        mail.set_content(self._body(item))
        mail["Content-Language"] = item.lang  # after set_content, which replaces every Content-* header
        return mail

    def _body(self, item: Request) -> str:
        title = topic_title(self.manifest, item)
        lines = [item.message, "", "-- ", f"From: {item.email}", f"Language: {item.lang}"]
        lines.append(f"Topic: {title} ({item.topic})" if title else "Topic: (none chosen)")
        if item.page:
            lines.append(f"Written from: {link(self.manifest, item.page)}")
        if item.opened:
            lines.append("Articles suggested and opened before writing:")
            lines += [f"- {link(self.manifest, url)}" for url in item.opened]
        else:
            lines.append("Articles opened before writing: none")
        lines.append(f"Request id: {item.id}")
        return "\n".join(lines) + "\n"

    def send(self, item: Request) -> None:
        try:
            with self.server.connect() as client:
                refused = client.send_message(self.compose(item), self.sender, list(self.to))
        except (OSError, smtplib.SMTPException) as exc:
            raise NotDelivered(f"SMTP {self.server.host}:{self.server.port}: {_first_line(exc)}") from None
        if refused:  # some recipients took it: sending again would give them a copy each time
            log.error("contact request %s: the SMTP server refused %s: check --contact-to", item.id, refused)


@dataclass(frozen=True)
class WebhookTarget:
    url: str
    manifest: Manifest
    name: str = "webhook"

    def payload(self, item: Request) -> dict:
        return {
            "id": item.id,
            "lang": item.lang,
            "topic": item.topic,
            "topic_title": topic_title(self.manifest, item),
            "subject": item.subject,
            "message": item.message,
            "email": item.email,
            "page": link(self.manifest, item.page) if item.page else None,
            "suggestions_opened": [link(self.manifest, url) for url in item.opened],
            "created_at": item.created_at.isoformat(),
        }

    def send(self, item: Request) -> None:
        body = json.dumps(self.payload(item), ensure_ascii=False).encode()
        headers = {
            "Content-Type": "application/json",
            "Idempotency-Key": item.id,  # the same on every retry: the receiving end can drop repeats
            "User-Agent": "helpcentre-receiver",
        }
        try:
            with request.urlopen(request.Request(self.url, body, headers, method="POST"), timeout=TIMEOUT):
                return
        except error.HTTPError as exc:
            raise NotDelivered(f"webhook answered {exc.code} {exc.reason}") from None
        except (OSError, ValueError) as exc:
            # The host only: a webhook URL often carries its secret token in the path or query.
            host = parse.urlsplit(self.url).hostname
            raise NotDelivered(f"webhook at {host}: {_first_line(exc)}") from None


def check_webhook(url: str) -> str:
    parts = parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"--contact-webhook {url}: expected an http:// or https:// URL")
    return url


def _first_line(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text.splitlines()[0][:200]
