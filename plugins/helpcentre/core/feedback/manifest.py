"""The feedback manifest: the public pages readers can vote on, written by the build at the site's root
and read by the receiver, which refuses votes on anything else. It also lists each language's categories
(the contact form's topics) and the site's URL (to turn the articles a customer opened into links)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .models import VoteIn

if TYPE_CHECKING:  # the receiver reads manifests without loading the content model
    from ..catalog import Catalog

MANIFEST_NAME = "helpcentre-feedback.json"


def _votable(page) -> bool:
    return page.kind.is_votable and not page.internal


def write_manifest(site: Path, catalog: Catalog, reasons: list[str], site_url: str = "") -> None:
    """Every public article and FAQ URL per language (fallbacks included: readers vote on them too)."""
    pages = {
        lang: sorted(
            catalog.url(lang, path) for path in catalog.paths(lang) if _votable(catalog.resolve(lang, path))
        )
        for lang in catalog.languages
    }
    categories = {
        lang: [{"slug": c.path, "title": c.index.meta.title} for c in catalog.categories(lang)]
        for lang in catalog.languages
    }
    text = manifest_json(pages, list(reasons), categories, site_url)
    (site / MANIFEST_NAME).write_text(text, encoding="utf-8")


@dataclass
class Manifest:
    """The public pages readers can vote on, per language, and the reasons offered for a No."""

    pages: dict[str, set[str]]
    reasons: list[str]
    # language → category slug → title, in the site's order; empty in manifests from before contact
    categories: dict[str, dict[str, str]] = field(default_factory=dict)
    site_url: str = ""

    @classmethod
    def load(cls, path: Path) -> Manifest:
        data = json.loads(path.read_text(encoding="utf-8"))
        categories = {
            lang: {entry["slug"]: entry["title"] for entry in entries}
            for lang, entries in data.get("categories", {}).items()
        }
        pages = {lang: set(urls) for lang, urls in data["pages"].items()}
        return cls(pages, list(data["reasons"]), categories, data.get("site_url", ""))

    def all_pages(self) -> set[str]:
        """Every votable URL of every language: a customer may have come from any of them."""
        return set().union(*self.pages.values())

    def problem(self, vote: VoteIn) -> str | None:
        """Why the vote cannot be stored, or None."""
        if vote.lang not in self.pages:
            return f"unknown language '{vote.lang}'"
        if vote.page not in self.pages[vote.lang]:
            return "unknown page: not an article or FAQ page of this language"
        if vote.reason is not None and (vote.helpful or vote.reason not in self.reasons):
            return "unknown reason" if not vote.helpful else "a reason goes with a 'not helpful' vote only"
        return None

    def context_problem(self, lang: str, page: str | None) -> str | None:
        """Why a contact-page event cannot be counted, or None: its language must be the site's and its
        context page, if any, a page readers can vote on (the page is counted, so it must be one)."""
        if lang not in self.pages:
            return f"unknown language '{lang}'"
        if page is not None and not any(page in urls for urls in self.pages.values()):
            return "unknown page: not an article or FAQ page of this site"
        return None


def manifest_json(
    pages: dict[str, list[str]],
    reasons: list[str],
    categories: dict[str, list[dict[str, str]]] | None = None,
    site_url: str = "",
) -> str:
    data = {"version": 1, "pages": pages, "reasons": reasons, "categories": categories or {}}
    data["site_url"] = site_url
    return json.dumps(data, ensure_ascii=False, indent=1)
