"""`mkdocs serve`: a rebuild renders only what an edit can change; a failed build answers every page
with its problems at once, and that page reloads itself once they are fixed.

A real `mkdocs serve` on loopback; the tests edit pages and read the served HTML and search index,
and Chromium watches the error page turn into the fixed page.
"""

from __future__ import annotations

import json
import os
import queue
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import ENV, MINIMAL_CONFIG, Project, free_port
from helpcentre.core import i18n
from helpcentre.core.search import analysis, shards
from helpcentre.preview_server import NOTE

# Served at the root (mkdocs serve uses site_url's path), in three languages.
CONFIG = (
    MINIMAL_CONFIG.replace("example.org/help/", "example.org/").replace(
        "        - {locale: fi", "        - {locale: et, name: Eesti}\n        - {locale: fi"
    )
    + "markdown_extensions:\n  - toc:\n      permalink: true\n"
)  # headings get a per-language title
KEPT = "kept from the previous build"
REBUILT = (
    "Reloading browsers"  # logged after every rebuild (static-i18n hides "Documentation built" at times)
)


SITE_FOLDER = re.compile(r"Building 'en' documentation to directory: (\S+)")


class Server:
    def __init__(self, root):
        self.port = free_port()
        self.site = Path()  # the temporary folder mkdocs serve builds into, from its log
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{self.port}"],
            cwd=root,
            env=ENV,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(
            target=lambda: [self.lines.put(line) for line in self.process.stderr], daemon=True
        ).start()

    def wait_for(self, text: str, timeout: float = 120) -> list[str]:
        """The log lines up to the first one containing `text`."""
        lines, deadline = [], time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                lines.append(self.lines.get(timeout=left))
            except queue.Empty:
                break
            if found := SITE_FOLDER.search(lines[-1]):
                self.site = Path(found.group(1))
            if text in lines[-1]:
                return lines
        raise AssertionError(f"no '{text}' in the server's log:\n{''.join(lines)}")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def get(self, path: str) -> str:
        """The served file, without the numbers live reload puts into each answer."""
        with urllib.request.urlopen(self.url + path, timeout=10) as response:
            return re.sub(r"livereload\(\d+, \d+\)", "livereload()", response.read().decode("utf-8"))

    def fetch(self, path: str, timeout: float = 5) -> tuple[int, str]:
        """Status and text of any answer, errors included; a slower answer fails the test."""
        try:
            with urllib.request.urlopen(self.url + path, timeout=timeout) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


def _three_languages(root: Path) -> Project:
    project = Project(root)
    (root / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    for lang, title, word in [
        ("en", "Refunds", "refund"),
        ("et", "Tagasimaksed", "tagasimakse"),
        ("fi", "Palautukset", "palautus"),
    ]:
        project.page(f"{lang}/index.md", f"title: {title} home\ndescription: Home", "Welcome.")
        project.page(f"{lang}/billing/index.md", f"title: {title} category\ndescription: Billing")
        project.page(
            f"{lang}/billing/refunds.md", f"title: {title}\ndescription: About {word}", f"One {word}."
        )
    return project


@pytest.fixture
def server(tmp_path):
    project = _three_languages(tmp_path)
    running = Server(tmp_path)
    running.wait_for("Serving on")
    yield project, running
    running.stop()


def _save(project: Project, running: Server, path: str, front_matter: str, body: str) -> None:
    """Replace a page in one step, as editors save (a file written in place can be seen half-written:
    the rebuild of an empty page fails, rightly). The watcher starts just after "Serving on" and may
    miss a save made in that instant, so save again if no rebuild begins."""
    for attempt in range(3):
        draft = project.root / "draft.md"
        draft.write_text(f"---\n{front_matter}\n---\n{body}\n<!-- {attempt} -->\n", encoding="utf-8")
        os.replace(draft, project.root / "docs" / path)
        try:
            running.wait_for("Detected file changes", timeout=15)
            return
        except AssertionError:
            continue
    raise AssertionError(f"mkdocs serve never noticed the change to {path}")


def _indexed_words(running: Server, lang: str) -> set[str]:
    search = f"{lang}/search" if lang else "search"  # the default language is at the root
    meta = json.loads(running.get(f"{search}/meta.json"))
    return {
        word
        for prefix in meta["wordShards"]
        for word in json.loads(running.get(f"{search}/{meta['build']}/words/{shards.file_name(prefix)}.json"))
    }


def _without_livereload(html: str) -> str:
    return re.sub(r"livereload\(\d+, \d+\)", "livereload()", html)


def _pages(running: Server) -> dict[str, int]:
    """Every page of the served site folder → its modification time (ns)."""
    return {
        page.relative_to(running.site).as_posix(): page.stat().st_mtime_ns
        for page in running.site.rglob("index.html")
    }


def _rewritten(running: Server, before: dict[str, int]) -> set[str]:
    return {path for path, mtime in _pages(running).items() if before.get(path) != mtime}


def test_an_edit_renders_that_page_and_keeps_the_rest(server):
    project, running = server
    finnish_page, before = running.get("fi/billing/refunds/"), _pages(running)
    not_found = _without_livereload(running.fetch("no/such/page/")[1])
    assert STRINGS.t("en", "not_found.title") in not_found
    _save(
        project,
        running,
        "et/billing/refunds.md",
        "title: Tagasimaksed\ndescription: About tagasimakse",  # what listings show is unchanged
        "Kumkvaadiraha tagasimakse.",
    )
    log = "".join(running.wait_for(REBUILT))
    assert re.search(
        r"rendered et:billing/refunds.md in [0-9.]+ s; the rest kept from the previous build", log
    )
    assert _rewritten(running, before) == {"et/billing/refunds/index.html"}
    assert "Kumkvaadiraha" in running.get("et/billing/refunds/")
    assert running.get("fi/billing/refunds/") == finnish_page
    # written again by the English build, which rendered no page
    assert _without_livereload(running.fetch("no/such/page/")[1]) == not_found
    # The search index is the last full build's until the next one (handbook: Previewing).
    assert analysis.fold("tagasimakse") in _indexed_words(running, "et")
    assert "palautus" in _indexed_words(running, "fi")


def test_an_english_edit_renders_its_page_in_every_language_and_nothing_else(server):
    project, running = server
    before = _pages(running)
    _save(project, running, "en/billing/refunds.md", "title: Refunds\ndescription: About refund", "Kumquat.")
    log = "".join(running.wait_for(REBUILT))
    assert "rendered en:billing/refunds.md, et:billing/refunds.md, fi:billing/refunds.md in " in log
    assert _rewritten(running, before) == {
        "billing/refunds/index.html",
        "et/billing/refunds/index.html",  # translations: whether they are outdated depends on it
        "fi/billing/refunds/index.html",
    }
    assert "Kumquat" in running.get("billing/refunds/")


def test_an_edit_renders_its_pages_exactly_as_a_build_would(server):
    project, running = server
    body = "## Kumquats\n\nKumquat."  # its permalink's title is the English one, as in a build of English
    _save(project, running, "en/billing/refunds.md", "title: Refunds\ndescription: About refund", body)
    assert "rendered en:billing/refunds.md, et:billing/refunds.md" in "".join(running.wait_for(REBUILT))
    paths = ["billing/refunds/", "et/billing/refunds/", "fi/billing/refunds/", "fi/billing/"]
    rendered = {path: running.get(path) for path in paths}
    (project.root / "mkdocs.yml").write_text(CONFIG + "\n", encoding="utf-8")  # a build of everything
    log = "".join(running.wait_for(REBUILT))
    assert "rendered" not in log and KEPT not in log
    assert {path: running.get(path) for path in paths} == rendered
    assert "Kumquat" in rendered["billing/refunds/"]
    assert 'title="Permanent link"' in rendered["billing/refunds/"]


def test_a_page_made_internal_is_gone_from_the_public_preview(server):
    project, running = server
    _save(
        project,
        running,
        "fi/billing/refunds.md",
        "title: Palautukset\ndescription: About palautus\naudience: internal",
        "Sisäinen kumkvaattiohje.",
    )
    log = "".join(running.wait_for(REBUILT))
    assert "rendered fi:" not in log  # files come and go: MkDocs builds
    fallback = running.get("fi/billing/refunds/")
    assert "One refund." in fallback and "kumkvaatti" not in fallback


def test_a_new_title_renders_the_pages_that_list_it(server):
    project, running = server
    before = _pages(running)
    _save(
        project, running, "fi/billing/refunds.md", "title: Hyvitykset\ndescription: About palautus", "Uusi."
    )
    running.wait_for(REBUILT)
    assert _rewritten(running, before) == {
        "fi/billing/refunds/index.html",
        "fi/billing/index.html",  # its category page lists it
        "fi/index.html",  # the home page may feature it
    }
    assert "Hyvitykset" in running.get("fi/billing/")


def test_a_new_page_renders_everything(server):
    project, running = server
    before = _pages(running)
    _save(project, running, "fi/billing/new-page.md", "title: Uusi sivu\ndescription: Uusi", "Uusi.")
    log = "".join(running.wait_for(REBUILT))
    assert KEPT not in log  # every language's switcher and fallbacks may change
    assert _rewritten(running, before) >= set(before)


BROKEN = "title: Palautukset\ndescription: [unclosed"  # line 3 of the file
PROBLEM = "docs/fi/billing/refunds.md:3: front matter is not valid YAML"
FIXED = ("title: Palautukset\ndescription: Rahaa takaisin", "Korjattu kumkvaattiteksti.")
STRINGS = i18n.Translator(i18n.load_strings([Path(i18n.__file__).parent.parent / "translations"]), "en")


def _assert_error_page(running: Server, path: str, lang: str) -> None:
    status, html = running.fetch(path)
    assert status == 500, html
    assert f'<html lang="{lang}">' in html and STRINGS.t(lang, "preview.title") in html
    assert PROBLEM in html and "check quotes and indentation" in html  # the terminal's line, fix included


def test_a_content_error_answers_every_page_at_once_with_the_problems(server):
    project, running = server
    _save(project, running, "fi/billing/refunds.md", BROKEN, "Rahaa.")
    log = "".join(running.wait_for(NOTE))
    assert PROBLEM in log and "Traceback" not in log
    for path, lang in [("fi/billing/refunds/", "fi"), ("et/", "et"), ("", "en"), ("no/such/page/", "en")]:
        _assert_error_page(running, path, lang)
    assert running.fetch("assets/helpcentre/helpcentre.css")[0] != 500  # files are not pages
    _save(project, running, "fi/billing/refunds.md", *FIXED)
    running.wait_for(REBUILT)
    status, html = running.fetch("fi/billing/refunds/")
    assert status == 200 and "kumkvaattiteksti" in html


def test_a_first_build_that_fails_still_serves_the_error_page(tmp_path):
    project = _three_languages(tmp_path)
    project.page("fi/billing/refunds.md", BROKEN, "Rahaa.")
    running = Server(tmp_path)
    try:
        running.wait_for("Serving on")
        _assert_error_page(running, "fi/billing/refunds/", "fi")
        _save(project, running, "fi/billing/refunds.md", *FIXED)
        running.wait_for(REBUILT)
        assert "kumkvaattiteksti" in running.get("fi/billing/refunds/")
    finally:
        running.stop()


def test_in_strict_mode_the_error_page_lists_the_warnings_that_stopped_the_build(tmp_path):
    project = _three_languages(tmp_path)
    (tmp_path / "mkdocs.yml").write_text("strict: true\n" + CONFIG, encoding="utf-8")
    project.page("et/billing/refunds.md", "title: Tagasimaksed\ndescription: Raha", "Vaata [siia](#kuhugi).")
    running = Server(tmp_path)
    try:
        running.wait_for("Serving on")
        status, html = running.fetch("et/")
        assert status == 500 and "in strict mode" in html
        assert html.count("in strict mode") == 1
        assert "docs/et/billing/refunds.md:5: warning: &#39;#kuhugi&#39;: no heading" in html
    finally:
        running.stop()


def test_the_error_page_reloads_itself_into_the_fixed_page_under_a_strict_policy(server, page):
    project, running = server
    _save(project, running, "fi/billing/refunds.md", BROKEN, "Rahaa.")
    running.wait_for(NOTE)
    violations: list[str] = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security" in message.text else None,
    )
    page.goto(running.url + "fi/billing/refunds/")
    assert page.locator("h1").inner_text() == STRINGS.t("fi", "preview.title")
    assert PROBLEM in page.locator("main").inner_text()
    _save(project, running, "fi/billing/refunds.md", *FIXED)
    page.get_by_text("kumkvaattiteksti").wait_for(timeout=60_000)  # no reload by hand: it reloads itself
    assert violations == []
