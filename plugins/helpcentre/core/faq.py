"""Questions and answers: FAQ pages and FAQ sections inside articles.

Writers mark questions with headings:
- on a page with `type: faq`, every `##` heading is a question and what follows it, up to the next
  `##`, is its answer;
- in any other page, a `## Heading {.faq}` section (attr_list) holds questions as `###` headings.

`FaqExtension` (python-markdown) turns those headings into native `<details>`/`<summary>`
accordions and records each question with its answer for the FAQPage data; `check_source` reports
the writer's mistakes on the Markdown source, where line numbers are known.
"""

from __future__ import annotations

import bisect
import copy
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field

from markdown import Extension
from markdown.treeprocessors import Treeprocessor

from .errors import Problem
from .kinds import Kind
from .markdown_lines import parse_heading, source_lines

FAQ_CLASS = "faq"
ANSWER_TAGS = {
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "br",
    "ol",
    "ul",
    "li",
    "a",
    "p",
    "div",
    "b",
    "strong",
    "i",
    "em",
}
STASHED = re.compile("\x02wzxhzdk:\\d+\x03")


@dataclass
class Question:
    anchor: str
    name: str  # the question as shown
    answer_html: str  # reduced to the tags search engines accept in an Answer
    answer_text: str  # what the reader sees, whitespace collapsed


@dataclass
class FaqState:
    """Shared with the adapter: it sets `kind` before a page renders and reads `questions` after."""

    kind: Kind = Kind.ARTICLE
    questions: list[Question] = field(default_factory=list)


class FaqExtension(Extension):
    def __init__(self, state: FaqState):
        super().__init__()
        self.state = state

    def extendMarkdown(self, md):
        # After attr_list (8), toc (5) and MkDocs' link rewriting (0): ids, classes and URLs are final.
        md.treeprocessors.register(FaqTreeprocessor(md, self.state), "helpcentre_faq", -1)


class FaqTreeprocessor(Treeprocessor):
    def __init__(self, md, state: FaqState):
        super().__init__(md)
        self.state = state

    def run(self, root):
        self.state.questions = []
        if self.state.kind == Kind.FAQ:
            self._accordion(root, start=0, end=len(root), level="h2")
            return
        for section in [
            child for child in root if child.tag == "h2" and FAQ_CLASS in child.get("class", "").split()
        ]:
            start = list(root).index(section) + 1
            end = next((i for i in range(start, len(root)) if root[i].tag == "h2"), len(root))
            self._accordion(root, start, end, level="h3")

    def _accordion(self, root, start: int, end: int, level: str) -> None:
        children = list(root)[start:end]
        if not any(child.tag == level for child in children):
            return
        group = etree.Element("div", {"class": "hc-faq", "data-hc-faq": ""})
        item = None
        for child in children:
            root.remove(child)
            if child.tag == level:
                item = self._item(child)
                group.append(item)
            elif item is None:
                root.insert(start, child)  # an introduction before the first question stays as it is
                start += 1
            else:
                item[1].append(child)
        root.insert(start, group)
        for details in group:
            self.state.questions.append(self._question(details))

    def _item(self, heading) -> etree.Element:
        anchor = heading.attrib.pop("id", "")
        for link in [a for a in heading if a.get("class") == "headerlink"]:
            heading.remove(link)  # no link inside the summary: the question itself is the control
        heading.set("class", (heading.get("class", "") + " hc-faq__question").strip())
        details = etree.Element("details", {"class": "hc-faq__item", "id": anchor})
        summary = etree.SubElement(details, "summary")
        summary.append(heading)
        etree.SubElement(details, "div", {"class": "hc-faq__answer"})
        return details

    def _question(self, details) -> Question:
        name = _text(details[0][0].itertext())
        answer = details[1]
        reduced = "".join(_reduced_html(child) for child in answer)
        return Question(details.get("id", ""), name, _text([reduced]), _text(answer.itertext()))


def _text(parts) -> str:
    """Whitespace collapsed, without python-markdown's placeholders for raw HTML (not known yet)."""
    return " ".join(STASHED.sub("", "".join(parts)).split())


def _reduced_html(element) -> str:
    """The element as HTML with only the tags allowed in an Answer; others keep their text."""
    element = copy.deepcopy(element)
    inner = _escape(element.text or "") + "".join(_reduced_html(child) for child in element)
    tail = _escape(element.tail or "")
    if element.tag not in ANSWER_TAGS:
        return inner + tail
    attributes = (
        f' href="{_escape(element.get("href", ""))}"' if element.tag == "a" and element.get("href") else ""
    )
    if element.tag == "br":
        return "<br>" + tail
    return f"<{element.tag}{attributes}>{inner}</{element.tag}>" + tail


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


# --- writer checks on the Markdown source ----------------------------------------------------

FAQ_IN_ATTRIBUTES = re.compile(r"\.faq\b")


def check_source(body: str, body_line: int, kind: Kind, shown: str) -> list[Problem]:
    """Empty FAQ pages, questions without answers, duplicate questions, headings that do not ask."""
    headings = list(_headings(body, body_line))
    if kind == Kind.FAQ:
        questions = [h for h in headings if h.level == 2]
        problems = (
            []
            if questions
            else [
                Problem(
                    shown,
                    body_line,
                    "the FAQ page has no questions",
                    "write each question as a '## Question?' heading followed by its answer",
                    code="HC301",
                )
            ]
        )
        return problems + _question_problems(questions, shown, must_ask=True)
    problems = []
    for index, section in enumerate(headings):
        if section.level != 2 or not section.is_faq:
            continue
        inside = headings[index + 1 : bisect.bisect_left(headings, section.end, key=lambda h: h.line)]
        questions = [h for h in inside if h.level == 3]
        if not questions:
            problems.append(
                Problem(
                    shown,
                    section.line,
                    "the FAQ section has no questions",
                    "write each question as a '### Question?' heading below it",
                    code="HC302",
                )
            )
        problems += _question_problems(questions, shown, must_ask=False)
    return problems


@dataclass
class _Heading:
    line: int
    level: int
    text: str
    is_faq: bool
    has_text_after: bool = False  # any non-blank line before the next heading
    end: int = 10**9  # the line of the next heading of the same or a higher level
    answered: bool = False  # text after it or after any heading below it, up to `end`


def _headings(body: str, body_line: int):
    found: list[_Heading] = []
    for line in source_lines(body, body_line):
        if parsed := parse_heading(line):
            is_faq = parsed.attributes is not None and FAQ_IN_ATTRIBUTES.search(parsed.attributes) is not None
            found.append(_Heading(line.number, parsed.level, parsed.text, is_faq))
        elif line.text.strip() and found:
            found[-1].has_text_after = True
    _close_sections(found)
    return found


def _close_sections(found: list[_Heading]) -> None:
    """Sets `end` and `answered` in one pass (a stack of open sections), not one scan per heading."""
    open_sections: list[_Heading] = []
    for current in [*found, None]:
        while open_sections and (current is None or open_sections[-1].level >= current.level):
            closed = open_sections.pop()
            closed.end = current.line if current is not None else 10**9
            closed.answered = closed.answered or closed.has_text_after
            if open_sections:  # the heading below it on the stack contains it
                open_sections[-1].answered = open_sections[-1].answered or closed.answered
        if current is not None:
            open_sections.append(current)


def _question_problems(questions: list[_Heading], shown: str, must_ask: bool) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[str, int] = {}  # question → its line
    for question in questions:
        if not question.answered:
            problems.append(
                Problem(
                    shown,
                    question.line,
                    f"the question '{question.text}' has no answer",
                    "write the answer below the heading, or remove the question",
                    code="HC303",
                )
            )
        key = " ".join(question.text.casefold().split())
        if key in seen:
            problems.append(
                Problem(
                    shown,
                    question.line,
                    f"the question '{question.text}' is asked twice (first on line {seen[key]})",
                    "merge the two answers into one question",
                    code="HC304",
                )
            )
        seen.setdefault(key, question.line)
        if must_ask and not question.text.rstrip().endswith(("?", "？")):
            problems.append(
                Problem(
                    shown,
                    question.line,
                    f"the heading '{question.text}' is not a question",
                    "FAQ headings are shown as questions: end it with '?', or move it to an article",
                    severity="warning",
                    code="HC305",
                )
            )
    return problems
