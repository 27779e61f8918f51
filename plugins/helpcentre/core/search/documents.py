"""Search documents: one per page and one per `##` section, read from the rendered HTML.

Reading the HTML (not the Markdown) gives the anchors exactly as the page has them, whatever
slugify the project configured, and the text as readers see it.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

SKIPPED_TAGS = {"script", "style", "template"}


@dataclass
class Section:
    anchor: str  # "" for the text before the first `##`
    heading: str
    text: str


@dataclass(frozen=True)
class PageFacts:
    """What results show about a page besides its text."""

    lang: str  # the language of its text; "" for the index's own language
    category: str = ""  # its category's title, "" for a top-level page
    category_url: str = ""

    def fields(self) -> tuple[str, str, str]:
        return self.lang, self.category, self.category_url


@dataclass
class SearchDoc:
    url: str  # site-relative, with '#anchor' for a section
    page_url: str
    title: str  # the page title
    heading: str  # the section heading, or every heading for the whole page
    body: str
    tags: str
    type: str  # article | faq | template
    lang: str = ""  # the language the text is in: another language's for a fallback page
    category: str = ""  # the title of the page's category, "" for a top-level page
    category_url: str = ""


def sections_from_html(html: str) -> list[Section]:
    parser = _SectionParser()
    parser.feed(html)
    parser.close()
    return [Section(s.anchor, " ".join(s.heading.split()), " ".join(s.text.split())) for s in parser.sections]


def documents(
    page_url: str, title: str, kind: str, tags: list[str], html: str, about: PageFacts | None = None
) -> list[SearchDoc]:
    """`about` left out: a page of the index's own language, outside any category."""
    about = about or PageFacts("")
    sections = sections_from_html(html)
    tag_text = " ".join(tags)
    kind = str(kind)  # the plain word, not a kinds.Kind: the index stores it and must not import our classes
    page = SearchDoc(
        page_url,
        page_url,
        title,
        " ".join(s.heading for s in sections if s.heading),
        " ".join(s.text for s in sections),
        tag_text,
        kind,
        *about.fields(),
    )
    parts = [
        SearchDoc(
            f"{page_url}#{s.anchor}", page_url, title, s.heading, s.text, tag_text, kind, *about.fields()
        )
        for s in sections
        if s.anchor
    ]
    return [page, *parts]


@dataclass
class _Open:
    anchor: str
    heading: str = ""
    text: str = ""


class _SectionParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.sections: list[_Open] = [_Open("")]
        self.in_h2 = False
        self.skip_depth = 0  # inside <script>, a headerlink '¶', …

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in SKIPPED_TAGS or "headerlink" in (attributes.get("class") or "").split():
            self.skip_depth += 1
        elif tag == "h2":
            self.sections.append(_Open(attributes.get("id") or ""))
            self.in_h2 = True
        elif tag in ("p", "li", "br", "h3", "h4", "td", "dt", "dd"):
            self._add(" ")

    def handle_endtag(self, tag):
        if self.skip_depth and (tag in SKIPPED_TAGS or tag == "a"):
            self.skip_depth -= 1
        elif tag == "h2":
            self.in_h2 = False

    def handle_data(self, data):
        if not self.skip_depth:
            self._add(data)

    def _add(self, data: str) -> None:
        current = self.sections[-1]
        if self.in_h2:
            current.heading += data
        else:
            current.text += data
