"""Pages read by an earlier catalog load, reused while their file is unchanged.

`mkdocs serve` reloads the catalog on every edit; at thousands of pages, reading and checking every
file again is most of a rebuild. A file whose modification time and size are those of the last read
is not read again: its page and its own problems are reused, and so is what was worked out from the
page object since (`Page.memo`: link targets, anchors, words). Checks across pages still run on
every load, on the cached pages.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import Problem

if TYPE_CHECKING:
    from .catalog import Page

Stamp = tuple[int, int]  # modification time in ns, size


@dataclass(frozen=True)
class Entry:
    stamp: Stamp
    page: Page
    problems: list[Problem]  # the page's own: front matter, body, template
    usage: Any = None  # a template's (shown path, agent_templates.Usage), for the cross-language check


class PageCache:
    def __init__(self) -> None:
        self._entries: dict[Path, Entry] = {}
        self._settings: object = None

    def use_for(self, settings: object) -> None:
        """Pages read with other settings (folders, the theme's templates) are read again."""
        if settings != self._settings:
            self._entries.clear()
            self._settings = settings

    def reuse(self, source: Path) -> Entry | None:
        entry = self._entries.get(source)
        return entry if entry is not None and entry.stamp == stamp(source) else None

    def store(self, source: Path, entry: Entry) -> None:
        self._entries[source] = entry

    def keep_only(self, sources: set[Path]) -> None:
        """Forget deleted files."""
        for source in self._entries.keys() - sources:
            del self._entries[source]


def stamp(source: Path) -> Stamp | None:
    try:
        found = os.stat(source)
    except OSError:
        return None
    return found.st_mtime_ns, found.st_size


def memoized(page, key: str, compute):
    """What `compute()` gives for this page object, worked out once (pages are reused, see above)."""
    memo = page.memo
    if key not in memo:
        memo[key] = compute()
    return memo[key]
