"""Puts the plugin's own templates and assets in front of Material's, behind the project's overrides."""

from __future__ import annotations

import functools
import hashlib
import re
from pathlib import Path

import jinja2
import jinja2.bccache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

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


# Material's bundle fetches `<href>/sitemap.xml` for every <link rel="alternate"> in the head, on every
# page view, to point its own language selector at the same page in the other language. The plugin's
# language menu links there already, so the lookup only costs requests: one per language, each a 404
# (the per-page alternates have no sitemap.xml), and to the production host (site_url) wherever else
# the site is served, `mkdocs serve` included. The head keeps its hreflang links for search engines;
# the bundle's lookup is narrowed to links that no page has. Nothing else in the bundle uses that selector.
BUNDLE = re.compile(r"assets/javascripts/bundle\.[0-9a-f]+\.min\.js")
ALTERNATE_LOOKUP = '"link[rel=alternate]"'
NO_ALTERNATES = '"link[rel=alternate][data-hc-none]"'


def without_alternate_lookup(files: Files) -> None:
    """Material's bundle among the theme's files, served without its alternate-sitemap lookup."""
    for file in files:
        if BUNDLE.fullmatch(file.src_uri) and file.abs_src_path:
            file.content_string = _patched_bundle(file.abs_src_path)


@functools.cache  # once per process: static-i18n and every `mkdocs serve` rebuild ask again
def _patched_bundle(path: str) -> str:
    return Path(path).read_text(encoding="utf-8").replace(ALTERNATE_LOOKUP, NO_ALTERNATES)


# Material's base.html gives its drawer and search toggles (checkboxes) autocomplete="off", so that Firefox
# does not restore an open drawer on reload; HTML allows the attribute on text-like inputs only (a Nu
# validator error on every page). The bundle closes both toggles on every page load anyway.
TOGGLES = [
    f'<input class="md-toggle" data-md-toggle="{name}" type="checkbox" id="__{name}" autocomplete="off">'
    for name in ("drawer", "search")
]


def valid_toggles(html: str) -> str:
    for toggle in TOGGLES:
        html = html.replace(toggle, toggle.replace(' autocomplete="off"', ""), 1)
    return html
