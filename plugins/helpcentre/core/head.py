"""What the plugin adds to a public page's <head>: JSON-LD and share-card tags, from the core."""

from __future__ import annotations

from . import jsonld, social
from .catalog import Catalog
from .faq import Question
from .kinds import Kind
from .views import PageView

NOINDEX = '<meta name="robots" content="noindex, nofollow">\n'


def head_html(
    catalog: Catalog,
    view: PageView,
    path: str,
    questions: list[Question],
    *,
    site_url: str,
    site_name: str,
    publisher: jsonld.Publisher,
    share_image: str,
    search_url: str = "",
) -> str:
    """`search_url`: the absolute URL of the page's language's search results page (SearchAction)."""
    page = catalog.resolve(view.lang, path)
    if page is None or page.internal or page.kind == Kind.TEMPLATE:
        return ""
    absolute = lambda url: site_url.rstrip("/") + "/" + url  # noqa: E731
    url = absolute(view.canonical_url)
    crumbs = [(link.title, absolute(link.url)) for link in view.breadcrumbs]
    facts = jsonld.PageFacts(
        page.kind,
        url,
        page.meta.title,
        page.meta.description,
        view.content_lang,
        page.updated,
        [*crumbs, (page.meta.title, url)],
        questions,
    )
    card = social.ShareCard(
        "website" if page.kind.is_index else "article",
        url,
        page.meta.title,
        page.meta.description,
        site_name,
        view.content_lang,
        [] if view.is_fallback else [link.lang for link in view.translations],
        share_image,
    )
    return jsonld.script_tags(jsonld.graph(facts, publisher, site_name, search_url)) + social.meta_tags(card)


def insert(output: str, html: str) -> str:
    return output.replace("</head>", html + "</head>", 1) if html else output
