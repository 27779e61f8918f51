"""The `helpcentre` object templates see."""

from __future__ import annotations

from dataclasses import dataclass

from .core.i18n import Translator, language_name
from .core.views import Link, PageView


@dataclass
class TemplateContext:
    lang: str
    translator: Translator
    home_url: str
    switcher: list[Link]
    view: PageView | None = None

    def t(self, key: str, **params) -> str:
        return self.translator.t(self.lang, key, **params)

    def language_name(self, code: str) -> str:
        return language_name(code)
