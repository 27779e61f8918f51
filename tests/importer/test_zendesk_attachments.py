"""`helpcentre import zendesk` with the files `--fetch` saved (issue 21): a help centre fetched from a real
HTTP server on loopback (zendesk_server.py), then imported: each saved image is copied beside its page and
the page links to the copy; images `--fetch` could not save stay links and are reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import html as lxml_html
from test_fetch import ENV
from test_zendesk_import import front, helpcentre, import_into, new_project
from zendesk_server import API, KUVA, PNG, SHOT, ZendeskServer, help_centre, ok, translation

from conftest import mkdocs_build
from helpcentre.core.importer.fetch import fetch_export
from helpcentre.core.importer.fetch_http import Token


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("attachments")
    with ZendeskServer() as server:
        server.routes.update(help_centre(server.origin))
        # The restricted article's text has an image pasted in Support: it must stay internal.
        body = '<p>Internal.</p><img src="/attachments/token/AbC123/?name=screen%20shot.png" alt="Shot">'
        item = translation(102, "Article", "en-us", "Agents only", body)
        server.routes[f"{API}/articles/102/translations.json?per_page=100"] = [
            ok({"translations": [item], "next_page": None})
        ]
        fetch_export(server.origin, root / "export", Token.from_env(ENV), sleep=lambda seconds: None)
    project = new_project(root / "help")
    result = import_into(project, root / "export")
    assert result.returncode == 0, result.stderr
    return project


def test_saved_images_are_copied_beside_their_pages_in_each_language(imported):
    docs = imported / "docs"
    page = next(docs.glob("en/*/reset-your-password.md"))
    _, body = front(page)
    assert "![Diagram](<9001-diagram.png>)" in body
    assert (page.parent / "9001-diagram.png").read_bytes() == PNG
    assert "![](<https://cdn.example.org/logo.png>)" in body  # on another site: never fetched
    fi = docs / "fi" / page.relative_to(docs / "en")
    _, fi_body = front(fi)
    assert "![Kaavio](<9001-diagram.png>)" in fi_body and "(<9002-kuva.png>)" in fi_body
    assert (fi.parent / "9002-kuva.png").read_bytes() == KUVA
    assert not (page.parent / "9002-kuva.png").exists()  # only the Finnish text uses it
    internal = [p for p in docs.glob("en/internal/*.png")]
    assert [p.read_bytes() for p in internal] == [SHOT]  # a restricted article's image stays internal


def test_the_built_page_shows_the_copied_image(imported):
    site = imported / "site"
    result = mkdocs_build(imported, site)
    assert result.returncode == 0, result.stderr
    built = next(site.glob("*/reset-your-password/index.html"))
    sources = lxml_html.fromstring(built.read_text("utf-8")).xpath("//article//img/@src")
    assert "../9001-diagram.png" in sources
    assert (built.parent.parent / "9001-diagram.png").read_bytes() == PNG
    assert not list(site.rglob("*screen-shot.png"))  # the restricted article's image is not public


def test_the_report_lists_the_copies_and_a_reimport_keeps_a_replaced_image(imported):
    report = json.loads((imported / "import-report.json").read_text("utf-8"))
    notes = [n["kind"] for n in report["items"]["article 101"]["notes"]]
    assert "files-copied" in notes
    assert any(f.endswith("9001-diagram.png (written)") for f in report["items"]["article 101"]["files"])
    image = next((imported / "docs").glob("en/*/9001-diagram.png"))
    image.write_bytes(b"a better screenshot")
    again = helpcentre("import", "zendesk", str(imported.parent / "export"), "--docs", "docs", cwd=imported)
    assert again.returncode == 0, again.stderr
    assert image.read_bytes() == b"a better screenshot"
    assert "kept: edited by a writer (images and attachments)" in again.stdout
