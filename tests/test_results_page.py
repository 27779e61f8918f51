"""The search results page in real builds: one per language, themed, crawlable, out of the sitemap, the
search index, navigation and listings; a writer's page at its address stops the build (HC210)."""

import json
import subprocess
import sys
from pathlib import Path

import yaml
from lxml import etree

from conftest import ENV, LANGUAGES
from pages import SITE_URL, page, text

TITLES = {
    lang: yaml.safe_load(
        (Path(__file__).parents[1] / f"plugins/helpcentre/translations/{lang}.yml").read_text(
            encoding="utf-8"
        )
    )["results"]["title"]
    for lang in LANGUAGES
}


def prefix(lang: str) -> str:
    return "" if lang == "en" else f"{lang}/"


def test_every_language_has_its_results_page_in_its_language_and_crawlable(demo_site):
    assert len(set(TITLES.values())) == len(LANGUAGES)  # really translated
    for lang in LANGUAGES:
        doc = page(demo_site, f"{prefix(lang)}search/")
        assert doc.get("lang") == lang
        assert [text(h) for h in doc.xpath("//h1")] == [TITLES[lang]]
        assert doc.xpath("//head/meta[@name='robots']") == []  # Lighthouse's SEO audit: crawlable
        assert doc.xpath("//head/link[@rel='canonical']/@href") == [f"{SITE_URL}{prefix(lang)}search/"]
        assert doc.xpath("//head/title")[0].text.startswith(TITLES[lang])
        # Themed: header with the search box and language menu, the sidebar's categories, the footer.
        assert doc.xpath("//header//*[@data-hc-search]") and doc.xpath("//footer")
        assert doc.xpath("//nav[contains(@class,'hc-nav')]//a")
        menu = {a.get("hreflang"): a.get("href") for a in doc.xpath("//a[@data-hc-lang]")}
        assert set(menu) == set(LANGUAGES)
        assert all(href.rstrip("/").endswith("search") or href == "./" for href in menu.values()), menu
        # No hreflang links: Material's script would fetch each one's sitemap.xml.
        assert not doc.xpath("//head/link[@rel='alternate'][@hreflang]")
        assert not doc.xpath("//script[@type='application/ld+json']")
        assert doc.xpath("//main//*[@data-search-page]//ol[@data-search-results]")
        assert doc.xpath("//*[@role='status'][@aria-live='polite']")
        script = doc.xpath("//script[contains(@src,'search-page.js')]")
        assert len(script) == 1 and script[0].get("defer") is not None


def test_only_the_results_page_loads_its_script(demo_site):
    for lang in LANGUAGES:
        for url in (prefix(lang), f"{prefix(lang)}call-centre/"):
            assert not page(demo_site, url).xpath("//script[contains(@src,'search-page.js')]"), url


def test_search_forms_send_the_query_to_the_results_page(demo_site):
    for lang in LANGUAGES:
        for url, expected in ((prefix(lang), "search/"), (f"{prefix(lang)}call-centre/", "../search/")):
            forms = page(demo_site, url).xpath("//form[@role='search']")
            assert forms and {f.get("action") for f in forms} == {expected}, url
            assert all(f.xpath(".//input[@name='q']") for f in forms)
    not_found = lxml_html_of(demo_site / "fi/404.html")
    assert {f.get("action") for f in not_found.xpath("//form[@role='search']")} == {"/fi/search/"}


def lxml_html_of(path: Path):
    from lxml import html

    return html.fromstring(path.read_bytes())


def test_the_results_page_is_not_content(demo_site):
    results = {f"{SITE_URL}{prefix(lang)}search/" for lang in LANGUAGES}
    sitemap = etree.parse(str(demo_site / "sitemap.xml"))
    locs = set(sitemap.xpath("//*[local-name()='loc']/text()"))
    links = set(sitemap.xpath("//*[local-name()='link']/@href"))
    assert locs and not (locs | links) & results
    for lang in LANGUAGES:
        folder = demo_site / prefix(lang) / "search"
        build = json.loads((folder / "meta.json").read_text(encoding="utf-8"))["build"]
        urls = [d["url"] for f in (folder / build / "docs").glob("*.json") for d in json.loads(f.read_text())]
        assert urls and not [u for u in urls if u.rstrip("/").endswith("search")], lang
    # No page links to it (navigation, listings, related articles); forms and the 404 page aside.
    for built in demo_site.rglob("index.html"):
        if built.parent.name == "search":
            continue
        doc = lxml_html_of(built)
        hrefs = [h.rstrip("/") for h in doc.xpath("//a/@href")]
        assert not [h for h in hrefs if h.endswith("/search") or h == "search"], built


def test_the_home_page_search_action_targets_the_results_page(demo_site):
    for lang in LANGUAGES:
        doc = page(demo_site, prefix(lang))
        data = [json.loads(s.text) for s in doc.xpath("//script[@type='application/ld+json']")]
        website = next(d for d in data if d["@type"] == "WebSite")
        target = website["potentialAction"]["target"]["urlTemplate"]
        assert target == f"{SITE_URL}{prefix(lang)}search/?q={{search_term_string}}"


def test_a_writers_page_at_the_results_pages_address_stops_the_build(project):
    project.page("en/search.md", "title: Search tips\ndescription: How to search")
    result = project.build()
    assert result.returncode != 0
    assert "docs/en/search.md:1: this page would be published at /search/" in result.stderr
    assert "search_page" in result.stderr and "Traceback" not in result.stderr


def test_a_category_folder_named_like_it_in_another_language_stops_the_build(project):
    project.page("fi/search/index.md", "title: Haku\ndescription: Hakuohjeet")
    project.page("fi/search/tips.md", "title: Vinkit\ndescription: Vinkkejä", "Hae näin.")
    result = project.build()
    assert result.returncode != 0
    assert "docs/fi/search/index.md:1: this page would be published at /fi/search/" in result.stderr
    assert "HC210" in check(project)


def test_a_default_language_page_clashes_where_it_stands_in_untranslated_too(project):
    project.page("en/Search.md", "title: Search tips\ndescription: How to search")
    result = project.build()
    assert "docs/en/Search.md:1:" in result.stderr and result.returncode != 0


def test_another_folder_for_the_results_page_lets_a_search_category_be(project):
    config = project.root / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("  - helpcentre\n", "  - helpcentre:\n      search_page: find/results\n")
    )
    project.page("en/search/index.md", "title: Search tips\ndescription: How to search")
    project.page("en/search/operators.md", "title: Operators\ndescription: d", "Use quotes.")
    result = project.build()
    assert result.returncode == 0, result.stderr
    site = project.root / "site"
    assert page(site, "search/").xpath("//h1")[0].text_content().strip() == "Search tips"
    assert page(site, "search/operators/") is not None
    assert text(page(site, "find/results/").xpath("//h1")[0]) == TITLES["en"]
    assert text(page(site, "fi/find/results/").xpath("//h1")[0]) == TITLES["fi"]
    home = page(site, "")
    assert {f.get("action") for f in home.xpath("//form[@role='search']")} == {"find/results/"}
    assert (site / "search/meta.json").is_file()  # the index stays where it was, beside the category
    assert "HC210" not in check(project)


def test_an_unusable_results_folder_is_refused(project):
    config = project.root / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("  - helpcentre\n", "  - helpcentre:\n      search_page: ../x\n")
    )
    result = project.build()
    assert (
        result.returncode != 0 and "search_page: '../x'" in result.stderr and "Traceback" not in result.stderr
    )


def test_any_other_file_at_the_address_stops_the_build(project):
    project.raw("fi/search/index.html", b"<p>my own search</p>")
    result = project.build()
    assert result.returncode != 0
    assert "docs/fi/search/index.html would be published at /fi/search/index.html" in result.stderr


def test_an_internal_page_there_clashes_in_both_builds(project):
    project.page("fi/search/index.md", "title: Haku\ndescription: d\naudience: internal")
    result = project.build()
    assert result.returncode != 0 and "docs/fi/search/index.md:1:" in result.stderr
    config = project.root / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("  - helpcentre\n", "  - helpcentre:\n      internal: true\n")
    )
    result = project.build()
    assert result.returncode != 0 and "docs/fi/search/index.md:1:" in result.stderr


def check(project) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "helpcentre.cli", "check", "."],
        cwd=project.root,
        capture_output=True,
        text=True,
        env=ENV,
    )
    return result.stdout
