"""'Related articles' cards, written into the built article pages once the search index exists.

The index is built after a language's pages are rendered (in a second process, see plugin.py), so
article pages carry a marker that is replaced here with up to three cards, or removed. The cards are
the home page's (templates/helpcentre/card.html), rendered by core/render.py.
"""

from __future__ import annotations

from pathlib import Path

from .catalog import Catalog, Page
from .i18n import Translator
from .render import render
from .views import Link

MARKER = "<!--helpcentre:related-->"


def fill(
    site: Path,
    catalog: Catalog,
    tr: Translator,
    lang: str,
    related: dict[str, list[str]],
    only: set[str] | None = None,
) -> None:
    """Replace the marker in the language's article pages (or in those at the URLs `only` lists)."""
    by_url = {catalog.url(lang, page.path): page for (code, _), page in catalog.pages.items() if code == lang}
    for url, page in by_url.items():
        if (only is not None and url not in only) or not page.kind.has_related_cards or page.internal:
            continue  # only the language's own articles carry the marker
        target = site / url / "index.html" if url.endswith("/") or url == "" else site / url
        if not target.is_file():
            continue
        html = target.read_text(encoding="utf-8")
        if MARKER in html:
            cards = [by_url[u] for u in related.get(url, []) if u in by_url and by_url[u].kind.is_for_readers]
            target.write_text(html.replace(MARKER, _render(cards, url, catalog, tr, lang)), encoding="utf-8")


def _render(pages: list[Page], from_url: str, catalog: Catalog, tr: Translator, lang: str) -> str:
    cards = [
        Link(
            page.meta.title,
            catalog.url(lang, page.path),
            page.lang,
            page.meta.description,
            tr.t(lang, "meta.reading_time", count=page.reading_minutes),
            tags=list(page.meta.tags),
        )
        for page in pages
    ]
    return render(
        "helpcentre/related.html",
        cards=cards,
        reader_lang=lang,
        page_url=from_url,
        title=tr.t(lang, "related.title"),
    )
