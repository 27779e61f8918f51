"""Where a build keeps its search indexes: defined once for the plugin, the CLI and the tests."""

from __future__ import annotations

from pathlib import Path

INDEX_DIR = ".cache/helpcentre/search"  # whoosh indexes, per language, relative to the project
SITE_FOLDER = "search"  # the static index in each language's part of the site


def index_dir(project: Path, base: str = INDEX_DIR, internal: bool = False) -> Path:
    """The agents' index holds internal text: never where the public one is."""
    return project / (base + ("-internal" if internal else ""))


def site_folder(site: Path, lang: str, default: str) -> Path:
    return site / ("" if lang == default else lang) / SITE_FOLDER
