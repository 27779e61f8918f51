"""HTTP for `fetch`: one origin, credentials sent only there, rate limits honoured, answers bounded.

urllib3 (already installed with Material, through requests) does the connections; this module adds what a
polite, safe exporter needs on top: HTTPS only (plain HTTP for loopback test servers), redirects followed
by hand so the Authorization header never leaves the help centre's origin, 429/503 retried after
`Retry-After` a bounded number of times, and every body read with a size limit.
"""

from __future__ import annotations

import base64
import email.utils
import ipaddress
import json
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from .fetch_files import PARTIAL

EMAIL_VAR = "ZENDESK_EMAIL"
API_TOKEN_VAR = "ZENDESK_API_TOKEN"
OAUTH_VAR = "ZENDESK_OAUTH_TOKEN"
LOOPBACK_NAMES = frozenset({"localhost"})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
RETRY_STATUSES = frozenset({429, 503})  # Zendesk sends Retry-After with both
MAX_REDIRECTS = 5
CHUNK = 64 * 1024
USER_AGENT = "helpcentre-zendesk-fetch"
JSON, ANY = "application/json", "*/*"  # Accept: a file download must not ask for JSON


class FetchError(Exception):
    """A refusal or failure the person running the command can act on: what happened, then what to do."""

    def __init__(self, message: str, fix: str = "", status: int | None = None, too_big: bool = False):
        self.message, self.fix, self.status, self.too_big = message, fix, status, too_big
        super().__init__(f"{message} — {fix}" if fix else message)


@dataclass(frozen=True)
class Token:
    """The Authorization header value. `repr` hides it so it cannot reach a log or a traceback by accident."""

    authorization: str = field(repr=False)
    source: str  # which environment variables it came from, for messages

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Token | None:
        env = os.environ if environ is None else environ
        email, api_token, oauth = (
            env.get(name, "").strip() for name in (EMAIL_VAR, API_TOKEN_VAR, OAUTH_VAR)
        )
        if oauth and (email or api_token):
            raise FetchError(
                f"both {OAUTH_VAR} and {EMAIL_VAR}/{API_TOKEN_VAR} are set",
                "unset one of them, so it is clear which account reads the help centre",
            )
        if oauth:
            return cls(f"Bearer {oauth}", OAUTH_VAR)
        if bool(email) != bool(api_token):
            missing = API_TOKEN_VAR if email else EMAIL_VAR
            raise FetchError(
                f"{missing} is not set", f"API-token sign-in needs both {EMAIL_VAR} and {API_TOKEN_VAR}"
            )
        if not email:
            return None
        # Zendesk's API-token scheme: HTTP Basic with the user "email/token" and the token as password.
        pair = base64.b64encode(f"{email}/token:{api_token}".encode()).decode("ascii")
        return cls(f"Basic {pair}", f"{EMAIL_VAR} and {API_TOKEN_VAR}")


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_url(url: str, what: str = "the address") -> None:
    """HTTPS only: the token travels in every request. Plain HTTP is allowed for loopback test servers."""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise FetchError(f"{what} {url!r} is not a web address", "give it as https://SUBDOMAIN.zendesk.com")
    if parts.username or parts.password:
        raise FetchError(
            f"{what} has a user name or password in it",
            f"remove it and set {EMAIL_VAR} and {API_TOKEN_VAR} (or {OAUTH_VAR}) instead",
        )
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        raise FetchError(
            f"{what} {url} is plain HTTP", "use https:// (HTTP is only for loopback test servers)"
        )


def help_centre_origin(base_url: str) -> str:
    """`https://SUBDOMAIN.zendesk.com` (or a host-mapped domain) → its origin; a path or query is refused."""
    url = base_url.strip()
    check_url(url)
    parts = urlsplit(url)
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise FetchError(
            f"{base_url} has a path or query",
            f"give the help centre's address only: {parts.scheme}://{parts.netloc}",
        )
    return origin_of(url)


@dataclass(frozen=True)
class Limits:
    max_json_bytes: int = 64 * 1024 * 1024  # a page of 100 long articles is a few MB
    max_file_bytes: int = 50 * 1024 * 1024  # Zendesk caps an attachment at 20 MB
    max_retries: int = 5  # tries after the first, per request, for 429/503 and dropped connections
    max_wait: float = 300.0  # the longest Retry-After obeyed, in seconds
    timeout: float = 60.0  # connect and read, per request


@dataclass
class Answer:
    status: int
    url: str
    headers: Mapping[str, str]
    response: Any  # urllib3's response, body not yet read


class Client:
    """GETs against one help centre; `requests` counts what went over the wire (for the summary)."""

    def __init__(
        self,
        origin: str,
        token: Token | None,
        *,
        limits: Limits | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.origin, self.token, self.sleep = origin, token, sleep
        self.limits = limits or Limits()
        self.requests = 0
        import urllib3  # here, not at the top: every `helpcentre` command imports this module's CLI

        timeout = urllib3.Timeout(connect=self.limits.timeout, read=self.limits.timeout)
        self.pool = urllib3.PoolManager(timeout=timeout, retries=False)

    def get_json(self, url: str) -> dict:
        answer = self._get(url, JSON)
        body = _read_bounded(answer, self.limits.max_json_bytes)
        try:
            data = json.loads(body)
        except ValueError:
            kind = answer.headers.get("content-type", "no content type")
            raise FetchError(
                f"the answer from {answer.url} is not JSON ({kind})",
                "check the address is the help centre itself (https://SUBDOMAIN.zendesk.com), "
                "not a sign-in page or another site",
            ) from None
        if not isinstance(data, dict):
            raise FetchError(f"the answer from {answer.url} is JSON but not an object", "is this Zendesk?")
        return data

    def download(self, url: str, target: Path) -> tuple[int, str]:
        """Streams `url` into `target` through a temporary file; returns (bytes, content type)."""
        answer = self._get(url, ANY)
        partial = target.with_name(target.name + PARTIAL)
        size = 0
        try:
            with partial.open("wb") as out:
                for chunk in _chunks(answer, self.limits.max_file_bytes):
                    size += len(chunk)
                    out.write(chunk)
            partial.replace(target)
        finally:
            partial.unlink(missing_ok=True)
        return size, answer.headers.get("content-type", "")

    def _get(self, url: str, accept: str) -> Answer:
        for attempt in range(self.limits.max_retries + 1):
            answer = self._follow(url, accept)
            if answer.status in (401, 403) and self.token is None:
                answer.response.drain_conn()
                raise FetchError(
                    f"{answer.url}: the help centre wants a signed-in account (HTTP {answer.status})",
                    f"set {EMAIL_VAR} and {API_TOKEN_VAR} (or {OAUTH_VAR}) for an agent or admin",
                    status=answer.status,
                )
            if answer.status not in RETRY_STATUSES:
                return _checked(answer)
            answer.response.drain_conn()
            self._wait(answer, attempt)
        raise FetchError(
            f"{url} still answers HTTP {answer.status} (rate limited) after "
            f"{self.limits.max_retries + 1} tries",
            "wait a few minutes and run the same command again: it goes on where it stopped",
            status=answer.status,
        )

    def _wait(self, answer: Answer, attempt: int) -> None:
        if attempt == self.limits.max_retries:
            return
        wait = retry_after(answer.headers.get("retry-after"), default=min(2.0**attempt, 60.0))
        if wait > self.limits.max_wait:
            raise FetchError(
                f"{answer.url} asks to wait {wait:.0f} s before the next request (HTTP {answer.status})",
                f"that is longer than the {self.limits.max_wait:.0f} s this command waits: "
                "run it again later, it goes on where it stopped",
                status=answer.status,
            )
        self.sleep(wait)

    def _follow(self, url: str, accept: str) -> Answer:
        """One GET, following redirects by hand: each hop is checked and credentials stay on our origin."""
        for _hop in range(MAX_REDIRECTS + 1):
            check_url(url, "a link in the help centre's answer,")
            response = self._send(url, accept)
            if response.status not in REDIRECT_STATUSES or not response.headers.get("location"):
                return Answer(response.status, url, response.headers, response)
            response.drain_conn()
            url = urljoin(url, response.headers["location"])
        raise FetchError(f"more than {MAX_REDIRECTS} redirects from {url}", "check the help centre's address")

    def _send(self, url: str, accept: str) -> Any:
        from urllib3.exceptions import HTTPError

        headers = {"Accept": accept, "User-Agent": USER_AGENT}
        if self.token and origin_of(url) == self.origin:
            headers["Authorization"] = self.token.authorization
        for attempt in range(self.limits.max_retries + 1):
            self.requests += 1
            try:
                return self.pool.request("GET", url, headers=headers, preload_content=False, redirect=False)
            except HTTPError as exc:
                if attempt == self.limits.max_retries:
                    raise FetchError(
                        f"could not reach {urlsplit(url).netloc}: {_reason(exc)}",
                        "check the address and the network; run the command again to go on where it stopped",
                    ) from None
                self.sleep(min(2.0**attempt, 30.0))
        raise AssertionError("unreachable")


def retry_after(value: str | None, default: float) -> float:
    """Seconds from a Retry-After header: a number of seconds or an HTTP date (RFC 9110, 10.2.3)."""
    if not value:
        return default
    try:
        return max(0.0, float(value.strip()))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return default
    return max(0.0, when.timestamp() - time.time())


HINTS = {
    401: (
        "the help centre did not accept the credentials (HTTP 401)",
        f"check {EMAIL_VAR} and {API_TOKEN_VAR} (token access must be on in Admin Center › Apps and "
        f"integrations › Zendesk API) or {OAUTH_VAR}",
    ),
    403: (
        "the account may not read this (HTTP 403)",
        "use an agent or admin account that can see every article in Guide "
        "(restricted and draft articles are only listed for them)",
    ),
    404: (
        "nothing there (HTTP 404)",
        "check the address is the help centre's, e.g. https://SUBDOMAIN.zendesk.com (with several brands: "
        "the brand's subdomain), and that Guide is enabled",
    ),
}


def _checked(answer: Answer) -> Answer:
    if answer.status < 400:
        return answer
    answer.response.drain_conn()
    if answer.status in HINTS:
        message, fix = HINTS[answer.status]
        raise FetchError(f"{answer.url}: {message}", fix, status=answer.status)
    raise FetchError(
        f"{answer.url} answered HTTP {answer.status}",
        "try again later; the command goes on where it stopped",
        status=answer.status,
    )


def _chunks(answer: Answer, limit: int):
    declared = answer.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        answer.response.drain_conn()
        raise _too_big(answer.url, limit)
    read = 0
    for chunk in answer.response.stream(CHUNK):
        read += len(chunk)
        if read > limit:
            answer.response.release_conn()
            raise _too_big(answer.url, limit)
        yield chunk
    answer.response.release_conn()


def _read_bounded(answer: Answer, limit: int) -> bytes:
    return b"".join(_chunks(answer, limit))


def _too_big(url: str, limit: int) -> FetchError:
    return FetchError(
        f"the answer from {url} is larger than {limit // (1024 * 1024)} MB",
        "that is more than a help centre's page or attachment should be: check the address",
        too_big=True,
    )


def _reason(exc: Exception) -> str:
    reason = getattr(exc, "reason", None) or exc
    return str(reason).split(": ", 1)[-1][:200]
