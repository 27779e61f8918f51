"""`fetch_export`: save a live Zendesk Guide help centre as the export folder the importer reads.

The layout (handbook: writers/writer-tools.md, Fetching a Zendesk Guide help centre):

    categories-0001.json …   one Help Center API v2 response page each, as Zendesk sent it
    sections-0001.json …
    articles-0001.json …
    translations/{categories,sections,articles}/<id>.json   the item's {"translations": […]}, all pages
    attachments/<attachment id>/<file name>                  article attachments and inline images
    attachments/other/<hash>/<file name>                     other images on the help centre's own site
    attachments/api/<article id>.json                        the Article Attachments API's answer
    attachments/index.json                                   article → URL as written → saved file
    fetch-state.json                                         where a run is or stopped; never credentials

Every file is written to a temporary name and renamed, so a file that exists is complete: a second run
skips it and goes on where the first stopped. The folder is checked to belong to this help centre first.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from . import fetch_files
from .fetch_http import Client, FetchError, Limits, Token, check_url, help_centre_origin, origin_of

API = "/api/v2/help_center"
LISTINGS = ("categories", "sections", "articles")
ONE = {"categories": "category", "sections": "section", "articles": "article"}
PAGE_SIZE = 100  # Zendesk's largest page
MAX_PAGES = 9999  # the file names have four digits
STATE_FILE = "fetch-state.json"
ATTACHMENTS = "attachments"
INDEX_FILE = "index.json"
PARTIAL = fetch_files.PARTIAL
PROGRESS_EVERY = 200  # items between progress lines: a large help centre takes a while per item
GONE = frozenset({404, 410})  # an item deleted while we fetch: noted, not fatal

__all__ = ["FetchError", "FetchSummary", "Limits", "Token", "fetch_export"]


@dataclass
class FetchSummary:
    origin: str
    pages: dict[str, int] = field(default_factory=dict)  # listing pages per kind
    items: dict[str, int] = field(default_factory=dict)  # categories, sections, articles
    translations: int = 0  # translation files
    files: int = 0  # attachments and images saved
    not_downloaded: int = 0  # referenced but left as links (other sites, gone)
    reused: int = 0  # responses and files an earlier run had saved
    requests: int = 0
    warnings: list[str] = field(default_factory=list)


def fetch_export(
    base_url: str,
    out_dir: str | os.PathLike[str],
    token: Token | None = None,
    *,
    attachments: bool = True,
    limits: Limits | None = None,
    sleep: Callable[[float], None] = time.sleep,
    progress: Callable[[str], None] | None = None,
) -> FetchSummary:
    """Saves `base_url`'s categories, sections, articles, translations and attachments under `out_dir`.

    `token` (see `Token.from_env`) is sent to the help centre's origin only; without one, the export holds
    what anonymous visitors see. Raises FetchError with what to do; the state file then says where it
    stopped and the same call goes on from there.
    """
    origin = help_centre_origin(base_url)
    run = _Run(origin, Path(out_dir), Client(origin, token, limits=limits, sleep=sleep), progress)
    run.prepare()
    try:
        for kind in LISTINGS:
            run.listing(kind)
        for kind in LISTINGS:
            run.translations(kind)
        if attachments:
            run.attachments()
    except FetchError as exc:
        run.stopped(exc)
        raise
    except KeyboardInterrupt:
        run.stopped(FetchError("interrupted (Ctrl-C)", "run the same command again to go on"))
        raise
    run.finished()
    return run.summary


@dataclass(frozen=True)
class _Ref:
    url: str  # as written in the body or the API's content_url
    name: str = ""  # the Attachments API's file_name
    content_type: str = ""
    listed: bool = False  # Zendesk lists it as the article's attachment: download wherever it is stored


class _Run:
    def __init__(self, origin: str, out: Path, client: Client, progress: Callable[[str], None] | None):
        self.origin, self.out, self.client = origin, out, client
        self.say = progress or (lambda _message: None)
        self.summary = FetchSummary(origin)
        self.state: dict[str, Any] = {}
        self.failed: dict[str, str] = {}  # file → why its download failed in this run (not tried twice)

    # -- the folder and its state file --------------------------------------------------------------

    def prepare(self) -> None:
        state_path = self.out / STATE_FILE
        if state_path.is_file():
            previous = _load(state_path) or {}
            if previous.get("help_centre") != self.origin:
                raise FetchError(
                    f"{self.out} holds an export of {previous.get('help_centre') or 'another help centre'}",
                    f"fetch {self.origin} into a new folder",
                )
            if previous.get("finished"):
                self.say(
                    f"{self.out} is complete (fetched {previous.get('updated', '?')}): nothing is fetched "
                    "again but what is missing; for a fresh copy, fetch into a new folder"
                )
            else:
                self.say(f"{self.out}: going on from the run of {previous.get('updated', '?')}")
        elif self.out.exists() and (not self.out.is_dir() or any(self.out.iterdir())):
            raise FetchError(
                f"{self.out} is not empty and no earlier fetch wrote it",
                "give --out a new or empty folder (this command never overwrites files it did not write)",
            )
        self.state = {"version": 1, "help_centre": self.origin, "finished": False}
        self._save_state("starting", None)

    def _save_state(self, stage: str, url: str | None, **extra: Any) -> None:
        self.state.update(stage=stage, url=url, updated=datetime.now(UTC).isoformat(timespec="seconds"))
        self.state.update(extra)
        write_json(self.out / STATE_FILE, self.state)

    def stopped(self, error: FetchError) -> None:
        self._save_state(self.state.get("stage", "?"), self.state.get("url"), error=str(error))

    def finished(self) -> None:
        self.state.pop("error", None)
        self.summary.requests = self.client.requests
        self._save_state("done", None, finished=True, warnings=self.summary.warnings)
        for leftover in self.out.rglob("*" + PARTIAL):  # from a run killed mid-write: ours by name
            leftover.unlink(missing_ok=True)

    # -- categories, sections, articles -------------------------------------------------------------

    def listing(self, kind: str) -> None:
        url: str | None = f"{self.origin}{API}/{kind}.json?page[size]={PAGE_SIZE}"
        seen: set[str] = set()
        number = 0
        while url:
            number += 1
            if number > MAX_PAGES or url in seen:
                raise FetchError(f"the {kind} list does not end ({url})", "report this help centre's answer")
            seen.add(url)
            path = self.out / f"{kind}-{number:04d}.json"
            data = self._saved(path, kind) or self._fetch(kind, url, path)
            url = self._next(data, kind)
        self.summary.pages[kind] = number
        self.summary.items[kind] = sum(1 for _ in self.ids(kind))
        self.say(f"{kind}: {self.summary.items[kind]} in {number} {'page' if number == 1 else 'pages'}")

    def _fetch(self, kind: str, url: str, path: Path) -> dict:
        self._save_state(kind, url)
        data = self.client.get_json(url)
        if not isinstance(data.get(kind), list):
            raise FetchError(f"the answer from {url} has no {kind!r} list", "is this a Zendesk help centre?")
        write_json(path, data)
        return data

    def _saved(self, path: Path, key: str) -> dict | None:
        data = _load(path)
        if data is not None and isinstance(data.get(key), list):
            self.summary.reused += 1
            return data
        return None

    def _next(self, data: dict, what: str) -> str | None:
        """Cursor pagination (`meta.has_more`, `links.next`) or offset pagination (`next_page`)."""
        meta, links = data.get("meta"), data.get("links")
        if isinstance(meta, dict) and "has_more" in meta:
            url = links.get("next") if meta.get("has_more") is True and isinstance(links, dict) else None
        else:
            url = data.get("next_page")
        if url is None:
            return None
        if not isinstance(url, str) or origin_of(url) != self.origin:
            raise FetchError(
                f"the next page of {what} is not on {self.origin}: {str(url)[:200]!r}",
                "this command follows links on the help centre's own address only",
            )
        check_url(url, "the next page link")
        return url

    def ids(self, kind: str) -> Iterator[str]:
        """The ids in the saved listing pages; an id is used in file names, so it must be a number."""
        for page in sorted(self.out.glob(f"{kind}-*.json")):
            for item in (_load(page) or {}).get(kind) or []:
                if not isinstance(item, dict):
                    continue
                value = item.get("id")
                if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
                    yield str(value)
                elif isinstance(value, str) and value.isdigit() and value.isascii():
                    yield value
                else:
                    self._warn(
                        f"{page.name}: a {ONE[kind]} without a numeric id ({str(value)[:40]!r}) skipped"
                    )

    # -- translations -------------------------------------------------------------------------------

    def translations(self, kind: str) -> None:
        saved = 0
        total = self.summary.items.get(kind, 0)
        for item in self.ids(kind):
            self._every(PROGRESS_EVERY, saved, f"translations of {kind}: {saved} of {total}")
            path = self.out / "translations" / kind / f"{item}.json"
            if self._saved(path, "translations") is None:
                url = f"{self.origin}{API}/{kind}/{item}/translations.json?per_page={PAGE_SIZE}"
                data = self._all_pages(f"translations of {kind}", url, "translations", f"{ONE[kind]} {item}")
                if data is None:
                    continue
                write_json(path, data)
            saved += 1
        self.summary.translations += saved
        self.say(f"translations of {kind}: {saved}")

    def _all_pages(self, stage: str, url: str, key: str, what: str) -> dict | None:
        """Every page of a per-item list joined into one answer; None when the item is gone (404)."""
        found: list = []
        next_url: str | None = url
        for _page in range(MAX_PAGES):
            if next_url is None:
                return {key: found, "next_page": None, "count": len(found)}
            self._save_state(stage, next_url)
            try:
                data = self.client.get_json(next_url)
            except FetchError as exc:
                if exc.status in GONE:
                    self._warn(
                        f"{what} is gone (HTTP {exc.status}) — it was deleted while fetching; not saved"
                    )
                    return None
                raise
            if not isinstance(data.get(key), list):
                raise FetchError(f"the answer from {next_url} has no {key!r} list", "is this Zendesk?")
            found.extend(data[key])
            next_url = self._next(data, what)
        raise FetchError(f"the {key} of {what} do not end", "report this help centre's answer")

    # -- attachments and images ---------------------------------------------------------------------

    def attachments(self) -> None:
        folder = self.out / ATTACHMENTS
        index: dict[str, Any] = {"version": 1, "help_centre": self.origin, "articles": {}, "files": {}}
        index["not_downloaded"] = {}
        bodies = self._listed_bodies()  # read once: scanning every page per article is quadratic
        for done, article in enumerate(self.ids("articles")):
            self._every(
                PROGRESS_EVERY, done, f"attachments: {done} of {self.summary.items.get('articles', 0)}"
            )
            listed = self._attachment_list(folder, article)
            refs = index["articles"].setdefault(article, {})
            for ref in self._references(article, listed, bodies.get(article, [])):
                file = self._download(ref, index)
                refs[ref.url] = file  # as written in the body, and absolute: the importer may see either
                refs.setdefault(fetch_files.absolute(ref.url, self.origin), file)
        write_json(folder / INDEX_FILE, index)
        self.summary.files = len(index["files"])
        self.summary.not_downloaded = len(index["not_downloaded"])
        self.say(f"attachments: {self.summary.files} files, {self.summary.not_downloaded} left as links")

    def _attachment_list(self, folder: Path, article: str) -> list:
        path = folder / "api" / f"{article}.json"
        data = self._saved(path, "article_attachments")
        if data is None:
            url = f"{self.origin}{API}/articles/{article}/attachments.json?per_page={PAGE_SIZE}"
            data = self._all_pages("attachments", url, "article_attachments", f"article {article}")
            if data is None:
                return []
            write_json(path, data)
        return [item for item in data["article_attachments"] if isinstance(item, dict)]

    def _references(self, article: str, listed: list, bodies: list[str]) -> Iterator[_Ref]:
        """The Attachments API's files first (they carry names and types), then the bodies' URLs."""
        known: dict[str, _Ref] = {}
        for item in listed:
            url = item.get("content_url")
            if isinstance(url, str) and url:
                ref = _Ref(url, _text(item.get("file_name")), _text(item.get("content_type")), listed=True)
                known[fetch_files.attachment_id(url) or url] = ref
                yield ref
        for body in [*bodies, *self._translated_bodies(article)]:
            for url in fetch_files.references(body):
                same = known.get(fetch_files.attachment_id(url) or "")
                yield _Ref(url, same.name, same.content_type, listed=True) if same else _Ref(url)

    def _listed_bodies(self) -> dict[str, list[str]]:
        bodies: dict[str, list[str]] = {}
        for page in sorted(self.out.glob("articles-*.json")):
            for item in (_load(page) or {}).get("articles") or []:
                if isinstance(item, dict) and isinstance(item.get("body"), str):
                    bodies.setdefault(str(item.get("id")), []).append(item["body"])
        return bodies

    def _translated_bodies(self, article: str) -> list[str]:
        data = _load(self.out / "translations" / "articles" / f"{article}.json") or {}
        items = data.get("translations") or []
        return [
            item["body"] for item in items if isinstance(item, dict) and isinstance(item.get("body"), str)
        ]

    def _download(self, ref: _Ref, index: dict) -> str | None:
        url = fetch_files.absolute(ref.url, self.origin)
        reason = self._not_ours(url, ref.listed)
        file = f"{ATTACHMENTS}/{fetch_files.file_name_for(url, ref.name)}"
        if reason is None and file in index["files"]:
            pass  # another spelling of a file this run has already seen
        elif reason is None and file in self.failed:
            reason = self.failed[file]
        elif reason is None and (self.out / file).is_file():
            self.summary.reused += 1
        elif reason is None:
            reason = self._save_file(url, self.out / file)
            if reason is not None:
                self.failed[file] = reason
        if reason is not None:
            index["not_downloaded"][ref.url] = reason
            return None
        entry = index["files"].setdefault(file, {"url": url, "bytes": (self.out / file).stat().st_size})
        if ref.content_type:
            entry["content_type"] = ref.content_type
        return file

    def _not_ours(self, url: str, listed: bool) -> str | None:
        """Why `url` is not downloaded, or None: only the help centre's files are (never a third party's)."""
        try:
            check_url(url, "an image or attachment address")
        except FetchError:
            return "not an https:// address: left as it is"
        if origin_of(url) == self.origin or listed or fetch_files.on_zendesk(url):
            return None
        return "on another site: left as a link to it"

    def _save_file(self, url: str, target: Path) -> str | None:
        target.parent.mkdir(parents=True, exist_ok=True)
        self._save_state("attachments", url)
        try:
            self.client.download(url, target)
        except FetchError as exc:
            if exc.too_big or exc.status in (*GONE, 403):  # one file: the rest of the export is still good
                why = exc.message if exc.too_big else f"HTTP {exc.status} when downloading"
                self._warn(f"{url}: {why}; not downloaded")
                return why
            raise
        return None

    def _every(self, step: int, done: int, message: str) -> None:
        if done and done % step == 0:
            self.say(message)

    def _warn(self, message: str) -> None:
        if message not in self.summary.warnings:
            self.summary.warnings.append(message)
            self.say(f"warning: {message}")


def write_json(path: Path, data: Any) -> None:
    """Write through a temporary file and rename: a reader (or a resumed run) never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + PARTIAL)
    partial.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.replace(partial, path)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _load(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None
