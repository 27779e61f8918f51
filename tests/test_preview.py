"""`mkdocs serve`: a rebuild renders only the languages an edit can change, and serves fresh search data.

A real `mkdocs serve` on loopback; the test edits pages and reads the served HTML and search index.
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
import urllib.request

import pytest

from conftest import ENV, MINIMAL_CONFIG, Project, free_port
from helpcentre.core.search import analysis, shards

# Served at the root (mkdocs serve uses site_url's path), in three languages.
CONFIG = MINIMAL_CONFIG.replace("example.org/help/", "example.org/").replace(
    "        - {locale: fi", "        - {locale: et, name: Eesti}\n        - {locale: fi"
)
KEPT = "kept from the previous build"
REBUILT = (
    "Reloading browsers"  # logged after every rebuild (static-i18n hides "Documentation built" at times)
)


class Server:
    def __init__(self, root):
        self.port = free_port()
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
            if text in lines[-1]:
                return lines
        raise AssertionError(f"no '{text}' in the server's log:\n{''.join(lines)}")

    def get(self, path: str) -> str:
        """The served file, without the numbers live reload puts into each answer."""
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{path}", timeout=10) as response:
            return re.sub(r"livereload\(\d+, \d+\)", "livereload()", response.read().decode("utf-8"))

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


@pytest.fixture
def server(tmp_path):
    project = Project(tmp_path)
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
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


def test_an_edit_renders_its_language_and_keeps_the_others(server):
    project, running = server
    finnish_page = running.get("fi/billing/refunds/")
    _save(
        project,
        running,
        "et/billing/refunds.md",
        "title: Tagasimaksed\ndescription: Raha",
        "Kumkvaadiraha tagasimakse.",
    )
    log = "".join(running.wait_for(KEPT))
    assert "rendering en, et; fi kept" in log
    running.wait_for(REBUILT)
    assert "Kumkvaadiraha" in running.get("et/billing/refunds/")
    assert analysis.fold("kumkvaadiraha") in _indexed_words(running, "et")  # the search index is not stale
    assert running.get("fi/billing/refunds/") == finnish_page  # kept, with its search index
    assert "palautus" in _indexed_words(running, "fi")


def test_an_edit_of_a_source_page_renders_every_language(server):
    project, running = server
    _save(
        project,
        running,
        "en/billing/refunds.md",
        "title: Refunds\ndescription: Money back",
        "A kumquat refund.",
    )
    log = "".join(running.wait_for(REBUILT))
    assert KEPT not in log
    assert "kumquat" in _indexed_words(running, "")
    assert "palautus" in _indexed_words(running, "fi")
