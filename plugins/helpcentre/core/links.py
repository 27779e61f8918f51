"""Links between pages, checked on the Markdown source where line numbers are known.

- a public page must not link to an internal one (the public build leaves it out: broken at best,
  an internal URL revealed at worst);
- a linked page must exist in the reader's language or in the default language (which the build
  shows as a fallback) — a page that exists only in a third language is a broken link;
- `#anchors` must name a heading (or `{#id}`) of the target page; images must exist on disk;
- an article no category lists and no page links to is an orphan.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from pathlib import Path

from markdown.extensions.toc import slugify, unique

from .errors import Problem, display_path
from .markdown_lines import explicit_id, headings, source_lines
from .page_cache import memoized
from .paths import is_internal_path, page_key, split_language

# Images `![alt](src)`, inline links `](target)`, reference definitions `[id]: target`, HTML href/src.
# Linear on any line: link text stops at the next bracket (`[^][]`), so no '[' is scanned from twice
# (`[^\]]*` scanned to the end of the line from every '[' of a line of 30,000 '[').
TARGETS = re.compile(
    r"(!?)\[[^\[\]]*\]\(\s*<?([^)\s>]+)"
    r"|^[ ]{0,3}\[[^\]]+\]:[ \t]*<?([^\s>]+)"
    r"|(href|src)=[\"']([^\"']+)"
)
EXTERNAL = re.compile(r"^([a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)


def link_problems(pages: Iterable, default: str, root: Path | None) -> tuple[list[Problem], set]:
    """Problems of every link in every page, and the (lang, path) of every page something links to."""
    pages = list(pages)
    by_key = {(page.lang, page.path): page for page in pages}
    langs = {page.lang for page in pages}
    problems, linked = [], set()
    for page in pages:
        shown = display_path(page.source, root)
        for line, column, is_image, target in _page_targets(page):
            path, anchor = _resolve(page.path, target)
            if not page.internal and _in_internal_folder(path, langs):
                noun = "page" if page_key(path).endswith(".md") else "file"
                problems.append(_internal_link(shown, line, column, target, noun))
                continue
            if is_image:
                problems += _image_problem(page, target, shown, line, column)
                continue
            if not path:  # `#anchor` on the same page
                problems += _anchor_problem(_anchors_of(page), anchor, shown, line, column, target)
                continue
            path = _page_path(page_key(path), page.lang, default, by_key)
            if not path.endswith(".md"):
                continue  # a file: MkDocs checks those on build
            found = by_key.get((page.lang, path)) or by_key.get((default, path))
            if found is None:
                problems.append(_missing(page, path, langs, by_key, shown, line, column, target))
                continue
            if found.internal and not page.internal:
                # An internal translation is missing from the public build, which shows the default
                # language's page in its place: only a link to that page, if it is internal too, is wrong.
                original = by_key.get((default, path))
                if original is None or original.internal:
                    problems.append(_internal_link(shown, line, column, target))
                    continue
                found = original
            if found.meta.draft and not page.meta.draft:
                # Likewise for a draft: no build has it; a draft translation's original stands in.
                original = by_key.get((default, path))
                if original is None or original.meta.draft:
                    problems.append(_draft_link(shown, line, column, target))
                    continue
                found = original
            linked.add((found.lang, found.path))
            problems += _anchor_problem(_anchors_of(found), anchor, shown, line, column, target)
    return problems, linked


def _in_internal_folder(path: str, langs: set) -> bool:
    parts = path.split("/")
    while parts and parts[0] == "..":  # '../fi/internal/x.md' from a page of another language
        parts.pop(0)
    return is_internal_path(split_language("/".join(parts), langs)[1])


def _page_path(path: str, lang: str, default: str, by_key: dict) -> str:
    """A URL-style link ('../billing/refunds/') names the page published there."""
    if path.endswith(".md"):
        return path
    for candidate in (f"{path}.md", f"{path}/index.md", "index.md" if path in ("", ".") else None):
        if candidate and ((lang, candidate) in by_key or (default, candidate) in by_key):
            return candidate
    return path


def _internal_link(shown: str, line: int, column: int, target: str, noun: str = "page") -> Problem:
    return Problem(
        shown,
        line,
        f"this public page links to the internal {noun} '{target}'",
        "public readers cannot open it and the public build leaves it out: "
        "remove the link or make the target public",
        code="HC501",
        column=column,
    )


def _draft_link(shown: str, line: int, column: int, target: str) -> Problem:
    return Problem(
        shown,
        line,
        f"the link target '{target}' is a draft: the built site leaves it out",
        "finish the page and remove its 'draft: true', or remove the link until then",
        code="HC802",
        column=column,
    )


def _missing(
    page, path: str, langs: set, by_key: dict, shown: str, line: int, column: int, target: str
) -> Problem:
    elsewhere = sorted(lang for lang in langs if (lang, path) in by_key)
    if elsewhere:
        return Problem(
            shown,
            line,
            f"'{target}' exists only in {', '.join(elsewhere)}, not in {page.lang} or the default language",
            f"translate it into {page.lang} or link to another page",
            code="HC503",
            column=column,
        )
    return Problem(
        shown,
        line,
        f"the link target '{target}' does not exist",
        "check the path: it is relative to this file",
        code="HC502",
        column=column,
    )


def _anchors_of(page) -> set[str]:
    """A page's anchors, worked out once however many links point at it."""
    return memoized(page, "anchors", lambda: anchors(page))


def _page_targets(page) -> list[tuple[int, int, bool, str]]:
    return memoized(page, "link targets", lambda: list(_targets(page.body, page.body_line)))


def _anchor_problem(
    known: set[str], anchor: str, shown: str, line: int, column: int, target: str
) -> list[Problem]:
    if not anchor or anchor in known:
        return []
    return [
        Problem(
            shown,
            line,
            f"'{target}': no heading with the anchor '#{anchor}'",
            "link to an existing heading (anchors are the heading text in lowercase with hyphens)",
            severity="warning",
            code="HC504",
            column=column,
        )
    ]


def _image_problem(page, target: str, shown: str, line: int, column: int) -> list[Problem]:
    if EXTERNAL.match(target) or target.startswith("data:"):
        return []
    path = re.split(r"[#?]", target, maxsplit=1)[0]
    if (page.source.parent / path).exists():
        return []
    return [
        Problem(
            shown,
            line,
            f"the image '{target}' does not exist",
            "check the path: it is relative to this file",
            code="HC505",
            column=column,
        )
    ]


def anchors(page) -> set[str]:
    """The ids python-markdown's toc gives this page's headings (its default slugify, made unique)."""
    found: set[str] = set()
    for heading in headings(page.body):
        found.add(explicit_id(heading.attributes) or unique(slugify(heading.text, "-"), found))
    return found


def _targets(body: str, body_line: int):
    for source_line in source_lines(body, body_line):
        if source_line.in_code:
            continue
        number, line = source_line.number, source_line.text
        for match in TARGETS.finditer(line):
            bang, inline, reference, attribute, html_target = match.groups()
            target = inline or reference or html_target
            is_image = bool(bang) or attribute == "src"
            if target and not EXTERNAL.match(target):
                yield number, match.start() + 1, is_image, target


def _resolve(page_path: str, target: str) -> tuple[str, str]:
    """The language-relative path a link points at (empty for the same page) and its anchor."""
    path, _, anchor = target.partition("#")
    path = path.split("?", 1)[0]
    if not path:
        return "", anchor
    base = posixpath.dirname(page_path)
    joined = posixpath.normpath(posixpath.join(base, path) if not path.startswith("/") else path.lstrip("/"))
    return joined, anchor


def orphan_problems(pages: Iterable, listed: set, linked: set, root: Path | None) -> list[Problem]:
    """Articles that no category page lists and no page links to: readers cannot find them."""
    problems, reachable = [], listed | linked
    for page in pages:
        if (
            page.kind.is_for_readers
            and (page.lang, page.path) not in reachable
            and not page.meta.featured
            and not page.meta.draft  # not published yet: nothing needs to reach it
            and not page.salvaged  # whether it is reachable may hang on a key that did not read (featured)
        ):
            problems.append(
                Problem(
                    display_path(page.source, root),
                    1,
                    "no category lists this page and no page links to it",
                    "move it into a folder with an index.md, or link to it",
                    severity="warning",
                    code="HC601",
                )
            )
    return problems
