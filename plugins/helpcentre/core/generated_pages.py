"""The search results page: one per language, at `<lang>/<folder>/` (the default language's at
`<folder>/`), where the search boxes send a query (`?q=`) and the home page's SearchAction points.

It is not content: not in the catalog, the sitemap, the search index, navigation or listings. A
writer's page that would be published at its address stops the build (HC210) instead of being
silently replaced by it, or replacing it.
"""

from __future__ import annotations

import re
from pathlib import Path

from .catalog import Catalog
from .errors import Problem, display_path

DEFAULT_FOLDER = "search"  # beside the language's static index (core/search/location.py)
FOLDER = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*)*$")


def folder_problem(folder: str) -> str:
    """Why the configured folder cannot be used, or ''."""
    if FOLDER.match(folder):
        return ""
    return (
        f"helpcentre option search_page: '{folder}' is not a folder path of lowercase words joined by "
        "hyphens (e.g. 'search' or 'find/results'): set it to one"
    )


def url(catalog: Catalog, lang: str, folder: str) -> str:
    """Site-relative URL of `lang`'s results page, e.g. 'fi/search/'."""
    return catalog.url(lang, f"{folder}/index.md")


def dest_path(catalog: Catalog, lang: str, folder: str) -> str:
    """The file the page is written to, relative to the site folder."""
    address = url(catalog, lang, folder)
    return address + "index.html" if address.endswith("/") or not address else address


def collisions(catalog: Catalog, folder: str, root: Path | None = None) -> list[Problem]:
    """Every page at a results page's address, in any language: its own language's (and, for a
    default-language page, every language it stands in for untranslated). Internal pages too: the
    agents' build publishes them, and the public build's leak guard would take the results page
    for the internal page."""
    problems = []
    for (lang, path), page in sorted(catalog.pages.items()):
        address = catalog.url(lang, path)
        if address.casefold() != url(catalog, lang, folder).casefold():
            continue
        problems.append(
            Problem(
                display_path(page.source, root),
                1,
                f"this page would be published at /{address}, the address of the help centre's search "
                f"results page in every language (/{url(catalog, catalog.default, folder)}, "
                f"/<lang>/{folder}/)",
                f"rename the {'folder' if path.endswith('index.md') else 'file'}, or give the results page "
                "another folder with the helpcentre plugin's `search_page` option in mkdocs.yml",
                code="HC210",
            )
        )
    return problems
