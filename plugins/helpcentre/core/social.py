"""Open Graph and Twitter card tags: how a shared link to a page looks in chats and social media."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from babel.core import get_global


@dataclass
class ShareCard:
    kind: str  # "article" or "website"
    url: str
    title: str
    description: str
    site_name: str
    lang: str
    alternate_langs: list[str] = field(default_factory=list)
    image: str = ""  # absolute URL, optional


def og_locale(lang: str) -> str:
    """Open Graph wants language_TERRITORY ("et_EE"): CLDR's likeliest territory for the language."""
    likely = get_global("likely_subtags").get(lang.replace("-", "_"), "")
    parts = likely.split("_")
    return f"{parts[0]}_{parts[-1]}" if len(parts) >= 2 and parts[-1].isupper() else lang


def meta_tags(card: ShareCard) -> str:
    tags = [
        ("property", "og:type", card.kind),
        ("property", "og:title", card.title),
        ("property", "og:description", card.description),
        ("property", "og:url", card.url),
        ("property", "og:site_name", card.site_name),
        ("property", "og:locale", og_locale(card.lang)),
    ]
    tags += [("property", "og:locale:alternate", og_locale(lang)) for lang in card.alternate_langs]
    if card.image:
        tags.append(("property", "og:image", card.image))
    tags += [
        ("name", "twitter:card", "summary_large_image" if card.image else "summary"),
        ("name", "twitter:title", card.title),
        ("name", "twitter:description", card.description),
    ]
    return "".join(f'<meta {attr}="{name}" content="{escape(value)}">\n' for attr, name, value in tags)
