"""Pages the help centre writes itself, one per language, rendered with the theme like any other:
the search results page, the contact page (when enabled) and, as it comes, the agents' insights page.

Each is at `<lang>/<folder>/` (the default language's at `<folder>/`), with its folder set by a
plugin option. They are not content: not in the catalog, the sitemap, the search index, navigation
or listings, and every one says noindex. A writer's page that would be published at the address of
one stops the build (HC210) instead of being silently replaced by it, or replacing it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .catalog import Catalog
from .errors import Problem, display_path

FOLDER = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*)*$")


@dataclass(frozen=True)
class GeneratedPage:
    name: str  # its title is the UI string `<name>.title`
    option: str  # the helpcentre plugin option that sets its folder
    folder: str
    what: str  # what it is, for messages
    template: str  # rendered in place of the page content (templates/partials/content.html)
    script: str = ""  # an asset only this page loads

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
)
CONTACT = GeneratedPage(
    "contact",
    "contact_form.folder",
    "contact",
    "contact page",
    "helpcentre/contact-page.html",
    "assets/helpcentre/contact-page.js",
)
DEFAULTS = {RESULTS.option: RESULTS.folder}


def configured(options: Mapping) -> list[GeneratedPage]:
    """The generated pages of a build, their folders as the plugin options (or mkdocs.yml's) set them.
    The contact page only when `contact_form: {enabled: true}`: a site without one keeps the address."""
    pages = [_with_folder(RESULTS, _folder(options.get(RESULTS.option), RESULTS))]
    contact = options.get("contact_form")
    if isinstance(contact, Mapping) and contact.get("enabled") is True:
        pages.append(_with_folder(CONTACT, _folder(contact.get("folder"), CONTACT)))
    return pages


def find(pages: Iterable[GeneratedPage], kind: GeneratedPage) -> GeneratedPage | None:
    """The configured page of that kind (RESULTS, CONTACT), or None when the build has none."""
    return next((page for page in pages if page.name == kind.name), None)


def _folder(value: object, page: GeneratedPage) -> str:
    return value if isinstance(value, str) else page.folder


def _with_folder(page: GeneratedPage, folder: str) -> GeneratedPage:
    return GeneratedPage(page.name, page.option, folder, page.what, page.template, page.script)


def collisions(catalog: Catalog, pages: Iterable[GeneratedPage], root: Path | None = None) -> list[Problem]:
    """Every page at a generated page's address, in any language: its own language's (and, for a
    default-language page, every language it stands in for untranslated). Internal pages too: the
    agents' build publishes them, and the public build's leak guard would take the generated page
    for the internal page."""
    problems = []
    for generated in pages:
        for (lang, path), page in sorted(catalog.pages.items()):
            address = catalog.url(lang, path)
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
        f"in every language (/{generated.url(catalog, catalog.default)}, /<lang>/{generated.folder}/)",
        f"rename the {'folder' if path.endswith('index.md') else 'file'}, or give the {generated.what} "
        f"another folder with the helpcentre plugin's `{generated.option}` option in mkdocs.yml",
        code="HC210",
    )
