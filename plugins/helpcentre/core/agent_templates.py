"""Agent templates: emails and call scripts with blanks to fill in.

The rule (handbook: agents/templates.md) is the one support teams already write by: a bracket inside a
sentence is a blank (`Hei! Nimeni on [agentin nimi] ja soitan [yrityksen nimi]:stä.`), a bracket
standing alone on its line is a stage direction or the customer's turn (`[Asiakas vahvistaa]`).

A template may declare its blanks in front matter, `placeholders: {agent: agentin nimi}`. A declared
key is shared by every translation (the labels are translated): an agent's remembered name fills
`agent` in every template and language, and a key missing from one translation is reported. An
undeclared blank still works — its key is derived from its label — but only within its own file,
so it gets a warning suggesting the declaration (`helpcentre check --fix` writes it). A bracket that
is almost a declared label (`[agnet name]`) is a typo, not a new blank, and stays an error.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import unicodedata
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from html import escape

from markdown import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from .errors import Problem
from .markdown_lines import source_lines

# Not an image, an escape or a link. `]:` may follow: Finnish and Estonian inflect a blank with a
# colon (`[yrityksen nimi]:stä`); reference definitions are whole lines, skipped by REFERENCE.
BRACKETS = r"(?<![!\\\]])\[([^\[\]\n]{1,120})\](?![(\[])"
BRACKET = re.compile(BRACKETS)  # linear: the text in brackets is bounded and holds no bracket
REFERENCE = re.compile(r" {0,3}\[[^\[\]\n]*\]:[ ]*\S+[ ]*")  # python-markdown's `[id]: url` line
KEY_MAX = 40  # a derived key is an identifier in front matter, not the whole label
LOOKS_LIKE = 0.8  # similarity above which an undeclared bracket is taken for a misspelt declared label
CHANNELS = ("email", "call", "chat")


def label_key(text: str) -> str:
    """Labels match whatever the case of their first letter and spacing: '[Customer name]'."""
    return " ".join(text.split()).casefold()


def derived_key(label: str) -> str:
    """A stable key for an undeclared blank, from its label alone: 'sähköpostiosoite' →
    'sahkopostiosoite', 'asiakkaan nimi/asiakkaan ID' → 'asiakkaan_nimi_asiakkaan_id'. A label with
    no Latin letter or digit gets a short hash ('blank_3f9a1c'), so the same label gives the same key."""
    text = unicodedata.normalize("NFKD", label_key(label))
    plain = "".join(c for c in text if not unicodedata.combining(c))
    key = re.sub(r"[^a-z0-9]+", "_", plain).strip("_")[:KEY_MAX].rstrip("_")
    if not key:
        return "blank_" + hashlib.sha1(label_key(label).encode()).hexdigest()[:6]
    return key if key[0].isalpha() else f"blank_{key}"


@dataclass
class TemplateState:
    """Shared with the adapter: the blanks of the page being rendered (`active` false: not a template)."""

    placeholders: dict[str, str]
    active: bool = True

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
        if not self.state.active:
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
        if not self.state.active:
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
class Blanks:
    """A template as the build uses it: its declared blanks, those inferred from the text, its channel."""

    placeholders: dict[str, str]  # key → label: the declared ones, then the inferred in order of use
    inferred: dict[str, str] = field(default_factory=dict)  # the undeclared ones (key → label)
    channel: str = "chat"
    channel_declared: bool = True
    has_directions: bool = False  # a bracket standing alone: a stage direction or the customer's turn


@dataclass
class Usage:
    """Which declared placeholder keys a template's text uses (for comparing translations)."""

    keys: set[str]
    line: int  # where `placeholders:` is declared, for messages
    declares: bool = True  # whether the template declares any placeholder (else it is not compared)


@dataclass(frozen=True)
class _Bracket:
    line: int
    text: str
    alone: bool  # the bracket is the whole line


def check_source(
    meta, body: str, body_line: int, key_lines: dict[str, int], shown: str
) -> tuple[list[Problem], Usage, Blanks]:
    """The problems of one template, which declared keys it uses, and its blanks as the build shows them."""
    state = TemplateState(dict(meta.placeholders))
    brackets = _brackets(meta, body, body_line, key_lines)
    used = {key for b in brackets if (key := state.key_of(b.text)) is not None}
    undeclared = [b for b in brackets if state.key_of(b.text) is None]
    problems, inferred = _infer(undeclared, meta.placeholders, shown)
    blanks = Blanks({**meta.placeholders, **inferred}, inferred)
    inline_labels = {label_key(label) for label in blanks.placeholders.values()}
    blanks.has_directions = any(b.alone and label_key(b.text) not in inline_labels for b in brackets)
    problems += _channel_problems(meta, blanks, key_lines, shown) + _label_problems(meta, key_lines, shown)
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
    return problems, Usage(used, key_lines.get("placeholders", 1), bool(meta.placeholders)), blanks


def _brackets(meta, body: str, body_line: int, key_lines: dict[str, int]) -> list[_Bracket]:
    """Every bracket of the subject and the text, outside code and reference definitions. A bracket
    that is a paragraph of its own is `alone`; one on its own line inside a paragraph is not (an
    email's signature: 'Terveisin' and '[agentin nimi]' on the next line)."""
    subject_line = key_lines.get("subject", 1)
    found = [_Bracket(subject_line, text, False) for text in BRACKET.findall(meta.subject or "")]
    lines = list(source_lines(body, body_line))
    for i, source_line in enumerate(lines):
        line = source_line.text
        if source_line.in_code or REFERENCE.fullmatch(line):
            continue
        alone = (
            BRACKET.fullmatch(line.strip()) is not None
            and (i == 0 or not lines[i - 1].text.strip())
            and (i + 1 == len(lines) or not lines[i + 1].text.strip())
        )
        found += [_Bracket(source_line.number, text, alone) for text in BRACKET.findall(line)]
    return found


def _infer(undeclared: list[_Bracket], declared: dict[str, str], shown: str) -> tuple[list[Problem], dict]:
    """Undeclared brackets inside sentences become blanks with derived keys (a warning each), unless
    they look like a declared label misspelt (an error: it would reach the customer unfilled)."""
    problems: list[Problem] = []
    inferred: dict[str, str] = {}
    labels = {label_key(label): label for label in declared.values()}
    seen: set[str] = set()
    inline = {label_key(b.text) for b in undeclared if not b.alone}
    for bracket in undeclared:
        wanted = label_key(bracket.text)
        if wanted not in inline or wanted in seen:
            continue  # a stage direction, or a blank already reported
        seen.add(wanted)
        if near := difflib.get_close_matches(wanted, labels, n=1, cutoff=LOOKS_LIKE):
            problems.append(_misspelt(shown, bracket, labels[near[0]]))
            continue
        key = _free_key(derived_key(bracket.text), {*declared, *inferred})
        inferred[key] = " ".join(bracket.text.split())
        problems.append(_inferred(shown, bracket, key))
    return problems, inferred


def _free_key(key: str, taken: set[str]) -> str:
    number, candidate = 2, key
    while candidate in taken:
        candidate, number = f"{key}_{number}", number + 1
    return candidate


def _inferred(shown: str, bracket: _Bracket, key: str) -> Problem:
    return Problem(
        shown,
        bracket.line,
        f"'[{bracket.text}]' is not declared: it is filled in as the blank '{key}'",
        f"declare it under placeholders (helpcentre check --fix writes '{key}: {bracket.text}') so that "
        "its translations share the key",
        severity="warning",
        code="HC405",
    )


def _misspelt(shown: str, bracket: _Bracket, label: str) -> Problem:
    return Problem(
        shown,
        bracket.line,
        f"'[{bracket.text}]' is not declared but looks like the placeholder [{label}]",
        f"correct it to [{label}], or declare it under placeholders if it is another blank",
        code="HC408",
    )


def _channel_problems(meta, blanks: Blanks, key_lines: dict[str, int], shown: str) -> list[Problem]:
    problems = []
    if meta.channel is None:
        blanks.channel_declared = False
        blanks.channel, why = (
            ("email", "it has a subject")
            if meta.subject
            else ("call", "it has stage directions")
            if blanks.has_directions
            else ("chat", "nothing in it says otherwise")
        )
        problems.append(
            Problem(
                shown,
                key_lines.get("type", 1),
                f"the template has no channel: it is shown as '{blanks.channel}' because {why}",
                f"add 'channel: {blanks.channel}' (or email, call, chat) to the front matter",
                severity="warning",
                code="HC402",
            )
        )
    else:
        blanks.channel = meta.channel
    if blanks.channel == "email" and not meta.subject:
        problems.append(
            Problem(
                shown,
                key_lines.get("channel", 1),
                "the email template has no subject",
                "add 'subject: …' (it may use placeholders)",
                code="HC403",
            )
        )
    return problems


def _label_problems(meta, key_lines: dict[str, int], shown: str) -> list[Problem]:
    problems = []
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


def translation_problems(usages: dict[str, tuple[str, Usage]], default: str) -> list[Problem]:
    """Every translation of a template uses the same declared keys as the default language's. A version
    that declares nothing is compared with nothing: its blanks are its own, which a warning says."""
    if default not in usages:
        return []
    reference_shown, reference = usages[default]
    problems = []
    for lang, (shown, usage) in usages.items():
        if lang == default:
            continue
        if reference.declares != usage.declares:
            problems.append(_undeclared_side(shown, usage, reference_shown, reference))
            continue
        problems += _key_differences(shown, usage, reference_shown, reference, default)
    return problems


def _undeclared_side(shown: str, usage: Usage, reference_shown: str, reference: Usage) -> Problem:
    if usage.declares:
        return Problem(
            shown,
            usage.line,
            f"{reference_shown} declares no placeholders, so its blanks do not share keys with this one's",
            f"declare the same keys in {reference_shown} (helpcentre check --fix starts it)",
            severity="warning",
            code="HC407",
        )
    keys = ", ".join(sorted(reference.keys)) or "none"
    return Problem(
        shown,
        usage.line,
        f"this translation declares no placeholders, so its blanks do not share keys with {reference_shown}",
        f"declare its blanks under placeholders with the keys of {reference_shown} ({keys})",
        severity="warning",
        code="HC406",
    )


def _key_differences(shown: str, usage: Usage, reference_shown: str, reference: Usage, default: str):
    problems = []
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
