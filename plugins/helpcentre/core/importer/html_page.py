"""Pages saved from any other help centre or blog (`helpcentre import html`) as our pages.

The article is found with readability-lxml (the original article subtree, without the site's navigation,
sidebars and footer), then goes through the same converter as a Zendesk body (convert.py: text escaped,
kept HTML allowlisted). Around it, from the whole page:
- the title: og:title, else the only <h1>, else <title> without its " | Site" tail;
- the description: <meta name="description"> or og:description, else the first sentences;
- questions and answers: the FAQPage JSON-LD, else a trailing "FAQ" heading followed by question
  headings. Either becomes our `## Questions {.faq}` section (core/faq.py), so the built page carries
  FAQPage data again; questions the JSON-LD lists that also stand as headings in the article are moved
  into that section, not written twice.
"""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup, Tag
from readability import Document

from ..frontmatter import DESCRIPTION_MAX
from . import content
from .convert import Converted, Link, Options, to_markdown
from .report import INFO, Note

HEADING = re.compile(r"^h[1-6]$")
# A heading that opens a trailing FAQ, in the languages the help centre ships (lower case, no punctuation).
FAQ_HEADINGS = {
    "faq", "faqs", "frequently asked questions", "questions and answers", "q&a",
    "korduma kippuvad küsimused", "kkk", "usein kysytyt kysymykset", "ukk",
    "dažniausiai užduodami klausimai", "duk", "pogosta vprašanja", "pogosto zastavljena vprašanja",
}  # fmt: skip
TITLE_TAIL = re.compile(r"\s+[|–—·-]\s+[^|–—·-]+$")  # "Refunds | Acme Help" → "Refunds"
FAQ_SECTION = "Questions"
COVERAGE = 0.7  # below this share of <main>'s words in the extracted article, the report warns
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif"}


@dataclass
class Question:
    name: str
    answer_html: str


@dataclass
class SavedPage:
    title: str
    description: str  # from the page's meta tags; "" when it has none
    url: str  # canonical or og:url, "" when unknown
    article_html: str  # the main content only
    questions: list[Question] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)


def read(source: str) -> SavedPage:
    """The parts of a saved HTML page that make one of our pages."""
    soup = BeautifulSoup(source, "html.parser")
    notes: list[Note] = _executable_notes(soup)
    questions = _json_ld_questions(soup, notes)
    visible = [] if questions else _trailing_faq(soup)
    article = BeautifulSoup(Document(str(soup)).summary(html_partial=True), "html.parser")
    for embed in article.find_all(["iframe", "video", "audio"]):
        if not embed.find(True):
            embed.clear()  # readability writes a placeholder text into empty embeds
    title = _title(soup, article)
    _drop_title_heading(article, title)
    if questions:
        _drop_headings(article, {_key(q.name) for q in questions})
    questions = questions or visible
    notes += _coverage_note(soup, article, questions)
    if questions:
        notes.append(Note("faq", f"{len(questions)} question(s) became the FAQ section: check them", INFO))
    return SavedPage(title, _meta(soup, "description"), _url(soup), str(article), questions, notes)


def plan(
    page: SavedPage,
    lang: str,
    path: str,
    source: str,
    options: Options,
    resolve_link=None,
    saved_in: Path | None = None,
) -> content.PlannedPage:
    """The page as Markdown at `path` inside docs/<lang>/; `resolve_link` rewrites links between imports;
    images saved with the page in `saved_in` (the browser's `Page_files/`) are copied beside it."""
    opts = Options(options.tables, options.admonitions, options.fenced_code, page.url)
    resolver = resolve_link or (lambda href: Link(urljoin(page.url, href) if page.url else href))
    copies: dict[str, Path] = {}
    images = _image_resolver(page.url, saved_in, posixpath.splitext(path)[0], copies)
    converted = to_markdown(page.article_html, opts, resolver, images)
    notes = [*page.notes, *converted.notes]
    body = converted.markdown
    if page.questions:
        body = body.rstrip("\n") + "\n\n" + _faq_section(page.questions, opts, resolver, notes)
    description = page.description.strip()[:DESCRIPTION_MAX]
    if not description:
        description, note = content.description(converted.text)
        notes += [note] if note else []
    meta = {"title": content.clean_title(page.title), "description": description}
    if copies:
        notes.append(Note("files-copied", f"{len(copies)} saved image(s) copied beside the page", INFO))
    return content.PlannedPage(lang, path, meta, body, source, notes, copies)


def _faq_section(questions: list[Question], options: Options, resolver, notes: list[Note]) -> str:
    parts = [f"## {FAQ_SECTION} {{.{'faq'}}}"]
    for question in questions:
        name = _heading_text(question.name)
        answer: Converted = to_markdown(question.answer_html, options, resolver, resolver)
        notes.extend(answer.notes)
        text = answer.markdown.strip() or "(no answer in the saved page)"
        if not answer.markdown.strip():
            notes.append(Note("faq-answer", f"the question '{name[:80]}' had no answer: write one"))
        parts += [f"### {name}", _no_headings(text)]
    return "\n\n".join(parts) + "\n"


def _heading_text(name: str) -> str:
    """A question as heading text: escaped like any text, and no `{…}` that attr_list would read."""
    text = to_markdown(f"<p>{_escape(name)}</p>").markdown.strip().replace("\n", " ")
    return text.replace("{", "\\{").replace("}", "\\}") or "Question"


def _no_headings(markdown: str) -> str:
    """An answer's own headings would end the question: they become bold lines."""
    return re.sub(r"^#{1,6} (.+)$", r"**\1**", markdown, flags=re.MULTILINE)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _image_resolver(base: str, saved_in: Path | None, stem: str, copies: dict[str, Path]):
    def resolve(src: str) -> Link:
        local = _local_image(src, saved_in)
        if local is not None:
            name = f"{posixpath.basename(stem)}-{content.slug(local.stem, 'image')}{local.suffix.lower()}"
            copies[posixpath.join(posixpath.dirname(stem), name)] = local
            return Link(name)
        absolute = urljoin(base, src) if base else src
        if urlsplit(absolute).scheme in ("http", "https"):
            return Link(
                absolute, Note("image-external", f"image {absolute[:200]} stays a link to the old site")
            )
        return Link(
            None,
            Note(
                "image-missing",
                f"image {src[:200]}: a relative address with no page address to resolve it against; "
                "its alt text was kept — copy the image next to the page and link it",
            ),
        )

    return resolve


def _local_image(src: str, saved_in: Path | None) -> Path | None:
    """An image file saved with the page: a relative address to a raster image inside its folder
    (never SVG, which can carry scripts, and never a path that climbs out of the folder)."""
    parts = urlsplit(src)
    if saved_in is None or parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
        return None
    root = saved_in.resolve()
    candidate = (root / unquote(parts.path)).resolve()
    if candidate.suffix.lower() not in IMAGE_SUFFIXES or not candidate.is_relative_to(root):
        return None
    return candidate if candidate.is_file() else None


def _executable_notes(soup: BeautifulSoup) -> list[Note]:
    """What of the saved page could run, all left out, listed so that nothing is dropped silently."""
    scripts = [s for s in soup.find_all("script") if s.get("type") != "application/ld+json"]
    handlers = sorted({a for tag in soup.find_all(True) for a in tag.attrs if a.lower().startswith("on")})
    found = [f"{len(scripts)} <script>"] if scripts else []
    found += [f"event handlers ({', '.join(handlers)})"] if handlers else []
    if not found:
        return []
    return [Note("removed", f"{' and '.join(found)} left out: scripts never run in the help centre", INFO)]


def _title(soup: BeautifulSoup, article: BeautifulSoup) -> str:
    og = _meta(soup, "og:title")
    if og:
        return og
    headings = soup.find_all("h1")
    if len(headings) == 1 and headings[0].get_text(strip=True):
        return headings[0].get_text(" ", strip=True)
    if soup.title and soup.title.get_text(strip=True):
        return TITLE_TAIL.sub("", soup.title.get_text(" ", strip=True))
    first = article.find(HEADING)
    return first.get_text(" ", strip=True) if first else ""


def _drop_title_heading(article: BeautifulSoup, title: str) -> None:
    """The page title is our `#` heading; the article's own copy of it would show twice."""
    for heading in article.find_all("h1"):
        if _key(heading.get_text(" ")) == _key(title) or len(article.find_all("h1")) == 1:
            heading.decompose()
            return


def _meta(soup: BeautifulSoup, name: str) -> str:
    for attribute in ("name", "property"):
        tag = soup.find("meta", attrs={attribute: name})
        if isinstance(tag, Tag) and str(tag.get("content") or "").strip():
            return re.sub(r"\s+", " ", str(tag["content"])).strip()
    return ""


def _url(soup: BeautifulSoup) -> str:
    link = soup.find("link", rel="canonical")
    url = str(link.get("href") or "") if isinstance(link, Tag) else ""
    url = url or _meta(soup, "og:url")
    return url if urlsplit(url).scheme in ("http", "https") else ""


def _json_ld_questions(soup: BeautifulSoup, notes: list[Note]) -> list[Question]:
    questions: list[Question] = []
    for script in soup.find_all("script", type="application/ld+json"):
        try:
            data = json.loads(script.string or "")
        except ValueError:
            notes.append(Note("json-ld", "a JSON-LD block is not valid JSON: left out"))
            continue
        for node in _nodes(data):
            if _is_type(node, "FAQPage"):
                questions += _faq_entities(node.get("mainEntity"))
    return questions


def _nodes(data) -> list[dict]:
    """Every object of a JSON-LD document: a list of them, a @graph, or one."""
    if isinstance(data, list):
        return [node for item in data for node in _nodes(item)]
    if isinstance(data, dict):
        return [data, *_nodes(data["@graph"])] if "@graph" in data else [data]
    return []


def _is_type(node: dict, name: str) -> bool:
    kind = node.get("@type")
    return name in kind if isinstance(kind, list) else kind == name


def _faq_entities(entities) -> list[Question]:
    found = []
    for entity in entities if isinstance(entities, list) else [entities]:
        if not isinstance(entity, dict) or not isinstance(entity.get("name"), str):
            continue
        answer = entity.get("acceptedAnswer")
        answer = answer[0] if isinstance(answer, list) and answer else answer
        text = answer.get("text") if isinstance(answer, dict) else ""
        found.append(Question(entity["name"].strip(), text if isinstance(text, str) else ""))
    return [q for q in found if q.name]


def _trailing_faq(root: BeautifulSoup) -> list[Question]:
    """Questions under the last heading named like "FAQ" that has any, taken out of the page.

    A question is a deeper heading (its answer: what follows it up to the next question) or a
    `<details>` accordion (its `<summary>`, and the rest). Run on the whole page before readability,
    which drops accordions as boilerplate. What comes before the first question stays where it was.
    """
    for opening in reversed(root.find_all(HEADING)):
        if _key(opening.get_text(" ")) not in FAQ_HEADINGS:
            continue
        level = int(opening.name[1])
        block = _section(opening, level)
        first = next((i for i, el in enumerate(block) if _is_question(el, level)), None)
        if first is None:
            continue
        questions = _questions(block[first:], level)
        for element in block[first:]:
            element.extract()
        if not any(el.get_text(strip=True) for el in block[:first]):
            opening.decompose()
        return questions
    return []


def _section(opening: Tag, level: int) -> list[Tag]:
    block = []
    for sibling in opening.find_next_siblings():
        if HEADING.match(sibling.name or "") and int(sibling.name[1]) <= level:
            break  # a section after the FAQ: it stays in the article
        block.append(sibling)
    return block


def _is_question(element: Tag, level: int) -> bool:
    if element.name == "details":
        return element.find("summary") is not None
    return bool(HEADING.match(element.name or "")) and int(element.name[1]) > level


def _questions(block: list[Tag], level: int) -> list[Question]:
    questions: list[Question] = []
    for element in block:
        if element.name == "details" and (summary := element.find("summary")) is not None:
            name = summary.get_text(" ", strip=True)
            summary.extract()
            questions.append(Question(name, element.decode_contents()))
        elif _is_question(element, level):
            questions.append(Question(element.get_text(" ", strip=True), ""))
        elif questions:
            questions[-1].answer_html += str(element)
    return [q for q in questions if q.name]


def _coverage_note(soup: BeautifulSoup, article: BeautifulSoup, questions: list[Question]) -> list[Note]:
    """readability may take a part of the page's own <main>/<article> for boilerplate: say so."""
    container = soup.find("main") or soup.find("article") or soup.find(True, attrs={"role": "main"})
    if not isinstance(container, Tag):
        return []
    total = len(container.get_text(" ").split())
    kept = len(article.get_text(" ").split()) + sum(
        len(f"{q.name} {BeautifulSoup(q.answer_html, 'html.parser').get_text(' ')}".split())
        for q in questions
    )
    if total == 0 or kept >= COVERAGE * total:
        return []
    why = (
        f"the article kept {kept} of the {total} words of the page's <{container.name}>: "
        "compare with the saved page and add what is missing"
    )
    return [Note("content-left-out", why)]


def _drop_headings(article: BeautifulSoup, names: set[str]) -> None:
    """Headings (with their answers) that repeat a JSON-LD question; then an FAQ heading left empty."""
    for heading in article.find_all(HEADING):
        if heading.parent is None or _key(heading.get_text(" ")) not in names:
            continue
        level = int(heading.name[1])
        for sibling in list(heading.find_next_siblings()):
            if HEADING.match(sibling.name or "") and int(sibling.name[1]) <= level:
                break
            sibling.extract()
        heading.decompose()
    for heading in article.find_all(HEADING):
        if _key(heading.get_text(" ")) in FAQ_HEADINGS and not _has_content_after(heading):
            heading.decompose()


def _has_content_after(heading: Tag) -> bool:
    level = int(heading.name[1])
    for sibling in heading.find_next_siblings():
        if HEADING.match(sibling.name or "") and int(sibling.name[1]) <= level:
            return False
        if sibling.get_text(strip=True):
            return True
    return False


def _key(text: str) -> str:
    return re.sub(r"[\s?:!.]+", " ", text).strip().lower()


def stem_slug(name: str, title: str) -> str:
    """The page's file name: from its title, else the saved file's name."""
    return content.slug(title, content.slug(PurePosixPath(name).stem, "page"))
