"""UI strings and locale formatting.

Strings live in YAML files named `<lang>.yml`; the plugin ships its own and a project can add or
override keys in its `translations/` folder. A key missing in a language falls back to the default
language's text and is recorded, so the build can warn about it instead of breaking the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path

import yaml
from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal

from .errors import ContentError, Problem

PLURAL_FORMS = {"zero", "one", "two", "few", "many", "other"}
Strings = dict[str, "str | dict[str, str]"]


def load_strings(folders: list[Path]) -> dict[str, Strings]:
    """Read `<lang>.yml` from each folder; later folders override earlier ones key by key."""
    result: dict[str, Strings] = {}
    for folder in folders:
        for source in sorted(folder.glob("*.yml")):
            result.setdefault(source.stem, {}).update(_read(source))
    return result


def _read(source: Path) -> Strings:
    try:
        data = yaml.safe_load(source.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        raise ContentError(
            [
                Problem(
                    source.as_posix(),
                    line,
                    f"translation file is not valid YAML: {exc}",
                    "fix the YAML syntax (quote strings that contain ': ')",
                    code="HC901",
                )
            ]
        ) from None
    return _flatten(data)


def _flatten(data: dict, prefix: str = "") -> Strings:
    flat: Strings = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and not set(value) <= PLURAL_FORMS:
            flat.update(_flatten(value, f"{name}."))
        else:
            flat[name] = value if isinstance(value, dict) else str(value)
    return flat


def missing_keys(strings: dict[str, Strings], languages: list[str], default: str) -> list[tuple[str, str]]:
    """(language, key) for every key the default language has and another language lacks."""
    reference = strings.get(default, {})
    return [(lang, key) for lang in languages for key in reference if key not in strings.get(lang, {})]


@dataclass
class Translator:
    strings: dict[str, Strings]
    default: str
    missing: set[tuple[str, str]] = field(default_factory=set)

    def t(self, lang: str, key: str, **params) -> str:
        value = self.strings.get(lang, {}).get(key)
        if value is None:
            self.missing.add((lang, key))
            value = self.strings.get(self.default, {}).get(key)
            if value is None:
                return key  # visible in the page, and reported by the build
            lang = self.default
        if isinstance(value, dict):
            value = _plural(value, lang, params.get("count", 0))
        if "count" in params:
            params["n"] = format_decimal(params["count"], locale=_locale(lang))
        return value.format(**params) if params else value

    def plural_forms(self, lang: str, key: str) -> dict[str, str]:
        """Every plural form of a string (for a client that picks one itself)."""
        value = self.strings.get(lang, {}).get(key) or self.strings.get(self.default, {}).get(key, key)
        return value if isinstance(value, dict) else {"other": value}


@cache
def _locale(lang: str) -> Locale:
    return Locale.parse(lang)


def _plural(forms: dict[str, str], lang: str, count: int) -> str:
    form = _locale(lang).plural_form(count)
    return forms.get(form) or forms.get("other") or next(iter(forms.values()))


def long_date(moment: datetime, lang: str) -> str:
    return format_date(moment, format="long", locale=_locale(lang))


@cache
def language_name(lang: str) -> str:
    """The language's name in itself, capitalised as in a language menu: 'Eesti', 'Suomi'."""
    name = _locale(lang).get_display_name(lang) or lang
    return name[:1].upper() + name[1:]
