"""The build's side of feedback: the manifest the receiver checks votes against."""

from __future__ import annotations

from pathlib import Path

from .core.catalog import Catalog
from .core.feedback.schema import MANIFEST_NAME, manifest_json


def write_manifest(site: Path, catalog: Catalog, reasons: list[str]) -> None:
    """Every public article and FAQ URL per language (fallbacks included: readers vote on them too)."""
    pages = {lang: sorted(catalog.url(lang, path) for path in catalog.paths(lang)
                          if catalog.resolve(lang, path).kind.is_votable and not catalog.resolve(lang, path).internal)
             for lang in catalog.languages}
    (site / MANIFEST_NAME).write_text(manifest_json(pages, list(reasons)), encoding="utf-8")
