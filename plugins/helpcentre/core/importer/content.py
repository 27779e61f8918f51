"""Imported pages as our content model: a path, front matter in the handbook's keys, a Markdown body.

Front matter is written as JSON strings inside YAML (every string quoted), so a title such as
`yes`, `1.0` or `a: b` stays text, and nothing in a value can end the block.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..frontmatter import DESCRIPTION_MAX, TAG_MAX, TAGS_MAX, TITLE_MAX
from ..paths import slug as title_slug
from .report import Note

# The keys we write, in the order a writer reads them (handbook: writing an article).
KEY_ORDER = ("title", "description", "type", "tags", "featured", "order", "audience", "draft", "source_hash")
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
WHITESPACE = re.compile(r"\s+")


@dataclass
class PlannedPage:
    lang: str  # language folder
    path: str  # inside the language folder, e.g. "billing/refunds.md"
    meta: dict  # front matter keys → values (KEY_ORDER)
    body: str
    source: str  # the report item this page belongs to
    notes: list[Note] = field(default_factory=list)
    files: dict[str, Path] = field(default_factory=dict)  # beside the page (path in the language) → source

    @property
    def relative(self) -> str:
        return f"{self.lang}/{self.path}"

    def text(self) -> str:
        return render(self.meta, self.body)


def render(meta: dict, body: str) -> str:
    lines = ["---"]
    for key in KEY_ORDER:
        if key in meta and meta[key] not in (None, [], False):
            lines.append(f"{key}: {json.dumps(meta[key], ensure_ascii=False)}")
    return "\n".join([*lines, "---", body.rstrip("\n")]) + "\n"


def clean_title(title: str) -> str:
    return WHITESPACE.sub(" ", title).strip()[:TITLE_MAX] or "Untitled"


def description(text: str) -> tuple[str, Note | None]:
    """The first sentences of the page's plain text, at most DESCRIPTION_MAX characters.

    Decided: derive it rather than leave it empty with a draft flag, so an import publishes at once;
    a description cut inside a sentence or missing is a note in the report.
    """
    plain = WHITESPACE.sub(" ", text).strip()
    if not plain:
        return "", Note("description", "the article has no text to describe it: write a description")
    chosen = ""
    for sentence in SENTENCE_END.split(plain):
        candidate = f"{chosen} {sentence}".strip()
        if len(candidate) > DESCRIPTION_MAX:
            break
        chosen = candidate
    if chosen:
        return chosen, None
    cut = plain[: DESCRIPTION_MAX - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return cut, Note(
        "description", "the first sentence is longer than 160 characters: shorten the description"
    )


def tags(labels: list) -> tuple[list[str], list[Note]]:
    kept: list[str] = []
    notes: list[Note] = []
    for label in labels:
        text = WHITESPACE.sub(" ", str(label)).strip()
        if not text or text in kept:
            continue
        if len(text) > TAG_MAX:
            notes.append(Note("tag", f"label '{text[:60]}…' is over {TAG_MAX} characters: left out"))
        elif len(kept) >= TAGS_MAX:
            notes.append(Note("tag", f"more than {TAGS_MAX} labels: '{text}' left out"))
        else:
            kept.append(text)
    return kept, notes


def slug(title: str, fallback: str) -> str:
    return title_slug(title)[:80].strip("-") or fallback
