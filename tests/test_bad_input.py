"""Adversarial input: each case stops both `helpcentre check` and a real `mkdocs build` with exit code 1
and `path:line: message`, never a traceback, never a hang, never a silently wrong site.

Both commands run in a child process with a time limit (subprocess.run(timeout=…)): a hang fails the
test instead of stalling the suite.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ENV

LIMIT = 60  # seconds for one command; each of these takes 2–6 s when it works


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=ENV, timeout=LIMIT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{' '.join(args[:4])} did not finish within {LIMIT} s")


def check(project) -> subprocess.CompletedProcess:
    return run([sys.executable, "-m", "helpcentre.cli", "check"], project.root)


def build(project) -> subprocess.CompletedProcess:
    return run([sys.executable, "-m", "mkdocs", "build", "-d", str(project.root / "site")], project.root)


def front(project, text: str, body: str = "Some text.", path: str = "en/guide.md"):
    """A raw page: `text` is the whole front matter block, written exactly as given."""
    return project.raw(path, f"---\n{text}\n---\n{body}\n".encode())


PAGE = "title: Guide\ndescription: d\n"  # lines 2 and 3; a key added after it is on line 4


def symlink(project, path: str, target) -> None:
    link = project.root / "docs" / path
    link.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target, link)


def outside_page(project) -> None:
    elsewhere = project.root.parent / f"{project.root.name}-elsewhere.md"
    elsewhere.write_text("---\ntitle: Elsewhere\ndescription: d\n---\nText.\n", encoding="utf-8")
    symlink(project, "en/elsewhere.md", elsewhere)


CASES = {
    # YAML keys that are not strings
    "integer key": (lambda p: front(p, PAGE + "1: one"), "docs/en/guide.md:4: the front matter key '1'"),
    "null key": (lambda p: front(p, PAGE + "~: nothing"), "docs/en/guide.md:4: the front matter key '~'"),
    "boolean key": (lambda p: front(p, PAGE + "yes: true"), "docs/en/guide.md:4: the front matter key 'yes'"),
    "date key": (
        lambda p: front(p, PAGE + "2024-01-01: new year"),
        "docs/en/guide.md:4: the front matter key '2024-01-01'",
    ),
    "duplicate key": (
        lambda p: front(p, PAGE + "title: Other"),
        "docs/en/guide.md:4: 'title' is given twice (first on line 2)",
    ),
    "duplicate nested key": (
        lambda p: front(p, PAGE + "search:\n  exclude: true\n  exclude: false"),
        "docs/en/guide.md:6: 'exclude' is given twice (first on line 5)",
    ),
    # Line separators that YAML and str.splitlines() take as line breaks and python-markdown does not
    "U+2028 between front matter lines": (
        lambda p: p.raw(
            "en/guide.md", "---\u2028title: T\u2028description: d\u2028---\u2028Text.\n".encode()
        ),
        "docs/en/guide.md:1: a line separator (U+2028)",
    ),
    "U+2029 inside front matter": (
        lambda p: front(p, "title: T\u2029description: d"),
        "docs/en/guide.md:2: a line separator (U+2029)",
    ),
    "NEL inside front matter": (
        lambda p: front(p, PAGE + "tags: [a,\x85b]"),
        "docs/en/guide.md:4: a line separator (U+0085)",
    ),
    "'...' closes the front matter for MkDocs": (
        lambda p: front(p, PAGE + "...\nicon: material/star"),
        "docs/en/guide.md:4: a '...' line",
    ),
    "index page whose closing fence ends the file": (
        lambda p: p.raw("en/billing/index.md", b"---\ntitle: Billing\ndescription: d\n---"),
        "docs/en/billing/index.md:4: the closing '---' has no line break after it",
    ),
    # Symbolic links
    "dangling symlink": (
        lambda p: symlink(p, "en/broken.md", "nowhere.md"),
        "docs/en/broken.md:1: a symbolic link to a file that does not exist",
    ),
    "dangling symlink to an image": (
        lambda p: symlink(p, "en/logo.png", "missing.png"),
        "docs/en/logo.png:1: a symbolic link to a file that does not exist",
    ),
    "symlink loop": (lambda p: symlink(p, "en/again", "."), "docs/en/again:1: a symbolic link loop"),
    "symlink pointing outside the project": (outside_page, "docs/en/elsewhere.md:1: a symbolic link to"),
    # MkDocs/Material keys passed through
    "template not a string": (lambda p: front(p, PAGE + "template: 5"), "docs/en/guide.md:4: template"),
    "template outside the theme": (
        lambda p: front(p, PAGE + "template: ../../etc/passwd"),
        "docs/en/guide.md:4: template",
    ),
    "template that does not exist": (
        lambda p: front(p, PAGE + "template: nowhere.html"),
        "docs/en/guide.md:4: template 'nowhere.html' is not in the theme",
    ),
    "hide not a list": (lambda p: front(p, PAGE + "hide: 5"), "docs/en/guide.md:4: hide"),
    "hide an unknown part": (lambda p: front(p, PAGE + "hide: [sidebar]"), "docs/en/guide.md:4: hide"),
    "icon not a string": (lambda p: front(p, PAGE + "icon: [a, b]"), "docs/en/guide.md:4: 'icon'"),
    "status a mapping": (lambda p: front(p, PAGE + "status: {new: true}"), "docs/en/guide.md:4: 'status'"),
    "subtitle a list": (lambda p: front(p, PAGE + "subtitle: [x]"), "docs/en/guide.md:4: 'subtitle'"),
    "search exclude not a boolean": (
        lambda p: front(p, PAGE + "search: {exclude: maybe}"),
        "docs/en/guide.md:4: 'search'",
    ),
    # Oversized values
    "200 KB title": (
        lambda p: front(p, "title: " + "x" * 200_000 + "\ndescription: d"),
        "docs/en/guide.md:2: the front matter is 200,023 characters long, the limit is 32,768",
    ),
    "201-character title": (
        lambda p: front(p, "title: " + "x" * 201 + "\ndescription: d"),
        "docs/en/guide.md:2: the title is 201 characters long, the limit is 200",
    ),
    "60-character tag": (
        lambda p: front(p, PAGE + "tags: [" + "y" * 60 + "]"),
        "docs/en/guide.md:4: the tag 'yyyy",
    ),
    "too many tags": (
        lambda p: front(p, PAGE + "tags: [" + ", ".join(f"t{i}" for i in range(100)) + "]"),
        "docs/en/guide.md:4: 100 tags, the limit is 20",
    ),
    "20,000 unknown keys": (
        lambda p: front(p, PAGE + "\n".join(f"key{i}: v" for i in range(20_000))),
        "docs/en/guide.md:1: the front matter is",
    ),
    # Two source files at one URL
    "a default-language folder named like another language": (
        lambda p: p.page("en/fi/index.md", "title: Suomi\ndescription: d"),
        "docs/en/fi/index.md:1: the folder 'fi' has the name of the language fi",
    ),
    "a default-language page named like another language": (
        lambda p: p.page("en/fi.md", "title: Suomi\ndescription: d"),
        "docs/en/fi.md:1: duplicate slug: this page and docs/fi/index.md are both published at /fi/",
    ),
    "README.md is an index page for MkDocs": (
        lambda p: p.page("en/billing/README.md", "title: Billing\ndescription: d"),
        "docs/en/billing/README.md:1: MkDocs publishes README.md",
    ),
}

# Lines that made our scanners' regular expressions backtrack for minutes, past the line bounds that
# python-markdown's own patterns need (markdown_lines.MAX_LINE_LENGTH, MAX_BRACKETS_PER_LINE).
LONG_LINES = {
    "heading with 30,000 spaces": ("# a" + " " * 30_000 + "b", "the line is 30,004 characters long"),
    "30,000 '['": ("[" * 30_000, "the line is 30,000 characters long"),
    "100,000 '{' after a heading": ("# a {" + "{" * 100_000, "the line is 100,005 characters long"),
    "2,000 '['": ("[" * 2_000, "the line has 2,000 '[', the limit is 500"),
    "1,000 '!['": ("![" * 1_000, "the line has 1,000 '[', the limit is 500"),
}
for name, (line, message) in LONG_LINES.items():
    CASES[name] = (
        lambda p, line=line: front(p, PAGE.rstrip(), f"Intro.\n\n{line}\n"),
        f"docs/en/guide.md:7: {message}",
    )


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_stops_check_and_build_with_a_clear_error(project, case):
    setup, expected = CASES[case]
    setup(project)
    for result in (check(project), build(project)):
        output = result.stdout + result.stderr
        assert "Traceback" not in output, output[-3000:]
        assert result.returncode == 1, output[-3000:]
        assert expected in as_build_prints(output), output[-3000:]


def as_build_prints(output: str) -> str:
    """`check` prints `path:line:column: CODE message`; the build `path:line: message`."""
    return re.sub(r"^(\S+?):(\d+):\d+: HC\d+ ", r"\1:\2: ", output, flags=re.MULTILINE)


def test_duplicate_urls_leave_no_duplicate_sitemap_entries(project):
    project.page("en/fi/index.md", "title: Suomi\ndescription: d")
    assert build(project).returncode == 1
    assert not (project.root / "site/sitemap.xml").exists()


# One line just under the length limit, in shapes that are slow for a backtracking pattern; the page is
# about 1 MB with its other paragraphs. `check` and the build must both succeed, well within the limit.
# Not here: unclosed '<a href="' tags, which python-markdown's HTML parser rescans the rest of the page
# for, once per tag (about 50 ms per tag per MB; 2,000 of them in a 1 MB page took over 60 s). Not bounded.
LINES_WITHIN_BOUNDS = {
    "spaces in a heading": "# a" + " " * 19_000 + "b",
    "'{' after a heading": "## b {" + "{" * 19_000,
    "'#'": "#" * 19_000,
    "']('": "](" * 9_500,
    "backticks": "`" * 19_000,
    "'*'": "*" * 19_000,
    "'[' within the bracket limit": "[" * 400 + " " + "x" * 18_000,
    "one 19,000-letter word": "x" * 19_000,  # the search index's file plan recursed once per letter
}


@pytest.mark.parametrize("shape", list(LINES_WITHIN_BOUNDS))
def test_a_1_mb_page_with_a_long_line_builds_in_seconds(project, shape):
    filler = ("Filler paragraph text for the size of the page. " * 40 + "\n\n") * 500
    front(project, PAGE.rstrip(), f"Intro.\n\n{LINES_WITHIN_BOUNDS[shape]}\n\n{filler}")
    project.page("en/index.md", "title: Home\ndescription: Start here", "[Guide](guide.md)")
    for result in (check(project), build(project)):
        output = result.stdout + result.stderr
        assert result.returncode == 0 and "Traceback" not in output, output[-3000:]
