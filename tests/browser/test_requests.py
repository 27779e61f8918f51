"""No request a page does not need: every page type in every language loads without a request to another
origin, without a 4xx/5xx answer and without a console error — from the built site on loopback and under
a real `mkdocs serve` (whose terminal stays free of 404s), public and agents' builds alike.

Material's bundle used to fetch `<alternate>/sitemap.xml` for each hreflang link in the head: one 404
per language on every page view, and requests to site_url's host wherever else the site was served.
"""

from __future__ import annotations

import contextlib
import queue
import time
from urllib.parse import urlsplit

import pytest

from conftest import LANGUAGES, ROOT
from test_preview import Server

playwright = pytest.importorskip("playwright.sync_api")

PUBLIC = {
    "home": "",
    "article": "call-centre/holiday-opening-hours/",
    "faq": "call-centre/call-centre-faq/",
    "category": "call-centre/",
    "search results": "search/?q={query}",
    "contact": "contact/",
    "404": "404.html",
}
# Questions each language answers: a miss would be reported to the feedback receiver, another origin by
# the operator's choice (tests/browser/test_search_page.py covers that report).
QUERIES = {
    "en": "callback",
    "et": "tagasihelist",
    "fi": "takaisinsoitto",
    "lt": "skambučių",
    "sl": "klicateljem",
}
INTERNAL = {"template": "internal/call-closing-a-ticket/"}
AGENTS_ONLY = ["insights/", "translation-status.html"]  # one per site, in the default language
LONG_POLL = "/livereload/"  # mkdocs serve's reload channel: open until the next rebuild, cut by navigation


class Traffic:
    """Every request, answer and console message of a tab, as problems for the page being opened."""

    def __init__(self, tab, origin: str):
        self.origin, self.current, self.problems = origin, "", []
        self.pending: set = set()
        tab.on("request", self._request)
        tab.on("requestfinished", lambda request: self.pending.discard(request))
        tab.on("requestfailed", self._failed)
        tab.on("response", self._response)
        tab.on("console", self._console)
        tab.on("pageerror", lambda error: self._problem(f"script error: {error}"))

    def _problem(self, text: str) -> None:
        self.problems.append(f"{self.current or '/'}: {text}")

    def _request(self, request) -> None:
        if request.url.startswith(("data:", "blob:")):
            return
        if _origin(request.url) != self.origin:
            self._problem(f"request to another origin: {request.method} {request.url}")
        if LONG_POLL not in request.url:
            self.pending.add(request)

    def _failed(self, request) -> None:
        self.pending.discard(request)
        # ERR_ABORTED: cancelled by the browser (a favicon load when the results page sets its URL)
        if LONG_POLL not in request.url and request.failure != "net::ERR_ABORTED":
            self._problem(f"request failed ({request.failure}): {request.url}")

    def _response(self, response) -> None:
        if response.status >= 400:
            self._problem(f"HTTP {response.status}: {response.url}")

    def _console(self, message) -> None:
        if message.type == "error":
            self._problem(f"console error: {message.text}")

    def open(self, tab, base: str, url: str) -> None:
        self.current = url
        tab.goto(f"{base}/{url}", wait_until="load")
        if "search/?q=" in url:  # the results page fetches its index after load: wait for its answer
            tab.wait_for_function(
                "() => document.querySelector('[data-search-count]').textContent.trim()", timeout=15_000
            )
        # The page's own requests (sitemap lookups, index shards) have answered or failed; a failure
        # fires no "requestfinished", hence the short waits between looks at what is still pending.
        deadline = time.monotonic() + 15
        while self.pending and time.monotonic() < deadline:
            with contextlib.suppress(playwright.TimeoutError):
                tab.wait_for_event("requestfinished", timeout=100)
        if self.pending:
            self._problem(f"no answer in 15 s: {sorted(request.url for request in self.pending)}")
            self.pending.clear()


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _urls(types: dict[str, str], lang: str) -> list[str]:
    prefix = "" if lang == "en" else f"{lang}/"
    return [prefix + path.format(query=QUERIES[lang]) for path in types.values()]


def _visit(browser, base: str, urls: list[str]) -> list[str]:
    context = browser.new_context()
    tab = context.new_page()
    traffic = Traffic(tab, _origin(base))
    try:
        for url in urls:
            traffic.open(tab, base, url)
        return traffic.problems
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_public_page_type_loads_with_no_wasted_request(browser, http_site, lang):
    _assert_none(_visit(browser, http_site, _urls(PUBLIC, lang)))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_agents_page_type_loads_with_no_wasted_request(browser, http_internal, lang):
    urls = _urls({**PUBLIC, **INTERNAL}, lang) + (AGENTS_ONLY if lang == "en" else [])
    _assert_none(_visit(browser, http_internal, urls))


@pytest.fixture(scope="module")
def demo_serve():
    """The demo under a real `mkdocs serve`, as writers run it (`make serve`)."""
    running = Server(ROOT)
    running.wait_for("Serving on")
    yield running
    running.stop()


def test_under_mkdocs_serve_every_page_loads_with_no_wasted_request(browser, demo_serve):
    urls = [url for lang in LANGUAGES for url in _urls(PUBLIC, lang)]
    _assert_none(_visit(browser, demo_serve.url.rstrip("/"), urls))
    logged = _drain(demo_serve.lines)
    assert [line for line in logged if "code 404" in line] == []


def test_the_head_keeps_its_hreflang_links_for_search_engines(page, http_site):
    page.goto(f"{http_site}/fi/call-centre/call-centre-faq/")
    hreflangs = page.locator("head link[rel=alternate][hreflang]")
    assert set(hreflangs.evaluate_all("links => links.map(link => link.hreflang)")) == {
        *LANGUAGES,
        "x-default",
    }


def _assert_none(problems: list[str]) -> None:
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


def _drain(lines: queue.Queue) -> list[str]:
    drained = []
    while True:
        try:
            drained.append(lines.get_nowait())
        except queue.Empty:
            return drained
