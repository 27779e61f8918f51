"""Agent templates: emails and call scripts with blanks to fill in.

The rule writers follow (handbook: agents/templates.md): a template declares its blanks in front matter,
`placeholders: {agent: agent name, ticket: ticket number}`. In the text, a declared label in square
brackets (`[agent name]`, first letter in either case) is a placeholder, wherever it stands. Any
other bracketed text must be a paragraph of its own: that is a stage direction or the customer's
turn (`[Customer confirms]`). Undeclared brackets inside a sentence are errors — almost always a
mistyped placeholder that would otherwise reach a customer unfilled.

The keys are shared by every translation of a template (the labels are translated), so an agent's
remembered name fills `agent` in every template and language, and a key missing from one
translation can be reported.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from html import escape

from markdown import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from .errors import Problem
from .markdown_lines import source_lines

BRACKETS = r"(?<![!\\\]])\[([^\[\]\n]{1,120})\](?![(\[:])"  # not an image, escape or link
BRACKET = re.compile(BRACKETS)  # linear: the text in brackets is bounded and holds no bracket


def label_key(text: str) -> str:
    """Labels match whatever the case of their first letter and spacing: '[Customer name]'."""
    return " ".join(text.split()).casefold()


@dataclass
class TemplateState:
    """Shared with the adapter: the placeholders of the page being rendered (empty: not a template)."""

    placeholders: dict[str, str]

    def key_of(self, text: str) -> str | None:
        wanted = label_key(text)
        return next((key for key, label in self.placeholders.items() if label_key(label) == wanted), None)


class TemplateExtension(Extension):
    def __init__(self, state: TemplateState):
        super().__init__()
        self.state = state

    def extendMarkdown(self, md):
        # After links (160) and images (150) have taken their brackets, before short references (130).
        md.inlinePatterns.register(BracketProcessor(BRACKETS, md, self.state), "helpcentre_brackets", 135)
        md.treeprocessors.register(TurnProcessor(md, self.state), "helpcentre_turns", 0)


class BracketProcessor(InlineProcessor):
    def __init__(self, pattern, md, state: TemplateState):
        super().__init__(pattern, md)
        self.state = state

    def handleMatch(self, m, data):  # type: ignore[override]  # InlineProcessor's signature
        if not self.state.placeholders:
            return None, None, None
        return bracket_element(m.group(1), self.state), m.start(0), m.end(0)


def bracket_element(text: str, state: TemplateState) -> etree.Element:
    key = state.key_of(text)
    if key is None:
        element = etree.Element("span", {"class": "hc-direction"})
    else:
        element = etree.Element("span", {"class": "hc-ph", "data-hc-ph": key})
    element.text = AtomicString(f"[{text}]")
    return element


class TurnProcessor(Treeprocessor):
    """A paragraph that is only a stage direction is the customer's turn in a script."""

    def __init__(self, md, state: TemplateState):
        super().__init__(md)
        self.state = state

    def run(self, root):
        if not self.state.placeholders:
            return
        for paragraph in root.iter("p"):
            children = list(paragraph)
            if (
                len(children) == 1
                and children[0].get("class") == "hc-direction"
                and not (paragraph.text or "").strip()
                and not (children[0].tail or "").strip()
            ):
                paragraph.set("class", "hc-turn")


def subject_html(subject: str, placeholders: dict[str, str]) -> str:
    """The email subject with its placeholders marked up like the body's."""
    state = TemplateState(placeholders)
    parts, last = [], 0
    for match in BRACKET.finditer(subject):
        parts.append(escape(subject[last : match.start()]))
        parts.append(etree.tostring(bracket_element(match.group(1), state), encoding="unicode"))
        last = match.end()
    parts.append(escape(subject[last:]))
    return "".join(parts)


@dataclass
class Usage:
    """Which placeholder keys a template's text uses (for comparing translations)."""

    keys: set[str]
    line: int  # where `placeholders:` is declared, for messages


def check_source(
    meta, body: str, body_line: int, key_lines: dict[str, int], shown: str
) -> tuple[list[Problem], Usage]:
    problems = _front_matter_problems(meta, key_lines, shown)
    state = TemplateState(dict(meta.placeholders))
    used: set[str] = set()
    for text in BRACKET.findall(meta.subject or ""):
        key = state.key_of(text)
        if key is None:
            problems.append(_undeclared(shown, key_lines.get("subject", 1), text))
        else:
            used.add(key)
    problems += _body_problems(body, body_line, state, used, shown)
    for key in sorted(set(meta.placeholders) - used):
        problems.append(
            Problem(
                shown,
                key_lines.get("placeholders", 1),
                f"placeholder '{key}' ([{meta.placeholders[key]}]) is declared but not used",
                "use it in the text or remove it from placeholders",
                severity="warning",
                code="HC401",
            )
        )
    return problems, Usage(used, key_lines.get("placeholders", 1))


def _front_matter_problems(meta, key_lines: dict[str, int], shown: str) -> list[Problem]:
    problems = []
    if meta.channel is None:
        problems.append(
            Problem(
                shown,
                key_lines.get("type", 1),
                "the template has no channel",
                "add 'channel: email', 'channel: call' or 'channel: chat'",
                code="HC402",
            )
        )
    if meta.channel == "email" and not meta.subject:
        problems.append(
            Problem(
                shown,
                key_lines.get("channel", 1),
                "the email template has no subject",
                "add 'subject: …' (it may use placeholders)",
                code="HC403",
            )
        )
    labels: dict[str, str] = {}
    for key, label in meta.placeholders.items():
        if label_key(label) in labels:
            problems.append(
                Problem(
                    shown,
                    key_lines.get("placeholders", 1),
                    f"placeholders '{labels[label_key(label)]}' and '{key}' have the same label",
                    "give each placeholder its own label",
                    code="HC404",
                )
            )
        labels.setdefault(label_key(label), key)
    return problems


def _body_problems(body: str, body_line: int, state: TemplateState, used: set, shown: str) -> list[Problem]:
    problems = []
    for source_line in source_lines(body, body_line):
        if source_line.in_code:
            continue
        number, line = source_line.number, source_line.text
        stands_alone = BRACKET.fullmatch(line.strip())
        for text in BRACKET.findall(line):
            key = state.key_of(text)
            if key is not None:
                used.add(key)
            elif not stands_alone:
                problems.append(_undeclared(shown, number, text))
    return problems


def _undeclared(shown: str, line: int, text: str) -> Problem:
    return Problem(
        shown,
        line,
        f"'[{text}]' is not a declared placeholder",
        f"declare it under placeholders (e.g. 'key: {text}'), fix its spelling, or put a stage "
        "direction on a line of its own",
        code="HC405",
    )


def translation_problems(usages: dict[str, tuple[str, Usage]], default: str) -> list[Problem]:
    """Every translation of a template uses the same placeholder keys as the default language's."""
    if default not in usages:
        return []
    reference_shown, reference = usages[default]
    problems = []
    for lang, (shown, usage) in usages.items():
        if lang == default:
            continue
        for key in sorted(reference.keys - usage.keys):
            problems.append(
                Problem(
                    shown,
                    usage.line,
                    f"placeholder '{key}' is used in {reference_shown} but not in this translation",
                    f"declare '{key}' and use it in the text",
                    code="HC406",
                )
            )
        for key in sorted(usage.keys - reference.keys):
            problems.append(
                Problem(
                    shown,
                    usage.line,
                    f"placeholder '{key}' is not used in {reference_shown}",
                    f"remove it here, or add it to the {default} version as well",
                    code="HC407",
                )
            )
    return problems
