"""Unfinished work that must not be published: skeleton text and untranslated copies.

A page marked `draft: true` may hold both (it is left out of every build); any other page with either
is an error, in `helpcentre check` and the build alike.

- **Skeleton text**: the sentences `helpcentre new` writes (skeletons/strings.yml, every language),
  found as whole lines of the text or as the description — never as part of a sentence, so a real page
  that happens to use the words is not flagged.
- **Untranslated copy**: the share of the source's word 5-grams (shingles: every run of five words,
  lowercased, code and link targets left out) that the translation contains too. On the demo's 79
  real translations the highest share is 0.00 (names and terms repeat, runs of five words do not); a
  copied page is 1.00; a Finnish page whose second half of paragraphs is still English 0.33–0.59
  (median 0.45, 14 pages) — `benchmarks/copy_share.py` measures all three. At `COPY_SHARE` (0.5) and
  above, "mostly the source", the translation is treated as not translated yet.
  A source shorter than five words has no shingles: then the translation counts as a copy only when
  its words are exactly the source's.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml

from .errors import Problem, display_path
from .markdown_lines import source_lines
from .page_cache import memoized

SKELETON_STRINGS = Path(__file__).parent.parent / "skeletons" / "strings.yml"
SHINGLE = 5  # words per shingle: long enough that shared names and terms do not make a copy
COPY_SHARE = 0.5  # the share of the source's shingles found in a translation that makes it a copy
WORD = re.compile(r"\w+")
LINK_TARGET = re.compile(r"\]\([^)\n]*\)")  # `](billing/refunds.md#x)`: the same in every language
INLINE_CODE = re.compile(r"`[^`\n]*`")
HTML_TAG = re.compile(r"<[^<>\n]*>")
LIST_OR_HEADING = re.compile(r"^(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+|>\s*)+")


@cache
def _table() -> dict:
    return yaml.safe_load(SKELETON_STRINGS.read_text(encoding="utf-8"))


def skeleton_strings(lang: str) -> dict[str, str]:
    """key → the text `helpcentre new` writes in `lang` (English for a language without its own)."""
    languages = _table()["languages"]
    return languages.get(lang, languages["en"])


def has_skeleton_strings(lang: str) -> bool:
    return lang in _table()["languages"]


@cache
def _skeleton_lines() -> frozenset[str]:
    """Every language's skeleton sentences, normalized: a page may be in any language."""
    ordinary = set(_table()["not_detected"])
    return frozenset(
        _normalized(text)
        for strings in _table()["languages"].values()
        for key, text in strings.items()
        if key not in ordinary
    )


def _normalized(line: str) -> str:
    return " ".join(LIST_OR_HEADING.sub("", line.strip()).casefold().split())


def skeleton_problems(page, shown: str) -> list[Problem]:
    """Skeleton sentences left in a page that is not a draft."""
    if page.meta.draft:
        return []
    known = _skeleton_lines()
    found = []
    if _normalized(page.meta.description) in known:
        found.append((page.key_lines.get("description", 1), page.meta.description))
    found += [
        (line.number, line.text.strip())
        for line in source_lines(page.body, page.body_line)
        if not line.in_code and _normalized(line.text) in known
    ]
    return [
        Problem(
            shown,
            number,
            f"skeleton text of `helpcentre new` is still here: '{text[:80]}'",
            "replace it with the page's own text, or mark the page 'draft: true' until it is written",
            code="HC801",
        )
        for number, text in found
    ]


def text_words(title: str, description: str, body: str) -> list[str]:
    """The words a reader reads, lowercased: code, link targets and HTML tags left out (they stay the
    same in a good translation)."""
    lines = [title, description]
    lines += [line.text for line in source_lines(body) if not line.in_code]
    text = "\n".join(lines)
    for pattern in (LINK_TARGET, INLINE_CODE, HTML_TAG):
        text = pattern.sub(" ", text)
    return WORD.findall(text.casefold())


def shingles(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def copied_share(source_words: list[str], translation_words: list[str]) -> float:
    """How much of the source the translation still contains word for word (0 to 1)."""
    return _share((source_words, shingles(source_words)), (translation_words, shingles(translation_words)))


def _share(source: tuple[list[str], set], translation: tuple[list[str], set]) -> float:
    (source_words, source_shingles), (words, found) = source, translation
    if not source_shingles:
        return 1.0 if source_words and source_words == words else 0.0
    return len(source_shingles & found) / len(source_shingles)


def page_words(page) -> list[str]:
    return text_words(page.meta.title, page.meta.description, page.body)


def _copied_share(source, translation) -> float:
    """copied_share of two catalog pages, their words and shingles worked out once per page."""
    return _share(_shingled(source), _shingled(translation))


def _shingled(page) -> tuple[list[str], set[tuple[str, ...]]]:
    def compute():
        found = page_words(page)
        return found, shingles(found)

    return memoized(page, "shingles", compute)


def untranslated_problems(catalog, root: Path | None) -> list[Problem]:
    """Translations (not drafts) whose text is still mostly the default language's page."""
    problems = []
    for (lang, path), page in sorted(catalog.pages.items()):
        source = catalog.source(catalog.default, path)
        if lang == catalog.default or source is None or page.meta.draft or page.salvaged or source.salvaged:
            continue
        share = _copied_share(source, page)
        if share >= COPY_SHARE:
            problems.append(
                Problem(
                    display_path(page.source, root),
                    page.body_line,
                    f"this {lang} page is still the {catalog.default} text ({share:.0%} of "
                    f"{display_path(source.source, root)} word for word)",
                    "translate it, or mark it 'draft: true' until it is translated "
                    "(readers get the original meanwhile)",
                    code="HC702",
                )
            )
    return problems
