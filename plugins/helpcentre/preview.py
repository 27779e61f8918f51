"""`mkdocs serve` on a large site: a rebuild renders only what an edit can change.

The plan comes from core/incremental.py: whole languages, or, when only pages were edited, single
pages. MkDocs empties the site folder before every build, so what is not rendered is moved aside
first and moved back at the end, under what the build wrote: pages, search index and related
articles made from content that has not changed since (or, for the approximations
core/incremental.py lists, until the next full build).
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Callable
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from .core import incremental
from .core.languages import Languages


class Preview:
    def __init__(self):
        self.built: incremental.Snapshot | None = None  # the content the site folder was last built from
        self.building: incremental.Snapshot | None = None
        self.site: Path | None = None
        self.kept: list[str] = []  # the site folder's entries moved aside for this build
        self.written = False  # this build has begun to empty and write the site folder
        self.related: dict[str, dict[str, list[str]]] = {}  # language → page URL → related URLs, last indexed

    def plan(self, config: MkDocsConfig, languages: list[str], default: str, watched: list[Path]) -> set[str]:
        self.building = incremental.take(Path(config.docs_dir), watched)
        render = incremental.languages_to_render(self.built, self.building, languages, default)
        site = Path(config.site_dir)
        return render | {lang for lang in languages if not (site / lang).is_dir()}  # nothing to keep

    def pages(
        self, languages: list[str], default: str, listed: Callable[[str, str], bool]
    ) -> dict[str, set[str]] | None:
        """Language → the pages to render, when single pages will do (see core/incremental.py)."""
        return incremental.pages_to_render(self.built, self.building, languages, default, listed)

    def keep(self, site: Path, entries: list[str]) -> None:
        """Move these entries of the site folder (languages, or everything) aside before MkDocs empties it."""
        self.site = site
        shutil.rmtree(self._stash, ignore_errors=True)
        self._stash.mkdir()
        for name in entries:
            if (site / name).exists():
                (site / name).rename(self._stash / name)
                self.kept.append(name)

    def restore(self) -> None:
        """Put them back under what this build wrote (after it, or after a failed one, so that the next
        build can keep them): a folder the build did not write moves back whole, one it wrote is merged."""
        if self.kept:
            _merge(self._stash, self.site)
        self.kept = []

    @property
    def _stash(self) -> Path:
        return self.site.with_name(self.site.name + ".helpcentre-kept")

    def writing(self) -> None:
        self.written = True

    def failed(self) -> None:
        """A failure in the content checks leaves the site as the last build made it; a later one does
        not, so the next build renders everything."""
        self.restore()
        if self.written:
            self.built = None
        self.written = False

    def succeeded(self) -> None:
        self.built = self.building
        self.written = False


def drop_other_languages(files: Files, languages: Languages, lang: str, nothing: bool = False) -> None:
    """Before static-i18n sorts the files (its cost grows with their number): a language that renders
    single pages needs its own files and the default language's (its fallbacks), not the others'.
    A link to another language's page is left as written until the next full build. A language that
    renders no page (the default one, which static-i18n always builds first) needs no page at all."""
    others = {code for code in languages.all if code not in (lang, languages.default)}
    for file in list(files):
        if file.src_uri.split("/", 1)[0] in others or (nothing and file.is_documentation_page()):
            files.remove(file)


class ExcludedLinks(logging.Filter):
    """MkDocs notes every link to a page it does not render; in a preview of single pages, that is
    every other page."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "which is excluded from the built site" not in record.getMessage()


def _merge(kept: Path, site: Path) -> None:
    """Move what `kept` holds into `site`, where the build did not write the same file; then drop `kept`."""
    with os.scandir(kept) as entries:
        for entry in entries:
            target = site / entry.name
            if not os.path.lexists(target):
                os.rename(entry.path, target)
            elif entry.is_dir(follow_symlinks=False) and target.is_dir():
                _merge(Path(entry.path), target)
    shutil.rmtree(kept)
