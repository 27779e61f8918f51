"""Which files an article uses, and where `fetch` saves them under `attachments/`.

Two sources: the Article Attachments API (inline images and the files listed under an article) and the
article bodies themselves (`<img src>`, and links to `/hc/…/article_attachments/…`). Bodies are untrusted
HTML: they are read with the standard library's tolerant parser, and URLs become file names only through
`file_name_for`, which keeps a fixed shape (`<digits>/<safe name>` or `other/<hash>/<safe name>`).
"""

from __future__ import annotations

import hashlib
from html.parser import HTMLParser
from itertools import pairwise
from urllib.parse import parse_qs, unquote, urljoin, urlsplit

ATTACHMENT_SEGMENT = "article_attachments"
TOKEN_PATH = "/attachments/token/"  # images pasted into Support, e.g. /attachments/token/abc/?name=x.png
ZENDESK_HOSTS = (".zendesk.com", ".zdusercontent.com")  # where a host-mapped help centre's files live
SAFE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
# A file being written ends so; `~` is not in SAFE, so no saved attachment (say `backup.part`) ends so too,
# and the end of a run can remove every leftover of a killed one by this name alone.
PARTIAL = "~partial"
MAX_NAME = 100


class _References(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "img" and values.get("src"):
            self.urls.append(values["src"] or "")
        elif tag == "a" and is_zendesk_file(values.get("href") or ""):
            self.urls.append(values["href"] or "")


def references(body: str) -> list[str]:
    """The image and attachment URLs of an article body, as written there, in order, once each."""
    parser = _References()
    parser.feed(body or "")
    parser.close()
    seen: dict[str, None] = {}
    for url in parser.urls:
        url = url.strip()
        if url and not url.startswith(("data:", "#")):
            seen.setdefault(url, None)
    return list(seen)


def is_zendesk_file(url: str) -> bool:
    """An attachment Zendesk stores: `/hc/…/article_attachments/<id>/…` or `/attachments/token/…`."""
    path = urlsplit(url).path
    return attachment_id(url) is not None or path.startswith(TOKEN_PATH)


def attachment_id(url: str) -> str | None:
    """`…/hc/article_attachments/123/x.png` or `…/hc/en-us/article_attachments/123/x.png` → "123"."""
    segments = urlsplit(url).path.split("/")
    for before, after in pairwise(segments):
        if before == ATTACHMENT_SEGMENT and after.isdigit() and after.isascii():
            return after
    return None


def absolute(url: str, origin: str) -> str:
    return urljoin(origin + "/", url)


def on_zendesk(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return host.endswith(ZENDESK_HOSTS) and is_zendesk_file(url)


def file_name_for(url: str, name_hint: str = "") -> str:
    """A relative path under `attachments/`, the same for every spelling of one Zendesk attachment."""
    parts = urlsplit(url)
    named = parse_qs(parts.query).get("name", [""])[0]  # /attachments/token/…/?name=screenshot.png
    name = safe_name(name_hint or named or unquote(parts.path.rsplit("/", 1)[-1]))
    if (number := attachment_id(url)) is not None:
        return f"{number}/{name}"
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]
    return f"other/{digest}/{name}"


def safe_name(name: str) -> str:
    """Letters, digits, `.`, `_`, `-` only; never empty, never hidden, never `..`; the suffix kept."""
    cleaned = "".join(ch if ch in SAFE else "-" for ch in name).strip("-.") or "file"
    if len(cleaned) > MAX_NAME:
        stem, dot, suffix = cleaned.rpartition(".")
        cleaned = (stem[: MAX_NAME - len(suffix) - 1] + "." + suffix) if dot and len(suffix) < 10 else cleaned
        cleaned = cleaned[:MAX_NAME]
    return cleaned
