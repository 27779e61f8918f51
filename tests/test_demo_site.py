"""The built demo help centre: languages, fallbacks, canonical/hreflang, sitemap, 404s, page parts."""

import re
import subprocess
from datetime import UTC, datetime

import pytest
from babel.dates import format_date
from lxml import etree

from conftest import LANGUAGES, ROOT
from pages import SITE_URL, canonical, hreflangs, page, switcher_targets, text

TRANSLATED = "good-service/what-is-good-customer-service/"
FALLBACK = "call-centre/holiday-opening-hours/"  # written in English only
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def prefix(lang: str) -> str:
    return "" if lang == "en" else f"{lang}/"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_language_is_built_with_its_own_lang(demo_site, lang):
    for url in ("", "good-service/", TRANSLATED, FALLBACK):
        doc = page(demo_site, prefix(lang) + url)
        assert doc.get("lang") == lang, url


@pytest.mark.parametrize("lang", LANGUAGES)
def test_translated_page_is_self_canonical_with_all_translations_as_hreflang(demo_site, lang):
    doc = page(demo_site, prefix(lang) + TRANSLATED)
    assert canonical(doc) == SITE_URL + prefix(lang) + TRANSLATED
    expected = {code: SITE_URL + prefix(code) + TRANSLATED for code in LANGUAGES}
    assert hreflangs(doc) == {**expected, "x-default": SITE_URL + TRANSLATED}
    assert not doc.xpath("//*[contains(@class, 'hc-fallback')]")


@pytest.mark.parametrize("lang", ["et", "fi", "lt", "sl"])
def test_fallback_page_says_so_and_points_search_engines_at_the_original(demo_site, lang):
    doc = page(demo_site, prefix(lang) + FALLBACK)
    [notice] = doc.xpath("//aside[contains(@class, 'hc-fallback')]")
    assert "English" not in text(notice) or lang == "en"  # written in the reader's language
    assert notice.xpath(".//a/@hreflang") == ["en"]
    [content] = doc.xpath("//div[contains(@class, 'hc-article')]")
    assert content.get("lang") == "en"
    assert canonical(doc) == SITE_URL + FALLBACK
    assert hreflangs(doc) == {"en": SITE_URL + FALLBACK, "x-default": SITE_URL + FALLBACK}


def test_fallback_notices_are_translated(demo_site):
    notices = {
        lang: text(
            page(demo_site, prefix(lang) + FALLBACK).xpath("//aside[contains(@class,'hc-fallback')]")[0]
        )
        for lang in ["et", "fi", "lt", "sl"]
    }
    assert "eesti" in notices["et"] and "suomeksi" in notices["fi"]
    assert "lietuvių" in notices["lt"] and "slovenščino" in notices["sl"]


def test_english_original_does_not_list_fallback_copies(demo_site):
    assert set(hreflangs(page(demo_site, FALLBACK))) == {"en", "x-default"}


def test_sitemap_lists_real_translations_once_with_alternates(demo_site):
    tree = etree.parse(str(demo_site / "sitemap.xml"))
    locs = tree.xpath("//s:url/s:loc/text()", namespaces=SITEMAP_NS)
    assert len(locs) == len(set(locs))
    for lang in LANGUAGES:
        assert SITE_URL + prefix(lang) + TRANSLATED in locs
    assert SITE_URL + FALLBACK in locs
    assert not [loc for loc in locs if loc.endswith(FALLBACK) and loc != SITE_URL + FALLBACK]
    [entry] = tree.xpath(f"//s:url[s:loc='{SITE_URL}fi/{TRANSLATED}']", namespaces=SITEMAP_NS)
    alternates = {
        link.get("hreflang"): link.get("href") for link in entry.xpath("x:link", namespaces=SITEMAP_NS)
    }
    assert alternates == {
        **{c: SITE_URL + prefix(c) + TRANSLATED for c in LANGUAGES},
        "x-default": SITE_URL + TRANSLATED,
    }


@pytest.mark.parametrize("lang", LANGUAGES)
def test_one_404_page_per_language(demo_site, lang):
    doc = page(demo_site, prefix(lang) + "404.html")
    assert doc.get("lang") == lang
    assert doc.xpath("//form[@role='search']//input[@name='q']")
    home_links = doc.xpath("//a[contains(@class,'hc-not-found__home')]/@href")
    assert home_links == ["/" + prefix(lang)]


def test_404_pages_differ_per_language(demo_site):
    titles = {text(page(demo_site, prefix(lang) + "404.html").xpath("//h1")[0]) for lang in LANGUAGES}
    assert len(titles) == 5


def git_date(path: str) -> datetime:
    out = subprocess.run(
        ["git", "log", "-1", "--format=%ct", "--", path], cwd=ROOT, capture_output=True, text=True
    ).stdout
    if out.strip():
        return datetime.fromtimestamp(int(out), tz=UTC)
    return datetime.fromtimestamp((ROOT / path).stat().st_mtime, tz=UTC)


@pytest.mark.parametrize(
    "lang, reading",
    [
        ("en", "min read"),
        ("et", "min lugemist"),
        ("fi", "min lukuaika"),
        ("lt", "min. skaitymo"),
        ("sl", "min branja"),
    ],
)
def test_reading_time_and_last_updated_are_localized(demo_site, lang, reading):
    doc = page(demo_site, prefix(lang) + TRANSLATED)
    assert re.fullmatch(rf"\d+ {re.escape(reading)}", text(doc.xpath("//*[@class='hc-meta__reading']")[0]))
    [updated] = doc.xpath("//time[@class='hc-meta__updated']")
    moment = git_date(f"docs/{lang}/{TRANSLATED.rstrip('/')}.md")
    assert updated.get("datetime") == moment.date().isoformat()
    assert format_date(moment, format="long", locale=lang) in text(updated)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_page_has_search_hero_categories_with_counts_and_featured(demo_site, lang):
    doc = page(demo_site, prefix(lang))
    assert doc.xpath("//div[@class='hc-hero']//form[@role='search']//input[@name='q'][@role='combobox']")
    cards = doc.xpath("//li[@class='hc-card']")
    assert len(cards) == 3
    for card in cards:
        assert re.search(r"\d", text(card.xpath(".//*[@class='hc-card__note']")[0]))
    assert len(doc.xpath("//section[@aria-labelledby='hc-featured']//li")) >= 1


def test_category_page_lists_its_articles_including_fallbacks(demo_site):
    doc = page(demo_site, "et/call-centre/")
    links = doc.xpath("//ul[@class='hc-list']//a/@href")
    assert "holiday-opening-hours/" in links
    assert doc.xpath("//a[@href='holiday-opening-hours/'][@lang='en']")


def test_article_has_breadcrumbs_tags_and_available_in(demo_site):
    doc = page(demo_site, "fi/" + TRANSLATED)
    crumbs = doc.xpath("//nav[contains(@class,'hc-breadcrumbs')]//li")
    assert len(crumbs) == 3 and crumbs[-1].get("aria-current") == "page"
    assert doc.xpath("//*[@class='hc-tag']")
    available = doc.xpath("//nav[contains(@class,'hc-translations')]//a/@hreflang")
    assert sorted(available) == ["en", "et", "lt", "sl"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_navigation_uses_category_titles_in_the_readers_language(demo_site, lang):
    doc = page(demo_site, prefix(lang) + TRANSLATED)
    category_title = text(
        page(demo_site, prefix(lang) + "good-service/").xpath("//div[@class='hc-category']/h1")[0]
    )
    nav_labels = [
        text(e)
        for e in doc.xpath(
            "//nav[contains(@class,'md-nav--primary')]//label | //nav[contains(@class,'md-nav--primary')]//a"
        )
    ]
    assert category_title in nav_labels
    if lang != "en":
        assert "Good service" not in nav_labels


@pytest.mark.parametrize("lang", ["et", "fi", "lt", "sl"])
def test_fallback_pages_join_their_translated_category_in_the_navigation(demo_site, lang):
    doc = page(demo_site, prefix(lang) + "call-centre/")
    sections = [text(e) for e in doc.xpath("//nav[contains(@class,'md-nav--primary')]/ul/li/a")]
    assert len(sections) == len(set(sections)) == 3
    call_centre = doc.xpath("//nav[contains(@class,'md-nav--primary')]/ul/li[last()]//a/@href")
    assert "holiday-opening-hours/" in call_centre


def test_language_switcher_goes_to_the_same_page_translated_or_fallback(demo_site):
    assert switcher_targets(demo_site, TRANSLATED) == {code: prefix(code) + TRANSLATED for code in LANGUAGES}
    for lang in LANGUAGES:
        # Written in English only, FALLBACK is at its own address in every language: the menu goes there.
        targets = switcher_targets(demo_site, prefix(lang) + FALLBACK)
        assert targets == {code: prefix(code) + FALLBACK for code in LANGUAGES}
        assert all(page(demo_site, target).get("lang") == code for code, target in targets.items())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_articles_end_with_up_to_three_related_articles_in_the_same_language(demo_site, lang):
    doc = page(demo_site, prefix(lang) + TRANSLATED)
    links = doc.xpath("//section[@class='hc-related']//a[@class='hc-card__link']/@href")
    assert 1 <= len(links) <= 3
    article_folder = demo_site / (prefix(lang) + TRANSLATED)
    for href in links:
        target = (article_folder / href / "index.html").resolve()
        assert target.is_file(), href
        assert page(demo_site, str(target.relative_to(demo_site).parent) + "/").get("lang") == lang
        assert target.parent != article_folder.resolve()
    assert "<!--helpcentre:related-->" not in (article_folder / "index.html").read_text()


def test_no_related_marker_is_left_anywhere(demo_site):
    leftovers = [
        p for p in demo_site.rglob("*.html") if "<!--helpcentre:related-->" in p.read_text(encoding="utf-8")
    ]
    assert leftovers == []


def test_materials_bundle_looks_up_no_alternate_sitemaps(demo_site):
    """The head keeps its hreflang links, and Material's script no longer fetches `<alternate>/sitemap.xml`
    for each of them (tests/browser/test_requests.py watches the requests themselves)."""
    [bundle] = (demo_site / "assets" / "javascripts").glob("bundle.*.min.js")
    script = bundle.read_text(encoding="utf-8")
    assert '"link[rel=alternate]"' not in script
    assert '"link[rel=alternate][data-hc-none]"' in script
    assert hreflangs(page(demo_site, "fi/" + FALLBACK))


SITE_NAMES = {
    "en": "Northdesk Help Centre",
    "et": "Northdeski abikeskus",
    "fi": "Northdesk-ohjekeskus",
    "lt": "Northdesk pagalbos centras",
    "sl": "Center za pomoč Northdesk",
}
PERMALINK_TITLES = {
    "en": "Permanent link",
    "et": "Püsilink",
    "fi": "Pysyvä linkki",
    "lt": "Nuolatinė nuoroda",
    "sl": "Stalna povezava",
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_site_name_and_heading_permalinks_are_in_the_readers_language(demo_site, lang):
    """static-i18n's per-language site_name reaches the header and <title>; the toc extension's
    permalink title (one markdown option for all languages) is set per language by the plugin."""
    doc = page(demo_site, prefix(lang) + TRANSLATED)
    assert doc.findtext(".//title").endswith(f" - {SITE_NAMES[lang]}")
    assert {a.get("title") for a in doc.iterfind(".//a[@class='md-header__button md-logo']")} == {
        SITE_NAMES[lang]
    }
    titles = {a.get("title") for a in doc.iterfind(".//a[@class='headerlink']")}
    assert titles == {PERMALINK_TITLES[lang]}


@pytest.mark.parametrize(
    "url", ["", TRANSLATED, "call-centre/call-centre-faq/", "search/", "contact/", "404.html"]
)
def test_no_script_holds_up_the_first_paint(demo_site, url):
    """Lighthouse counted the scripts at the end of the body (Material's bundle: 35 KB gzip) as render
    blocking. Only Material's base.js stays synchronous: 0.5 KB that palette and consent scripts need."""
    doc = page(demo_site, url)
    blocking = [
        s.get("src").split("?")[0] for s in doc.iter("script") if s.get("src") and s.get("defer") is None
    ]
    assert [src.rsplit("/", 1)[1] for src in blocking] == ["base.js"]
    assert doc.find(".//link[@rel='stylesheet'][@href]") is not None
    assert not [h for h in doc.xpath("//link[@rel='stylesheet']/@href") if "palette" in h]  # mkdocs.yml: {}
