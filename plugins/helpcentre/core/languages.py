"""The project's languages, resolved one way for the plugin, `helpcentre build` and the writer CLI.

mkdocs-static-i18n lists them under `plugins: i18n: languages:`; the plugin reads them from MkDocs'
loaded config (objects), the writer CLI from mkdocs.yml as YAML (mappings), and a bare docs folder
has only its `docs/<lang>/` folders. Entries with locale `null` are language-menu links, not languages.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULT_LANGUAGE = "en"  # a project without configuration: English if it has an en/ folder


@dataclass(frozen=True)
class Languages:
    all: list[str]  # the languages the site is built in, in the configured order
    default: str


def from_i18n(entries: Iterable[Any]) -> Languages:
    """From static-i18n's `languages` entries, as config objects or as mappings read from YAML."""
    entries = [e for e in entries if _get(e, "locale") not in (None, "null")]
    built = [_get(e, "locale") for e in entries if _get(e, "build", True)]
    default = next((_get(e, "locale") for e in entries if _get(e, "default", False)), None)
    default = default or (built[0] if built else DEFAULT_LANGUAGE)
    return Languages(built, default)


def from_folders(docs: Path) -> Languages:
    """A bare docs folder: every two-letter lowercase folder is a language."""
    found = sorted(p.name for p in docs.iterdir() if p.is_dir() and len(p.name) == 2 and p.name.islower())
    default = DEFAULT_LANGUAGE if DEFAULT_LANGUAGE in found or not found else found[0]
    return Languages(found, default)


def _get(entry: Any, key: str, fallback: Any = None) -> Any:
    return entry.get(key, fallback) if isinstance(entry, dict) else getattr(entry, key, fallback)
