"""What a template needs to render one page, computed from the catalog.

URLs here are site-relative ('et/billing/refunds/'); the adapter makes them page-relative.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .agent_templates import subject_html
from .catalog import Catalog, Category, Page
from .i18n import Translator, language_name, long_date
from .kinds import Kind
from .translation_status import OUTDATED, state


@dataclass
class Link:
    title: str
    url: str
    lang: str = ""
    description: str = ""
    note: str = ""  # a short label: article count, type badge, "in English"
    channel: str = ""  # templates: email | call | chat
    tags: list[str] = field(default_factory=list)


SIDEBAR_ARTICLES = 12  # a page's HTML must not grow with its category: a window, then "all N articles"


@dataclass
class NavCategory:
    link: Link
    active: bool  # the reader is on this category or one of its pages
    articles: list[Link] = field(default_factory=list)  # the active category's, around the current page
    more: str = ""  # "All 57 articles" when the window does not show them all


@dataclass
class Blank:
    key: str  # shared by every translation, e.g. "agent"
    label: str  # as the writer wrote it in brackets, e.g. "agentin nimi"


@dataclass
class TemplateView:
    channel: str
    subject_html: str  # the subject with its placeholders marked up; empty unless email
    blanks: list[Blank]
    has_directions: bool = False  # stage directions to leave out of the copy (a switch puts them in)


@dataclass
class PageView:
    lang: str  # the reader's language (the build's language)
    kind: Kind
    is_fallback: bool
    content_lang: str
    canonical_url: str  # site-relative URL of the page in its own language
    title: str = ""  # the front matter's, from the catalog (MkDocs' page.title may come from `nav:`)
    has_faq: bool = False  # the page has FAQ questions (an FAQ page, or an article's `{.faq}` section)
    url: str = ""  # site-relative URL of the page in the reader's language (a fallback's own address)
    breadcrumbs: list[Link] = field(default_factory=list)
    reading_time: str = ""
    updated: str = ""
    updated_iso: str = ""
    tags: list[str] = field(default_factory=list)
    translations: list[Link] = field(default_factory=list)  # other real translations
    hreflang: list[Link] = field(default_factory=list)  # every real translation, itself included
    switcher: list[Link] = field(default_factory=list)  # every language: this page (or fallback), else home
    categories: list[Link] = field(default_factory=list)  # home page
    featured: list[Link] = field(default_factory=list)  # home page
    articles: list[Link] = field(default_factory=list)  # category page
    is_draft: bool = False  # `draft: true`: only `mkdocs serve` renders it, with a banner
    is_outdated: bool = False  # a translation whose source has changed since (core/translation_status.py)
    source_url: str = ""  # the default-language page, for the outdated notice
    is_library: bool = False  # a category holding templates: listed with channel and text filters
    template: TemplateView | None = None  # template page


def page_view(catalog: Catalog, tr: Translator, lang: str, path: str, *, has_faq: bool = False) -> PageView:
    """`has_faq`: whether rendering found questions (the FAQ Markdown extension knows, not the catalog)."""
    page = catalog.resolve(lang, path)
    view = PageView(
        lang=lang,
        kind=page.kind,
        is_fallback=page.lang != lang,
        content_lang=page.lang,
        canonical_url=catalog.url(page.lang, path),
        title=page.meta.title,
        has_faq=has_faq,
        url=catalog.url(lang, path),
        is_draft=page.meta.draft,
    )
    real = catalog.translations(path)
    view.hreflang = [Link(language_name(code), catalog.url(code, path), code) for code in real]
    view.translations = [link for link in view.hreflang if link.lang != lang]
    # The same page wherever that language's build has it, translated or fallback (resolve() offers
    # nothing this build hides); that language's home only when it has the page in neither form.
    view.switcher = [
        Link(
            language_name(code), catalog.url(code, path if catalog.resolve(code, path) else "index.md"), code
        )
        for code in catalog.languages
    ]
    if page.kind == Kind.HOME:
        view.categories = [_category_link(catalog, tr, lang, c) for c in catalog.categories(lang)]
        view.featured = [_article_link(catalog, tr, lang, p) for p in catalog.featured(lang)]
        return view
    view.breadcrumbs = _breadcrumbs(catalog, lang, page)
    if page.kind == Kind.CATEGORY:
        found = [c for c in catalog.categories(lang) if c.path == page.category]
        view.articles = [_article_link(catalog, tr, lang, p) for p in (found[0].articles if found else [])]
        view.is_library = any(link.channel for link in view.articles)
        return view
    view.reading_time = tr.t(lang, "meta.reading_time", count=page.reading_minutes)
    view.updated = tr.t(lang, "meta.updated", date=long_date(page.updated, lang))
    view.updated_iso = page.updated.date().isoformat()
    view.tags = list(page.meta.tags)
    if not view.is_fallback and state(catalog, lang, path) == OUTDATED:
        view.is_outdated, view.source_url = True, catalog.url(catalog.default, path)
    if page.kind == Kind.TEMPLATE and page.blanks is not None:
        blanks, subject = page.blanks, page.meta.subject
        view.template = TemplateView(
            blanks.channel,
            subject_html(subject, blanks.placeholders) if subject else "",
            [Blank(key, label) for key, label in blanks.placeholders.items()],
            blanks.has_directions,
        )
    return view


def sidebar(catalog: Catalog, tr: Translator, lang: str, path: str | None) -> list[NavCategory]:
    """The help-centre sidebar: every category, and a bounded window of the current one's articles.

    Its size depends on the number of categories, not of pages, so a build stays linear.
    """
    page = catalog.resolve(lang, path) if path else None
    result = []
    for category in catalog.categories(lang):
        entry = NavCategory(
            _category_link(catalog, tr, lang, category), page is not None and page.category == category.path
        )
        if entry.active:
            current = category.position.get(path, 0)
            start = max(0, min(current - SIDEBAR_ARTICLES // 2, len(category.articles) - SIDEBAR_ARTICLES))
            window = category.articles[start : start + SIDEBAR_ARTICLES]
            entry.articles = [_article_link(catalog, tr, lang, a) for a in window]
            if len(window) < len(category.articles):
                entry.more = tr.t(lang, "nav.all_articles", count=len(category.articles))
        result.append(entry)
    return result


def _breadcrumbs(catalog: Catalog, lang: str, page: Page) -> list[Link]:
    home = catalog.resolve(lang, "index.md")
    crumbs = [Link(home.meta.title if home else "", catalog.url(lang, "index.md"))]
    if (category := category_of(catalog, lang, page)) is not None:
        crumbs.append(category)
    return crumbs


def category_of(catalog: Catalog, lang: str, page: Page) -> Link | None:
    """The category a reader of `lang` sees the page filed under, if it is in one."""
    if page.kind == Kind.CATEGORY or not page.category:
        return None
    index = catalog.resolve(lang, f"{page.category}/index.md")
    if index is None or not catalog.visible(index):
        return None
    return Link(index.meta.title, catalog.url(lang, f"{page.category}/index.md"))


def _category_link(catalog: Catalog, tr: Translator, lang: str, category: Category) -> Link:
    return Link(
        category.index.meta.title,
        catalog.url(lang, f"{category.path}/index.md"),
        category.index.lang,
        category.index.meta.description,
        tr.t(lang, "category.article_count", count=len(category.articles)),
    )


def _article_link(catalog: Catalog, tr: Translator, lang: str, page: Page) -> Link:
    note = tr.t(lang, f"type.{page.kind}")
    return Link(
        page.meta.title,
        catalog.url(lang, page.path),
        page.lang,
        page.meta.description,
        note,
        page.blanks.channel if page.blanks else "",
        list(page.meta.tags),
    )
