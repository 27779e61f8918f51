"""Valid HTML: the Nu HTML checker (vnu-jar from npm, run with Java) finds no error on any page type in
any language, in the public and the agents' builds. One Java run checks every page: the checker's start
costs more than the pages."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import LANGUAGES, ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
PUBLIC = [
    "index.html",  # home
    "call-centre/index.html",  # category
    "call-centre/holiday-opening-hours/index.html",  # article (an English fallback outside English)
    "good-service/what-is-good-customer-service/index.html",  # translated article
    "call-centre/call-centre-faq/index.html",  # FAQ
    "search/index.html",  # results page
    "contact/index.html",  # contact page
    "404.html",
]
INTERNAL = [
    *PUBLIC,
    "internal/index.html",  # the agents' category
    "internal/call-closing-a-ticket/index.html",  # template
    "internal/escalation-checklist/index.html",  # internal article
]
AGENTS_ONLY = ["insights/index.html", "translation-status.html"]  # one per site, not per language


def _pages(site: Path, paths: list[str]) -> list[Path]:
    return [site / ("" if lang == "en" else f"{lang}/") / path for lang in LANGUAGES for path in paths]


def _java() -> str:
    java = shutil.which("java")
    if java and VNU.is_file():
        return java
    missing = "Java (apt-get install -y default-jre-headless)" if not java else "vnu.jar (npm ci)"
    if os.environ.get("CI"):
        pytest.fail(f"{missing} is missing: .ci/run and make test should have installed it")
    pytest.skip(f"the Nu HTML checker needs {missing}")


def test_every_page_type_in_every_language_is_valid_html(demo_site, internal_site):
    java = _java()
    pages = [
        *_pages(demo_site, PUBLIC),
        *_pages(internal_site, INTERNAL),
        *(internal_site / path for path in AGENTS_ONLY),
    ]
    assert [page for page in pages if not page.is_file()] == []
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr)["messages"]
    errors = [
        f"{_shown(m.get('url', ''), demo_site, internal_site)}:{m.get('lastLine', '?')}: {m['message']}"
        for m in messages
        if m["type"] != "info"
    ]
    assert not errors, f"{len(errors)} errors from the Nu HTML checker:\n" + "\n".join(errors)


def _shown(url: str, *sites: Path) -> str:
    """A checked file as `public/fi/404.html` or `agents/internal/…`, not a temporary path."""
    for name, site in zip(("public", "agents"), sites, strict=True):
        url = url.replace(f"file:{site}", name)  # vnu writes file:/tmp/…
    return url
