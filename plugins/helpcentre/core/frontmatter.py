"""Reading a Markdown file: UTF-8 decoding, the YAML front matter block and its schema.

Every failure becomes a `Problem` with the line it is on; nothing here raises to the caller.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Annotated, Literal

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StringConstraints,
    ValidationError,
)

from .errors import Problem
from .markdown_lines import split_lines

DESCRIPTION_MAX = 160
TITLE_MAX = 200  # longer titles are cut in listings, tabs and search results anyway
TAGS_MAX, TAG_MAX = 20, 50  # tags per page, characters per tag
LABEL_MAX = 120  # a longer placeholder label is never recognised in the text (agent_templates.BRACKETS)
FRONT_MATTER_MAX = 32_768  # characters between the '---' lines; real ones are well under 2,000
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser is several times faster
PageType = Literal["article", "faq", "template"]  # kinds.TYPES, spelled out for type checkers
Audience = Literal["public", "internal"]
Channel = Literal["email", "call", "chat"]
PlaceholderKey = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
Tag = Annotated[str, StringConstraints(min_length=1, max_length=TAG_MAX)]
# What Material hides with `hide:` (base.html and partials/*.html test `"…" in page.meta.hide`).
HiddenPart = Literal["navigation", "toc", "footer", "feedback", "tags", "path"]
TEMPLATE_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*(?:/[A-Za-z0-9_][A-Za-z0-9_.-]*)*\.html")

# Keys that MkDocs, Material or static-i18n understand: allowed without a warning, typed in FrontMatter.
PASSTHROUGH_KEYS = {"template", "hide", "icon", "status", "subtitle", "search", "render_macros"}


def _template_name(value: str) -> str:
    if not TEMPLATE_NAME.fullmatch(value) or ".." in value.split("/"):
        raise ValueError("not a template file name")
    return value


class SearchMeta(BaseModel):
    """Material's search options for a page."""

    model_config = ConfigDict(extra="forbid")

    exclude: StrictBool = False
    boost: float | None = None


class FrontMatter(BaseModel):
    """The schema every page's front matter must satisfy."""

    model_config = ConfigDict(extra="allow", str_strip_whitespace=True)

    title: str = Field(min_length=1, max_length=TITLE_MAX)
    description: str = Field(min_length=1, max_length=DESCRIPTION_MAX)
    type: PageType = "article"
    tags: list[Tag] = Field(default_factory=list, max_length=TAGS_MAX)
    audience: Audience = "public"
    featured: bool = False
    order: int | None = None
    draft: StrictBool = False  # unfinished: shown by `mkdocs serve` only, never in a built site
    # Templates (core/agent_templates.py): how the text is sent and the blanks an agent fills in.
    channel: Channel | None = None
    subject: str | None = Field(default=None, max_length=TITLE_MAX)
    source_hash: str | None = None  # translations: the source version translated (core/translation_status.py)
    placeholders: dict[
        PlaceholderKey, Annotated[str, StringConstraints(min_length=1, max_length=LABEL_MAX)]
    ] = Field(default_factory=dict)
    # Passed through to MkDocs and Material, which fail with a traceback on values of another type.
    template: Annotated[str, AfterValidator(_template_name)] | None = None
    hide: list[HiddenPart] = Field(default_factory=list)
    icon: str | None = None
    status: str | None = None
    subtitle: str | None = None
    search: SearchMeta | None = None
    render_macros: StrictBool | None = None


@dataclass
class ParsedFile:
    meta: FrontMatter | None
    body: str
    body_line: int  # 1-based line where the Markdown body starts
    problems: list[Problem]
    key_lines: dict[str, int] = field(default_factory=dict)  # front matter key → its line
    # When the front matter has errors: what could be read of it, so that the body is still checked in
    # the same run (links, images, FAQ, templates). None when not even the body can be told apart.
    salvaged: FrontMatter | None = None
    dropped: frozenset[str] = frozenset()  # keys left out of `salvaged`: unreadable or invalid


FENCE = re.compile(r"---[ \t]*")
DOCUMENT_END = re.compile(r"\.\.\.[ \t]*")  # MkDocs also ends front matter at a '...' line
# Line breaks for YAML (and str.splitlines) but not for python-markdown or MkDocs' front matter pattern.
OTHER_BREAK = re.compile("[\x85\u2028\u2029]")


def parse(raw: bytes, path: str) -> ParsedFile:
    """Decode, split and validate one file. `path` is only used in messages."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return _failed(
            path,
            line,
            "the file is not UTF-8 text",
            "save it as UTF-8 (in most editors: File › Save with encoding › UTF-8)",
            "HC101",
        )
    if not text.strip():
        return _failed(
            path,
            1,
            "the page is empty",
            "add front matter with a title and description, then the text, or delete the file",
            "HC102",
        )
    lines = split_lines(text)
    end = next((i for i in range(1, len(lines)) if FENCE.fullmatch(lines[i])), None)
    if (problem := _line_break_problem(lines[: 1 if end is None else end + 1], path)) is not None:
        return ParsedFile(None, "", 1, [problem])
    if not FENCE.fullmatch(lines[0]):
        failed = _failed(
            path,
            1,
            "the page has no front matter",
            "start the file with a '---' line, then 'title:' and 'description:', then '---'",
            "HC103",
        )
        failed.body, failed.salvaged = "\n".join(lines), _salvage({})  # the whole file is its text
        return failed
    if end is None:
        return _failed(
            path,
            1,
            "the front matter is never closed",
            "add a line with just '---' after the last front matter key",
            "HC104",
        )
    block, body = lines[1:end], "\n".join(lines[end + 1 :])
    problems = _block_problems(block, path) or _end_problems(text, lines, end, path)
    if problems:
        return _unreadable(block, body, end + 2, problems)
    data, key_lines, problems = _load_yaml(block, path)
    if problems:
        return _unreadable(block, body, end + 2, problems)
    meta, problems, invalid = _validate(data, key_lines, path)
    if meta is None:
        kept = {key: value for key, value in data.items() if key not in invalid}
        return ParsedFile(None, body, end + 2, problems, key_lines, _salvage(kept), invalid)
    return ParsedFile(meta, body, end + 2, problems, key_lines)


TYPE_LINE = re.compile(r"type[ \t]*:[ \t]*['\"]?([a-z]+)")


def _unreadable(block: list[str], body: str, body_line: int, problems: list[Problem]) -> ParsedFile:
    """Front matter YAML cannot read: the body is still checked, as the page type its `type:` line
    names (an FAQ's questions), with no placeholders known (a template's blanks are not checked)."""
    found = next((m.group(1) for line in block if (m := TYPE_LINE.match(line))), "article")
    data = {"type": found} if found in PageType.__args__ else {}
    unknown = frozenset({"placeholders", "channel"})
    return ParsedFile(None, body, body_line, problems, {}, _salvage(data), unknown)


def _salvage(data: dict) -> FrontMatter:
    """The valid keys, with stand-ins for a missing title or description (they are reported already)."""
    data = {"title": "?", "description": "?", **data}
    try:
        return FrontMatter.model_validate(data)
    except ValidationError:
        return FrontMatter.model_construct(title="?", description="?")


def _failed(path: str, line: int, message: str, fix: str, code: str) -> ParsedFile:
    return ParsedFile(None, "", 1, [Problem(path, line, message, fix, code=code)])


def _line_break_problem(lines: list[str], path: str) -> Problem | None:
    """U+2028, U+2029 and NEL break lines for YAML, not for MkDocs: the two would read different keys."""
    for number, line in enumerate(lines, start=1):
        if match := OTHER_BREAK.search(line):
            return Problem(
                path,
                number,
                f"a line separator (U+{ord(match.group()):04X}) in the front matter",
                "replace it with an ordinary line break (or a space): MkDocs and YAML disagree on "
                "where such a line ends",
                code="HC119",
                column=match.start() + 1,
            )
    return None


def _block_problems(block: list[str], path: str) -> list[Problem]:
    size = sum(len(line) + 1 for line in block)
    if size > FRONT_MATTER_MAX:
        longest = max(range(len(block)), key=lambda i: len(block[i]))
        line = longest + 2 if len(block[longest]) > FRONT_MATTER_MAX // 2 else 1  # the line that makes it big
        return [
            Problem(
                path,
                line,
                f"the front matter is {size:,} characters long, the limit is {FRONT_MATTER_MAX:,}",
                "keep only the page's keys there: long data belongs in the text or a data file",
                code="HC120",
            )
        ]
    for number, line in enumerate(block, start=2):
        if DOCUMENT_END.fullmatch(line):
            return [
                Problem(
                    path,
                    number,
                    "a '...' line inside the front matter",
                    "remove it: MkDocs ends the front matter there and shows the rest as text",
                    code="HC126",
                )
            ]
    return _tab_problems(block, path)


def _end_problems(text: str, lines: list[str], end: int, path: str) -> list[Problem]:
    # MkDocs recognises front matter only when a line break follows the closing '---'.
    if end == len(lines) - 1 and not text.endswith(("\n", "\r")):
        return [
            Problem(
                path,
                end + 1,
                "the closing '---' has no line break after it",
                "end the file with a line break: without one MkDocs shows the front matter as text",
                code="HC126",
            )
        ]
    return []


def _tab_problems(block: list[str], path: str) -> list[Problem]:
    # YAML forbids tabs for indentation and reports it obscurely; say it plainly.
    for number, line in enumerate(block, start=2):
        if "\t" in line:
            column = line.index("\t") + 1
            return [
                Problem(
                    path,
                    number,
                    f"a tab character in the front matter (column {column})",
                    "YAML allows only spaces here: replace the tab with spaces",
                    code="HC105",
                    column=column,
                )
            ]
    return []


class _DuplicateKey(yaml.constructor.ConstructorError):
    pass


class _Loader(SAFE_LOADER):
    """Safe YAML (libyaml's parser when available) that refuses a key given twice in one mapping:
    plain YAML keeps the last value silently."""

    def construct_mapping(self, node, deep=False):
        seen: dict = {}
        for key_node, _value in node.value if isinstance(node, yaml.MappingNode) else ():
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                continue  # complex keys fail in construct_mapping; '<<' merges may override keys
            key = self.construct_object(key_node)
            try:
                first = seen.setdefault(key, key_node)
            except TypeError:
                continue
            if first is not key_node:
                raise _DuplicateKey(
                    None,
                    None,
                    f"'{key_node.value}' is given twice (first on line {first.start_mark.line + 2})",
                    key_node.start_mark,
                )
        return super().construct_mapping(node, deep)


def _load_yaml(block: list[str], path: str) -> tuple[dict, dict[str, int], list[Problem]]:
    """The front matter, each top-level key's line, and the problems."""
    loader = _Loader("\n".join(block))
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else {}
    except _DuplicateKey as exc:
        return (
            {},
            {},
            [
                Problem(
                    path,
                    exc.problem_mark.line + 2,
                    exc.problem,
                    "keep one of the two: YAML would silently use the last one",
                    code="HC118",
                )
            ],
        )
    except yaml.YAMLError as exc:
        # Where an unclosed quote or bracket began is more useful than where the parser gave up.
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 2
        reason = getattr(exc, "problem", None) or "invalid YAML"
        return (
            {},
            {},
            [
                Problem(
                    path,
                    line,
                    f"front matter is not valid YAML: {reason}",
                    "check quotes and indentation; quote values that contain ': ' or start with a symbol",
                    code="HC106",
                )
            ],
        )
    except RecursionError:
        return (
            {},
            {},
            [
                Problem(
                    path,
                    2,
                    "front matter is nested too deeply",
                    "flatten the lists and mappings",
                    code="HC106",
                )
            ],
        )
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        return (
            {},
            {},
            [
                Problem(
                    path,
                    2,
                    "front matter must be a list of 'key: value' lines",
                    "write for example 'title: My page' and 'description: One sentence'",
                    code="HC107",
                )
            ],
        )
    return data, _key_lines(node), _key_problems(node, path)


def _key_lines(node) -> dict[str, int]:
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {
        key.value: key.start_mark.line + 2 for key, _value in node.value if isinstance(key, yaml.ScalarNode)
    }


def _key_problems(node, path: str) -> list[Problem]:
    """Keys YAML reads as something else than text: `1:`, `~:`, `yes:`, `2024-01-01:`."""
    if not isinstance(node, yaml.MappingNode):
        return []
    return [
        Problem(
            path,
            key.start_mark.line + 2,
            f"the front matter key '{key.value}' is not a name (YAML reads it as {_yaml_type(key)})",
            "use a name made of letters, or put the key in quotes",
            code="HC117",
        )
        for key, _value in node.value
        if not isinstance(key, yaml.ScalarNode) or _yaml_type(key) != "text"
    ]


def _yaml_type(node) -> str:
    if not isinstance(node, yaml.ScalarNode):
        return "a list or mapping"
    tag = node.tag.rsplit(":", 1)[-1]
    return {
        "str": "text",
        "int": "a number",
        "float": "a number",
        "null": "nothing (null)",
        "bool": "true or false",
        "timestamp": "a date",
    }.get(tag, tag)


def _validate(
    data: dict, key_lines: dict[str, int], path: str
) -> tuple[FrontMatter | None, list[Problem], frozenset[str]]:
    """The front matter, its problems, and the keys that are missing or invalid."""
    problems = [
        Problem(
            path,
            key_lines.get(key, 1),
            f"unknown front matter key '{key}'",
            "check the spelling; known keys are " + ", ".join(sorted(FrontMatter.model_fields)),
            severity="warning",
            code="HC108",
        )
        for key in data
        if key not in FrontMatter.model_fields
    ]
    try:
        return FrontMatter.model_validate(data), problems, frozenset()
    except ValidationError as exc:
        invalid = set()
        for error in exc.errors():
            key = str(error["loc"][0]) if error["loc"] else ""
            invalid.add(key)
            problems.append(_schema_problem(error, key, data, key_lines.get(key, 1), path))
        return None, problems, frozenset(invalid)


def _schema_problem(error: dict, key: str, data: dict, line: int, path: str) -> Problem:
    if error["type"] == "missing":
        return Problem(
            path, 1, f"front matter has no '{key}'", f"add '{key}: …' between the '---' lines", code="HC109"
        )
    if key == "description" and error["type"] == "string_too_long":
        length = len(str(data.get(key, "")))
        return Problem(
            path,
            line,
            f"description is {length} characters long, the limit is {DESCRIPTION_MAX}",
            "shorten it: search engines cut longer descriptions",
            code="HC110",
        )
    if key in ("title", "subject") and error["type"] == "string_too_long":
        return Problem(
            path,
            line,
            f"the {key} is {len(str(data.get(key, '')))} characters long, the limit is {TITLE_MAX}",
            "shorten it: listings, browser tabs and search results cut it anyway",
            code="HC121",
        )
    if key == "type":
        return Problem(
            path,
            line,
            f"type '{data.get(key)}' is not a page type",
            "use one of: article, faq, template (or leave it out for article)",
            code="HC111",
        )
    if key == "audience":
        return Problem(
            path, line, f"audience '{data.get(key)}' is not known", "use public or internal", code="HC112"
        )
    if key == "channel":
        return Problem(
            path, line, f"channel '{data.get(key)}' is not known", "use email, call or chat", code="HC113"
        )
    if key == "placeholders":
        return Problem(
            path,
            line,
            "placeholders must map a key to its label, e.g. 'agent: agent name'",
            f"keys are lowercase letters, digits and '_'; labels are the words shown in brackets "
            f"(at most {LABEL_MAX} characters)",
            code="HC114",
        )
    if key == "tags":
        return _tags_problem(error, data.get(key), line, path)
    if key in PASSTHROUGH_KEYS:
        return _passthrough_problem(key, line, path)
    return Problem(
        path, line, f"'{key}': {error['msg'].lower()}", f"correct the value of '{key}'", code="HC116"
    )


def _tags_problem(error: dict, tags, line: int, path: str) -> Problem:
    if error["type"] == "too_long" and len(error["loc"]) == 1:
        return Problem(
            path,
            line,
            f"{len(tags)} tags, the limit is {TAGS_MAX}",
            "keep the few tags readers browse by",
            code="HC122",
        )
    if error["type"] == "string_too_long":
        return Problem(
            path,
            line,
            f"the tag '{str(error['input'])[:40]}…' is {len(error['input'])} characters long, "
            f"the limit is {TAG_MAX}",
            "a tag is a word or two",
            code="HC122",
        )
    return Problem(
        path, line, "tags must be a list of words", "write for example 'tags: [billing, email]'", code="HC115"
    )


PASSTHROUGH_HINTS = {
    "template": (
        "template must be the file name of a page template in the theme, e.g. 'main.html'",
        "use a relative name ending in .html, without '..'",
        "HC123",
    ),
    "hide": (
        "hide must be a list of what to hide",
        "choose from: " + ", ".join(HiddenPart.__args__) + ", e.g. 'hide: [toc, feedback]'",
        "HC124",
    ),
    "search": (
        "'search' must be a mapping such as '{exclude: true}'",
        "allowed keys: exclude (true or false), boost (a number)",
        "HC125",
    ),
    "render_macros": ("'render_macros' must be true or false", "write render_macros: true", "HC125"),
}


def _passthrough_problem(key: str, line: int, path: str) -> Problem:
    message, fix, code = PASSTHROUGH_HINTS.get(
        key, (f"'{key}' must be one line of text", f"write it as text, e.g. '{key}: new'", "HC125")
    )
    return Problem(path, line, message, fix, code=code)
