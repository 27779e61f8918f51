"""What mkdocs-static-i18n knows about the build in progress, read in one place.

static-i18n re-runs the whole MkDocs build once per language; these helpers tell which language
is being built and whether this is the outer (first) build.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from .core.languages import Languages, from_i18n

SETUP_HINT = (
    "helpcentre needs mkdocs-static-i18n with the folder layout: add to mkdocs.yml under plugins:\n"
    "  - i18n:\n      docs_structure: folder\n      languages:\n"
    "        - {locale: en, default: true, name: English}"
)


def _i18n(config: MkDocsConfig):
    i18n = config.plugins.get("i18n")
    if i18n is None or i18n.config.docs_structure != "folder":
        raise PluginError(SETUP_HINT)
    return i18n


def languages(config: MkDocsConfig) -> Languages:
    return from_i18n(_i18n(config).config.languages)


def restrict_build(config: MkDocsConfig, locales: set[str]) -> None:
    """Render only these languages (and the default, which static-i18n always builds first).

    Used by `helpcentre build --jobs N` (parallel.py): each process renders some languages while
    the plugin still knows every language of the site. Call after reading `languages()`.
    """
    for lang in _i18n(config).config.languages:
        lang.build = lang.build and (lang.locale in locales or lang.default)


def current_language(config: MkDocsConfig) -> str:
    i18n = _i18n(config)
    return i18n.current_language or i18n.default_language


def make_current(config: MkDocsConfig, lang: str) -> None:
    """Let static-i18n's page events act for `lang`, when the plugin renders a page outside a build."""
    _i18n(config).current_language = lang


def is_outer_build(config: MkDocsConfig) -> bool:
    """True during the first language's build, which static-i18n runs before looping the others."""
    return not _i18n(config).building
