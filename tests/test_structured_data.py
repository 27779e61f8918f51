"""JSON-LD, share cards and SEO basics of the built demo site, checked on the real output."""

import json
from pathlib import Path

import extruct
import jsonschema
import pytest
from lxml import html as lxml_html

from pages import SITE_URL, canonical, page, text

LANGS = ["en", "et", "fi", "lt", "sl"]
SCHEMAS = {
    name: json.loads((Path(__file__).parent / "schemas" / f"{name}.json").read_text())
    for name in ("article", "breadcrumblist", "faqpage", "website")
}


def public_pages(site: Path) -> list[str]:
    """Every page of content search engines may index: not the contact page, which says noindex, nor
    the results pages, which are crawlable but no answer, so they carry no structured data."""
    pages = [
        p
        for p in site.rglob("index.html")
        if 'content="noindex' not in p.read_text(encoding="utf-8") and p.parent.name != "search"
    ]
    return sorted((p.parent.relative_to(site).as_posix() + "/").removeprefix("./") for p in pages)


def json_ld(site: Path, url: str) -> dict[str, dict]:
    raw = (site / url / "index.html").read_text(encoding="utf-8")
    found = extruct.extract(raw, base_url=SITE_URL + url, syntaxes=["json-ld"], uniform=True)["json-ld"]
    by_type = {item["@type"]: item for item in found}
    assert len(by_type) == len(found), f"{url}: one object per type"
    return by_type


def validate(kind: str, data: dict, url: str) -> None:
    try:
        jsonschema.validate(data, SCHEMAS[kind])
    except jsonschema.ValidationError as error:
        pytest.fail(f"{url}: {kind}: {error.message} at {list(error.absolute_path)}")


def kind_of(doc) -> str:
    found = doc.xpath("//*[@data-hc-type]/@data-hc-type")
    return found[0] if found else ("home" if doc.xpath("//*[contains(@class,'hc-home')]") else "category")


def test_only_the_contact_pages_say_noindex(demo_site):
    noindex = {
        p.parent.relative_to(demo_site).as_posix()
        for p in demo_site.rglob("index.html")
        if 'content="noindex' in p.read_text(encoding="utf-8")
    }
    assert noindex == {f"{lang}contact" for lang in ("", "et/", "fi/", "lt/", "sl/")}


def test_every_public_page_carries_valid_json_ld_for_what_it_is(demo_site):
    checked = {"home": 0, "category": 0, "article": 0, "faq": 0}
    for url in public_pages(demo_site):
        doc, data = page(demo_site, url), json_ld(demo_site, url)
        kind = kind_of(doc)
        checked[kind] += 1
        if kind == "home":
            assert set(data) == {"WebSite"}, url
            validate("website", data["WebSite"], url)
            assert (
                data["WebSite"]["potentialAction"]["target"]["urlTemplate"]
                == SITE_URL + url + "search/?q={search_term_string}"  # the language's results page
            )
            continue
        validate("breadcrumblist", data["BreadcrumbList"], url)
        crumbs = data["BreadcrumbList"]["itemListElement"]
        assert crumbs[-1]["item"] == canonical(doc), url
        visible = [text(a) for a in doc.xpath("//nav[contains(@class,'hc-breadcrumbs')]//a")]
        assert [c["name"] for c in crumbs[:-1]] == visible, url
        if kind in ("article", "faq"):
            validate("article", data["Article"], url)
            assert data["Article"]["headline"] == text(doc.xpath("//h1")[0]), url
            assert data["Article"]["url"] == canonical(doc), url
            assert data["Article"]["description"] == doc.xpath("//meta[@name='description']/@content")[0]
        else:
            assert "Article" not in data, url
        assert ("FAQPage" in data) == bool(doc.xpath("//details[contains(@class,'hc-faq__item')]")), url
    assert (
        checked["home"] == 5
        and checked["category"] >= 15
        and checked["faq"] >= 10
        and checked["article"] >= 40
    ), checked


def test_faq_json_ld_equals_the_visible_questions_and_answers(demo_site):
    pages_with_faq = 0
    for url in public_pages(demo_site):
        data = json_ld(demo_site, url)
        if "FAQPage" not in data:
            continue
        pages_with_faq += 1
        validate("faqpage", data["FAQPage"], url)
        doc = page(demo_site, url)
        visible = [
            (text(d.xpath("./summary")[0]), text(d.xpath("./div[contains(@class,'hc-faq__answer')]")[0]))
            for d in doc.xpath("//details[contains(@class,'hc-faq__item')]")
        ]
        in_data = [
            (q["name"], text(lxml_html.fragment_fromstring(q["acceptedAnswer"]["text"], create_parent="div")))
            for q in data["FAQPage"]["mainEntity"]
        ]
        assert in_data == visible, url
    assert (
        pages_with_faq >= 15
    )  # two FAQ pages and one article with an FAQ section per language (fallbacks too)


def test_links_in_answers_are_absolute(demo_site):
    answers = [
        q["acceptedAnswer"]["text"]
        for url in public_pages(demo_site)
        for q in json_ld(demo_site, url).get("FAQPage", {}).get("mainEntity", [])
    ]
    hrefs = [
        h for a in answers for h in lxml_html.fragment_fromstring(a, create_parent="div").xpath("//a/@href")
    ]
    assert hrefs and all(h.startswith(SITE_URL) for h in hrefs), hrefs


@pytest.mark.parametrize("lang", LANGS)
def test_every_language_has_an_faq_page_and_an_article_with_an_faq_section(demo_site, lang):
    prefix = "" if lang == "en" else f"{lang}/"
    kinds = {
        kind_of(page(demo_site, url))
        for url in public_pages(demo_site)
        if url.startswith(prefix) and json_ld(demo_site, url).get("FAQPage", {}).get("inLanguage") == lang
    }
    assert kinds == {"faq", "article"}


def test_fallback_pages_describe_the_english_text_they_show(demo_site):
    data = json_ld(demo_site, "et/call-centre/holiday-opening-hours/")
    assert data["Article"]["inLanguage"] == "en"
    assert data["Article"]["url"] == SITE_URL + "call-centre/holiday-opening-hours/"
    assert page(demo_site, "et/call-centre/holiday-opening-hours/").xpath(
        "//meta[@property='og:locale']/@content"
    ) == ["en_US"]


@pytest.mark.parametrize(
    "url",
    [
        "",
        "et/",
        "fi/good-service/",
        "lt/call-centre/call-centre-faq/",
        "sl/difficult-customers/calming-an-angry-customer/",
    ],
)
def test_canonical_description_share_card_and_lang_on_every_kind_of_page(demo_site, url):
    doc = page(demo_site, url)
    lang = url.split("/")[0] if url[:2] in LANGS[1:] else "en"
    assert doc.get("lang") == lang
    assert canonical(doc) == SITE_URL + url
    description = doc.xpath("//meta[@name='description']/@content")
    og = {m.get("property"): m.get("content") for m in doc.xpath("//meta[starts-with(@property,'og:')]")}
    assert description and description[0] == og["og:description"]
    assert og["og:url"] == SITE_URL + url
    assert og["og:locale"].startswith(lang + "_")
    assert og["og:title"] and doc.xpath("//meta[@name='twitter:card']/@content") == ["summary"]


def test_robots_txt_points_at_the_sitemap(demo_site):
    robots = (demo_site / "robots.txt").read_text()
    assert f"Sitemap: {SITE_URL}sitemap.xml" in robots.splitlines()


def test_no_json_ld_on_404_pages(demo_site):
    for not_found in demo_site.rglob("404.html"):
        assert "application/ld+json" not in not_found.read_text(encoding="utf-8")
