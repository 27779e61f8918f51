"""Public pages must not link to internal ones: the public build leaves those out, so such a link
would be broken at best and would reveal an internal URL at worst."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Iterable

from .errors import Problem, display_path

# Inline links and images `](target)`, reference definitions `[id]: target`, and HTML href/src.
TARGETS = re.compile(r"\]\(\s*<?([^)\s>]+)|^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)|(?:href|src)=[\"']([^\"']+)")
EXTERNAL = re.compile(r"^([a-z][a-z0-9+.-]*:|//|#)", re.IGNORECASE)
FENCE = re.compile(r"^\s*(```|~~~)")


def internal_link_problems(pages: Iterable, root: Path | None) -> list[Problem]:
    pages = list(pages)
    internal = {(page.lang, page.path) for page in pages if page.internal}
    problems = []
    for page in pages:
        if page.internal:
            continue
        for line, target in _targets(page.body, page.body_line):
            path = _resolve(page.path, target)
            candidates = [path, f"{path}.md", f"{path}/index.md"] if path else []
            if any((page.lang, c) in internal for c in candidates):
                problems.append(Problem(display_path(page.source, root), line,
                                        f"this public page links to the internal page '{target}'",
                                        "public readers cannot open it and the public build leaves it out: "
                                        "remove the link or make the target public"))
    return problems


def _targets(body: str, body_line: int):
    in_fence = False
    for number, line in enumerate(body.splitlines(), start=body_line):
        if FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        for match in TARGETS.finditer(line):
            target = next(group for group in match.groups() if group)
            if not EXTERNAL.match(target):
                yield number, target


def _resolve(page_path: str, target: str) -> str:
    """The language-relative path a link points at, without anchor, query or trailing slash."""
    target = re.split(r"[#?]", target, maxsplit=1)[0]
    if not target:
        return ""
    base = posixpath.dirname(page_path)
    joined = posixpath.normpath(posixpath.join(base, target) if not target.startswith("/") else target.lstrip("/"))
    joined = joined.rstrip("/")
    return joined[:-len("/index.html")] if joined.endswith("/index.html") else joined
