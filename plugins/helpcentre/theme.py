"""Puts the plugin's own templates and assets in front of Material's, behind the project's overrides."""

from __future__ import annotations

import hashlib
from pathlib import Path

import jinja2
import jinja2.bccache
from mkdocs.config.defaults import MkDocsConfig

TEMPLATES = Path(__file__).parent / "templates"
STYLESHEETS = ["assets/helpcentre/helpcentre.css"]
# fold.js first: the search engine, faq.js and templates.js fold text with it; search.js uses the engine.
SCRIPTS = [
    "assets/helpcentre/fold.js",
    "assets/helpcentre/search-engine.js",
    "assets/helpcentre/search.js",
    "assets/helpcentre/faq.js",
    "assets/helpcentre/feedback.js",
]
INTERNAL_SCRIPTS = ["assets/helpcentre/templates.js"]  # template tools: only the agents' build needs them


def install(config: MkDocsConfig, internal: bool = False) -> None:
    """Idempotent: static-i18n runs on_config once per language on the same config."""
    dirs = config.theme.dirs
    if str(TEMPLATES) not in dirs:
        material = next((i for i, d in enumerate(dirs) if Path(d).parent.name == "material"), len(dirs) - 1)
        dirs.insert(material, str(TEMPLATES))
    for sheet in map(versioned, STYLESHEETS):
        if sheet not in config.extra_css:
            config.extra_css.append(sheet)
    for script in map(versioned, SCRIPTS + (INTERNAL_SCRIPTS if internal else [])):
        if script not in [str(s) for s in config.extra_javascript]:
            config.extra_javascript.append(script)


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates shared by every Jinja environment of the process. MkDocs makes a new
    environment for each build and static-i18n one per language, and each compiled Material's ~150
    templates again: most of the fixed cost of a `mkdocs serve` rebuild of single pages. Jinja checks
    each template's source against the stored checksum, so an edited template is compiled anew."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if (code := self.compiled.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


COMPILED = CompiledTemplates()


def versioned(asset: str) -> str:
    """The asset's URL with its content hash: after an upgrade (a new search index format, say) a
    reader's browser cannot pair a cached old script with the new site."""
    digest = hashlib.sha256((TEMPLATES / asset).read_bytes()).hexdigest()[:10]
    return f"{asset}?v={digest}"
