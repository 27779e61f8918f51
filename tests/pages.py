"""Small helpers to read built pages."""

from pathlib import Path
from urllib.parse import urljoin

from lxml import html as lxml_html

SITE_URL = "https://help.northdesk.example/"


def page(site: Path, url: str):
    """Parse the built page at a site-relative URL ('et/billing/' → et/billing/index.html)."""
    target = site / url
    if url == "" or url.endswith("/"):
        target = target / "index.html"
    return lxml_html.fromstring(target.read_bytes())


def hreflangs(doc) -> dict[str, str]:
    return {
        link.get("hreflang"): link.get("href")
        for link in doc.xpath("//head/link[@rel='alternate'][@hreflang]")
    }


def canonical(doc) -> str | None:
    found = doc.xpath("//head/link[@rel='canonical']/@href")
    return found[0] if found else None


def text(element) -> str:
    return " ".join(element.text_content().split())


def switcher_targets(site: Path, url: str) -> dict[str, str]:
    """Where each entry of the language menu on the page at `url` leads, as a site-relative URL."""
    base = "https://site.test/"
    return {
        a.get("hreflang"): urljoin(base + url, a.get("href")).removeprefix(base)
        for a in page(site, url).xpath("//a[@class='md-select__link']")
    }
