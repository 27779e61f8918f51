"""A Zendesk Guide export as our pages (handbook: migrating from Zendesk, which has the field table).

- Zendesk category → our category: `docs/<lang>/<category>/index.md` (title, description, `order`);
- Zendesk section → no folder of its own (our categories are one folder deep): its articles join the
  category, ordered section by section (`order` = rank by section position, then article position);
- article → `docs/<lang>/<category>/<slug>.md`, the slug from the default language's title; restricted
  articles (a user segment) → `docs/<lang>/internal/<slug>.md` with `audience: internal`;
- each translation at the same path in its language; the default language's page is the original, a
  translation records its `source_hash`, and one Zendesk marks outdated records a hash that cannot match.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urljoin, urlsplit

from ..translation_status import source_hash
from ..unfinished import COPY_SHARE, copied_share, page_words
from . import content
from .content import PlannedPage
from .convert import Link, Options, to_markdown
from .report import INFO, Note
from .zendesk import ATTACHMENTS, Export, Item, Translation

HC_LINK = re.compile(r"/hc/(?:([a-z]{2,3}(?:-[a-z0-9]{2,8})?)/)?(articles|sections|categories)/(\d+)")
ATTACHMENT = re.compile(r"/hc/article_attachments/|/attachments/token/")
OUTDATED_HASH = "outdated-in-zendesk"  # never equal to a real hash: the translation shows as outdated
INTERNAL = "internal"
UNSORTED = "imported"  # the folder of articles whose section or category is not in the export


@dataclass
class Plan:
    pages: list[PlannedPage] = field(default_factory=list)
    notes: dict[str, list[Note]] = field(default_factory=dict)  # report item → notes
    titles: dict[str, tuple[str, str]] = field(default_factory=dict)  # report item → title, old URL
    languages: dict[str, str] = field(default_factory=dict)  # Zendesk locale → language folder


@dataclass
class _Target:
    """Where one Zendesk item lands: the same path in every language."""

    item: Item
    path: str
    internal: bool = False
    draft: bool = False
    order: int | None = None


def language(locale: str, locale_map: dict[str, str]) -> str:
    """'en-us' → 'en' unless the map says otherwise; a bare 'et' stays 'et'."""
    return locale_map.get(locale) or locale.split("-", 1)[0]


def plan(
    export: Export,
    default: str,
    locale_map: dict[str, str],
    options: Options,
    docs_name: str = "docs",
    previous: dict[str, str] | None = None,
) -> Plan:
    """`previous`: report item → the path (inside a language folder) an earlier import gave it, kept so
    that a title edited in Zendesk does not move the page (and leave the old file behind)."""
    result = Plan(languages={loc: language(loc, locale_map) for loc in sorted(export.locales())})
    folders = _category_folders(export, default, result, previous or {})
    targets = _article_targets(export, default, folders, result, previous or {})
    mapper = _Mapper(export, default, result, targets, folders, options, docs_name)
    for category_id, folder in folders.items():
        mapper.category(export.categories[category_id], folder)
    for target in targets.values():
        mapper.article(target)
    return result


def _category_folders(export: Export, default: str, result: Plan, previous: dict[str, str]) -> dict[int, str]:
    folders: dict[int, str] = {}
    used = {INTERNAL, UNSORTED}
    for item in sorted(export.categories.values(), key=lambda c: (c.position, c.id)):
        title = _original(item, default, result).title
        before = previous.get(_key(item), "").split("/")[0]
        name = before if before and before not in used else content.slug(title, f"category-{item.id}")
        folder = _unique(name, used, item.id)
        folders[item.id] = folder
    return folders


def _article_targets(
    export: Export, default: str, folders: dict[int, str], result: Plan, previous: dict[str, str]
) -> dict[int, _Target]:
    targets: dict[int, _Target] = {}
    used: dict[str, set[str]] = {}
    ranked = sorted(export.articles.values(), key=lambda a: _article_rank(export, a))
    for rank, article in enumerate(ranked, start=1):
        key = _key(article)
        internal = _restricted(article.raw)
        folder = INTERNAL if internal else _folder_of(export, article, folders, result)
        before_folder, _, before = previous.get(key, "").rpartition("/")
        name = content.slug(_original(article, default, result).title, f"article-{article.id}")
        if before_folder == folder and before.endswith(".md") and before[:-3] not in used.get(folder, ()):
            name = before[:-3]  # imported before: the page stays where it is
        name = _unique(name, used.setdefault(folder, set()), article.id)
        targets[article.id] = _Target(
            article, f"{folder}/{name}.md", internal, article.raw.get("draft") is True
        )
        targets[article.id].order = rank
        if internal:
            why = "restricted to a user segment in Zendesk: imported as internal (agents' build only)"
            result.notes.setdefault(key, []).append(Note("internal", why, INFO))
    return targets


def _article_rank(export: Export, article: Item) -> tuple:
    section = export.sections.get(article.parent("section_id") or -1)
    top = _top_section(export, section) if section else None
    return (top.position if top else 0, top.id if top else 0, article.position, article.id)


def _top_section(export: Export, section: Item) -> Item:
    """Nested sections (Guide Enterprise) join their top section; a loop in the data stops at 50."""
    for _ in range(50):
        parent = export.sections.get(section.parent("parent_section_id") or -1)
        if parent is None:
            break
        section = parent
    return section


def _folder_of(export: Export, article: Item, folders: dict[int, str], result: Plan) -> str:
    section = export.sections.get(article.parent("section_id") or -1)
    category = section.parent("category_id") if section else None
    if category in folders:
        return folders[category]
    why = f"its section or category is not in the export: filed under {UNSORTED}/ — move it"
    result.notes.setdefault(_key(article), []).append(Note("no-category", why))
    return UNSORTED


def _restricted(raw: dict) -> bool:
    """Visible to everyone in Zendesk means no user segment; anything else is not for the public."""
    return raw.get("user_segment_id") is not None or bool(raw.get("user_segment_ids"))


def _original(item: Item, default: str, result: Plan) -> Translation:
    """The default language's translation, else the item's source locale's, else any."""
    by_lang = {result.languages.get(loc, loc): t for loc, t in item.translations.items()}
    return (
        by_lang.get(default)
        or item.translations.get(item.source_locale)
        or next(iter(item.translations.values()), Translation(item.source_locale, f"{item.id}", ""))
    )


def _key(item: Item) -> str:
    return f"{item.kind[:-1] if item.kind != 'categories' else 'category'} {item.id}"


def _unique(name: str, used: set[str], item_id: int) -> str:
    chosen = name if name not in used else f"{name}-{item_id}"
    used.add(chosen)
    return chosen


class _Mapper:
    """Writes the planned pages of categories and articles into `result`; links resolve through it."""

    def __init__(self, export, default, result, targets, folders, options, docs_name):
        self.export, self.default, self.result = export, default, result
        self.targets: dict[int, _Target] = targets
        self.folders: dict[int, str] = folders
        self.options: Options = options
        self.docs_name = docs_name  # in the report's commands: `helpcentre translations ack docs/…`
        self.section_folder = {
            s.id: folders.get(s.parent("category_id") or -1, UNSORTED) for s in export.sections.values()
        }

    def category(self, item: Item, folder: str) -> None:
        key = _key(item)
        original = _original(item, self.default, self.result)
        self.result.titles[key] = (original.title, original.html_url)
        rank = list(self.folders).index(item.id) + 1  # folders are in Zendesk's category order
        source = None
        for translation in self._default_first(item):
            lang = self.result.languages[translation.locale]
            title = content.clean_title(translation.title)
            text = content.clean_title(translation.body) if translation.body.strip() else title
            description, _ = content.description(text)
            meta = {"title": title, "description": description, "order": rank}
            page = PlannedPage(lang, f"{folder}/index.md", meta, text + "\n", key)
            if lang == self.default:
                source = page
            elif source is not None and _copied(source, page):
                why = f"the {translation.locale} name is the {self.default} one: not written (readers get it)"
                self.result.notes.setdefault(key, []).append(Note("untranslated", why, INFO))
                continue
            elif source is not None:
                page.meta["source_hash"] = (
                    OUTDATED_HASH if translation.outdated else source_hash(_as_page(source))
                )
            self.result.pages.append(page)
        sections = [s for s in self.export.sections.values() if self.section_folder[s.id] == folder]
        if len(sections) > 1:
            names = ", ".join(f"'{_original(s, self.default, self.result).title}'" for s in sections)
            why = f"its sections {names} are one category here, their articles in section order"
            self.result.notes.setdefault(key, []).append(Note("sections-merged", why, INFO))

    def article(self, target: _Target) -> None:
        item, key = target.item, _key(target.item)
        original = _original(item, self.default, self.result)
        self.result.titles[key] = (original.title, original.html_url or str(item.raw.get("html_url") or ""))
        default_page = None
        ordered = self._default_first(item)
        if self.result.languages[ordered[0].locale] != self.default:
            why = (
                f"no {self.default} version: the {ordered[0].locale} text is the original, "
                "and other languages have no page to fall back to"
            )
            self.result.notes.setdefault(key, []).append(Note("no-default-language", why))
        for translation in ordered:
            lang = self.result.languages[translation.locale]
            page = self._page(target, translation, lang)
            if lang == self.default:
                default_page = page
            elif default_page is not None:
                page.meta["source_hash"] = (
                    OUTDATED_HASH if translation.outdated else source_hash(_as_page(default_page))
                )
                if translation.outdated:
                    why = (
                        f"Zendesk marks the {translation.locale} translation outdated: update it, then "
                        f"`helpcentre translations ack {self.docs_name}/{lang}/{target.path}`"
                    )
                    page.notes.append(Note("outdated", why))
                if _copied(default_page, page) and not page.meta["draft"]:
                    page.meta["draft"] = True
                    why = (
                        f"the {translation.locale} text is mostly the {self.default} one: imported as a draft"
                    )
                    page.notes.append(
                        Note("untranslated", f"{why} (translate it, then remove 'draft: true')")
                    )
            self.result.pages.append(page)

    def _default_first(self, item: Item) -> list[Translation]:
        return sorted(
            item.translations.values(), key=lambda t: self.result.languages[t.locale] != self.default
        )

    def _page(self, target: _Target, translation: Translation, lang: str) -> PlannedPage:
        item, key = target.item, _key(target.item)
        base = translation.html_url or str(item.raw.get("html_url") or "")
        options = Options(self.options.tables, self.options.admonitions, self.options.fenced_code, base)
        draft = target.draft or translation.draft
        copies: dict[str, Path] = {}  # the saved files this page uses, copied beside it
        converted = to_markdown(
            translation.body,
            options,
            lambda href: (
                self._saved(href, base, target, copies) or self._link(href, base, lang, target, draft)
            ),
            lambda src: self._saved(src, base, target, copies) or self._image(src, base),
        )
        description, note = content.description(converted.text)
        labels, tag_notes = content.tags(item.raw.get("label_names") or [])
        meta = {
            "title": content.clean_title(translation.title),
            "description": description or content.clean_title(translation.title)[:160],
            "tags": labels,
            "featured": item.raw.get("promoted") is True,
            "order": target.order,
            "audience": INTERNAL if target.internal else None,
            "draft": draft,
        }
        body = converted.markdown if converted.markdown.strip() else "This article has no text yet.\n"
        notes = [n for n in (note,) if n] + tag_notes + converted.notes
        page = PlannedPage(lang, target.path, meta, body, key, [_in(lang, n) for n in notes], copies)
        if copies:
            why = f"{len(copies)} image(s) or attachment(s) saved by --fetch copied beside the page"
            page.notes.append(_in(lang, Note("files-copied", why, INFO)))
        return page

    def _saved(self, url: str, base: str, target: _Target, copies: dict[str, Path]) -> Link | None:
        """A file `--fetch` saved for this article: a link to its copy beside the page, else None."""
        saved = self.export.attachments.get(target.item.id, {})
        source = saved.get(url) or saved.get(urljoin(base, url) if base else url)
        if source is None:
            return None
        root = (self.export.folder / ATTACHMENTS).resolve()
        name = "-".join(source.relative_to(root).parts)  # 9001/diagram.png → 9001-diagram.png
        copies[posixpath.join(posixpath.dirname(target.path), name)] = source
        return Link(name)

    def _link(self, href: str, base: str, lang: str, page: _Target, draft: bool) -> Link:
        absolute = urljoin(base, href) if base else href
        match = HC_LINK.search(urlsplit(absolute).path) if _same_site(absolute, base) else None
        if match is None:
            return Link(absolute)
        kind, number = match.group(2), int(match.group(3))
        fragment = urlsplit(absolute).fragment
        path = self._linked_path(kind, number)
        if path is None:
            why = f"link to {absolute}: not in the export, it still points to the old help centre"
            return Link(absolute, Note("link-external", why))
        target = self.targets.get(number) if kind == "articles" else None
        if target and target.internal and not page.internal:
            why = (
                f"link to restricted article {number} removed (its text is kept): "
                "the public site cannot link to internal pages"
            )
            return Link(None, Note("link-to-internal", why))
        if target and target.draft and not draft:
            why = (
                f"link to draft article {number} removed (its text is kept): link again once it is published"
            )
            return Link(None, Note("link-to-draft", why))
        relative = posixpath.relpath(path, posixpath.dirname(page.path) or ".")
        return Link(relative + (f"#{fragment}" if fragment else ""))

    def _linked_path(self, kind: str, number: int) -> str | None:
        if kind == "articles":
            return self.targets[number].path if number in self.targets else None
        if kind == "sections" and number in self.section_folder:
            return f"{self.section_folder[number]}/index.md"
        if kind == "categories" and number in self.folders:
            return f"{self.folders[number]}/index.md"
        return None

    def _image(self, src: str, base: str) -> Link:
        absolute = urljoin(base, src) if base else src
        if ATTACHMENT.search(absolute) or _same_site(absolute, base):
            why = (
                f"image {absolute} is stored by Zendesk: download it next to the page "
                "before the old help centre closes"
            )
            return Link(absolute, Note("image-external", why))
        return Link(absolute)


def _same_site(url: str, base: str) -> bool:
    host = urlsplit(url).netloc
    return not host or host == urlsplit(base).netloc or host.endswith(".zendesk.com")


def _as_page(page: PlannedPage):
    """What `translation_status.source_hash` reads of a page: title, description and text."""
    meta = SimpleNamespace(title=page.meta["title"], description=page.meta["description"])
    return SimpleNamespace(meta=meta, body=page.body)


def _copied(source: PlannedPage, translation: PlannedPage) -> bool:
    """What `helpcentre check` calls an untranslated copy (HC702): published, it would stop the build."""
    share = copied_share(page_words(_as_page(source)), page_words(_as_page(translation)))
    return share >= COPY_SHARE


def _in(lang: str, note: Note) -> Note:
    return Note(note.kind, f"[{lang}] {note.message}", note.severity)
