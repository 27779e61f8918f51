"""The contact page in real builds: in every language when `contact_form.enabled`, translated, a working
mailto: form without script, noindex and out of the sitemap, the search index and navigation; search's
"contact support" leads to it; a writer's page at its address stops the build (HC210); absent when off."""

import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import yaml
from lxml import etree

from conftest import ENV, LANGUAGES
from pages import SITE_URL, page, text

ROOT = Path(__file__).parents[1]
STRINGS = {
    lang: yaml.safe_load((ROOT / f"plugins/helpcentre/translations/{lang}.yml").read_text(encoding="utf-8"))
    for lang in LANGUAGES
}
SUPPORT = "support@northdesk.example"  # the demo's contact_form.email


def prefix(lang: str) -> str:
    return "" if lang == "en" else f"{lang}/"


def test_every_language_has_a_translated_contact_page(demo_site):
    titles = {lang: STRINGS[lang]["contact"]["title"] for lang in LANGUAGES}
    assert len(set(titles.values())) == len(LANGUAGES)  # really translated
    for lang in LANGUAGES:
        doc = page(demo_site, f"{prefix(lang)}contact/")
        words = STRINGS[lang]["contact"]
        assert doc.get("lang") == lang
        assert [text(h) for h in doc.xpath("//h1")] == [titles[lang]]
        assert doc.xpath("//head/meta[@name='robots']/@content") == ["noindex, nofollow"]
        assert not doc.xpath("//head/link[@rel='alternate'][@hreflang]")
        assert doc.xpath("//header//*[@data-hc-search]") and doc.xpath("//footer")  # themed
        labels = {label.get("for"): text(label) for label in doc.xpath("//form[@data-contact-form]//label")}
        assert labels == {
            "hc-contact-subject": words["subject"],
            "hc-contact-message": words["message"],
            "hc-contact-email": words["email"],
            "hc-contact-topic": words["topic"],
            "hc-contact-website": words["website"],
        }
        for field, error in (("subject", "subject"), ("message", "message"), ("email", "email")):
            described = doc.xpath(f"//*[@id='hc-contact-{field}']/@aria-describedby")[0].split()
            assert f"hc-contact-{error}-error" in described and doc.xpath(
                f"//*[@id='hc-contact-{error}-error']"
            )
        root = doc.xpath("//*[@data-contact-page]")[0]
        assert root.get("data-text-error-email") == words["error"]["email"]
        assert root.get("data-endpoint").endswith("/api/contact")
        assert root.get("data-events").endswith("/api/contact-event")
        assert doc.xpath("//*[@data-contact-suggestions-status][@aria-live='polite'][@role='status']")
        script = doc.xpath("//script[contains(@src,'contact-page.js')]")
        assert len(script) == 1 and script[0].get("defer") is not None


def test_without_script_the_form_writes_an_email_with_the_subject(demo_site):
    for lang in LANGUAGES:
        doc = page(demo_site, f"{prefix(lang)}contact/")
        [form] = doc.xpath("//form[@data-contact-form]")
        assert (form.get("action"), form.get("method")) == (f"mailto:{SUPPORT}", "get")
        # Only what a mail app understands is named: the rest needs the receiver (and script).
        assert sorted(form.xpath(".//*[@name]/@name")) == ["body", "subject"]
        assert form.xpath(".//*[@name='subject'][@required]") and form.xpath(".//*[@name='body'][@required]")
        assert form.xpath(".//*[@data-contact-receiver-fields][@hidden]")
        subject = quote(STRINGS[lang]["contact"]["default_subject"], safe="")
        assert doc.xpath("//a[@data-contact-mailto]/@href") == [f"mailto:{SUPPORT}?subject={subject}"]


def test_topics_are_the_languages_categories(demo_site):
    for lang in LANGUAGES:
        options = page(demo_site, f"{prefix(lang)}contact/").xpath("//select[@id='hc-contact-topic']/option")
        category_page = page(demo_site, f"{prefix(lang)}call-centre/")
        assert options[0].get("value") == "" and text(options[0]) == STRINGS[lang]["contact"]["no_topic"]
        assert "call-centre" in [o.get("value") for o in options]
        title = text(category_page.xpath("//h1")[0])
        assert [text(o) for o in options if o.get("value") == "call-centre"] == [title]


def test_search_contact_links_lead_to_the_contact_page(demo_site):
    for lang in LANGUAGES:
        for url, expected in ((prefix(lang), "contact/"), (f"{prefix(lang)}call-centre/", "../contact/")):
            doc = page(demo_site, url)
            targets = set(doc.xpath("//*[@data-hc-search]/@data-contact-url"))
            assert targets == {expected}, url
        results = page(demo_site, f"{prefix(lang)}search/")
        assert results.xpath("//*[@data-search-page]/@data-contact-url") == ["../contact/"]


def test_only_the_contact_page_loads_its_script(demo_site):
    for lang in LANGUAGES:
        for url in (prefix(lang), f"{prefix(lang)}call-centre/", f"{prefix(lang)}search/"):
            assert not page(demo_site, url).xpath("//script[contains(@src,'contact-page.js')]"), url


def test_the_contact_page_is_not_content(demo_site):
    contact = {f"{SITE_URL}{prefix(lang)}contact/" for lang in LANGUAGES}
    sitemap = etree.parse(str(demo_site / "sitemap.xml"))
    locs = set(sitemap.xpath("//*[local-name()='loc']/text()"))
    assert locs and not locs & contact
    for lang in LANGUAGES:
        folder = demo_site / prefix(lang) / "search"
        build = json.loads((folder / "meta.json").read_text(encoding="utf-8"))["build"]
        urls = [d["url"] for f in (folder / build / "docs").glob("*.json") for d in json.loads(f.read_text())]
        assert urls and not [u for u in urls if u.rstrip("/").endswith("contact")], lang
        nav = page(demo_site, prefix(lang)).xpath("//nav//a/@href")
        assert not [h for h in nav if h.rstrip("/").endswith("contact")], lang
    manifest = json.loads((demo_site / "helpcentre-feedback.json").read_text(encoding="utf-8"))
    assert not [u for urls in manifest["pages"].values() for u in urls if "contact" in u]


def test_the_agents_build_has_it_without_the_receiver(internal_site):
    root = page(internal_site, "fi/contact/").xpath("//*[@data-contact-page]")[0]
    assert root.get("data-endpoint") is None and root.get("data-events") is None
    assert page(internal_site, "fi/contact/").xpath("//form[@action='mailto:support@northdesk.example']")


def enable(project, options: str = "      contact_form: {enabled: true, email: help@example.org}\n") -> None:
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - helpcentre\n", "  - helpcentre:\n" + options))


def test_off_by_default_and_contact_url_still_works(project):
    config = project.root / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "  - helpcentre\n", "  - helpcentre:\n      contact_url: mailto:help@example.org\n"
        )
    )
    project.page("en/contact.md", "title: Contact us\ndescription: Our own page")
    result = project.build()
    assert result.returncode == 0, result.stderr
    site = project.root / "site"
    assert text(page(site, "contact/").xpath("//h1")[0]) == "Contact us"  # the writer's own page
    pages = [f.read_bytes() for f in site.rglob("*.html")]
    assert not [p for p in pages if b"data-contact-page" in p or b"contact-page.js" in p]
    assert set(page(site, "").xpath("//*[@data-hc-search]/@data-contact-url")) == {"mailto:help@example.org"}
    assert "HC210" not in check(project)


def test_enabled_in_a_project_every_language_gets_it(project):
    enable(project)
    result = project.build()
    assert result.returncode == 0, result.stderr
    site = project.root / "site"
    for lang in ("en", "fi"):
        doc = page(site, f"{prefix(lang)}contact/")
        assert text(doc.xpath("//h1")[0]) == STRINGS[lang]["contact"]["title"]
        assert doc.xpath("//form[@action='mailto:help@example.org']")
        assert doc.xpath("//*[@data-contact-page]")[0].get("data-endpoint") is None  # no receiver
        assert not doc.xpath("//select[@id='hc-contact-topic']")  # no categories, no topic


def test_a_writers_page_at_the_contact_address_stops_the_build(project):
    enable(project)
    project.page("en/contact.md", "title: Contact us\ndescription: Our own page")
    result = project.build()
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "docs/en/contact.md:1: this page would be published at /contact/" in result.stderr
    assert "contact page" in result.stderr and "contact_form.folder" in result.stderr
    assert "HC210" in check(project)


def test_another_folder_moves_it(project):
    enable(project, "      contact_form: {enabled: true, email: help@example.org, folder: support/write}\n")
    project.page("en/contact.md", "title: Contact us\ndescription: Our own page")
    result = project.build()
    assert result.returncode == 0, result.stderr
    site = project.root / "site"
    assert text(page(site, "fi/support/write/").xpath("//h1")[0]) == STRINGS["fi"]["contact"]["title"]
    assert set(page(site, "fi/").xpath("//*[@data-hc-search]/@data-contact-url")) == {"support/write/"}
    assert "HC210" not in check(project)


def test_the_address_comes_from_contact_url_or_is_asked_for(project):
    enable(project, "      contact_form: {enabled: true}\n")
    result = project.build()
    assert (
        result.returncode != 0 and "contact_form.email" in result.stderr and "Traceback" not in result.stderr
    )
    enable_with_url = (
        "      contact_url: mailto:desk@example.org?subject=Hi\n      contact_form: {enabled: true}\n"
    )
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("      contact_form: {enabled: true}\n", enable_with_url))
    result = project.build()
    assert result.returncode == 0, result.stderr
    assert page(project.root / "site", "contact/").xpath("//form[@action='mailto:desk@example.org']")


def test_bad_options_are_refused_with_what_to_do(project):
    enable(project, "      contact_form: {enabled: true, email: 'a@b.org?cc=x@y.org'}\n")
    result = project.build()
    assert result.returncode != 0 and "is not one email address" in result.stderr
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("'a@b.org?cc=x@y.org'", "a@b.org, folder: ../x"))
    result = project.build()
    assert result.returncode != 0 and "contact_form.folder: '../x'" in result.stderr
    assert "Traceback" not in result.stderr


def check(project) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "helpcentre.cli", "check", "."],
        cwd=project.root,
        capture_output=True,
        text=True,
        env=ENV,
    )
    return result.stdout
