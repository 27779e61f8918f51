"""Pages the help centre writes itself, rendered with the theme like any other: the search results
page and (when enabled) the contact page, one per language, and the agents' insights page, once, in
the internal build only.

Each is at `<lang>/<folder>/` (the default language's at `<folder>/`), with its folder set by a
plugin option. They are not content: not in the catalog, the sitemap, the search index, navigation
or listings, and every one says noindex. A writer's page that would be published at the address of
one stops the build (HC210) instead of being silently replaced by it, or replacing it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from .catalog import Catalog
from .errors import Problem, display_path

EVERY_LANGUAGE, DEFAULT_LANGUAGE = "every", "default"  # GeneratedPage.languages
PUBLIC, INTERNAL = "public", "internal"  # GeneratedPage.builds
FOLDER = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*)*$")


@dataclass(frozen=True)
class GeneratedPage:
    name: str  # its title is the UI string `<name>.title`
    option: str  # the helpcentre plugin option that sets its folder
    folder: str
    what: str  # what it is, for messages
    template: str  # rendered in place of the page content (templates/partials/content.html)
    script: str = ""  # an asset only this page loads
    languages: str = EVERY_LANGUAGE  # one page per language, or DEFAULT_LANGUAGE: one, in that language
    builds: frozenset[str] = frozenset({PUBLIC, INTERNAL})  # the builds that publish it
    # Whether search engines may index it (the agents' build never): the results page, a way into the
    # help centre that Lighthouse's SEO audit expects crawlable; it is still left out of the sitemap.
    indexed: bool = False

    def in_build(self, internal: bool) -> bool:
        return (INTERNAL if internal else PUBLIC) in self.builds

    def in_language(self, catalog: Catalog, lang: str) -> bool:
        return self.languages == EVERY_LANGUAGE or lang == catalog.default

    def url(self, catalog: Catalog, lang: str) -> str:
        """Site-relative URL of `lang`'s page, e.g. 'fi/search/'."""
        return catalog.url(lang, f"{self.folder}/index.md")

    def dest_path(self, catalog: Catalog, lang: str) -> str:
        """The file the page is written to, relative to the site folder."""
        address = self.url(catalog, lang)
        return address + "index.html" if address.endswith("/") or not address else address

    def folder_problem(self) -> str:
        """Why the configured folder cannot be used, or ''."""
        if FOLDER.match(self.folder):
            return ""
        return (
            f"helpcentre option {self.option}: '{self.folder}' is not a folder path of lowercase words "
            "joined by hyphens (e.g. 'search' or 'find/results'): set it to one"
        )


RESULTS = GeneratedPage(
    "results",
    "search_page",
    "search",  # beside the language's static index (core/search/location.py)
    "search results page",
    "helpcentre/search-page.html",
    "assets/helpcentre/search-page.js",
    indexed=True,
)
CONTACT = GeneratedPage(
    "contact",
    "contact_form.folder",
    "contact",
    "contact page",
    "helpcentre/contact-page.html",
    "assets/helpcentre/contact-page.js",
)
# What the support team could not answer (core/insights/): read from the receiver's database when the
# agents' site is built, so it is agents' material like the internal pages.
INSIGHTS = GeneratedPage(
    "insights",
    "insights_page",
    "insights",
    "insights page",
    "helpcentre/insights-page.html",
    languages=DEFAULT_LANGUAGE,
    builds=frozenset({INTERNAL}),
)


def configured(options: Mapping) -> list[GeneratedPage]:
    """The generated pages of a build (the agents' one when `internal` is set), their folders as the
    plugin options (or mkdocs.yml's) set them."""
    internal = options.get("internal") is True
    pages = [_with_folder(p, options.get(p.option)) for p in (RESULTS, INSIGHTS) if p.in_build(internal)]
    contact = options.get("contact_form")  # only when enabled: a site without one keeps the address
    if isinstance(contact, Mapping) and contact.get("enabled") is True:
        pages.append(_with_folder(CONTACT, contact.get("folder")))
    return pages


def find(pages: Iterable[GeneratedPage], kind: GeneratedPage) -> GeneratedPage | None:
    """The configured page of that kind (RESULTS, CONTACT, INSIGHTS), or None when the build has none."""
    return next((page for page in pages if page.name == kind.name), None)


def _with_folder(page: GeneratedPage, folder: object) -> GeneratedPage:
    return replace(page, folder=folder) if isinstance(folder, str) else page


def collisions(catalog: Catalog, pages: Iterable[GeneratedPage], root: Path | None = None) -> list[Problem]:
    """Every page at a generated page's address, in any language: its own language's (and, for a
    default-language page, every language it stands in for untranslated). Internal pages too: the
    agents' build publishes them, and the public build's leak guard would take the generated page
    for the internal page."""
    problems = []
    for generated in pages:
        for (lang, path), page in sorted(catalog.pages.items()):
            address = catalog.url(lang, path)
            if not generated.in_language(catalog, lang):
                continue
            if address.casefold() == generated.url(catalog, lang).casefold():
                problems.append(_clash(catalog, generated, page.source, path, address, root))
    return problems


def _clash(
    catalog: Catalog, generated: GeneratedPage, source: Path, path: str, address: str, root: Path | None
) -> Problem:
    return Problem(
        display_path(source, root),
        1,
        f"this page would be published at /{address}, the address of the help centre's {generated.what} "
        + (
            f"in every language (/{generated.url(catalog, catalog.default)}, /<lang>/{generated.folder}/)"
            if generated.languages == EVERY_LANGUAGE
            else f"(/{generated.url(catalog, catalog.default)})"
        ),
        f"rename the {'folder' if path.endswith('index.md') else 'file'}, or give the {generated.what} "
        f"another folder with the helpcentre plugin's `{generated.option}` option in mkdocs.yml",
        code="HC210",
    )
