"""The kinds of page a help centre has, and what each kind takes part in.

A kind is a `str` (StrEnum): templates keep comparing `view.kind == "article"` and printing it, and
search documents and JSON carry the plain word. The questions below are asked by name, so adding a
kind means answering them here, not finding every tuple of names in the code.
"""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    HOME = "home"  # index.md of a language: categories, featured articles, the search box
    CATEGORY = "category"  # index.md of a folder: lists the folder's pages
    ARTICLE = "article"
    FAQ = "faq"  # questions as headings, shown as an accordion
    TEMPLATE = "template"  # a reply agents fill in and copy; internal wherever it is filed

    @property
    def is_index(self) -> bool:
        """A folder's index.md: its kind comes from where it is, not from front matter."""
        return self in (Kind.HOME, Kind.CATEGORY)

    @property
    def has_body(self) -> bool:
        """Its text is the page: a file with nothing below the front matter is an error."""
        return not self.is_index

    @property
    def is_listed(self) -> bool:
        """A category page lists it, and the sidebar shows it under its category."""
        return not self.is_index

    @property
    def is_searchable(self) -> bool:
        """Its text goes into the search index."""
        return not self.is_index

    @property
    def has_related_cards(self) -> bool:
        """Its page ends with up to three 'Related articles' cards (core/related.py)."""
        return self == Kind.ARTICLE

    @property
    def is_for_readers(self) -> bool:
        """Written for readers to read: may be featured, must be reachable, is a schema.org Article,
        shows in 'Related articles' cards."""
        return self in (Kind.ARTICLE, Kind.FAQ)

    @property
    def is_votable(self) -> bool:
        """Readers can say whether it helped (the feedback widget and the receiver's manifest)."""
        return self.is_for_readers


# What front matter's `type:` may say (index pages take their kind from their place).
TYPES = tuple(kind for kind in Kind if not kind.is_index)


def of(path: str, front_matter_type: str) -> Kind:
    """The kind of the page at `path` (relative to its language folder, e.g. 'billing/index.md')."""
    parts = path.split("/")
    if parts[-1] == "index.md":
        return Kind.HOME if len(parts) == 1 else Kind.CATEGORY
    return Kind(front_matter_type)
