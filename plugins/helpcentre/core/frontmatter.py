"""Reading a Markdown file: UTF-8 decoding, the YAML front matter block and its schema.

Every failure becomes a `Problem` with the line it is on; nothing here raises to the caller.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from .errors import Problem

DESCRIPTION_MAX = 160
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser is several times faster
PageType = Literal["article", "faq", "template"]
Audience = Literal["public", "internal"]
Channel = Literal["email", "call", "chat"]
PlaceholderKey = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]

# Keys that MkDocs, Material or static-i18n understand: allowed without a warning.
PASSTHROUGH_KEYS = {"template", "hide", "icon", "status", "subtitle", "search", "render_macros"}


class FrontMatter(BaseModel):
    """The schema every page's front matter must satisfy."""

    model_config = ConfigDict(extra="allow", str_strip_whitespace=True)

    title: str = Field(min_length=1)
    description: str = Field(min_length=1, max_length=DESCRIPTION_MAX)
    type: PageType = "article"
    tags: list[str] = Field(default_factory=list)
    audience: Audience = "public"
    featured: bool = False
    order: int | None = None
    # Templates (core/templates.py): how the text is sent and the blanks an agent fills in.
    channel: Channel | None = None
    subject: str | None = None
    source_hash: str | None = None  # translations: the source version translated (core/translations.py)
    placeholders: dict[PlaceholderKey, Annotated[str, StringConstraints(min_length=1)]] = Field(default_factory=dict)


@dataclass
class ParsedFile:
    meta: FrontMatter | None
    body: str
    body_line: int  # 1-based line where the Markdown body starts
    problems: list[Problem]
    key_lines: dict[str, int] = field(default_factory=dict)  # front matter key → its line


FENCE = re.compile(r"^---[ \t]*$")


def parse(raw: bytes, path: str) -> ParsedFile:
    """Decode, split and validate one file. `path` is only used in messages."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return _failed(path, line, "the file is not UTF-8 text",
                       "save it as UTF-8 (in most editors: File › Save with encoding › UTF-8)", "HC101")
    if not text.strip():
        return _failed(path, 1, "the page is empty",
                       "add front matter with a title and description, then the text, or delete the file", "HC102")
    lines = text.splitlines()
    if not FENCE.match(lines[0]):
        return _failed(path, 1, "the page has no front matter",
                       "start the file with a '---' line, then 'title:' and 'description:', then '---'", "HC103")
    end = next((i for i in range(1, len(lines)) if FENCE.match(lines[i])), None)
    if end is None:
        return _failed(path, 1, "the front matter is never closed",
                       "add a line with just '---' after the last front matter key", "HC104")
    block, body = lines[1:end], "\n".join(lines[end + 1:])
    problems = _tab_problems(block, path)
    if problems:
        return ParsedFile(None, body, end + 2, problems)
    data, problems = _load_yaml(block, path)
    if problems:
        return ParsedFile(None, body, end + 2, problems)
    meta, problems = _validate(data, block, path)
    return ParsedFile(meta, body, end + 2, problems, {key: _key_line(block, key) for key in data})


def _failed(path: str, line: int, message: str, fix: str, code: str) -> ParsedFile:
    return ParsedFile(None, "", 1, [Problem(path, line, message, fix, code=code)])


def _tab_problems(block: list[str], path: str) -> list[Problem]:
    # YAML forbids tabs for indentation and reports it obscurely; say it plainly.
    for number, line in enumerate(block, start=2):
        if "\t" in line:
            column = line.index("\t") + 1
            return [Problem(path, number, f"a tab character in the front matter (column {column})",
                            "YAML allows only spaces here: replace the tab with spaces", code="HC105", column=column)]
    return []


def _load_yaml(block: list[str], path: str) -> tuple[dict, list[Problem]]:
    try:
        data = yaml.load("\n".join(block), Loader=SAFE_LOADER) if block else {}
    except yaml.YAMLError as exc:
        # Where an unclosed quote or bracket began is more useful than where the parser gave up.
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 2
        reason = getattr(exc, "problem", None) or "invalid YAML"
        return {}, [Problem(path, line, f"front matter is not valid YAML: {reason}",
                            "check quotes and indentation; quote values that contain ': ' or start with a symbol", code="HC106")]
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return {}, [Problem(path, 2, "front matter must be a list of 'key: value' lines",
                            "write for example 'title: My page' and 'description: One sentence'", code="HC107")]
    return data, []


def _validate(data: dict, block: list[str], path: str) -> tuple[FrontMatter | None, list[Problem]]:
    problems = [
        Problem(path, _key_line(block, key), f"unknown front matter key '{key}'",
                "check the spelling; known keys are " + ", ".join(sorted(FrontMatter.model_fields)),
                severity="warning", code="HC108")
        for key in data
        if key not in FrontMatter.model_fields and key not in PASSTHROUGH_KEYS
    ]
    try:
        return FrontMatter.model_validate(data), problems
    except ValidationError as exc:
        for error in exc.errors():
            key = str(error["loc"][0]) if error["loc"] else ""
            problems.append(_schema_problem(error, key, data, block, path))
        return None, problems


def _schema_problem(error: dict, key: str, data: dict, block: list[str], path: str) -> Problem:
    line = _key_line(block, key)
    if error["type"] == "missing":
        return Problem(path, 1, f"front matter has no '{key}'", f"add '{key}: …' between the '---' lines", code="HC109")
    if key == "description" and error["type"] == "string_too_long":
        length = len(str(data.get(key, "")))
        return Problem(path, line, f"description is {length} characters long, the limit is {DESCRIPTION_MAX}",
                       "shorten it: search engines cut longer descriptions", code="HC110")
    if key == "type":
        return Problem(path, line, f"type '{data.get(key)}' is not a page type",
                       "use one of: article, faq, template (or leave it out for article)", code="HC111")
    if key == "audience":
        return Problem(path, line, f"audience '{data.get(key)}' is not known", "use public or internal", code="HC112")
    if key == "channel":
        return Problem(path, line, f"channel '{data.get(key)}' is not known", "use email, call or chat", code="HC113")
    if key == "placeholders":
        return Problem(path, line, "placeholders must map a key to its label, e.g. 'agent: agent name'",
                       "keys are lowercase letters, digits and '_'; labels are the words shown in brackets", code="HC114")
    if key == "tags":
        return Problem(path, line, "tags must be a list of words", "write for example 'tags: [billing, email]'", code="HC115")
    return Problem(path, line, f"'{key}': {error['msg'].lower()}", f"correct the value of '{key}'", code="HC116")


def _key_line(block: list[str], key: str) -> int:
    pattern = re.compile(rf"^{re.escape(key)}\s*:")
    for number, line in enumerate(block, start=2):
        if pattern.match(line):
            return number
    return 1
