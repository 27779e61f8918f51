"""`helpcentre check --fix`: write a template's inferred blanks and channel into its front matter.

Only the front matter changes, and only by inserting lines: new `placeholders` entries after the last
one already there (or a new `placeholders:` block), `channel:` before the closing `---`. Every byte of
the text below the front matter stays as it was, and the result is parsed again before it is written:
if it does not read back as exactly the declarations intended, the file is left alone.

A translation of a template the default language also has keeps its blanks undeclared: keys derived
from its own labels would differ from the default version's, and declared keys must match across
translations. The writer names them with the default version's keys instead (the report says which).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from . import agent_templates, frontmatter

LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")  # one line with its own line break (python-markdown's breaks)
BOM = b"\xef\xbb\xbf"


@dataclass
class Declaration:
    """What --fix did, or would not do, to one file."""

    new: bytes | None  # the file's new content; None: nothing to write
    note: str  # one line for the writer


def declare(raw: bytes, shown: str, *, translation_of: str | None = None) -> Declaration:
    """The file with its inferred declarations written in. `translation_of`: the default-language
    version's path, when this file is a translation of it (its blanks are then not declared)."""
    parsed = frontmatter.parse(raw, shown)
    meta = parsed.meta
    if meta is None or meta.type != "template" or not parsed.body.strip():
        return Declaration(None, "")
    _, _, blanks = agent_templates.check_source(meta, parsed.body, parsed.body_line, parsed.key_lines, shown)
    inferred = {} if translation_of else blanks.inferred
    channel = None if blanks.channel_declared else blanks.channel
    skipped = (
        f"; its blanks stay undeclared: give them the keys of {translation_of}"
        if (translation_of and blanks.inferred)
        else ""
    )
    if not inferred and channel is None:
        return Declaration(None, f"{shown}: nothing to declare{skipped}" if skipped else "")
    text = raw.decode("utf-8-sig")
    lines = LINE.findall(text)[:-1]  # findall ends with an empty match
    try:
        lines = _insert(lines, parsed, inferred, channel)
    except _Refused as refused:
        return Declaration(None, f"{shown}: not changed — {refused}")
    new = (BOM if raw.startswith(BOM) else b"") + "".join(lines).encode("utf-8")
    if not _reads_back(new, shown, parsed, {**meta.placeholders, **inferred}, channel or meta.channel):
        return Declaration(None, f"{shown}: not changed — the front matter would not read back as intended")
    what = [f"{len(inferred)} placeholder(s)"] if inferred else []
    what += [f"channel '{channel}'"] if channel else []
    return Declaration(new, f"{shown}: declared {' and '.join(what)}{skipped}")


class _Refused(Exception):
    pass


def _insert(lines: list[str], parsed, inferred: dict[str, str], channel: str | None) -> list[str]:
    newline = _newline(lines[0])
    closing = parsed.body_line - 2  # index of the closing '---' line
    result = list(lines)
    if channel:
        result.insert(closing, f"channel: {channel}{newline}")
    if not inferred:
        return result
    start = parsed.key_lines.get("placeholders")
    if start is None:
        entries = _entries(inferred, "  ", newline)
        result[closing:closing] = [f"placeholders:{newline}", *entries]
        return result
    key_line = lines[start - 1]
    if key_line.split(":", 1)[1].split("#", 1)[0].strip():
        raise _Refused("its placeholders are written on one line: write them one per line, then run --fix")
    end = start  # index after the last line of the placeholders block (indented or blank lines)
    while end < closing and (not lines[end].strip() or lines[end][:1] in " \t"):
        end += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    block = [line for line in lines[start:end] if line.strip()]
    indent = block[0][: len(block[0]) - len(block[0].lstrip(" \t"))] if block else "  "
    result[end:end] = _entries(inferred, indent, newline)
    return result


def _entries(inferred: dict[str, str], indent: str, newline: str) -> list[str]:
    """One `key: label` line each, the label quoted only where YAML needs it."""
    return [
        indent + yaml.safe_dump({key: label}, allow_unicode=True, width=10_000).rstrip("\n") + newline
        for key, label in inferred.items()
    ]


def _newline(line: str) -> str:
    return "\r\n" if line.endswith("\r\n") else "\r" if line.endswith("\r") else "\n"


def _reads_back(new: bytes, shown: str, before, placeholders: dict[str, str], channel) -> bool:
    after = frontmatter.parse(new, shown)
    return (
        after.meta is not None
        and after.body == before.body
        and dict(after.meta.placeholders) == placeholders
        and after.meta.channel == channel
        and len(after.problems) == len(before.problems)
    )
