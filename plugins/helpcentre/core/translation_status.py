"""Which translations are missing or have fallen behind their source.

A translation records the version of the default-language page it translates as `source_hash:`
(the hash of the source's normalized title, description and text), written by `helpcentre
translate` and `helpcentre translations ack`. When the source changes, its hash changes and the
translation is outdated until someone updates it and acknowledges — content, not git timestamps,
so a typo fix can be acknowledged with one command.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import Problem, display_path

HASH_LENGTH = 12
UP_TO_DATE, OUTDATED, MISSING, UNTRACKED = "up to date", "outdated", "missing", "untracked"
DRAFT = "draft"  # written but not published yet: readers get the original


def source_hash(page) -> str:
    """Whitespace and line endings do not count: re-wrapping a paragraph is not a change."""
    text = "\n".join([page.meta.title, page.meta.description, page.body])
    normalized = " ".join(text.split())
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()[:HASH_LENGTH]


def state(catalog, lang: str, path: str) -> str:
    source = catalog.source(catalog.default, path)
    translation = catalog.source(lang, path)
    if translation is None:
        return MISSING
    if source is None or lang == catalog.default:
        return UP_TO_DATE
    if translation.meta.draft:
        return DRAFT
    recorded = translation.meta.source_hash
    if not recorded:
        return UNTRACKED
    return UP_TO_DATE if recorded == source_hash(source) else OUTDATED


@dataclass
class Row:
    path: str
    states: dict[str, str]  # lang → state


def status(catalog) -> list[Row]:
    """Every default-language page (home, categories, articles; templates too) against each language."""
    paths = sorted(p for (lang, p) in catalog.pages if lang == catalog.default)
    others = [lang for lang in catalog.languages if lang != catalog.default]
    return [Row(path, {lang: state(catalog, lang, path) for lang in others}) for path in paths]


def outdated_problems(catalog, root: Path | None) -> list[Problem]:
    problems = []
    for (lang, path), page in sorted(catalog.pages.items()):
        source = catalog.source(catalog.default, path)
        if source is None or page.salvaged or source.salvaged:
            continue  # a title or description that could not be read would make any hash differ
        if lang != catalog.default and state(catalog, lang, path) == OUTDATED:
            problems.append(
                Problem(
                    display_path(page.source, root),
                    page.key_lines.get("source_hash", 1),
                    f"the {catalog.default} page has changed since this translation "
                    f"({display_path(source.source, root)})",
                    f"update the translation, then run: helpcentre translations ack "
                    f"{display_path(page.source, root)}",
                    severity="warning",
                    code="HC701",
                )
            )
    return problems


def write_hash(file: Path, value: str) -> None:
    """Sets `source_hash:` in a file's front matter, keeping every other line as the writer wrote it."""
    set_key(file, "source_hash", f'"{value}"')  # quoted: a hash like 1234e56 would be read as a number


def set_key(file: Path, key: str, value: str) -> None:
    """Sets `key: value` (value as YAML text) in a file's front matter, keeping every other line."""
    text = file.read_text(encoding="utf-8")
    end = text.index("\n---", 3)
    front, rest = text[:end], text[end:]
    line = f"{key}: {value}"
    pattern = re.compile(rf"^{re.escape(key)}\s*:.*$", re.MULTILINE)
    front = pattern.sub(lambda _match: line, front) if pattern.search(front) else f"{front}\n{line}"
    file.write_text(front + rest, encoding="utf-8")
