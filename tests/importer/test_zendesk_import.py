"""`helpcentre import zendesk` (issue 21): the fixture export (tests/importer/fixtures/zendesk, Help Center
API v2 responses: three languages, two article response pages, a restricted and a draft article, links
between articles, tables, images, an iframe, a translation Zendesk marks outdated) imported into a real
project, then checked, built (public and agents' builds), searched and imported again."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ENV, mkdocs_build
from helpcentre.core import translation_status
from helpcentre.core.frontmatter import parse

FIXTURE = Path(__file__).parent / "fixtures" / "zendesk"
CONFIG = """\
site_name: Acme help
site_url: https://help.example.org/
theme:
  name: material
plugins:
  - i18n:
      docs_structure: folder
      fallback_to_default: true
      languages:
        - {locale: en, name: English, default: true}
        - {locale: et, name: Eesti}
        - {locale: fi, name: Suomi}
  - helpcentre
markdown_extensions:
  - admonition
  - tables
  - pymdownx.superfences
"""
INTERNAL_CONFIG = CONFIG.replace("  - helpcentre\n", "  - helpcentre:\n      internal: true\n")


def helpcentre(*args, cwd) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "helpcentre.cli", *args], cwd=cwd, capture_output=True, text=True, env=ENV
    )


def import_into(project: Path, export: Path = FIXTURE, *more) -> subprocess.CompletedProcess:
    return helpcentre("import", "zendesk", str(export), "--docs", "docs", *more, cwd=project)


def new_project(root: Path, config: str = CONFIG) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    (root / "mkdocs.internal.yml").write_text(INTERNAL_CONFIG, encoding="utf-8")
    return root


def front(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    _, head, body = text.split("---\n", 2)
    return yaml.safe_load(head), body


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> Path:
    project = new_project(tmp_path_factory.mktemp("zendesk") / "help")
    result = import_into(project)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return project


@pytest.fixture(scope="module")
def built(imported) -> Path:
    result = mkdocs_build(imported, imported / "site")
    assert result.returncode == 0, result.stderr
    return imported / "site"


def test_every_language_gets_its_pages_at_the_same_paths(imported):
    docs = imported / "docs"
    for lang in ("en", "et", "fi"):
        for path in ("index.md", "billing/index.md", "billing/pay-by-card.md", "your-account/index.md"):
            assert (docs / lang / path).is_file(), f"{lang}/{path}"
    meta, _ = front(docs / "fi/billing/pay-by-card.md")
    assert meta["title"] == "Korttimaksu" and meta["tags"] == ["payments", "card"]
    assert meta["featured"] is True and meta["order"] == 1
    assert len(meta["description"]) <= 160 and meta["description"].startswith("Hyväksymme Visa")
    assert front(docs / "et/billing/index.md")[0]["title"] == "Arveldus"


def test_restricted_articles_are_internal_and_drafts_stay_drafts(imported):
    docs = imported / "docs"
    meta, _ = front(docs / "en/internal/fraud-checks-for-agents.md")
    assert meta["audience"] == "internal"
    assert not list(docs.glob("*/billing/fraud-checks*"))
    assert front(docs / "en/internal/index.md")[0]["title"]  # the folder lists its pages
    assert front(docs / "en/billing/wallet-payments-are-coming.md")[0]["draft"] is True


def test_translations_record_their_source_and_zendesk_outdated_ones_are_outdated(imported):
    docs = imported / "docs"
    source_meta, source_body = front(docs / "en/billing/pay-by-card.md")
    page = type("Page", (), {"meta": type("Meta", (), source_meta), "body": source_body})
    assert front(docs / "fi/billing/pay-by-card.md")[0]["source_hash"] == translation_status.source_hash(page)
    status = helpcentre("translations", "status", "--format", "json", cwd=imported)
    states = json.loads(status.stdout)["pages"]
    assert states["billing/request-a-refund.md"] == {"et": "outdated", "fi": "up to date"}
    assert states["billing/pay-by-card.md"] == {"et": "up to date", "fi": "up to date"}


def test_a_translation_that_is_still_the_original_is_imported_as_a_draft(imported):
    docs = imported / "docs"
    assert front(docs / "et/billing/delivery-times.md")[0]["draft"] is True  # HC702 otherwise
    assert "draft" not in front(docs / "fi/billing/delivery-times.md")[0]
    report = json.loads((imported / "import-report.json").read_text("utf-8"))
    assert "untranslated" in {note["kind"] for note in report["items"]["article 306"]["notes"]}


def test_links_between_articles_become_relative_links_in_the_same_language(imported):
    docs = imported / "docs"
    assert "[Request a refund](<request-a-refund.md>)" in front(docs / "en/billing/pay-by-card.md")[1]
    assert "(<request-a-refund.md#ehdot>)" in front(docs / "fi/billing/pay-by-card.md")[1]
    refund = front(docs / "en/billing/request-a-refund.md")[1]
    assert "[Pay by card](<pay-by-card.md>)" in refund
    assert "see fraud checks." in refund and "internal/" not in refund  # public → restricted: text only
    assert "(<https://acme.zendesk.com/hc/en-us/articles/999-Old-guide>)" in refund  # not in the export
    email = front(docs / "en/your-account/change-your-email-address.md")[1]
    assert "Read wallet payments." in email  # a published page cannot link to a draft
    password = front(docs / "en/your-account/reset-your-password.md")[1]
    assert "(<change-your-email-address.md>)" in password


def test_html_is_converted_and_nothing_unsafe_survives(imported):
    docs = imported / "docs"
    _, card = front(docs / "en/billing/pay-by-card.md")
    assert "| Visa | 0 % |" in card and '!!! warning ""' in card and card.startswith("## Paying with a card")
    assert "![The card form](<https://acme.zendesk.com/hc/article_attachments/501/card-form.png>)" in card
    _, refund = front(docs / "en/billing/request-a-refund.md")
    assert '<table><tr><th colspan="2">Refund periods</th>' in refund  # merged cells: kept as HTML
    assert '<iframe src="https://www.youtube.com/embed/refund-howto"' in refund and "onload" not in refund
    _, password = front(docs / "en/your-account/reset-your-password.md")
    assert "```bash\ncurl -X POST" in password and "email=a_b@example.org" in password
    assert "&lt;script>alert(1)&lt;/script>" in password and "<script>" not in password


def test_the_import_passes_check_with_warnings_only(imported):
    result = helpcentre("check", "--format", "json", cwd=imported)
    problems = json.loads(result.stdout)
    assert result.returncode == 0, result.stdout
    assert {p["code"] for p in problems} == {"HC701"}, problems
    assert problems[0]["path"] == "docs/et/billing/request-a-refund.md"


def test_the_public_build_has_every_language_and_nothing_restricted_or_draft(built):
    for page in ("billing/pay-by-card/index.html", "et/billing/pay-by-card/index.html", "fi/index.html"):
        assert (built / page).is_file(), page
    assert "Tagasimakse taotlemine" in (built / "et/billing/request-a-refund/index.html").read_text("utf-8")
    texts = [p.read_text("utf-8", errors="replace") for p in built.rglob("*") if p.is_file()]
    for secret in ("chargebacks", "Petostarkistukset", "fraud-checks-for-agents", "phone wallet"):
        assert not any(secret in text for text in texts), secret
    assert not list(built.rglob("internal"))


def test_the_agents_build_has_the_restricted_article(imported, built):
    site = imported / "site-internal"
    result = mkdocs_build(imported, site, "mkdocs.internal.yml")
    assert result.returncode == 0, result.stderr
    assert "chargebacks" in (site / "internal/fraud-checks-for-agents/index.html").read_text("utf-8")


@pytest.mark.parametrize(
    ("lang", "query", "title"),
    [("en", "refund", "Request a refund"), ("et", "tagasimakse", "Tagasimakse taotlemine"),
     ("fi", "salasana", "Salasanan vaihtaminen")],
)  # fmt: skip
def test_search_finds_imported_articles_in_every_language(imported, built, lang, query, title):
    result = helpcentre("search", query, "--lang", lang, "--site", ".", cwd=imported)
    assert result.returncode == 0, result.stderr
    assert f" 1. {title}" in result.stdout, result.stdout


def test_the_report_lists_per_article_what_to_check(imported):
    report = json.loads((imported / "import-report.json").read_text("utf-8"))
    assert report["languages"] == {"en-us": "en", "et": "et", "fi": "fi"}
    kinds = {note["kind"] for note in report["items"]["article 301"]["notes"]}
    assert {"table-kept-as-html", "embedded", "link-to-internal", "link-external", "outdated"} <= kinds
    assert "image-external" in {n["kind"] for n in report["items"]["article 300"]["notes"]}
    assert "link-to-draft" in {n["kind"] for n in report["items"]["article 305"]["notes"]}
    text = (imported / "import-report.md").read_text("utf-8")
    assert "### Request a refund (article 301)" in text and "docs/et/billing/request-a-refund.md" in text


def test_a_second_import_changes_nothing_and_keeps_writer_edits(tmp_path):
    project = new_project(tmp_path / "help")
    assert import_into(project).returncode == 0
    docs = project / "docs"
    before = {p: p.read_bytes() for p in docs.rglob("*.md")}
    again = import_into(project)
    # Every page unchanged; home and folder pages the first run added exist now and are not planned again.
    assert again.returncode == 0 and "\n24 unchanged\n" in again.stdout, again.stdout
    assert {p: p.read_bytes() for p in docs.rglob("*.md")} == before

    export = tmp_path / "export"
    shutil.copytree(FIXTURE, export)
    _retitle(export / "translations/articles/300.json", "en-us", "Pay by card today")
    _retitle(export / "translations/articles/302.json", "en-us", "Reset your password now")
    edited = docs / "en/your-account/reset-your-password.md"
    edited.write_text(edited.read_text("utf-8") + "\nA writer's own note.\n", encoding="utf-8")
    result = import_into(project, export)
    assert result.returncode == 0, result.stderr
    # Untouched: updated, at the same path although the new title gives another slug.
    assert front(docs / "en/billing/pay-by-card.md")[0]["title"] == "Pay by card today"
    assert not (docs / "en/billing/pay-by-card-today.md").exists()
    assert "A writer's own note." in edited.read_text("utf-8")  # edited: kept
    assert front(edited)[0]["title"] == "Reset your password"
    notes = json.loads((project / "import-report.json").read_text("utf-8"))["items"]["article 302"]["notes"]
    assert "edited-kept" in {n["kind"] for n in notes}
    assert import_into(project, export, "--overwrite").returncode == 0
    assert front(edited)[0]["title"] == "Reset your password now"


def test_a_page_the_importer_did_not_write_is_not_overwritten(tmp_path):
    project = new_project(tmp_path / "help")
    mine = project / "docs/en/billing/pay-by-card.md"
    mine.parent.mkdir(parents=True)
    mine.write_text("---\ntitle: Mine\ndescription: Mine\n---\nMine.\n", encoding="utf-8")
    assert import_into(project).returncode == 0
    assert mine.read_text("utf-8").endswith("Mine.\n")


def test_a_language_the_project_does_not_build_is_refused_before_writing(tmp_path):
    config = CONFIG.replace("        - {locale: et, name: Eesti}\n", "")
    project = new_project(tmp_path / "help", config)
    result = import_into(project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "mkdocs.yml:9: the export has et, which the i18n plugin does not build" in result.stderr
    assert "- locale: et" in result.stderr and not (project / "docs").exists()
    mapped = import_into(project, FIXTURE, "--locale-map", "et=fi")
    assert mapped.returncode == 2 and "would all be docs/fi/" in mapped.stderr


def test_without_mkdocs_yml_the_import_says_how_to_configure_its_languages(tmp_path):
    (tmp_path / "docs").mkdir()
    result = import_into(tmp_path)
    assert result.returncode == 0, result.stderr
    assert "languages: en-us → en (default), et → et, fi → fi" in result.stdout
    assert "- locale: et\n          name: Eesti" in result.stderr


def test_a_broken_export_names_the_file_and_line(tmp_path):
    export = tmp_path / "export"
    shutil.copytree(FIXTURE, export)
    (export / "articles-2.json").write_text('{"articles": [\n  {"id": 1,\n', encoding="utf-8")
    (export / "sections.json").write_text('{"results": []}', encoding="utf-8")
    project = new_project(tmp_path / "help")
    result = import_into(project, export)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert (
        f"{export.as_posix()}/articles-2.json:3:1: HC1001 articles-2.json is not valid JSON" in result.stderr
    )
    assert "sections.json:1:1: HC1002 sections.json has no 'sections' list" in result.stderr
    assert not (project / "docs").exists()


def _retitle(file: Path, locale: str, title: str) -> None:
    data = json.loads(file.read_text("utf-8"))
    for translation in data["translations"]:
        if translation["locale"] == locale:
            translation["title"] = title
    file.write_text(json.dumps(data), encoding="utf-8")


def test_frontmatter_of_every_imported_page_is_valid(imported):
    for page in (imported / "docs").rglob("*.md"):
        parsed = parse(page.read_bytes(), page.as_posix())
        assert parsed.meta is not None and not parsed.problems, (page, parsed.problems)
