"""What the writer commands accept: configured language codes, clean slugs, paths inside docs/.

Every check raises `Refusal` with one line naming what is wrong and what to do, before anything is written.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

from babel import Locale, UnknownLocaleError

from .core.catalog import SLUG

USAGE, FAILED = 2, 1  # exit codes: the command line is wrong / the project or the disk is

# Two lowercase letters (ISO 639-1). Region forms do not build here: mkdocs-static-i18n accepts 'pt-BR' and
# 'pt_BR', but the plugin's Babel calls fail on 'pt-BR' and Material has no 'pt_BR' interface strings.
LANGUAGE_CODE = re.compile(r"[a-z]{2}")


class Refusal(Exception):
    """A command refuses its input: `message` is one line, `exit_code` 2 for usage, 1 otherwise."""

    def __init__(self, message: str, exit_code: int = USAGE):
        super().__init__(message)
        self.exit_code = exit_code


def language_code(code: str, option: str) -> str:
    """`code` if it is a language code Babel knows, in a form the build accepts."""
    if not LANGUAGE_CODE.fullmatch(code):
        raise Refusal(
            f"{option} {code!r} is not a language code: use a lowercase ISO 639-1 code such as 'en' or 'fi'"
        )
    try:
        Locale.parse(code)
    except (ValueError, UnknownLocaleError):
        raise Refusal(
            f"{option} {code!r} is not a language Babel knows: check the code "
            "(ISO 639-1, e.g. 'et' for Estonian)"
        ) from None
    return code


def configured_language(code: str, languages: list[str], option: str) -> str:
    """A language code that is one of the project's languages (the i18n plugin's in mkdocs.yml)."""
    language_code(code, option)
    if code not in languages:
        known = ", ".join(languages) or "none found"
        raise Refusal(
            f"{option} {code!r} is not a language of this project ({known}): use one of them, or "
            "add it to the i18n plugin's languages in mkdocs.yml first"
        )
    return code


def clean_slug(value: str, option: str) -> str:
    """Lowercase letters and digits joined by single hyphens: what a URL segment of the site looks like."""
    if not SLUG.match(value):
        raise Refusal(
            f"{option} {value!r} is not a clean slug: use lowercase letters and digits joined by "
            "single hyphens, e.g. 'reset-password'"
        )
    return value


def category(value: str) -> str:
    """A category is one folder: the catalog lists a page under its top folder's index.md."""
    value = value.rstrip("/")  # a tab-completed 'billing/'
    parts = value.split("/")
    if not all(SLUG.match(part) for part in parts):
        raise Refusal(
            f"--category {value!r} is not a clean slug: use lowercase letters and digits joined by "
            "single hyphens, e.g. 'billing' or 'getting-started'"
        )
    if len(parts) > 1:
        raise Refusal(
            f"--category {value!r} is nested: categories are one folder deep, "
            f"use --category {parts[0]} (or another single slug)"
        )
    return value


def inside(docs: Path, target: Path) -> Path:
    """`target` if it resolves (following symbolic links) inside the docs folder."""
    if not target.resolve().is_relative_to(docs.resolve()):
        raise Refusal(
            f"{target.as_posix()} would be outside {docs.as_posix()}/ "
            f"(it resolves to {target.resolve().as_posix()}): remove the symbolic link on the way, "
            f"or write the page inside {docs.as_posix()}/"
        )
    return target


def language_list(value: str) -> list[str]:
    """`init --languages en,fi`: distinct language codes, the first the default."""
    codes = [code.strip() for code in value.split(",")]
    if not value.strip() or "" in codes:
        raise Refusal(f"--languages {value!r} has an empty item: give comma-separated codes, e.g. en,fi")
    themed = resources.files("material") / "templates" / "partials" / "languages"  # the new project's theme
    for code in codes:
        language_code(code, "--languages item")
        if not (themed / f"{code}.html").is_file():  # Material's language partial: without it the build fails
            raise Refusal(
                f"--languages item {code!r} has no interface strings in Material for MkDocs: start "
                "with languages it has (e.g. en,fi), add this one with an overrides/ partial later"
            )
    duplicates = sorted({code for code in codes if codes.count(code) > 1})
    if duplicates:
        raise Refusal(f"--languages {value!r} names {', '.join(duplicates)} twice: list each language once")
    return codes
