"""Which languages a `mkdocs serve` rebuild must render, from what changed since the last build.

A page's language decides what it can affect: an Estonian page shows up in Estonian pages only
(sidebar, category listing, related articles, search). A default-language page also stands in for
every missing translation and is the source whose changes mark translations outdated, so editing
one renders every language. Adding or removing a page changes every language's switcher and
fallbacks, and a change outside the language folders (mkdocs.yml, overrides, UI strings) can
change any page: those render everything too.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

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


def _stamps(root: Path, absolute: bool = False) -> Stamps:
    paths = (
        [root]
        if root.is_file()
        else [Path(folder) / name for folder, _, names in os.walk(root) for name in names]
    )
    found: Stamps = {}
    for path in paths:
        try:
            stat = path.stat()
        except FileNotFoundError:  # deleted while we looked: the next rebuild sees it gone
            continue
        found[str(path) if absolute else path.relative_to(root).as_posix()] = (stat.st_mtime_ns, stat.st_size)
    return found
