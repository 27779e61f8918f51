"""Internal content never reaches the public build, whatever its file type, suffix or language.

One project holds every way a writer can mark or file something internal; the public build must
publish none of it, show readers the default language where a translation is internal, and stop
on any public link into internal content. The leak guard is the second wall: a hook that copies
internal text into the site makes the build fail, naming the source.
"""

from __future__ import annotations

import gzip
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ENV, Project
from pages import hreflangs, page, switcher_targets

CANARIES = {
    "zqxmarkdown": "en/internal/m.markdown",
    "zqxfimarkdown": "fi/internal/m.markdown",
    "zqxtext": "en/internal/notes.txt",
    "zqxhtml": "en/internal/page.html",
    "zqxsvg": "en/internal/diagram.svg",
    "zqxcapital": "en/Internal/other.txt",
    "zqxroot": "internal/root.txt",
    "zqxmkd": "en/billing/secret.mkd",
    "zqxfiinvoice": "fi/billing/invoices.md",
    "zqxfihome": "fi/index.md",
}


def _write_internal_everything(project: Project) -> None:
    project.page("en/billing/index.md", "title: Billing\ndescription: Paying for the service")
    project.page("fi/billing/index.md", "title: Laskutus\ndescription: Palvelun maksaminen")
    project.page(
        "en/billing/invoices.md",
        "title: Invoices\ndescription: Where invoices are",
        "Invoices arrive by email on the first day of the month.",
    )
    for canary, path in CANARIES.items():
        if path.endswith((".md", ".markdown", ".mkd")):
            project.page(
                path,
                f"title: Secret {canary}\ndescription: Hidden {canary}\naudience: internal",
                f"Only agents may read this: {canary} and the internal refund limits.",
            )
        else:
            project.raw(path, f"<svg><text>{canary}</text></svg>".encode())


@pytest.fixture(scope="module")
def public_site(tmp_path_factory) -> Path:
    project = Project(tmp_path_factory.mktemp("internal-everything"))
    _write_internal_everything(project)
    result = project.build()
    assert result.returncode == 0, result.stderr
    return project.root / "site"


def _files(site: Path):
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        yield path.relative_to(site).as_posix(), gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


def test_no_internal_file_or_text_of_any_type_is_published(public_site):
    hits = [
        f"{name}: {canary}"
        for name, data in _files(public_site)
        for canary in CANARIES
        if canary.encode() in data
    ]
    hits += [name for name, _ in _files(public_site) if "internal" in name.casefold().split("/")[:2]]
    assert not hits, "\n".join(hits)


def test_an_internal_translation_is_missing_and_readers_get_the_english_page(public_site):
    finnish = (public_site / "fi/billing/invoices/index.html").read_text(encoding="utf-8")
    assert "Invoices arrive by email" in finnish  # the English fallback at the Finnish address
    # No Finnish translation is announced; the language menu offers the Finnish address, which shows
    # the English page, never the internal text.
    assert set(hreflangs(page(public_site, "billing/invoices/"))) == {"en", "x-default"}
    assert switcher_targets(public_site, "billing/invoices/")["fi"] == "fi/billing/invoices/"


def test_an_internal_home_translation_gives_the_english_home(public_site):
    assert "Welcome." in (public_site / "fi/index.html").read_text(encoding="utf-8")


def test_the_sitemap_lists_each_page_once_and_no_internal_translation(public_site):
    sitemap = (public_site / "sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert len(locs) == len(set(locs))
    assert not [loc for loc in locs if loc.endswith("/fi/billing/invoices/")]
    assert "fi/billing/invoices/" not in sitemap


LINKS_INTO_INTERNAL = {
    "image": "![diagram](../internal/diagram.svg)",
    "inline": "[notes](../internal/m.markdown)",
    "reference": "[notes][r]\n\n[r]: ../internal/notes.txt",
    "html": '<a href="../internal/page.html">notes</a>',
    "url-style": "[secret](../billing/secret/)",
    "other-language": "[notes](../../fi/internal/m.markdown)",
}


@pytest.mark.parametrize("link", LINKS_INTO_INTERNAL.values(), ids=LINKS_INTO_INTERNAL.keys())
def test_a_public_link_into_internal_content_stops_build_and_check(tmp_path, link):
    project = Project(tmp_path)
    _write_internal_everything(project)
    project.page("en/billing/refunds.md", "title: Refunds\ndescription: Getting money back", f"See\n{link}\n")
    result = project.build()
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert re.search(
        r"docs/en/billing/refunds.md:(6|8): this public page links to the internal", result.stderr
    ), result.stderr
    check = subprocess.run(
        [sys.executable, "-m", "helpcentre.cli", "check", "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=ENV,
    )
    assert check.returncode == 1 and "HC501" in check.stdout, check.stdout + check.stderr


def test_a_capitalised_markdown_suffix_is_an_error_not_a_raw_copy(project):
    project.page("en/billing/Upper.MD", "title: Upper\ndescription: Copied raw by MkDocs")
    result = project.build()
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "docs/en/billing/Upper.MD:1: MkDocs does not render 'Upper.MD'" in result.stderr, result.stderr


LEAKING_HOOK = """
from pathlib import Path

def on_post_build(config):
    site = Path(config.site_dir)
    text = Path(config.docs_dir, "en/internal/m.markdown").read_text(encoding="utf-8")
    (site / "copied.html").write_text("<p>" + text.split("---")[-1] + "</p>", encoding="utf-8")
"""


def test_the_leak_guard_stops_a_build_that_copies_internal_text(tmp_path):
    project = Project(tmp_path)
    _write_internal_everything(project)
    (tmp_path / "leak.py").write_text(LEAKING_HOOK, encoding="utf-8")
    with (tmp_path / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("hooks:\n  - leak.py\n")
    result = project.build()
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "internal content reached the public site" in result.stderr, result.stderr
    assert "copied.html: the text 'only agents may read this zqxmarkdown" in result.stderr
    assert "of docs/en/internal/m.markdown" in result.stderr
