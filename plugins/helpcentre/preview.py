"""`mkdocs serve` on a large site: a rebuild renders only the languages an edit can change.

The plan comes from core/incremental.py. MkDocs empties the site folder before every build, so the
languages that are not rendered are moved aside first and moved back at the end: their pages,
search index and related articles were made from content that has not changed since.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from .core import incremental


class Preview:
    def __init__(self):
        self.built: incremental.Snapshot | None = None  # the content the site folder was last built from
        self.building: incremental.Snapshot | None = None
        self.site: Path | None = None
        self.kept: list[str] = []  # languages whose folders are moved aside for this build
        self.written = False  # this build has begun to empty and write the site folder

    def plan(self, config: MkDocsConfig, languages: list[str], default: str, watched: list[Path]) -> set[str]:
        self.building = incremental.take(Path(config.docs_dir), watched)
        render = incremental.languages_to_render(self.built, self.building, languages, default)
        site = Path(config.site_dir)
        return render | {lang for lang in languages if not (site / lang).is_dir()}  # nothing to keep

    def keep(self, site: Path, languages: list[str]) -> None:
        """Move these languages' output out of the site folder before MkDocs empties it."""
        self.site = site
        shutil.rmtree(self._stash, ignore_errors=True)
        self._stash.mkdir()
        for lang in languages:
            (site / lang).rename(self._stash / lang)
            self.kept.append(lang)

    def restore(self) -> None:
        """Put them back: after the build, or after a failed one (so the next build can keep them)."""
        for lang in self.kept:
            shutil.rmtree(self.site / lang, ignore_errors=True)
            (self._stash / lang).rename(self.site / lang)
        if self.kept:
            self._stash.rmdir()
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
