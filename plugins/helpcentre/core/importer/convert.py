"""HTML → Markdown for imported articles, with a note for everything that did not convert cleanly.

Built on markdownify (MIT; BeautifulSoup's tree, one overridable method per tag): html2text was
compared on the same bodies (handbook: migrating from Zendesk) and is GPL-3.0, has no per-tag hooks for
callouts, link rewriting or kept HTML, and turned a colspan table into misaligned rows silently.

What the result guarantees, whatever the input:
- text stays text: `<`, `&` and Markdown punctuation in text are escaped, so text that displays as
  `<script>` in the old help centre cannot become markup here;
- HTML that is kept (iframes, videos, tables Markdown cannot hold) is rebuilt from an allowlist of tags
  and attributes, with http(s) or relative addresses only — never copied as it came;
- links and images go through the caller's resolvers (imported articles become relative `.md` links);
- headings are shifted so the highest is `##` (the page title is the only `#`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote, urljoin, urlsplit

from bs4 import BeautifulSoup, NavigableString, Tag
from markdownify import MarkdownConverter

from .report import INFO, Note

# Tags markdownify turns into Markdown, plus the ones handled here; any other tag keeps only its text.
CONVERTED = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "div", "dl", "dt", "em",
    "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "kbd", "li", "ol",
    "p", "pre", "q", "s", "samp", "section", "article", "aside", "small", "span", "strong", "sub",
    "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul", "html", "body", "head",
    "header", "footer", "main", "mark", "font", "center", "strike", "tt", "var", "cite",
}  # fmt: skip
EMBEDS = {"iframe", "video", "audio", "object", "embed"}
REMOVED = {"script", "style", "noscript", "template", "link", "meta", "title", "base"}
# Kept HTML: these tags and attributes only (everything else is dropped from the copy).
KEPT_TAGS = {
    "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "colgroup", "col", "p", "br", "b",
    "strong", "i", "em", "code", "ul", "ol", "li", "a", "img", "iframe", "video", "audio", "source",
    "details", "summary", "span", "div", "sub", "sup",
}  # fmt: skip
KEPT_ATTRIBUTES = {
    "href", "src", "alt", "title", "colspan", "rowspan", "width", "height", "allowfullscreen",
    "controls", "poster", "type", "scope",
}  # fmt: skip
URL_ATTRIBUTES = {"href", "src", "poster"}
URL_SAFE = "/:?#&=%@+,;~!$*-._"  # kept as they are in link targets; quote() encodes everything else
CALLOUT_TYPES = (  # class words → admonition type, first match wins
    (("danger", "error", "critical"), "danger"),
    (("warning", "caution", "alert"), "warning"),
    (("tip", "success", "hint"), "tip"),
    (("info",), "info"),
    (("note", "callout", "important", "notice"), "note"),
)
CLASS_WORD = re.compile(r"[a-z]+")
LANGUAGE_CLASS = re.compile(r"^(?:language|lang|brush)-?:?([a-z0-9+#-]+)$")
BLANK_LINE = re.compile(r"^[ \t]+$", re.MULTILINE)
LINE_START = re.compile(r"^(\s*)([#>+-]|\d+[.)])(?=\s|$)", re.MULTILINE)


@dataclass(frozen=True)
class Options:
    tables: bool = True  # the project renders pipe tables (the `tables` Markdown extension)
    admonitions: bool = True  # the project renders `!!! note` (the `admonition` extension)
    fenced_code: bool = True  # ``` blocks (`fenced_code` or `pymdownx.superfences`); else indented code
    base_url: str = ""  # where the HTML was: relative addresses are made absolute against it


@dataclass(frozen=True)
class Link:
    target: str | None  # the address to write; None: write the link's text only
    note: Note | None = None


Resolver = Callable[[str], Link]


@dataclass
class Converted:
    markdown: str
    text: str  # the plain text, for descriptions and search checks
    notes: list[Note] = field(default_factory=list)


def to_markdown(
    source: str,
    options: Options = Options(),
    resolve_link: Resolver | None = None,
    resolve_image: Resolver | None = None,
) -> Converted:
    """`source` (an HTML fragment or page) as Markdown, and notes on what to check."""
    notes: list[Note] = []
    soup = BeautifulSoup(source, "html.parser")
    _remove_unsafe(soup, notes)
    converter = _Converter(options, notes, resolve_link or _absolute(options), resolve_image)
    converter.heading_shift = _heading_shift(soup)
    plain = _paragraph_text(soup)
    text = converter.convert_soup(soup)
    unknown = sorted({t.name for t in soup.find_all(True)} - CONVERTED - EMBEDS - REMOVED - KEPT_TAGS)
    if unknown:
        listed = ", ".join(f"<{name}>" for name in unknown)
        notes.append(Note("tags-as-text", f"{listed}: kept as plain text, check the page reads right"))
    return Converted(_tidy(text), plain, _unique(notes))


def _paragraph_text(soup: BeautifulSoup) -> str:
    """The text of paragraphs and list items (what a description is made of), else all text."""
    blocks = [el.get_text(" ") for el in soup.find_all(["p", "li"]) if not el.find_parent(["table", "li"])]
    return " ".join(blocks) if any(b.strip() for b in blocks) else soup.get_text(" ")


def _absolute(options: Options) -> Resolver:
    return lambda href: Link(urljoin(options.base_url, href) if options.base_url else href)


def _remove_unsafe(soup: BeautifulSoup, notes: list[Note]) -> None:
    removed = sorted({tag.name for tag in soup.find_all(REMOVED)})
    for tag in soup.find_all(REMOVED):
        tag.decompose()
    if removed:
        names = ", ".join(f"<{name}>" for name in removed)
        notes.append(Note("removed", f"{names} removed: scripts and styles never run in the help centre"))


def _heading_shift(soup: BeautifulSoup) -> int:
    levels = [int(tag.name[1]) for tag in soup.find_all(re.compile(r"^h[1-6]$"))]
    return max(0, 2 - min(levels)) if levels else 0


class _Converter(MarkdownConverter):
    def __init__(self, options: Options, notes: list[Note], resolve_link: Resolver, resolve_image):
        super().__init__(
            heading_style="atx",
            bullets="-",
            escape_asterisks=True,
            escape_underscores=True,
            keep_inline_images_in=["td", "th", "a", "p", "li", "span", "strong", "em", "b", "i"],
            code_language_callback=_code_language,
            strip_document="strip",
        )
        self.settings, self.notes = options, notes
        self.resolve_link, self.resolve_image = resolve_link, resolve_image or resolve_link
        self.heading_shift = 0

    def escape(self, text, parent_tags):
        """Text is text: entities for HTML, backslashes for Markdown's own punctuation."""
        if not text:
            return ""
        text = text.replace("\\", "\\\\").replace("&", "&amp;").replace("<", "&lt;")
        for char in "`*_[]":
            text = text.replace(char, "\\" + char)
        text = text.replace("|", "&#124;")  # a pipe would split a table cell
        return LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)

    def convert_hN(self, n, el, text, parent_tags):
        return super().convert_hN(min(6, n + self.heading_shift), el, text, parent_tags)

    def convert_a(self, el, text, parent_tags):
        href = (el.get("href") or "").strip()
        if not href:
            return text
        link = Link(href) if href.startswith("#") else self.resolve_link(href)
        if link.note:
            self.notes.append(link.note)
        target = _markdown_target(link.target)
        if target is None and link.target is not None:
            self.notes.append(
                Note("link-removed", f"link to {link.target[:200]}: not http(s), kept its text")
            )
        if target is None or "_noformat" in parent_tags:
            return text
        return f"[{text or self.escape(link.target or '', parent_tags)}](<{target}>)"

    def convert_img(self, el, text, parent_tags):
        src = (el.get("src") or "").strip()
        if not src:
            self.notes.append(Note("image-without-source", "an <img> without src was left out"))
            return ""
        link = self.resolve_image(src)
        if link.note:
            self.notes.append(link.note)
        alt = self.escape((el.get("alt") or "").strip(), parent_tags)
        if not alt:
            self.notes.append(
                Note("image-without-alt", f"image {src[:200]}: add alt text for screen readers")
            )
        target = _markdown_target(link.target)
        return f"![{alt}](<{target}>)" if target else alt

    def convert_pre(self, el, text, parent_tags):
        code = el.get_text()
        if not self.settings.fenced_code:
            return "\n\n" + "\n".join(f"    {line}" for line in code.strip("\n").splitlines()) + "\n\n"
        fence = "~~~~" if "```" in code else "```"
        language = _code_language(el) or ""
        return f"\n\n{fence}{language}\n{code.strip(chr(10))}\n{fence}\n\n"

    def convert_table(self, el, text, parent_tags):
        why = _complex_table(el) or ("" if self.settings.tables else "the project has no `tables` extension")
        if why:
            self.notes.append(Note("table-kept-as-html", f"a table was kept as HTML ({why}): check it"))
            return "\n\n" + self._kept(el) + "\n\n"
        return super().convert_table(el, text, parent_tags)

    def convert_iframe(self, el, text, parent_tags):
        self.notes.append(
            Note(
                "embedded",
                f"<{el.name}> {el.get('src', '')} kept as HTML: the site's Content-Security-Policy "
                "must allow it (frame-src/media-src), or replace it with a link",
            )
        )
        return "\n\n" + self._kept(el) + "\n\n"

    convert_video = convert_audio = convert_object = convert_embed = convert_iframe

    def convert_details(self, el, text, parent_tags):
        self.notes.append(Note("details-kept-as-html", "a <details> block was kept as HTML: check it"))
        return "\n\n" + self._kept(el) + "\n\n"

    def convert_div(self, el, text, parent_tags):
        kind = _callout(el)
        if kind is None:
            return super().convert_div(el, text, parent_tags)
        body = text.strip()
        self.notes.append(Note("callout", f"a callout became a '{kind}' box: check its look", INFO))
        if self.settings.admonitions:
            indented = "\n".join(f"    {line}" if line else "" for line in body.splitlines())
            return f'\n\n!!! {kind} ""\n\n{indented}\n\n'
        return "\n\n" + "\n".join(f"> {line}" if line else ">" for line in body.splitlines()) + "\n\n"

    def convert_p(self, el, text, parent_tags):
        if _callout(el) is not None:
            return self.convert_div(el, text, parent_tags)
        return super().convert_p(el, text, parent_tags)

    def convert_blockquote(self, el, text, parent_tags):
        if _callout(el) is not None:
            return self.convert_div(el, text, parent_tags)
        return super().convert_blockquote(el, text, parent_tags)

    convert_aside = convert_section = convert_div

    def _kept(self, el: Tag) -> str:
        return _sanitized(el, self.resolve_link, self.resolve_image)


def _code_language(el: Tag) -> str | None:
    for node in (el, el.find("code")):
        if isinstance(node, Tag):
            for name in node.get("class") or []:
                if match := LANGUAGE_CLASS.match(name.lower()):
                    return match.group(1)
    return None


def _callout(el: Tag) -> str | None:
    words = set(CLASS_WORD.findall(" ".join(el.get("class") or []).lower()))
    return next((kind for keys, kind in CALLOUT_TYPES if words & set(keys)), None)


def _complex_table(el: Tag) -> str:
    if el.find(["td", "th"], attrs={"rowspan": True}) or el.find(["td", "th"], attrs={"colspan": True}):
        return "merged cells"
    if el.find("table"):
        return "a table inside a table"
    for cell in el.find_all(["td", "th"]):
        if cell.find(["ul", "ol", "pre", "table", "blockquote", "h1", "h2", "h3", "h4"]):
            return "lists or blocks inside cells"
        if len(cell.find_all("p")) > 1 or cell.find("br"):
            return "several paragraphs in a cell"
    return ""


def _sanitized(el: Tag, resolve_link: Resolver, resolve_image: Resolver) -> str:
    """An allowlisted copy of `el`: tags and attributes not listed are dropped, text is escaped."""
    parts: list[str] = []
    _copy(el, parts, resolve_link, resolve_image)
    return "".join(parts).strip()


def _copy(node, parts: list[str], resolve_link: Resolver, resolve_image: Resolver) -> None:
    if isinstance(node, NavigableString):
        parts.append(html.escape(str(node), quote=False))
        return
    keep = node.name in KEPT_TAGS
    if keep:
        attributes = _attributes(node, resolve_link, resolve_image)
        parts.append(f"<{node.name}{attributes}>")
    for child in node.children:
        _copy(child, parts, resolve_link, resolve_image)
    if keep and node.name not in ("br", "img", "source", "col"):
        parts.append(f"</{node.name}>")


def _attributes(node: Tag, resolve_link: Resolver, resolve_image: Resolver) -> str:
    out = []
    for name, value in node.attrs.items():
        if name not in KEPT_ATTRIBUTES:
            continue
        value = " ".join(value) if isinstance(value, list) else str(value)
        if name in URL_ATTRIBUTES:
            value = (resolve_link if name == "href" else resolve_image)(value).target or ""
            if not _safe_url(value):
                continue
        out.append(f' {name}="{html.escape(value)}"')
    return "".join(out)


def _markdown_target(url: str | None) -> str | None:
    """A link target that cannot end the `(<…>)` around it: http(s), mailto or relative, with every
    character outside a URL's own punctuation percent-encoded (`<`, `>`, spaces, quotes, brackets)."""
    if not url or not _safe_url(url):
        return None
    return quote(url, safe=URL_SAFE)


def _safe_url(value: str) -> bool:
    scheme = urlsplit(value).scheme.lower()
    return bool(value) and scheme in ("", "http", "https", "mailto")


def _tidy(text: str) -> str:
    text = BLANK_LINE.sub("", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip() + "\n"


def _unique(notes: list[Note]) -> list[Note]:
    return list(dict.fromkeys(notes))
