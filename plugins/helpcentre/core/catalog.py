"""The content model: every page of every language, its translations, categories and URLs."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath

from . import (
    agent_templates,
    faq,
    frontmatter,
    gitdates,
    kinds,
    links,
    markdown_lines,
    sources,
    translation_status,
    unfinished,
)
from .errors import ContentError, Problem, display_path
from .kinds import Kind
from .page_cache import Entry, PageCache, memoized, stamp
from .paths import is_internal_path, is_page_file, page_key, split_language
from .search.analysis import fold, words

WORDS_PER_MINUTE = 200
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def title_key(title: str) -> str:
    """Sort key for titles: case and accents ignored, so 'Įgūdžiai' sorts among the I's."""
    return fold(title)


def page_title_key(page: Page) -> str:
    return memoized(page, "title key", lambda: title_key(page.meta.title))


def listing_key(page: Page) -> tuple:
    """Order in listings and navigation: explicit `order` first, then by title."""
    order = page.meta.order
    return (order is None, order or 0, page_title_key(page))


@dataclass
class Page:
    lang: str  # the language folder the file is in
    path: str  # relative to the language folder, posix, e.g. "billing/refunds.md"
    source: Path
    meta: frontmatter.FrontMatter
    body: str
    body_line: int
    updated: datetime
    key_lines: dict[str, int] = field(default_factory=dict)  # front matter key → line
    # Its front matter has errors: `meta` holds what could be read, so its body is checked in the same
    # run, but checks of its title or description would only repeat those errors.
    salvaged: bool = False
    blanks: agent_templates.Blanks | None = None  # templates: declared and inferred blanks, channel
    # What checks work out from the page (link targets, words…), kept while the page is (page_cache.py).
    memo: dict = field(default_factory=dict, repr=False, compare=False)

    kind: Kind = field(init=False)
    category: str | None = field(init=False)  # the top folder, None for the home page
    internal: bool = field(init=False)

    def __post_init__(self):
        parts = self.path.split("/")
        self.kind = kinds.of(self.path, self.meta.type)
        self.category = parts[0] if len(parts) > 1 else None
        # Templates are agents' tools wherever they are filed.
        self.internal = (
            is_internal_path(self.path) or self.meta.audience == "internal" or self.kind == Kind.TEMPLATE
        )

    @property
    def reading_minutes(self) -> int:
        return max(1, round(len(words(self.body)) / WORDS_PER_MINUTE))


@dataclass
class Category:
    path: str  # the folder, e.g. "billing"
    index: Page  # its index.md in the reader's language, or the default language's
    articles: list[Page]
    position: dict[str, int] = field(init=False, repr=False)  # article path → index, for the sidebar

    def __post_init__(self) -> None:
        self.position = {article.path: i for i, article in enumerate(self.articles)}


@dataclass
class Catalog:
    languages: list[str]
    default: str
    use_directory_urls: bool = True
    include_internal: bool = False  # the agents' build: internal pages are part of the site
    include_drafts: bool = False  # `mkdocs serve`: drafts are shown (with a banner); never in a build
    pages: dict[tuple[str, str], Page] = field(default_factory=dict)
    _categories: dict[str, list[Category]] = field(default_factory=dict, repr=False)

    def get(self, lang: str, path: str) -> Page | None:
        """The page of `lang` at `path` if this build shows it. In the public build an internal
        translation of a public page is missing: readers get the default language's page."""
        page = self.pages.get((lang, path))
        return page if page is not None and self.visible(page) else None

    def source(self, lang: str, path: str) -> Page | None:
        """The file at `path` in `lang`'s folder, shown or not (checks and translation status)."""
        return self.pages.get((lang, path))

    def resolve(self, lang: str, path: str) -> Page | None:
        """The page a reader of `lang` gets at `path`: the translation, else the default language's."""
        return self.get(lang, path) or self.get(self.default, path)

    def translations(self, path: str) -> dict[str, Page]:
        """Real translations only, in the configured language order."""
        return {lang: page for lang in self.languages if (page := self.get(lang, path))}

    def url(self, lang: str, path: str) -> str:
        """Site-relative URL of `path` in `lang`'s part of the site (e.g. 'et/billing/refunds/')."""
        prefix = "" if lang == self.default else f"{lang}/"
        stem = path[:-3]  # without ".md"
        if stem == "index" or stem.endswith("/index"):
            folder = stem[:-5]
            return prefix + (folder if self.use_directory_urls else f"{folder}index.html")
        return prefix + (f"{stem}/" if self.use_directory_urls else f"{stem}.html")

    def visible(self, page: Page) -> bool:
        """Whether this build shows the page: internal pages only in the agents' build, drafts only in
        the preview."""
        return (self.include_internal or not page.internal) and (self.include_drafts or not page.meta.draft)

    def hides(self, src_uri: str) -> bool:
        """Whether the public build leaves out this file of docs_dir ('fi/internal/a.svg'): anything
        in an internal folder (of a language or of docs_dir itself), whatever its type, and every
        internal page, whatever its Markdown suffix. No build has drafts."""
        if not self.include_internal and any(is_internal_path(part) for part in src_uri.split("/")[:2]):
            return True
        lang, rest = split_language(src_uri, self.languages)
        page = self.pages.get((lang, page_key(rest))) if lang and is_page_file(rest) else None
        return page is not None and not self.visible(page)

    def paths(self, lang: str) -> list[str]:
        """Every path a build of `lang` renders: its own pages plus default-language fallbacks."""
        found = {
            p for (code, p), page in self.pages.items() if code in (lang, self.default) and self.visible(page)
        }
        return sorted(found)

    def categories(self, lang: str) -> list[Category]:
        """Public categories of `lang` in order, with their articles; computed once per language."""
        if lang not in self._categories:
            self._categories[lang] = self._collect_categories(lang)
        return self._categories[lang]

    def _collect_categories(self, lang: str) -> list[Category]:
        by_folder: dict[str, list[Page]] = {}
        for path in self.paths(lang):
            page = self.resolve(lang, path)
            if page.category and page.kind.is_listed:
                by_folder.setdefault(page.category, []).append(page)
        result = []
        for folder, articles in by_folder.items():
            index = self.resolve(lang, f"{folder}/index.md")
            if index is None or not self.visible(index):
                continue
            articles.sort(key=listing_key)
            result.append(Category(folder, index, articles))
        result.sort(key=lambda c: listing_key(c.index))
        return result

    def featured(self, lang: str) -> list[Page]:
        pages = [self.resolve(lang, p) for p in self.paths(lang)]
        return [p for p in pages if p.meta.featured and p.kind.is_for_readers and not p.internal]


def load(
    docs_dir: Path,
    languages: list[str],
    default: str,
    *,
    use_directory_urls: bool = True,
    root: Path | None = None,
    include_internal: bool = False,
    include_drafts: bool = False,
    progress: Callable[[list[Path]], Iterable[Path]] = iter,
    template_dirs: Iterable[Path] = (),
    cache: PageCache | None = None,
) -> tuple[Catalog, list[Problem]]:
    """Read and validate every page; raise ContentError if any error is found.

    `template_dirs` are the theme's folders, where a page's `template:` must be (not checked if empty).
    `cache` keeps the pages read, for the next load to reuse those whose file has not changed.
    Returns the catalog and the warnings.
    """
    catalog = Catalog(list(languages), default, use_directory_urls, include_internal, include_drafts)
    usages: dict[str, dict[str, tuple[str, agent_templates.Usage]]] = {}  # template path → lang → usage
    commits = _CommitTimes(docs_dir)
    template_dirs = tuple(dict.fromkeys(template_dirs))  # static-i18n adds its folder once per language
    cache = cache if cache is not None else PageCache()
    cache.use_for((docs_dir, root, template_dirs))
    sources_found, problems = sources.find_pages(docs_dir, languages, default, root)
    for lang, source in progress(sources_found):
        entry = cache.reuse(source)
        if entry is None:
            entry, unreadable = _read_page(lang, source, docs_dir, root, commits, template_dirs)
            problems += unreadable
            if entry is None:
                continue  # not even the text can be told from the front matter
            cache.store(source, entry)
        page = entry.page
        if (lang, page.path) in catalog.pages:
            problems.append(_same_page_twice(page, catalog.pages[(lang, page.path)], root))
            continue
        problems += entry.problems
        if entry.usage is not None:
            usages.setdefault(page.path, {})[lang] = entry.usage
        catalog.pages[(lang, page.path)] = page
    cache.keep_only({source for _lang, source in sources_found})
    problems += _slug_problems(catalog, root)
    found, linked = links.link_problems(catalog.pages.values(), default, root)
    problems += found + links.orphan_problems(catalog.pages.values(), _listed(catalog), linked, root)
    problems += _duplicate_titles(catalog, root) + translation_status.outdated_problems(catalog, root)
    problems += _draft_category_problems(catalog, root)
    problems += unfinished.untranslated_problems(catalog, root)
    for by_lang in usages.values():
        problems += agent_templates.translation_problems(by_lang, default)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise ContentError(problems, catalog)
    return catalog, sorted(problems)


def _read_page(
    lang: str,
    source: Path,
    docs_dir: Path,
    root: Path | None,
    commits: _CommitTimes,
    template_dirs: Iterable[Path],
) -> tuple[Entry | None, list[Problem]]:
    """The page in a file and its own problems; None (and why) when it cannot be read."""
    shown = display_path(source, root)
    before = stamp(source)  # before reading: a file changed meanwhile is read again next time
    try:
        raw = source.read_bytes()
    except OSError as exc:
        why = f"the file cannot be read ({exc.strerror})"
        return None, [Problem(shown, 1, why, "check its permissions", code="HC205")]
    parsed = frontmatter.parse(raw, shown)
    meta = parsed.meta or parsed.salvaged
    if meta is None or before is None:
        return None, parsed.problems
    page = Page(
        lang,
        page_key(source.relative_to(docs_dir / lang).as_posix()),
        source,
        meta,
        parsed.body,
        parsed.body_line,
        gitdates.modified_time(source, commits.get()),
        parsed.key_lines,
        salvaged=parsed.meta is None,
    )
    problems = parsed.problems + _page_problems(page, shown) + _template_problems(page, shown, template_dirs)
    problems += markdown_lines.long_line_problems(page.body, page.body_line, shown)
    problems += unfinished.skeleton_problems(page, shown)
    usage = None
    if page.kind == Kind.TEMPLATE and page.body.strip() and "placeholders" not in parsed.dropped:
        found, template_usage, page.blanks = agent_templates.check_source(
            page.meta, page.body, page.body_line, page.key_lines, shown
        )
        problems += found
        usage = (shown, template_usage)
    return Entry(before, page, problems, usage), []


class _CommitTimes:
    """The last commit time of every file, asked of git only when a file has to be read."""

    def __init__(self, docs_dir: Path) -> None:
        self.docs_dir = docs_dir
        self.times: dict[Path, datetime] | None = None

    def get(self) -> dict[Path, datetime]:
        if self.times is None:
            self.times = gitdates.last_commit_times(self.docs_dir) if self.docs_dir.is_dir() else {}
        return self.times


def _same_page_twice(page: Page, first: Page, root: Path | None) -> Problem:
    return Problem(
        display_path(page.source, root),
        1,
        f"this file and {display_path(first.source, root)} are the same page under two Markdown "
        f"suffixes: MkDocs would publish both at /{page.path[:-3]}/",
        "delete or rename one of them",
        code="HC203",
    )


def _page_problems(page: Page, shown: str) -> list[Problem]:
    problems = []
    if page.kind.has_body and not page.body.strip():
        problems.append(
            Problem(
                shown,
                page.body_line,
                "the page has no text below the front matter",
                "write the article below the closing '---', or delete the file",
                code="HC201",
            )
        )
    elif page.kind.is_for_readers:
        problems += faq.check_source(page.body, page.body_line, page.kind, shown)
    slug = PurePosixPath(page.path).stem
    if not page.kind.is_index and not SLUG.match(slug):
        problems.append(
            Problem(
                shown,
                1,
                f"the file name '{slug}' is not a clean URL slug",
                "rename the file to lowercase words joined by hyphens, e.g. 'reset-password.md'",
                severity="warning",
                code="HC202",
            )
        )
    return problems


def _listed(catalog: Catalog) -> set[tuple[str, str]]:
    """Pages a category page lists: those in a folder with an index.md (theirs or the default's)."""
    return {
        key
        for key, page in catalog.pages.items()
        if page.category
        and (
            catalog.source(page.lang, f"{page.category}/index.md")
            or catalog.source(catalog.default, f"{page.category}/index.md")
        )
    }


def _draft_category_problems(catalog: Catalog, root: Path | None) -> list[Problem]:
    """A finished page in a category whose category page is still a draft: no build lists it."""
    problems = []
    for (lang, _path), page in sorted(catalog.pages.items()):
        if page.meta.draft or not page.category or not page.kind.is_listed:
            continue
        index = f"{page.category}/index.md"
        indexes = [i for i in (catalog.source(lang, index), catalog.source(catalog.default, index)) if i]
        if indexes and all(i.meta.draft for i in indexes):
            problems.append(
                Problem(
                    display_path(page.source, root),
                    1,
                    f"its category page {display_path(indexes[0].source, root)} is a draft: "
                    "the built site lists this page nowhere",
                    "finish the category page and remove its 'draft: true' (or mark this page a draft too)",
                    severity="warning",
                    code="HC803",
                )
            )
    return problems


def _duplicate_titles(catalog: Catalog, root: Path | None) -> list[Problem]:
    """Two pages with one title in one language look the same in search results and listings."""
    seen: dict[tuple[str, str], Page] = {}
    problems = []
    for (lang, _path), page in sorted(catalog.pages.items()):
        if page.kind == Kind.HOME or page.salvaged:
            continue
        key = (lang, page_title_key(page))
        if key in seen:
            problems.append(
                Problem(
                    display_path(page.source, root),
                    page.key_lines.get("title", 1),
                    f"the title '{page.meta.title}' is also used by {display_path(seen[key].source, root)}",
                    "give each page its own title",
                    severity="warning",
                    code="HC204",
                )
            )
        seen.setdefault(key, page)
    return problems


def _template_problems(page: Page, shown: str, template_dirs: Iterable[Path]) -> list[Problem]:
    name = page.meta.template
    dirs = list(template_dirs)
    if not name or not dirs or any((Path(folder) / name).is_file() for folder in dirs):
        return []
    return [
        Problem(
            shown,
            page.key_lines.get("template", 1),
            f"template '{name}' is not in the theme",
            "use a template of the theme (e.g. main.html) or add the file to the theme's custom_dir",
            code="HC123",
        )
    ]


def _slug_problems(catalog: Catalog, root: Path | None) -> list[Problem]:
    """Two files that would be published at the same URL (case-insensitive, as on most disks), in one
    language or across languages (`docs/en/fi.md` and `docs/fi/index.md` are both at /fi/)."""
    seen: dict[str, Page] = {}
    problems = []
    # Other languages first: a default-language file at another language's URL is the one to rename.
    for (lang, path), page in sorted(
        catalog.pages.items(), key=lambda kv: (kv[0][0] == catalog.default, kv[0])
    ):
        key = catalog.url(lang, path).casefold()
        if key in seen:
            first = display_path(seen[key].source, root)
            problems.append(
                Problem(
                    display_path(page.source, root),
                    1,
                    f"duplicate slug: this page and {first} are both published at /{catalog.url(lang, path)}",
                    "rename one of the two files",
                    code="HC203",
                )
            )
        else:
            seen[key] = page
    return problems
