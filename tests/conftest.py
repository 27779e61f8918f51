"""Shared fixtures: real builds into temporary folders, a loopback HTTP server, a real browser."""

from __future__ import annotations

import functools
import os
import socket
import subprocess
import sys
import textwrap
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ["en", "et", "fi", "lt", "sl"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# The demo is built once with its feedback widget pointing here; tests/feedback starts the receiver.
FEEDBACK_PORT = free_port()
ENV = {
    **{k: v for k, v in os.environ.items() if k != "HELPCENTRE_INSIGHTS_DB"},  # tests choose the database
    "NO_MKDOCS_2_WARNING": "1",
    "HELPCENTRE_FEEDBACK_URL": f"http://127.0.0.1:{FEEDBACK_PORT}",
}


def mkdocs_build(project: Path, site: Path, config: str = "mkdocs.yml") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", config, "-d", str(site)],
        cwd=project,
        capture_output=True,
        text=True,
        env=ENV,
    )


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> Path:
    """The demo help centre, built once per test session."""
    site = tmp_path_factory.mktemp("demo") / "site"
    result = mkdocs_build(ROOT, site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="session")
def internal_site(tmp_path_factory) -> Path:
    """The agents' help centre (mkdocs.internal.yml), built once per test session."""
    site = tmp_path_factory.mktemp("internal") / "site-internal"
    result = mkdocs_build(ROOT, site, "mkdocs.internal.yml")
    assert result.returncode == 0, result.stderr
    return site


def serve(folder: Path):
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


MINIMAL_CONFIG = """\
site_name: Minimal
site_url: https://example.org/help/
theme:
  name: material
plugins:
  - i18n:
      docs_structure: folder
      languages:
        - {locale: en, name: English, default: true}
        - {locale: fi, name: Suomi}
  - helpcentre
"""


class Project:
    """A throwaway MkDocs project written by a test, not the demo's mkdocs.yml."""

    def __init__(self, root: Path):
        self.root = root
        (root / "mkdocs.yml").write_text(MINIMAL_CONFIG, encoding="utf-8")
        self.page("en/index.md", "title: Home\ndescription: Start here", "Welcome.")
        self.page("fi/index.md", "title: Etusivu\ndescription: Aloita tästä", "Tervetuloa.")

    def page(self, path: str, front_matter: str, body: str = "Some text.") -> Path:
        target = self.root / "docs" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"---\n{textwrap.dedent(front_matter).strip()}\n---\n{body}\n", encoding="utf-8")
        return target

    def raw(self, path: str, data: bytes) -> Path:
        target = self.root / "docs" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        return target

    def build(self) -> subprocess.CompletedProcess:
        return mkdocs_build(self.root, self.root / "site")


@pytest.fixture
def project(tmp_path) -> Project:
    return Project(tmp_path)


@pytest.fixture(scope="session")
def http_site(demo_site):
    """The built demo served over loopback; yields its base URL."""
    server, base = serve(demo_site)
    yield base
    server.shutdown()


@pytest.fixture(scope="session")
def http_internal(internal_site):
    """The agents' build served over loopback; yields its base URL."""
    server, base = serve(internal_site)
    yield base
    server.shutdown()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    executable = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if not Path(executable).exists():
        if os.environ.get("CI"):
            pytest.fail(f"Chromium not found at {executable}: .ci/run should have installed it")
        pytest.skip(f"Chromium not found at {executable} (apt-get install -y chromium)")
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    tab = context.new_page()
    yield tab
    context.close()
