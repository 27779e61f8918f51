"""`mkdocs serve`: an edit to existing pages renders those pages alone, without a MkDocs build.

A MkDocs rebuild loads the configuration again and, through static-i18n, runs one build per
language that lists, sorts and navigates every file: seconds at thousands of pages before the
first page is rendered. When only existing pages were edited (core/incremental.pages_to_render),
the plugin renders just them with what the last build of their language used — its configuration
values, files, navigation and Jinja environment, kept here — through MkDocs' own page steps, which
run every plugin's page events as a build would. Those steps are private to MkDocs
(`_populate_page`, `_build_page`): with a MkDocs that lacks them every edit takes a build.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment
from mkdocs.commands import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation

from .nav import source_path

PAGE_STEPS = ("_populate_page", "_build_page")


@dataclass
class LanguageBuild:
    """What the last MkDocs build of one language rendered its pages with."""

    config: MkDocsConfig
    values: dict  # the configuration's top-level values during that build (static-i18n sets some)
    theme: dict  # the theme's options then (static-i18n sets the language)
    files: Files
    nav: Navigation
    env: Environment
    _by_path: dict[str, File] = field(default_factory=dict, repr=False)

    @classmethod
    def capture(cls, config: MkDocsConfig, files: Files, nav: Navigation, env: Environment) -> LanguageBuild:
        return cls(config, dict(config.data), dict(config.theme.items()), files, nav, env)

    def file(self, path: str) -> File | None:
        """The file rendered at this catalog path: the language's own, or its fallback copy."""
        if not self._by_path:
            self._by_path = {
                source_path(file): file
                for file in self.files.documentation_pages()
                if not getattr(file, "helpcentre_generated", None)
            }
        return self._by_path.get(path)

    def render(self, path: str) -> Path:
        """Render one page as the build did (the caller has made this language current); its output."""
        file = self.file(path)
        self.config.data.update(self.values)
        for key, value in self.theme.items():
            self.config.theme[key] = value
        mkdocs_build._populate_page(file.page, self.config, self.files)
        mkdocs_build._build_page(file.page, self.config, self.files.documentation_pages(), self.nav, self.env)
        return Path(file.abs_dest_path)


def available() -> bool:
    return all(callable(getattr(mkdocs_build, name, None)) for name in PAGE_STEPS)


def can_render(builds: dict[str, LanguageBuild], plan: dict[str, set[str]]) -> bool:
    """Whether every planned page has a kept build of its language that rendered it."""
    return available() and all(
        lang in builds and all(_page_of(builds[lang].file(path)) for path in paths)
        for lang, paths in plan.items()
        if paths
    )


def _page_of(file: File | None):
    return file.page if file is not None else None
