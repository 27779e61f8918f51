"""`mkdocs serve` on a large site: a rebuild renders only what an edit can change.

The plan comes from core/incremental.py. When only pages were edited, the plugin renders those
pages without a MkDocs build (preview_render.py). Otherwise MkDocs builds the languages the change
concerns: it empties the site folder first, so the other languages are moved aside and moved back
at the end, with their search index and related articles (their content has not changed).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from .core import incremental


class Preview:
    def __init__(self):
        self.built: incremental.Snapshot | None = None  # the content the site folder was last built from
        self.building: incremental.Snapshot | None = None
        self.site: Path | None = None
        self.kept: list[str] = []  # the site folder's entries moved aside for this build
        self.written = False  # this build has begun to empty and write the site folder
        self.related: dict[str, dict[str, list[str]]] = {}  # language → page URL → related URLs, last indexed
        self.docs: Path | None = None
        self.watched: list[Path] = []  # what, besides docs_dir, a change of calls for a build

    def plan(self, config: MkDocsConfig, languages: list[str], default: str, watched: list[Path]) -> set[str]:
        self.docs, self.watched = Path(config.docs_dir), watched
        self.building = incremental.take(self.docs, watched)
        render = incremental.languages_to_render(self.built, self.building, languages, default)
        site = Path(config.site_dir)
        return render | {lang for lang in languages if not (site / lang).is_dir()}  # nothing to keep

    def edited_pages(
        self, languages: list[str], default: str, listed: Callable[[str, str], bool]
    ) -> dict[str, set[str]] | None:
        """Between builds (preview_render.py): the pages to render when only pages were edited since the
        last build (as `look` found the files), else None."""
        if self.built is None or self.building is None:
            return None
        return incremental.pages_to_render(self.built, self.building, languages, default, listed)

    def look(self) -> None:
        """What the files are like now: what the edited pages, and then the last build, are made from."""
        self.building = incremental.take(self.docs, self.watched) if self.docs else None

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
