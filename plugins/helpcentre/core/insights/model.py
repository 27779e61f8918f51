"""What the insights page shows, per language: built from the receiver's rows and the catalog.

Reader text (queries, comments) is kept as text — the template escapes it — with anything that looks
like an email address replaced: readers type their address into comment boxes and search fields, and
the page is for counting what is missing, not for reading who asked.
"""

from __future__ import annotations

import hashlib
import posixpath
import shlex
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from .. import translation_status as translations
from ..catalog import Catalog, Page
from ..errors import display_path
from ..feedback.report import wilson_lower_bound
from ..paths import slug
from .records import Records

WEEK = timedelta(days=7)  # the trend compares the last 7 days with the 7 before
SPARK_DAYS = 28  # days in each query's sparkline
TOP_GAPS, TOP_PAGES, COMMENTS, REASONS = 25, 20, 3, 3
SLUG_LENGTH = 60
REDACTED = "[…@…]"
AT_SIGNS = ("@", "\uff20", "\ufe6b")  # @, fullwidth ＠, small ﹫
TYPING, OPENED, DEFLECTED = "typing", "suggestion_opened", "left_without_sending"  # contact_events.event
BEHIND = (translations.OUTDATED, translations.MISSING, translations.UNTRACKED)
EditLink = Callable[[str], str]  # a file's path inside docs_dir → its edit URL, or ''


def edit_link(repo_url: str | None, edit_uri: str | None, edit_uri_template: str | None) -> EditLink:
    """MkDocs' "edit this page" link (mkdocs.structure.pages.Page._set_edit_url), for any file: '' when
    the site sets no edit_uri, or when the link would not be absolute (no repo_url to join it to)."""

    def link(src_uri: str) -> str:
        if edit_uri_template:
            uri = edit_uri_template.format(path=src_uri, path_noext=posixpath.splitext(src_uri)[0])
        elif edit_uri:
            uri = edit_uri + src_uri
        else:
            return ""
        base = repo_url or ""
        if base and not uri.startswith(("?", "#")) and not base.endswith("/"):
            base += "/"
        url = urljoin(base, uri)
        return url if urlsplit(url).scheme in ("http", "https") else ""

    return link


def redact(text: str) -> str:
    """Every whitespace-separated word with an at sign becomes REDACTED (linear, no pattern to
    backtrack): an address is never shown, whatever the reader wrapped it in."""
    words = text.split(" ")
    return " ".join(REDACTED if any(at in word for at in AT_SIGNS) else word for word in words)


@dataclass(frozen=True)
class Gap:
    """A question readers searched for and the help centre did not answer (case and spacing ignored)."""

    query: str
    none: int  # searches that found nothing
    weak: int  # searches whose results held no confident answer
    last_seen: datetime
    this_week: int
    last_week: int
    per_day: tuple[int, ...]  # SPARK_DAYS counts, oldest first, the last one today
    command: str  # the `helpcentre new` command that starts the missing article

    @property
    def asked(self) -> int:
        return self.none + self.weak

    @property
    def trend(self) -> str:
        if self.this_week and not self.last_week:
            return "new"
        if self.this_week == self.last_week:
            return "flat"
        return "up" if self.this_week > self.last_week else "down"


@dataclass(frozen=True)
class Comment:
    when: datetime
    text: str


@dataclass(frozen=True)
class PageRow:
    url: str  # site-relative, as readers voted on it
    title: str  # '' when the page is no longer in the site
    source: str  # the file, as the writer knows it (e.g. docs/fi/billing/refunds.md); '' when gone
    edit_url: str  # from repo_url and edit_uri; '' when they are not set
    votes: int
    helpful: int
    reasons: tuple[tuple[str, int], ...]  # most given first
    comments: tuple[Comment, ...]  # newest first

    @property
    def lower_bound(self) -> float:
        """Wilson lower bound of the helpful share at 95 %: few votes do not top or bottom the list."""
        return max(0.0, wilson_lower_bound(self.helpful, self.votes))  # no -0.00 from rounding error

    @property
    def helpful_share(self) -> float:
        return self.helpful / self.votes if self.votes else 0.0


@dataclass(frozen=True)
class Topic:
    key: str  # the category folder the customer chose, '' for none
    title: str  # the category's title in the language, else the key
    requests: int


@dataclass(frozen=True)
class Contact:
    requests: int
    topics: tuple[Topic, ...]  # most requests first
    typing: int  # contact page visits in which the customer started typing
    opened: int  # suggestions opened
    deflected: int  # visits that opened a suggestion and left without sending

    @property
    def rate(self) -> float | None:
        return self.deflected / self.typing if self.typing else None


@dataclass(frozen=True)
class TranslationGap:
    path: str  # inside the language folder, e.g. billing/refunds.md
    state: str  # translation_status.OUTDATED, MISSING or UNTRACKED
    source: str  # the file to edit (the translation, or the original when it is missing)
    edit_url: str
    command: str  # `helpcentre translate …` for a missing one, `helpcentre translations ack …` otherwise


@dataclass(frozen=True)
class Translations:
    counts: tuple[tuple[str, int], ...]  # state → pages, in translation_status order
    pages: int
    behind: tuple[TranslationGap, ...]

    @property
    def up_to_date_share(self) -> float:
        done = dict(self.counts).get(translations.UP_TO_DATE, 0)
        return done / self.pages if self.pages else 0.0


@dataclass(frozen=True)
class LanguageInsights:
    lang: str
    gaps: tuple[Gap, ...]  # most asked first
    pages: tuple[PageRow, ...]  # least helpful first
    contact: Contact | None  # None: the receiver records no contact requests (yet)
    translations: Translations | None  # None for the default language


@dataclass(frozen=True)
class Insights:
    connected: bool  # False: no database set; the page says how to connect one
    generated: datetime
    languages: tuple[LanguageInsights, ...] = field(default=())


@dataclass(frozen=True)
class Project:
    """Where the site's files are, to name and link each page's source."""

    catalog: Catalog
    docs_dir: Path
    root: Path | None  # paths are shown relative to it
    edit_link: EditLink


def build(records: Records | None, project: Project, now: datetime) -> Insights:
    """Without records (no database set) only the translation status, which needs none."""
    status = translations.status(project.catalog)  # once: it hashes every page
    languages = tuple(
        _language(records, project, lang, now, status)
        if records is not None
        else LanguageInsights(lang, (), (), None, _translations(project, lang, status))
        for lang in project.catalog.languages
    )
    return Insights(records is not None, now, languages)


def _language(
    records: Records, project: Project, lang: str, now: datetime, status: list[translations.Row]
) -> LanguageInsights:
    return LanguageInsights(
        lang,
        _gaps([m for m in records.misses if m["lang"] == lang], lang, now),
        _pages([v for v in records.votes if v["lang"] == lang], project, lang),
        _contact(records, project.catalog, lang),
        _translations(project, lang, status),
    )


def _gaps(misses: list[dict], lang: str, now: datetime) -> tuple[Gap, ...]:
    by_query: dict[str, list[dict]] = {}
    for miss in misses:
        by_query.setdefault(redact(" ".join(miss["query"].casefold().split())), []).append(miss)
    gaps = [_gap(query, rows, lang, now) for query, rows in by_query.items() if query]
    gaps.sort(key=lambda g: (-g.asked, -g.none, -g.last_seen.timestamp(), g.query))
    return tuple(gaps[:TOP_GAPS])


def _gap(query: str, rows: list[dict], lang: str, now: datetime) -> Gap:
    ages = [now - row["created_at"] for row in rows]
    today = now.date()
    days = Counter((today - row["created_at"].date()).days for row in rows)
    weak = sum(row["kind"] == "weak" for row in rows)
    return Gap(
        query,
        len(rows) - weak,
        weak,
        max(row["created_at"] for row in rows),
        sum(timedelta(0) <= age < WEEK for age in ages),
        sum(WEEK <= age < 2 * WEEK for age in ages),
        tuple(days[ago] for ago in range(SPARK_DAYS - 1, -1, -1)),
        new_article_command(query, lang),
    )


def new_article_command(query: str, lang: str) -> str:
    """`helpcentre new article --lang fi --title '…' --slug …`: the title is the query as readers
    asked it (capitalised), quoted for a POSIX shell so that it can be pasted as it is."""
    title = query[:1].upper() + query[1:]
    name = slug(query)[:SLUG_LENGTH].rstrip("-")
    if not name:  # no Latin letters or digits ('Кредит', '？'): a stable name the writer can change
        name = "article-" + hashlib.sha256(query.encode()).hexdigest()[:8]
    return shlex.join(["helpcentre", "new", "article", "--lang", lang, "--title", title, "--slug", name])


def _pages(votes: list[dict], project: Project, lang: str) -> tuple[PageRow, ...]:
    by_page: dict[str, list[dict]] = {}
    for vote in sorted(votes, key=lambda v: v["created_at"], reverse=True):
        by_page.setdefault(vote["page"], []).append(vote)
    paths = {project.catalog.url(lang, path): path for path in project.catalog.paths(lang)}
    rows = [_page_row(url, rows, project, lang, paths.get(url)) for url, rows in by_page.items()]
    rows.sort(key=lambda r: (r.lower_bound, -r.votes, r.url))
    return tuple(rows[:TOP_PAGES])


def _page_row(url: str, votes: list[dict], project: Project, lang: str, path: str | None) -> PageRow:
    page = project.catalog.resolve(lang, path) if path else None
    reasons = Counter(v["reason"] for v in votes if v["reason"] and not v["helpful"])
    comments = [Comment(v["created_at"], redact(v["comment"])) for v in votes if (v["comment"] or "").strip()]
    source, edit = _source(page, project) if page else ("", "")
    return PageRow(
        url,
        page.meta.title if page else "",
        source,
        edit,
        len(votes),
        sum(bool(v["helpful"]) for v in votes),
        tuple(reasons.most_common(REASONS)),
        tuple(comments[:COMMENTS]),
    )


def _source(page: Page, project: Project) -> tuple[str, str]:
    """How the writer knows the page's file, and its edit link."""
    try:
        inside_docs = page.source.resolve().relative_to(project.docs_dir.resolve()).as_posix()
    except ValueError:  # a file reached through a symbolic link out of docs_dir: no edit link
        inside_docs = ""
    return display_path(page.source, project.root), project.edit_link(inside_docs) if inside_docs else ""


def _contact(records: Records, catalog: Catalog, lang: str) -> Contact | None:
    if records.contact_requests is None and records.contact_events is None:
        return None
    requests = [r for r in records.contact_requests or () if r["lang"] == lang]
    events: Counter[str] = Counter()
    for row in records.contact_events or ():
        if row["lang"] == lang:
            events[row["event"]] += int(row["count"])
    topics = Counter((r["topic"] or "") for r in requests)
    return Contact(
        len(requests),
        tuple(
            Topic(topic, _category_title(catalog, lang, topic), n)
            for topic, n in sorted(topics.items(), key=lambda item: (-item[1], item[0]))
        ),
        events[TYPING],
        events[OPENED],
        events[DEFLECTED],
    )


def _category_title(catalog: Catalog, lang: str, topic: str) -> str:
    """A topic is a category folder: its title in the language, else the folder as it was sent."""
    index = catalog.resolve(lang, f"{topic}/index.md") if topic else None
    return index.meta.title if index else topic


def _translations(project: Project, lang: str, rows: list[translations.Row]) -> Translations | None:
    if lang == project.catalog.default:
        return None
    states = [row.states[lang] for row in rows]
    counts = Counter(states)
    behind = [_translation_gap(project, lang, row.path, row.states[lang]) for row in rows]
    return Translations(
        tuple((state, counts[state]) for state in (translations.UP_TO_DATE, *BEHIND)),
        len(rows),
        tuple(_ordered(gap for gap in behind if gap.state in BEHIND)),
    )


def _ordered(gaps: Iterable[TranslationGap]) -> list[TranslationGap]:
    return sorted(gaps, key=lambda g: (BEHIND.index(g.state), g.path))


def _translation_gap(project: Project, lang: str, path: str, state: str) -> TranslationGap:
    catalog = project.catalog
    page = (
        catalog.source(lang, path) if state != translations.MISSING else catalog.source(catalog.default, path)
    )
    source, edit = _source(page, project) if page else ("", "")
    if state == translations.MISSING:
        command = shlex.join(["helpcentre", "translate", source, "--to", lang])
    else:
        command = shlex.join(["helpcentre", "translations", "ack", source])
    return TranslationGap(path, state, source, edit, command)
