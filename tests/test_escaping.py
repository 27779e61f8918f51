"""Front-matter values are text, never markup: a build of hostile front matter, read back from the HTML.

The browser half (tests/browser/test_hostile_front_matter.py) opens the same pages in Chromium.
"""

from __future__ import annotations

import json
from pathlib import Path

import extruct
from lxml import etree

from pages import page, text
from payloads import ATTRIBUTE, BREAK_OUT, CLOSE_SCRIPT, HARMLESS, PAYLOADS, payload_sites  # noqa: F401

SITE_NAME = "Payload help"
ARTICLES = {
    "hostile/break-out/": BREAK_OUT,
    "hostile/close-script/": CLOSE_SCRIPT,
    "hostile/attribute/": ATTRIBUTE,
    "hostile/keys/": HARMLESS,
}


def injected(doc) -> list[str]:
    """Elements or attributes that only a payload could have put there."""
    found = [etree.tostring(e, encoding="unicode")[:80] for e in doc.xpath("//img[@src='x']")]
    found += [
        f"{e.tag} {name}"
        for e in doc.iter()
        if isinstance(e.tag, str)
        for name in e.attrib
        if name in ("onerror", "onfocus", "autofocus")
    ]
    found += [
        s.text[:80]
        for s in doc.xpath("//script[not(@src)]")
        if s.get("type") != "application/ld+json" and "alert(" in (s.text or "")
    ]
    return found


def all_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_no_payload_becomes_an_element_or_attribute_in_any_built_page(payload_sites):
    for site in payload_sites.values():
        pages = all_pages(site)
        assert len(pages) > 10
        for path in pages:
            assert injected(etree.HTML(path.read_bytes())) == [], path


def test_titles_show_as_the_literal_text_in_heading_title_sidebar_and_breadcrumbs(payload_sites):
    site = payload_sites["public"]
    for lang in ("", "fi/"):  # fi: fallback copies of the English pages
        for url, title in ARTICLES.items():
            doc = page(site, lang + url)
            assert [text(h) for h in doc.xpath("//div[@class='hc-article']/h1")] == [title]
            assert doc.findtext(".//title") == f"{title} - {SITE_NAME}"
            assert title in [text(a) for a in doc.xpath("//nav[contains(@class,'hc-nav')]//a")]
            assert text(doc.xpath("//nav[@class='hc-breadcrumbs']//li[@aria-current='page']")[0]) == title
            assert text(doc.xpath("//nav[@class='hc-breadcrumbs']//a")[1]) == BREAK_OUT  # the category
            assert doc.xpath("//div[contains(@class,'md-header__topic')]//span/text()")[-1].strip() == title


def test_descriptions_tags_and_lists_show_as_literal_text(payload_sites):
    site = payload_sites["public"]
    article = page(site, "hostile/break-out/")
    assert [text(t) for t in article.xpath("//p[@class='hc-tags']/span[@class='hc-tag']")] == PAYLOADS
    assert article.xpath("//meta[@name='description']/@content") == [HARMLESS]
    home = page(site, "")
    assert home.findtext(".//title") == f"{HARMLESS} - {SITE_NAME}"
    assert text(home.xpath("//div[@class='hc-hero']/h1")[0]) == HARMLESS
    assert [text(a) for a in home.xpath("//a[@class='hc-card__link']")] == [BREAK_OUT]
    assert [text(p) for p in home.xpath("//p[@class='hc-card__text']")] == [ATTRIBUTE]
    assert [text(a) for a in home.xpath("//a[@class='hc-list__link']")] == [BREAK_OUT]  # featured
    category = page(site, "hostile/")
    listed = {
        text(a): text(a.getparent().xpath("p[@class='hc-list__text']")[0])
        for a in category.xpath("//a[@class='hc-list__link']")
    }
    assert listed[CLOSE_SCRIPT] == BREAK_OUT and listed[ATTRIBUTE] == CLOSE_SCRIPT
    assert listed[HARMLESS] == HARMLESS


def test_share_tags_json_ld_and_search_data_give_back_the_literal_text(payload_sites):
    site = payload_sites["public"]
    for url, title in ARTICLES.items():
        raw = (site / url / "index.html").read_text(encoding="utf-8")
        doc = page(site, url)
        assert doc.xpath("//meta[@property='og:title']/@content") == [title]
        assert doc.xpath("//meta[@name='twitter:title']/@content") == [title]
        blocks = doc.xpath("//script[@type='application/ld+json']")
        for block in blocks:  # nothing in the data can end the script element or open markup
            assert not {"<", ">", "&"} & set(block.text)
        data = [json.loads(block.text) for block in blocks]
        assert data == extruct.extract(raw, syntaxes=["json-ld"])["json-ld"]
        article = next(d for d in data if d["@type"] == "Article")
        assert article["headline"] == title
        crumbs = next(d for d in data if d["@type"] == "BreadcrumbList")["itemListElement"]
        assert [c["name"] for c in crumbs] == [HARMLESS, BREAK_OUT, title]
    home = json.loads(page(site, "").xpath("//script[@type='application/ld+json']")[0].text)
    assert home["description"] == CLOSE_SCRIPT
    # Search display data is JSON too (search.js shows it with textContent): the raw text, not entities.
    meta = json.loads((site / "search" / "meta.json").read_text(encoding="utf-8"))
    shown = [
        doc["title"]
        for file in (site / "search" / meta["build"] / "docs").glob("*.json")
        for doc in json.loads(file.read_text(encoding="utf-8"))
    ]
    assert set(ARTICLES.values()) <= set(shown)
    etree.fromstring((site / "sitemap.xml").read_bytes())  # well-formed


def test_internal_template_labels_and_subject_are_literal_text(payload_sites):
    doc = page(payload_sites["internal"], "internal/hostile-email/")
    labels = {e.get("for"): text(e) for e in doc.xpath("//*[@data-hc-fill]//label")}
    assert labels == {
        "hc-blank-customer": "customer name",
        "hc-blank-evil": "x</label><img src=x onerror=alert(4)>",
        "hc-blank-attr": ATTRIBUTE,
    }
    assert doc.xpath("//input[@data-hc-blank='attr']/@data-label") == [ATTRIBUTE]
    assert text(doc.xpath("//span[@data-hc-subject]")[0]) == f"Re: {HARMLESS} [customer name]"
    library = page(payload_sites["internal"], "internal/")
    assert text(library.xpath("//div[@class='hc-category']/h1")[0]) == CLOSE_SCRIPT
    assert [text(t) for t in library.xpath("//li[@data-hc-item]//span[@class='hc-tag']")] == [BREAK_OUT]
    assert library.xpath("//li[@data-hc-item]/@data-text")[0].startswith(f"{HARMLESS} {ATTRIBUTE}")
