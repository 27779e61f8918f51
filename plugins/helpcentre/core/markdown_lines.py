"""Reading Markdown source line by line the way python-markdown does, in linear time.

Lines break only at \\n, \\r\\n and \\r (python-markdown and MkDocs' universal newlines); str.splitlines()
also breaks at U+2028, U+2029, NEL, \\x0b, \\x0c and \\x1c–\\x1e, which would shift every line number
after one of them and let text that python-markdown sees as one line pass as several.

Headings and their `{: attributes}` are parsed with string methods, not with patterns such as
`^#+\\s+(.*?)\\s*#*\\s*$`, whose backtracking is cubic on a line like '# a' + 30,000 spaces + 'b'.

The writer checks of FAQ pages (faq.py), links and anchors (links.py) and template blanks
(agent_templates.py) all read the source through `source_lines` and `headings`: one idea of where code
fences are and what a heading is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .errors import Problem

LINE_BREAK = re.compile(r"\r\n|\r|\n")
FENCE = re.compile(r"[ \t]*(?:```|~~~)")  # an opening or closing code fence (leading spaces allowed)
HEADING_START = re.compile(r"(#{1,6})\s")
ID_IN_ATTRIBUTES = re.compile(r"#([\w-]+)")


@dataclass(frozen=True)
class SourceLine:
    number: int  # in the file, counting the front matter
    text: str
    in_code: bool  # a code fence line or a line between fences: no headings, links or blanks there


@dataclass(frozen=True)
class Heading:
    line: int
    level: int
    text: str  # without closing '#'s and without a trailing `{...}`
    attributes: str | None  # what was inside the trailing braces (attr_list), if any


def source_lines(body: str, first_line: int = 1) -> Iterator[SourceLine]:
    """The body's lines as python-markdown splits them, each knowing whether it is code."""
    in_fence = False
    for number, text in enumerate(split_lines(body), start=first_line):
        fence = is_fence(text)
        if fence:
            in_fence = not in_fence
        yield SourceLine(number, text, fence or in_fence)


def parse_heading(line: SourceLine) -> Heading | None:
    found = None if line.in_code else heading(line.text)
    if found is None:
        return None
    text, attributes = split_attributes(found[1])
    return Heading(line.number, found[0], text.strip(), attributes)


def headings(body: str, first_line: int = 1) -> Iterator[Heading]:
    """The ATX headings outside code fences."""
    for line in source_lines(body, first_line):
        if found := parse_heading(line):
            yield found


def split_lines(text: str) -> list[str]:
    """Like str.splitlines(), but breaking only where python-markdown does."""
    lines = LINE_BREAK.split(text)
    if lines[-1] == "":  # a final line break ends the last line, it does not start another
        lines.pop()
    return lines


def is_fence(line: str) -> bool:
    return FENCE.match(line) is not None


def heading(line: str) -> tuple[int, str] | None:
    """An ATX heading's level and text (closing '#'s and spaces removed), or None."""
    match = HEADING_START.match(line)
    if match is None:
        return None
    return len(match.group(1)), line[match.end() :].strip().rstrip("#").rstrip()


def split_attributes(text: str) -> tuple[str, str | None]:
    """A heading's text without a trailing `{...}` (attr_list), and what was inside the braces."""
    stripped = text.rstrip()
    if not stripped.endswith("}"):
        return text, None
    close = len(stripped) - 1
    opening = stripped.find(
        "{", stripped.rfind("}", 0, close) + 1, close
    )  # the first '{' after any other '}'
    if opening < 0:
        return text, None
    return stripped[:opening].rstrip(), stripped[opening + 1 : close]


def explicit_id(attributes: str | None) -> str | None:
    """The id an attr_list block such as `{#refunds .faq}` sets (the last one wins, as in attr_list)."""
    found = ID_IN_ATTRIBUTES.findall(attributes or "")
    return found[-1] if found else None


# python-markdown's own inline patterns are super-linear on some lines (measured on one line, with the
# demo's extensions: '[' × 3,000 takes 2.9 s and '![' × 5,000 23 s; a heading '# a' + 100,000 spaces 21 s).
# Lines past these bounds are refused before the build reaches python-markdown.
MAX_LINE_LENGTH = 20_000
MAX_BRACKETS_PER_LINE = 500


def long_line_problems(body: str, body_line: int, shown: str) -> list[Problem]:
    problems = []
    for number, line in enumerate(split_lines(body), start=body_line):
        if len(line) > MAX_LINE_LENGTH:
            problems.append(
                Problem(
                    shown,
                    number,
                    f"the line is {len(line):,} characters long, the limit is {MAX_LINE_LENGTH:,}",
                    "break it into paragraphs; put data (e.g. a data: image) in a file of its own",
                    code="HC208",
                )
            )
        elif (brackets := line.count("[")) > MAX_BRACKETS_PER_LINE:
            problems.append(
                Problem(
                    shown,
                    number,
                    f"the line has {brackets:,} '[', the limit is {MAX_BRACKETS_PER_LINE}",
                    "break it up: Markdown's link parsing slows down "
                    "steeply with the number of brackets in one line",
                    code="HC208",
                )
            )
    return problems
