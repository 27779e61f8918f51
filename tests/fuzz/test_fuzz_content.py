"""Property: whatever a writer puts in a page, the check and the build end in success or in
`path:line: message` problems — within a time bound, never a traceback.

Generated front matter (random keys and types, unicode, control characters, nesting, Unicode line
separators) and Markdown (headings, brackets, links, fences, attribute lists, HTML, long lines) go
through the catalog (what `helpcentre check` and the build both run) and through real builds of a
small project. `make test` runs a fixed, derandomized number of examples; `HYPOTHESIS_PROFILE=long`
runs many more with fresh randomness (see tests/fuzz/conftest.py).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ENV, Project
from helpcentre.core import catalog
from helpcentre.core.errors import ContentError

# Derandomized by default: the same examples on every run, so CI never fails on a new draw. The long
# profile draws fresh ones and many more (`make fuzz`, after touching a parser or a regex).
LONG = os.environ.get("HYPOTHESIS_PROFILE") == "long"
settings.register_profile(
    "default",
    derandomize=True,
    print_blob=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile("long", parent=settings.get_profile("default"), derandomize=False)
settings.load_profile("long" if LONG else "default")
CATALOG_EXAMPLES, BUILD_EXAMPLES = (5000, 300) if LONG else (300, 20)
CATALOG_SECONDS = 5  # one page through every check; the pathological lines of issue 15 took minutes
BUILD_SECONDS = 120
PROBLEM_LINE = re.compile(r"docs/\w\w/[^\s:]+:\d+: ")

# Characters writers do not mean to type but paste: controls, separators, bidi marks, combining marks.
ODD = "\x00\x01\x07\x0b\x0c\x1b\x1c\x1e\x7f\x85\u00a0\u200b\u200e\u202e\u2028\u2029\ufeff\u0301\U0001f600"
text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)) | st.sampled_from(ODD), max_size=40)
scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | text
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(text, inner, max_size=4),
    max_leaves=12,
)
KNOWN_KEYS = [
    "title",
    "description",
    "type",
    "tags",
    "audience",
    "featured",
    "order",
    "channel",
    "subject",
    "placeholders",
    "source_hash",
    "template",
    "hide",
    "icon",
    "status",
    "subtitle",
    "search",
]
keys = st.sampled_from(KNOWN_KEYS) | text | st.integers() | st.booleans() | st.none()
front_matter_dicts = st.dictionaries(keys, values, max_size=8).map(
    lambda extra: {"title": "A title", "description": "A description", **extra}
)


def _dumped(data: dict) -> str:
    try:
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    except yaml.YAMLError:
        return "title: A title\ndescription: A description\n"


raw_front_matter = st.one_of(
    front_matter_dicts.map(_dumped),
    st.lists(
        st.sampled_from(
            [
                "title: T",
                "description: D",
                "title:",
                "  - x",
                "a: [",
                "b: {",
                "? c",
                "&a x",
                "*a",
                "!!python/object:os.system x",
                "type: faq",
                "1: one",
                "~: x",
                "yes: no",
                "title: T",
                "key: \u2028value",
                "tags: [a, [b]]",
                "\t- tab",
            ]
        ),
        max_size=8,
    ).map("\n".join),
)
FRAGMENTS = [
    "# ",
    "## ",
    "### ",
    "## Questions {.faq}",
    "{#id}",
    "{: .x }",
    "[",
    "]",
    "(",
    ")",
    "](",
    "![",
    "[x]: ",
    '<a href="',
    '">',
    "<",
    ">",
    "`",
    "```",
    "~~~",
    "*",
    "_",
    "|",
    "\\",
    "-",
    "1. ",
    "> ",
    "?",
    "#",
    " ",
    "\n",
    "\n\n",
    "\r",
    "\u2028",
    "[agent name]",
    "[Asiakas vahvistaa]",
    "{{ x }}",
    "../",
    "internal/",
    "index.md",
    "a.md#b",
    "http://example.org/",
    "mailto:x@example.org",
    "&amp;",
]
markdown_bodies = st.lists(st.sampled_from(FRAGMENTS) | text, max_size=60).map("".join)
long_lines = st.tuples(
    st.sampled_from(["[", "](", " ", "#", "{", "<a href=", "`", "*", "a "]), st.integers(1_000, 20_000)
).map(lambda shape: "# a" + shape[0] * shape[1] + "b")
bodies = markdown_bodies | long_lines
page_files = st.tuples(raw_front_matter, bodies, st.sampled_from(["", "\r\n", "\u2028", "\x85"]))


def _page(front: str, body: str, separator: str) -> str:
    return f"---{separator or chr(10)}{front}\n---\n{body}\n"


def _write(project: Project, page: str, kind_path: str) -> Path:
    return project.raw(kind_path, page.encode("utf-8", errors="surrogatepass"))


@settings(max_examples=CATALOG_EXAMPLES)
@given(
    page=page_files,
    path=st.sampled_from(
        ["en/guide.md", "fi/opas.md", "en/help/index.md", "en/internal/t.md", "en/help/faq.markdown"]
    ),
)
def test_the_catalog_ends_in_pages_or_problems(tmp_path_factory, page, path):
    project = Project(tmp_path_factory.mktemp("fuzz"))
    _write(project, _page(*page), path)
    started = time.perf_counter()
    try:
        catalog.load(project.root / "docs", ["en", "fi"], "en", root=project.root)
    except ContentError as exc:
        assert exc.problems and all(p.path.startswith("docs/") and p.line >= 1 for p in exc.problems)
    assert time.perf_counter() - started < CATALOG_SECONDS


@settings(max_examples=BUILD_EXAMPLES)
@given(page=page_files)
def test_a_real_build_ends_in_a_site_or_problems(tmp_path_factory, page):
    project = Project(tmp_path_factory.mktemp("fuzz-build"))
    project.page("en/help/index.md", "title: Help\ndescription: Everything")
    _write(project, _page(*page), "en/help/guide.md")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-d", str(project.root / "site")],
        cwd=project.root,
        capture_output=True,
        text=True,
        env=ENV,
        timeout=BUILD_SECONDS,
    )
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    if result.returncode != 0:
        assert PROBLEM_LINE.search(result.stderr), result.stderr[-3000:]
    check = subprocess.run(
        [sys.executable, "-m", "helpcentre.cli", "check", "."],
        cwd=project.root,
        capture_output=True,
        text=True,
        env=ENV,
        timeout=BUILD_SECONDS,
    )
    assert "Traceback" not in check.stderr, check.stderr[-3000:]
    assert (check.returncode == 0) == (result.returncode == 0), (check.stdout, result.stderr[-3000:])
