"""'Related articles' cards, written into the built article pages once the search index exists.

The index is built after a language's pages are rendered (in a second process, see plugin.py), so
article pages carry a marker that is replaced here with up to three cards, or removed.
"""

from __future__ import annotations

import posixpath
from html import escape
from pathlib import Path

from .catalog import Catalog
from .i18n import Translator

MARKER = "<!--helpcentre:related-->"


def fill(site: Path, catalog: Catalog, tr: Translator, lang: str, related: dict[str, list[str]]) -> None:
    by_url = {catalog.url(lang, page.path): page for (l, _), page in catalog.pages.items() if l == lang}
    for url, page in by_url.items():
        if not page.kind.has_related_cards or page.internal:
            continue  # only the language's own articles carry the marker
        target = site / url / "index.html" if url.endswith("/") or url == "" else site / url
        if not target.is_file():
            continue
        html = target.read_text(encoding="utf-8")
        if MARKER in html:
            cards = [by_url[u] for u in related.get(url, []) if u in by_url and by_url[u].kind.is_for_readers]
            target.write_text(html.replace(MARKER, _render(cards, url, catalog, tr, lang)), encoding="utf-8")


def _render(cards, from_url: str, catalog: Catalog, tr: Translator, lang: str) -> str:
    if not cards:
        return ""
    items = []
    for page in cards:
        href = posixpath.relpath(catalog.url(lang, page.path) or ".", from_url or ".") + "/"
        tags = "".join(f'<span class="hc-tag">{escape(t)}</span>' for t in page.meta.tags)
        items.append(
            f'<li class="hc-card"><a class="hc-card__link" href="{escape(href)}">{escape(page.meta.title)}</a>'
            f'<p class="hc-card__text">{escape(page.meta.description)}</p>'
            f'<p class="hc-card__note">{escape(tr.t(lang, "meta.reading_time", count=page.reading_minutes))}'
            f' {tags}</p></li>')
    title = escape(tr.t(lang, "related.title"))
    return (f'<section class="hc-related" aria-labelledby="hc-related"><h2 id="hc-related">{title}</h2>'
            f'<ul class="hc-cards">{"".join(items)}</ul></section>')
