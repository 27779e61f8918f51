"""schema.org JSON-LD for public pages: Article, BreadcrumbList, FAQPage, WebSite + SearchAction.

Only what the page shows goes in: the visible title, description, breadcrumbs, questions and
answers. Fallback pages describe the English text they show (`inLanguage: en`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from html import unescape
from urllib.parse import urljoin

from .faq import Question
from .kinds import Kind

CONTEXT = "https://schema.org"


@dataclass
class Publisher:
    name: str
    url: str
    logo: str = ""  # absolute URL of an image, optional

    def to_json(self) -> dict:
        data: dict[str, object] = {"@type": "Organization", "name": self.name, "url": self.url}
        if self.logo:
            data["logo"] = {"@type": "ImageObject", "url": self.logo}
        return data


@dataclass
class PageFacts:
    kind: Kind  # not a template: templates are internal, never described
    url: str  # absolute canonical URL
    title: str
    description: str
    content_lang: str
    modified: datetime
    breadcrumbs: list[tuple[str, str]]  # (name, absolute URL) from the home page down to this page
    questions: list[Question]


def graph(page: PageFacts, publisher: Publisher, site_name: str, search_url: str = "") -> list[dict]:
    """The JSON-LD objects for one page, in the order they are written to its head. `search_url`: the
    absolute URL of the language's search results page, which the home page's SearchAction targets."""
    if page.kind == Kind.HOME:
        return [website(page, site_name, search_url or page.url)]
    objects = [article(page, publisher)] if page.kind.is_for_readers else []
    objects.append(breadcrumb_list(page.breadcrumbs))
    if page.questions:
        objects.append(faq_page(page))
    return objects


def website(page: PageFacts, site_name: str, search_url: str) -> dict:
    return {
        "@context": CONTEXT,
        "@type": "WebSite",
        "name": site_name,
        "url": page.url,
        "inLanguage": page.content_lang,
        "description": page.description,
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": f"{search_url}?q={{search_term_string}}"},
            "query-input": "required name=search_term_string",
        },
    }


def article(page: PageFacts, publisher: Publisher) -> dict:
    modified = page.modified.isoformat(timespec="seconds")
    return {
        "@context": CONTEXT,
        "@type": "Article",
        "headline": page.title[:110],
        "description": page.description,
        "inLanguage": page.content_lang,
        "url": page.url,
        "mainEntityOfPage": page.url,
        "dateModified": modified,
        "datePublished": modified,
        "author": publisher.to_json(),
        "publisher": publisher.to_json(),
    }


def breadcrumb_list(crumbs: list[tuple[str, str]]) -> dict:
    return {
        "@context": CONTEXT,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": name, "item": url}
            for n, (name, url) in enumerate(crumbs, start=1)
        ],
    }


def faq_page(page: PageFacts) -> dict:
    return {
        "@context": CONTEXT,
        "@type": "FAQPage",
        "url": page.url,
        "inLanguage": page.content_lang,
        "mainEntity": [
            {
                "@type": "Question",
                "name": q.name,
                "acceptedAnswer": {"@type": "Answer", "text": _absolute_links(q.answer_html, page.url)},
            }
            for q in page.questions
        ],
    }


def _absolute_links(html: str, base: str) -> str:
    """Answers are read away from the page: their links must not be relative to it."""
    return re.sub(r'href="([^"]*)"', lambda m: f'href="{urljoin(base, unescape(m.group(1)))}"', html)


# Inside <script>, "</script" or "<!--" in a string would end or confuse the element: "<", ">" and "&"
# are written as JSON escapes, which every JSON parser reads back as the same characters.
SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def script_tags(objects: list[dict]) -> str:
    return "".join(
        '<script type="application/ld+json">'
        + json.dumps(o, ensure_ascii=False, separators=(",", ":")).translate(SCRIPT_SAFE)
        + "</script>\n"
        for o in objects
    )
