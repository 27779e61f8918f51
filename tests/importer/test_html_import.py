"""`helpcentre import html` (issue 21, bullet 4): pages saved from other sites (tests/importer/fixtures/html:
an article inside site chrome, a page with FAQPage JSON-LD, a hostile page with scripts and on* handlers)
imported into a real project, then checked, built and imported again."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from lxml import html as lxml_html
from test_zendesk_import import front, helpcentre, new_project

from conftest import mkdocs_build
from helpcentre.core.importer import html_page

FIXTURE = Path(__file__).parent / "fixtures" / "html"


def import_html(project: Path, *more: str) -> object:
    return helpcentre("import", "html", str(FIXTURE), "--lang", "en", "--docs", "docs", *more, cwd=project)


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> Path:
    project = new_project(tmp_path_factory.mktemp("html") / "help")
    result = import_html(project, "--category", "returns")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return project


@pytest.fixture(scope="module")
def built(imported) -> Path:
    result = mkdocs_build(imported, imported / "site")
    assert result.returncode == 0, result.stderr
    return imported / "site"


def page(built: Path, name: str) -> str:
    return (built / "returns" / name / "index.html").read_text("utf-8")


def test_pages_land_in_the_category_with_title_and_description(imported):
    docs = imported / "docs/en/returns"
    assert sorted(p.name for p in docs.glob("*.md")) == [
        "exchanging-an-item.md", "index.md", "reset-your-password.md", "returning-an-order.md",
        "shipping-abroad.md",
    ]  # fmt: skip
    meta, _ = front(docs / "returning-an-order.md")
    assert meta == {
        "title": "Returning an order",  # <title> without " | Acme Support"
        "description": "How to return an order within 30 days and get your money back.",  # its meta tag
    }
    meta, _ = front(docs / "exchanging-an-item.md")
    assert meta["title"] == "Exchanging an item"  # og:title, not <title>Help centre
    assert meta["description"].startswith("When an item does not fit")  # no meta tag: first sentences
    assert front(docs / "index.md")[0]["title"] == "Returns"


def test_the_article_is_kept_and_the_site_chrome_dropped(imported):
    _, body = front(imported / "docs/en/returns/returning-an-order.md")
    for kept in ("## Before you send it back", "1. Sign in and open **Orders**.", "| Card | 5 working days |",
                 '!!! warning ""', "```text\nRETURN-LABEL-1234\n```"):  # fmt: skip
        assert kept in body, kept
    for chrome in ("Pricing plans", "Careers", "Sidebar shipping", "All rights reserved", "Search the help"):
        assert chrome not in body, chrome
    assert "# Returning an order" not in body  # the title is the page's only h1
    assert "[exchanging an item](<exchanging-an-item.md>)" in body  # a link between imported pages
    assert "](<https://support.example.com/images/label.png>)" in body  # absolute against the canonical URL


def test_images_saved_with_the_page_are_copied_beside_it(imported, built):
    _, body = front(imported / "docs/en/returns/returning-an-order.md")
    assert "![A packed parcel](<returning-an-order-packed-parcel.png>)" in body
    saved = (FIXTURE / "returns-policy_files/packed parcel.png").read_bytes()
    assert (imported / "docs/en/returns/returning-an-order-packed-parcel.png").read_bytes() == saved
    sources = lxml_html.fromstring(page(built, "returning-an-order")).xpath("//article//img/@src")
    assert "../returning-an-order-packed-parcel.png" in sources
    assert (built / "returns/returning-an-order-packed-parcel.png").read_bytes() == saved


def test_an_image_outside_the_saved_page_folder_or_an_svg_is_not_copied(tmp_path):
    project = new_project(tmp_path / "help")
    (tmp_path / "secret.png").write_bytes(b"not yours")
    saved = project / "saved"
    saved.mkdir()
    (saved / "drawing.svg").write_text("<svg onload='alert(1)'/>", encoding="utf-8")
    (saved / "page.html").write_text(
        "<html><head><title>Climbing</title></head><body><article><h1>Climbing</h1>"
        "<p>A page long enough to be the article of this saved page, with two pictures below it.</p>"
        '<p><img src="../../secret.png" alt="Secret"> <img src="drawing.svg" alt="Drawing"></p>'
        "</article></body></html>",
        encoding="utf-8",
    )
    result = helpcentre("import", "html", "saved", "--lang", "en", "--docs", "docs", cwd=project)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (project / "docs/en/imported").iterdir()) == ["climbing.md", "index.md"]
    report = json.loads((project / "import-report.json").read_text("utf-8"))
    assert "image-missing" in {note["kind"] for note in report["items"]["page saved/page.html"]["notes"]}


def test_faq_json_ld_becomes_the_faq_section_once(imported, built):
    _, body = front(imported / "docs/en/returns/exchanging-an-item.md")
    assert body.count("Can I exchange a sale item?") == 1  # the article's heading moved into the section
    assert "## Questions {.faq}\n\n### Can I exchange a sale item?\n\nYes, sale items" in body
    assert "When an item does not fit" in body
    data = faq_data(page(built, "exchanging-an-item"))
    assert [q["name"] for q in data["mainEntity"]] == [
        "Can I exchange a sale item?", "Who pays for the exchange postage?",
    ]  # fmt: skip


def test_a_trailing_faq_heading_becomes_the_faq_section(imported, built):
    _, body = front(imported / "docs/en/returns/reset-your-password.md")
    assert "Frequently asked questions" not in body
    assert "### Why did the link expire?\n\nLinks are valid for one hour" in body
    names = [q["name"] for q in faq_data(page(built, "reset-your-password"))["mainEntity"]]
    assert names[0] == "Why did the link expire?"
    assert names[1] == 'Can support reset it for me? {: onclick="alert(5)" }'  # text, not attr_list


def test_an_accordion_faq_becomes_the_faq_section(imported, built):
    meta, body = front(imported / "docs/en/returns/shipping-abroad.md")
    assert meta["title"] == "Shipping abroad"  # the only <h1>
    assert "We ship to forty countries" in body and "Shop all products" not in body
    assert "Frequently asked questions" not in body and "<details>" not in body
    assert "### Do you ship to Norway?\n\nYes. We pay the customs duty" in body
    names = [q["name"] for q in faq_data(page(built, "shipping-abroad"))["mainEntity"]]
    assert names == ["Do you ship to Norway?", "Can I track my parcel?"]


def test_content_readability_leaves_out_of_main_is_reported():
    links = "".join(
        f'<li><a href="/s{i}">Step {i} of the setup guide for routers</a></li>' for i in range(40)
    )
    source = (
        "<html><head><title>Setup</title></head><body><nav>menu</nav><main><h1>Setup</h1>"
        "<p>Connect the router to the modem with the grey cable, then to power. Wait until the light "
        "turns green, which takes about two minutes on a first start.</p><p>Then open the app on your "
        f"phone and follow the steps it shows; they are the same for every model.</p><ul>{links}</ul>"
        "</main></body></html>"
    )
    notes = [n for n in html_page.read(source).notes if n.kind == "content-left-out"]
    assert len(notes) == 1 and "of the page's <main>" in notes[0].message


def faq_data(text: str) -> dict:
    tree = lxml_html.fromstring(text)
    blocks = [json.loads(s.text) for s in tree.xpath('//script[@type="application/ld+json"]')]
    return next(b for b in blocks if b.get("@type") == "FAQPage")


def test_nothing_executable_survives_into_the_built_page(built):
    text = page(built, "reset-your-password")
    tree = lxml_html.fromstring(text)
    article = tree.xpath("//article")[0]
    assert not article.xpath(".//script | .//style | .//svg"), "executable or styled markup kept"
    handlers = [a for el in tree.iter() if isinstance(el.tag, str) for a in el.attrib if a.startswith("on")]
    assert handlers == []
    assert not tree.xpath('//a[starts-with(@href, "javascript:")]')
    assert [f.get("src") for f in tree.xpath("//iframe")] == ["https://www.youtube.com/embed/abc"]
    assert not tree.xpath("//iframe[@srcdoc]")
    assert "stolen" not in text and "alert('body')" not in text and 'alert("inline")' not in text
    assert "Text that shows markup: <script>alert(2)</script>" in article.text_content()  # text stays text
    meta = tree.xpath('//meta[@name="description"]')[0].get("content")
    assert meta == "Reset a forgotten password <img src=x onerror=alert(1)> in two minutes."  # an attribute


def test_check_passes_and_the_report_lists_what_was_left_out(imported):
    result = helpcentre("check", "--format", "json", cwd=imported)
    assert result.returncode == 0, result.stdout
    assert not [p for p in json.loads(result.stdout) if p.get("severity") == "error"]
    report = json.loads((imported / "import-report.json").read_text("utf-8"))
    hostile = next(i for i in report["items"].values() if i["title"] == "Reset your password")
    kinds = {note["kind"] for note in hostile["notes"]}
    assert {"removed", "embedded", "faq", "tags-as-text"} <= kinds
    removed = next(n for n in hostile["notes"] if n["kind"] == "removed")["message"]
    assert "2 <script>" in removed and "onclick" in removed and "onload" in removed


def test_a_second_import_keeps_writer_edits(tmp_path):
    project = new_project(tmp_path / "help")
    assert import_html(project).returncode == 0
    edited = project / "docs/en/imported/returning-an-order.md"
    edited.write_text(edited.read_text("utf-8").replace("30 days", "60 days"), encoding="utf-8")
    again = import_html(project)
    assert again.returncode == 0, again.stderr
    assert "60 days" in edited.read_text("utf-8")
    assert (
        "1 kept: edited by a writer, 3 unchanged, 1 unchanged (images" in again.stdout
    )  # indexes: not again
    assert import_html(project, "--overwrite").returncode == 0
    assert "60 days" not in edited.read_text("utf-8")


def test_a_language_the_project_does_not_build_is_refused(tmp_path):
    project = new_project(tmp_path / "help")
    result = helpcentre("import", "html", str(FIXTURE), "--lang", "de", "--docs", "docs", cwd=project)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "mkdocs.yml:9: --lang is de, which the i18n plugin does not build" in result.stderr
    assert "- locale: de" in result.stderr  # what to add
    assert not (project / "docs").exists()


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["missing.html"], "missing.html: no such file or folder"),
        ([str(FIXTURE), "--category", "../up"], "--category '../up' is not a folder slug"),
    ],
)
def test_bad_arguments_are_refused_with_what_to_do(tmp_path, args, says):
    project = new_project(tmp_path / "help")
    result = helpcentre("import", "html", *args, "--lang", "en", "--docs", "docs", cwd=project)
    assert result.returncode != 0 and says in result.stderr and "Traceback" not in result.stderr


def test_without_mkdocs_yml_the_import_says_how_to_configure_the_language(tmp_path):
    result = helpcentre("import", "html", str(FIXTURE), "--lang", "fi", "--docs", "docs", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "- locale: fi\n          name: Suomi\n          default: true" in result.stderr
    assert (tmp_path / "docs/fi/imported/returning-an-order.md").is_file()


def test_an_empty_folder_writes_nothing(tmp_path):
    project = new_project(tmp_path / "help")
    (project / "saved").mkdir()
    shutil.copy(FIXTURE / "hostile.html", project / "saved" / "notes.txt")
    result = helpcentre("import", "html", "saved", "--lang", "en", "--docs", "docs", cwd=project)
    assert result.returncode != 0 and "no .html or .htm files in saved" in result.stderr
