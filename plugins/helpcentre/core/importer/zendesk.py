"""Reading a Zendesk Guide export: Help Center API (v2) responses saved as JSON files.

The layout (what `--fetch` writes, and what a team can save by hand with curl):

    categories.json, categories-2.json, …   {"categories": [...], "next_page": ...}  one file per page
    sections*.json, articles*.json          likewise
    translations/categories/<id>.json       {"translations": [...]}  for that category
    translations/sections/<id>.json, translations/articles/<id>.json

Only the fields the mapping uses are read; everything else in a response is ignored. An item without a
translations file has one translation: the item itself in its `locale`. Bad files are `Problem`s naming
the file, the line and what to do — all of them in one run.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problem

KINDS = ("categories", "sections", "articles")
PAGE_NUMBER = re.compile(r"(\d+)")


@dataclass
class Translation:
    locale: str  # as Zendesk spells it: "en-us", "et", "pt-br"
    title: str
    body: str  # HTML for articles; the description (text) for categories and sections
    outdated: bool = False
    draft: bool = False
    html_url: str = ""


@dataclass
class Item:
    kind: str  # "categories" | "sections" | "articles"
    id: int
    raw: dict  # the item as the API listed it
    source_locale: str
    translations: dict[str, Translation] = field(default_factory=dict)  # locale → translation

    @property
    def position(self) -> int:
        value = self.raw.get("position")
        return value if isinstance(value, int) and not isinstance(value, bool) else 0

    def parent(self, key: str) -> int | None:
        value = self.raw.get(key)
        return value if isinstance(value, int) and not isinstance(value, bool) else None


@dataclass
class Export:
    folder: Path
    categories: dict[int, Item] = field(default_factory=dict)
    sections: dict[int, Item] = field(default_factory=dict)
    articles: dict[int, Item] = field(default_factory=dict)
    # article id → URL as written in a body (and absolute) → the file `--fetch` saved it as
    attachments: dict[int, dict[str, Path]] = field(default_factory=dict)

    def locales(self) -> set[str]:
        return {
            locale
            for items in (self.categories, self.sections, self.articles)
            for item in items.values()
            for locale in item.translations
        }


class ExportError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def read(folder: Path) -> Export:
    """Every item and translation of the export in `folder`; ExportError lists every bad file."""
    problems: list[Problem] = []
    if not folder.is_dir():
        raise ExportError([_problem(folder, 1, "is not a folder", "give the folder the export was saved in")])
    export = Export(folder)
    for kind in KINDS:
        target = getattr(export, kind)
        for file in _pages(folder, kind):
            for item in _items(file, kind, problems):
                target[item.id] = item
    if not export.articles and not problems:
        problems.append(
            _problem(
                folder / "articles.json",
                1,
                "the export has no articles (no articles*.json file with an 'articles' list)",
                "save the Help Center API's /api/v2/help_center/articles.json responses there",
                "HC1003",
            )
        )
    for kind in KINDS:
        for item in getattr(export, kind).values():
            _read_translations(folder / "translations" / kind / f"{item.id}.json", item, problems)
    _read_attachments(folder, export, problems)
    if problems:
        raise ExportError(problems)
    return export


def _read_attachments(folder: Path, export: Export, problems: list[Problem]) -> None:
    """`attachments/index.json` (written by `--fetch`): which saved file each image URL of an article is.

    A file is taken only when it is under attachments/ and exists: the index is data from an earlier
    run, and a path in it must not reach outside the export.
    """
    file = folder / ATTACHMENTS / "index.json"
    if not file.is_file():
        return
    data = _load(file, problems)
    if data is None:
        return
    articles = data.get("articles") if isinstance(data, dict) else None
    if not isinstance(articles, dict):
        problems.append(_shape(file, "has no 'articles' object", "fetch the attachments again (--fetch)"))
        return
    root = (folder / ATTACHMENTS).resolve()
    for article, urls in articles.items():
        if not str(article).isdigit() or not isinstance(urls, dict):
            continue
        found = export.attachments.setdefault(int(article), {})
        for url, saved in urls.items():
            path = (folder / saved).resolve() if isinstance(saved, str) and saved else None
            if path is not None and path.is_relative_to(root) and path.is_file():
                found[url] = path


ATTACHMENTS = "attachments"


def _pages(folder: Path, kind: str) -> list[Path]:
    """`articles.json`, `articles-2.json`, … `articles-10.json` in page order (numbers, not text)."""
    files = [p for p in folder.glob(f"{kind}*.json") if p.is_file()]
    return sorted(files, key=lambda p: [int(t) if t.isdigit() else t for t in PAGE_NUMBER.split(p.name)])


def _load(file: Path, problems: list[Problem]):
    try:
        return json.loads(file.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        problems.append(_problem(file, 1, "is not UTF-8 text", "save the API response as it came (UTF-8)"))
    except json.JSONDecodeError as exc:
        problems.append(
            _problem(
                file,
                exc.lineno,
                f"is not valid JSON ({exc.msg}, column {exc.colno})",
                "save the API response again; a file cut short by an interrupted download looks like this",
            )
        )
    except OSError as exc:
        problems.append(_problem(file, 1, f"cannot be read ({exc.strerror})", "check its permissions"))
    return None


def _items(file: Path, kind: str, problems: list[Problem]) -> list[Item]:
    data = _load(file, problems)
    if data is None:
        return []
    listed = data.get(kind) if isinstance(data, dict) else None
    if not isinstance(listed, list):
        problems.append(
            _shape(file, f"has no '{kind}' list", f'it must be one API response page: {{"{kind}": [...]}}')
        )
        return []
    items = []
    for number, raw in enumerate(listed, start=1):
        if not isinstance(raw, dict) or not _is_id(raw.get("id")):
            problems.append(
                _shape(file, f"{kind} entry {number} has no numeric id", "save the response again")
            )
            continue
        locale = _locale(raw.get("source_locale") or raw.get("locale"))
        item = Item(kind, raw["id"], raw, locale)
        own = _translation(raw, kind)
        if own is not None:
            item.translations[own.locale] = own
        items.append(item)
    return items


def _read_translations(file: Path, item: Item, problems: list[Problem]) -> None:
    if not file.is_file():
        return
    data = _load(file, problems)
    if data is None:
        return
    listed = data.get("translations") if isinstance(data, dict) else None
    if not isinstance(listed, list):
        problems.append(
            _shape(file, "has no 'translations' list", 'it must be the API response: {"translations": [...]}')
        )
        return
    for raw in listed:
        translation = _translation(raw, "translations") if isinstance(raw, dict) else None
        if translation is None:
            problems.append(_shape(file, "a translation has no locale", "save the response again"))
            continue
        item.translations[translation.locale] = translation


def _translation(raw: dict, kind: str) -> Translation | None:
    locale = _locale(raw.get("locale"))
    if not locale:
        return None
    title = raw.get("title") if kind in ("articles", "translations") else raw.get("name")
    body = raw.get("body") if kind in ("articles", "translations") else raw.get("description")
    return Translation(
        locale,
        str(title or raw.get("name") or ""),
        str(body or ""),
        raw.get("outdated") is True,
        raw.get("draft") is True,
        str(raw.get("html_url") or ""),
    )


def _locale(value) -> str:
    return value.strip().lower() if isinstance(value, str) else ""


def _is_id(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _shape(file: Path, message: str, fix: str) -> Problem:
    return _problem(file, 1, message, fix, "HC1002")


def _problem(file: Path, line: int, message: str, fix: str, code: str = "HC1001") -> Problem:
    return Problem(file.as_posix(), line, f"{file.name} {message}", fix, code=code)
