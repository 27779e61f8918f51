"""`helpcentre import zendesk EXPORT_DIR --docs DIR`: a Zendesk Guide export as Markdown pages;
`helpcentre import html FILE_OR_DIR… --lang LANG --docs DIR`: pages saved from any other site.

The work is in core/importer/ (no mkdocs); this module reads the command line and the target project's
mkdocs.yml (its languages and Markdown extensions), refuses before writing anything when a language of
the export is not configured, and prints what it did.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path, PurePosixPath
from urllib.parse import urljoin, urlsplit

from . import import_fetch_cli
from .core.errors import Problem
from .core.i18n import language_name
from .core.importer import html_page, safe_write, zendesk, zendesk_map
from .core.importer.content import PlannedPage
from .core.importer.convert import Link, Options
from .core.importer.report import INFO, Note, Report
from .writer_cli import _i18n_options, _read_config
from .writer_input import FAILED, LANGUAGE_CODE, Refusal, language_code

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*)*")
FENCED = {"fenced_code", "pymdownx.superfences", "markdown.extensions.fenced_code"}


def add_commands(commands) -> None:
    importer = commands.add_parser("import", help="import an existing help centre as Markdown pages")
    sub = importer.add_subparsers(dest="import_command", required=True)
    zd = sub.add_parser(
        "zendesk",
        help="a Zendesk Guide export (Help Center API responses saved as JSON) into docs/<lang>/",
    )
    zd.add_argument("export", help="the export folder: categories*.json, sections*.json, articles*.json, …")
    zd.add_argument(
        "--docs", required=True, help="the docs folder to write into (its project's mkdocs.yml is read)"
    )
    zd.add_argument(
        "--locale-map",
        default="",
        help="Zendesk locale → language folder, e.g. en-us=en,pt-br=pt (default: the part before '-')",
    )
    zd.add_argument(
        "--overwrite",
        action="store_true",
        help="also replace pages a writer edited or that the importer did not write",
    )
    zd.add_argument(
        "--fetch",
        metavar="URL",
        help="first save the live help centre at URL (e.g. https://SUBDOMAIN.zendesk.com) into the export "
        "folder, as `import zendesk-fetch` does; " + import_fetch_cli.AUTH_HELP,
    )
    import_fetch_cli.add_fetch_options(zd)
    import_fetch_cli.add_fetch_command(sub)
    page = sub.add_parser("html", help="pages saved from any other help centre or blog into docs/<lang>/")
    page.add_argument(
        "sources", nargs="+", metavar="FILE_OR_DIR", help="saved .html files, or folders of them"
    )
    page.add_argument("--lang", required=True, help="the language of the pages (a configured language)")
    page.add_argument("--docs", required=True, help="the docs folder to write into")
    page.add_argument(
        "--category", default=zendesk_map.UNSORTED, help="the category folder (default: imported)"
    )
    page.add_argument("--overwrite", action="store_true", help="also replace pages a writer edited")


def run(args: argparse.Namespace) -> int:
    if args.import_command == "zendesk-fetch":
        return import_fetch_cli.run(args)
    if args.import_command == "html":
        try:
            return import_html(args.sources, args.lang, args.category, Path(args.docs), args.overwrite)
        except Refusal as refusal:
            print(refusal, file=sys.stderr)
            return refusal.exit_code
    if args.fetch and (code := import_fetch_cli.run_fetch(args.fetch, args.export, args)):
        return code
    try:
        return import_zendesk(
            Path(args.export), Path(args.docs), _locale_map(args.locale_map), args.overwrite
        )
    except Refusal as refusal:
        print(refusal, file=sys.stderr)
        return refusal.exit_code
    except zendesk.ExportError as exc:
        for problem in exc.problems:
            print(problem.lint(), file=sys.stderr)
        print(f"{len(exc.problems)} problem(s) in the export: nothing was written", file=sys.stderr)
        return FAILED


def import_zendesk(export_dir: Path, docs: Path, locale_map: dict[str, str], overwrite: bool) -> int:
    export = zendesk.read(export_dir)
    project = _Project(docs)
    default = project.default or _most_common_source(export, locale_map)
    writer = _writer(docs, overwrite)
    previous = writer.previous_paths()
    result = zendesk_map.plan(export, default, locale_map, project.options, docs.name, previous)
    _check_languages(result.languages, project, default)
    pages = result.pages + _missing_indexes(result.pages, docs, default, zendesk_map.UNSORTED)
    report = Report("zendesk", languages=result.languages)
    if project.config is None:
        report.config_hint = _languages_yaml(sorted(set(result.languages.values())), default)
    for key, (title, url) in result.titles.items():
        report.item(key, title, url)
    for key, notes in result.notes.items():
        report.item(key).notes.extend(notes)
    return _write_all(pages, writer, report, docs, project, default)


def import_html(sources: list[str], lang: str, category: str, docs: Path, overwrite: bool) -> int:
    lang = language_code(lang, "--lang")
    folder = category.strip("/")
    if not SLUG.fullmatch(folder):
        raise Refusal(f"--category {category!r} is not a folder slug: write e.g. --category billing")
    files = _html_files(sources)
    project = _Project(docs)
    _check_languages({lang: lang}, project, lang, "--lang")
    writer = _writer(docs, overwrite)
    previous = writer.previous_paths()
    report = Report("html", languages={lang: lang})
    if project.config is None:
        report.config_hint = _languages_yaml([lang], lang)
    saved = {path: html_page.read(_read_html(path)) for path in files}
    paths = _html_paths(saved, folder, previous, lang)
    resolve = _html_links(paths)
    pages = []
    for path, page in saved.items():
        source = f"page {path.as_posix()}"
        planned = html_page.plan(
            page, lang, paths[path], source, project.options, resolve(page.url), path.parent
        )
        pages.append(planned)
        report.item(source, page.title, page.url)
    pages += _missing_indexes(pages, docs, lang, folder)
    return _write_all(pages, writer, report, docs, project, lang)


def _write_all(pages: list[PlannedPage], writer, report: Report, docs: Path, project, default: str) -> int:
    """Both importers' last step: the pages, the manifest and the report written, and what was done said."""
    for page in pages:
        if page.source not in report.items:
            report.item(page.source, page.meta["title"])
        _write(writer, page, report, docs)
    manifest = writer.save()
    written = report.write(docs.parent)
    _summary(report.languages, default, report, project, [manifest, *written])
    return 0


def _html_files(sources: list[str]) -> list[Path]:
    files: list[Path] = []
    for source in sources:
        path = Path(source)
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.suffix.lower() in HTML_SUFFIXES and p.is_file())
        elif path.is_file():
            files.append(path)
        else:
            raise Refusal(f"{source}: no such file or folder — name saved .html pages or folders of them")
    if not files:
        raise Refusal(f"no .html or .htm files in {', '.join(sources)}: nothing was written")
    return files


def _read_html(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # older saved pages; the report shows odd characters


def _html_paths(saved, folder: str, previous: dict[str, str], lang: str) -> dict[Path, str]:
    """Each saved file's path inside docs/<lang>/: where an earlier import put it, else from its title."""
    paths: dict[Path, str] = {}
    used = {f"{folder}/index.md"}
    for path, page in saved.items():
        earlier = previous.get(f"page {path.as_posix()}")
        stem = html_page.stem_slug(path.name, page.title)
        candidate, n = earlier or f"{folder}/{stem}.md", 1
        while candidate in used:
            n += 1
            candidate = f"{folder}/{stem}-{n}.md"
        used.add(candidate)
        paths[path] = candidate
    return paths


def _html_links(paths: dict[Path, str]):
    """Links between the imported pages (by the saved file's name) become relative links to the new files."""
    by_name = {path.name: target for path, target in paths.items()}

    def for_page(base: str):
        def resolve(href: str) -> Link:
            parts = urlsplit(href)
            name = PurePosixPath(parts.path).name
            if not parts.scheme and name in by_name:
                target = PurePosixPath(by_name[name]).name
                return Link(target + (f"#{parts.fragment}" if parts.fragment else ""))
            return Link(urljoin(base, href) if base else href)

        return resolve

    return for_page


def _writer(docs: Path, overwrite: bool) -> safe_write.Writer:
    try:
        return safe_write.Writer(docs, overwrite)
    except safe_write.ManifestError as exc:
        raise Refusal(str(exc), FAILED) from None


def _write(writer: safe_write.Writer, page: PlannedPage, report: Report, docs: Path) -> None:
    outcome = writer.write(page.relative, page.text(), page.source)
    item = report.item(page.source)
    item.files.append(f"{docs.name}/{page.relative} ({outcome.state})")
    item.notes.extend(page.notes)
    if outcome.note:
        item.notes.append(outcome.note)
    report.count(outcome.state)
    for name, source in sorted(page.files.items()):
        relative = f"{page.lang}/{name}"
        saved = writer.write_bytes(relative, source.read_bytes(), page.source)
        item.files.append(f"{docs.name}/{relative} ({saved.state})")
        item.notes.extend([saved.note] if saved.note else [])
        report.count(f"{saved.state} (images and attachments)")


class _Project:
    """The target project's languages and Markdown extensions, from mkdocs.yml beside the docs folder."""

    def __init__(self, docs: Path):
        self.config_file = docs.parent / "mkdocs.yml"
        self.config: dict | None = None
        self.text = ""
        self.languages: list[str] = []
        self.default: str | None = None
        extensions: set[str] = set()
        if self.config_file.is_file():
            self.text, self.config = _read_config(self.config_file)
            options = _i18n_options(self.config) or {}
            entries = options.get("languages") if isinstance(options, dict) else None
            for entry in entries if isinstance(entries, list) else []:
                if isinstance(entry, dict) and isinstance(entry.get("locale"), str):
                    self.languages.append(entry["locale"])
                    if entry.get("default"):
                        self.default = entry["locale"]
            if self.languages and self.default is None:
                self.default = self.languages[0]
            extensions = {_name(e) for e in self.config.get("markdown_extensions") or []}
        self.options = Options(
            tables="tables" in extensions or "markdown.extensions.tables" in extensions,
            admonitions="admonition" in extensions,
            fenced_code=bool(extensions & FENCED),
        )


def _name(entry) -> str:
    return next(iter(entry)) if isinstance(entry, dict) and entry else str(entry)


def _most_common_source(export: zendesk.Export, locale_map: dict[str, str]) -> str:
    counts = Counter(zendesk_map.language(a.source_locale, locale_map) for a in export.articles.values())
    return counts.most_common(1)[0][0] if counts else "en"


def _check_languages(
    languages: dict[str, str], project: _Project, default: str, option: str = "--locale-map"
) -> None:
    by_lang: dict[str, list[str]] = {}
    for locale, lang in languages.items():
        by_lang.setdefault(lang, []).append(locale)
        if not LANGUAGE_CODE.fullmatch(lang):
            raise Refusal(
                f"Zendesk locale {locale!r} gives the folder {lang!r}, not a two-letter language code: "
                f"map it with --locale-map {locale}=xx"
            )
    for lang, locales in by_lang.items():
        if len(locales) > 1:
            raise Refusal(
                f"Zendesk locales {', '.join(locales)} would all be docs/{lang}/: map all but one elsewhere "
                f"with --locale-map (e.g. {locales[1]}=xx), or leave one out of the export",
            )
    if project.config is None:
        return
    missing = sorted(set(by_lang) - set(project.languages))
    if missing:
        line = next((n for n, row in enumerate(project.text.splitlines(), 1) if "languages:" in row), 1)
        problem = Problem(
            project.config_file.as_posix(),
            line,
            f"{_OTHER_LANGUAGE[option][0]} {', '.join(missing)}, which the i18n plugin does not build "
            f"(it builds {', '.join(project.languages) or 'none'})",
            "add under its languages:\n"
            + _languages_yaml(missing, None)
            + f"\nor {_OTHER_LANGUAGE[option][1]}; nothing was written",
            code="HC1004",
        )
        raise Refusal(str(problem), FAILED)


_OTHER_LANGUAGE = {
    "--locale-map": ("the export has", "map them to a configured language with --locale-map"),
    "--lang": ("--lang is", "import with --lang set to a configured language"),
}


def _languages_yaml(languages: list[str], default: str | None) -> str:
    return "\n".join(
        f"        - locale: {lang}\n          name: {language_name(lang)}"
        + ("\n          default: true" if lang == default else "")
        for lang in languages
    )


def _missing_indexes(pages: list[PlannedPage], docs: Path, default: str, category: str) -> list[PlannedPage]:
    """Home pages of new languages and the index.md of folders no imported category has."""
    planned = {page.relative for page in pages}
    extra: list[PlannedPage] = []
    for lang in sorted({page.lang for page in pages}):
        if f"{lang}/index.md" not in planned and not (docs / lang / "index.md").exists():
            meta = {"title": language_name(lang), "description": f"Help centre home ({lang})"}
            extra.append(PlannedPage(lang, "index.md", meta, "Welcome.\n", f"home {lang}"))
    for folder, title in ((zendesk_map.INTERNAL, "Internal articles"), (category, _folder_title(category))):
        used = any(page.path.startswith(f"{folder}/") for page in pages)
        index = f"{default}/{folder}/index.md"
        if used and index not in planned and not (docs / index).exists():
            meta = {"title": title, "description": f"{title}: imported articles to review and re-file"}
            note = Note("index", f"{docs.name}/{index} was written for you: give it a real title", INFO)
            extra.append(
                PlannedPage(default, f"{folder}/index.md", meta, f"{title}.\n", f"folder {folder}", [note])
            )
    return extra


def _folder_title(folder: str) -> str:
    return "Imported" if folder == zendesk_map.UNSORTED else folder.replace("-", " ").capitalize()


def _summary(languages, default, report, project, files) -> None:
    found = ", ".join(
        f"{locale} → {lang}{' (default)' if lang == default else ''}"
        for locale, lang in sorted(languages.items())
    )
    print(f"languages: {found}")
    if project.config is None:
        print(
            f"no {project.config_file.as_posix()}: configure these languages in the i18n plugin:\n"
            + report.config_hint,
            file=sys.stderr,
        )
    print(", ".join(f"{n} {what}" for what, n in sorted(report.counts.items())))
    flagged = sum(any(n.severity == "warning" for n in i.notes) for i in report.items.values())
    print(
        f"{flagged} item(s) to check: {files[1].as_posix()} (and {files[2].name}); "
        f"manifest {files[0].as_posix()}"
    )


def _locale_map(value: str) -> dict[str, str]:
    mapping = {}
    for entry in filter(None, (part.strip() for part in value.split(","))):
        locale, sep, lang = entry.partition("=")
        if not sep or not locale.strip() or not lang.strip():
            raise Refusal(f"--locale-map item {entry!r} is not LOCALE=LANG: write e.g. en-us=en,pt-br=pt")
        mapping[locale.strip().lower()] = language_code(lang.strip(), "--locale-map language")
    return mapping
