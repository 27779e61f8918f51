"""What a `mkdocs serve` rebuild must render, from what changed since the last build.

Languages first: a page's language decides what it can affect. An Estonian page shows up in
Estonian pages only (sidebar, category listing, related articles, search). A default-language page
also stands in for every missing translation and is the source whose changes mark translations
outdated, so editing one concerns every language. Adding or removing a page changes every
language's switcher and fallbacks, and a change outside the language folders (mkdocs.yml,
overrides, UI strings) can change any page: those render everything.

Then pages: when only existing pages were edited, each language renders just those pages (a
default-language page in every language: its fallback copy or its translation, whose outdated
notice depends on it), and, if what other pages show of it changed (title, description, tags,
order, type), its language's home page and category page, which list it. What stays as the last
build made it until the next full build: other pages' navigation, breadcrumbs and related cards
that name the page, reading times on cards, and the search index.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .paths import is_page_file, page_key

Stamps = dict[str, tuple[int, int]]  # relative path → (mtime in ns, size)


@dataclass(frozen=True)
class Snapshot:
    docs: Stamps  # every file under docs_dir, e.g. 'et/billing/refunds.md'
    others: Stamps  # everything else a page depends on: config files, overrides, UI strings


def take(docs_dir: Path, others: list[Path]) -> Snapshot:
    other_stamps: Stamps = {}
    for path in others:
        other_stamps.update(_stamps(path, absolute=True))
    return Snapshot(_stamps(docs_dir), other_stamps)


def languages_to_render(
    before: Snapshot | None, after: Snapshot, languages: list[str], default: str
) -> set[str]:
    """The languages whose pages may differ from the last build's; every language if unsure."""
    everything = set(languages)
    if before is None or before.others != after.others or before.docs.keys() != after.docs.keys():
        return everything
    changed = {path for path, stamp in after.docs.items() if before.docs[path] != stamp}
    render = {default}
    for path in changed:
        lang = path.split("/", 1)[0]
        if lang == default or lang not in everything:  # a source page, or a file all languages share
            return everything
        render.add(lang)
    return render


def pages_to_render(
    before: Snapshot | None,
    after: Snapshot,
    languages: list[str],
    default: str,
    listed: Callable[[str, str], bool],
) -> dict[str, set[str]] | None:
    """Language → the pages (paths inside the language folder) to render; None when whole languages
    must render (see languages_to_render). `listed(lang, path)` tells whether what other pages show
    of that page changed."""
    if before is None or before.others != after.others or before.docs.keys() != after.docs.keys():
        return None
    render: dict[str, set[str]] = {lang: set() for lang in languages}
    for changed in (path for path, stamp in after.docs.items() if before.docs[path] != stamp):
        lang, _, path = changed.partition("/")
        if lang not in render or not is_page_file(path):
            return None  # a file shared by all languages, or an image a page shows
        path = page_key(path)
        concerned = languages if lang == default else [lang]
        for code in concerned:
            render[code].add(path)
            if listed(lang, path):
                render[code] |= _listing_pages(path)
    return render


def _listing_pages(path: str) -> set[str]:
    """The pages that list this one: the home page and its category's page."""
    category = path.split("/", 1)[0] if "/" in path else ""  # the catalog's: the top folder
    return {"index.md", f"{category}/index.md"} if category else {"index.md"}


def _stamps(root: Path, absolute: bool = False) -> Stamps:
    """Plain strings, not Path objects: this runs over every file on every rebuild."""
    top = str(root)
    if root.is_file():
        named = [(top, top)]
    else:
        named = [
            (
                full := os.path.join(folder, name),
                full if absolute else full[len(top) + 1 :].replace(os.sep, "/"),
            )
            for folder, _, names in os.walk(top)
            for name in names
        ]
    found: Stamps = {}
    for full, key in named:
        try:
            stat = os.stat(full)
        except FileNotFoundError:  # deleted while we looked: the next rebuild sees it gone
            continue
        found[key] = (stat.st_mtime_ns, stat.st_size)
    return found
