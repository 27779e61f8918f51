"""Pages the plugin writes itself (today the search results page): one per language, at
`<lang>/<folder>/` (the default language's at
`<folder>/`), where the search boxes send a query (`?q=`) and the home page's SearchAction points.

It is not content: not in the catalog, the sitemap, the search index, navigation or listings. A
writer's page that would be published at its address stops the build (HC210) instead of being
silently replaced by it, or replacing it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .catalog import Catalog
from .errors import Problem, display_path

FOLDER = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*)*$")


@dataclass(frozen=True)
class GeneratedPage:
    name: str  # its UI strings' prefix (`<name>.title`) and its identity
    what: str  # how messages name it
    option: str  # the helpcentre option in mkdocs.yml that sets its folder
    folder: str  # published at /<folder>/ (default language) and /<lang>/<folder>/
    template: str  # the partial content.html includes for it
    script: str = ""  # its own script (assets/helpcentre/…), loaded on it only

    def with_folder(self, folder: str) -> GeneratedPage:
        return GeneratedPage(self.name, self.what, self.option, folder, self.template, self.script)

    def folder_problem(self) -> str:
        """Why the configured folder cannot be used, or ''."""
        if FOLDER.match(self.folder):
            return ""
        return (
            f"helpcentre option {self.option}: '{self.folder}' is not a folder path of lowercase words "
            "joined by hyphens (e.g. 'search' or 'find/results'): set it to one"
        )

    def url(self, catalog: Catalog, lang: str) -> str:
        """Site-relative URL of `lang`'s page, e.g. 'fi/search/'."""
        return catalog.url(lang, f"{self.folder}/index.md")

    def dest_path(self, catalog: Catalog, lang: str) -> str:
        """The file the page is written to, relative to the site folder."""
        address = self.url(catalog, lang)
        return address + "index.html" if address.endswith("/") or not address else address


RESULTS = GeneratedPage(
    "results",
    "search results page",
    "search_page",
    "search",  # beside the language's static index (core/search/location.py)
    "helpcentre/search-page.html",
    "assets/helpcentre/search-page.js",
)
KINDS = (RESULTS,)


def configured(options: Mapping) -> list[GeneratedPage]:
    """Each generated page with its folder as the plugin's options set it."""
    return [kind.with_folder(str(options.get(kind.option) or kind.folder)) for kind in KINDS]


def collisions(catalog: Catalog, generated: list[GeneratedPage], root: Path | None = None) -> list[Problem]:
    """Every page at a generated page's address, in any language: its own language's (and, for a
    default-language page, every language it stands in for untranslated). Internal pages too: the
    agents' build publishes them, and the public build's leak guard would take the generated page
    for the internal page."""
    problems = []
    for (lang, path), page in sorted(catalog.pages.items()):
        address = catalog.url(lang, path)
        for kind in generated:
            if address.casefold() != kind.url(catalog, lang).casefold():
                continue
            problems.append(
                Problem(
                    display_path(page.source, root),
                    1,
                    f"this page would be published at /{address}, the address of the help centre's "
                    f"{kind.what} in every language (/{kind.url(catalog, catalog.default)}, "
                    f"/<lang>/{kind.folder}/)",
                    f"rename the {'folder' if path.endswith('index.md') else 'file'}, or give the "
                    f"{kind.what} another folder with the helpcentre plugin's `{kind.option}` option in "
                    "mkdocs.yml",
                    code="HC210",
                )
            )
    return problems
