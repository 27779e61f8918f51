"""Writer commands: `check`, `translations status|ack`, `new`, `translate`, `init`."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import yaml

from .core import catalog, generated_pages
from .core import languages as project_languages
from .core import translation_status as translations
from .core.errors import ContentError, Problem
from .core.i18n import language_name
from .core.kinds import TYPES, Kind
from .core.paths import slug
from .core.status_report import render_status
from .scaffold import create_files, create_project
from .writer_input import FAILED, Refusal, category, clean_slug, configured_language, inside, language_list

SKELETONS = Path(__file__).parent / "skeletons"


def add_commands(commands) -> None:
    check = commands.add_parser("check", help="run every content check without building (a linter)")
    check.add_argument(
        "paths",
        nargs="*",
        default=["."],
        help="a project (mkdocs.yml) or docs folder; or files and folders inside one to report on",
    )
    check.add_argument("--format", choices=["text", "json"], default="text")
    status = commands.add_parser(
        "translations", help="translation status, and acknowledging a reviewed translation"
    )
    sub = status.add_subparsers(dest="translations_command", required=True)
    show = sub.add_parser("status", help="pages × languages: up to date, outdated, missing, untracked")
    show.add_argument("--format", choices=["table", "json", "html"], default="table")
    show.add_argument("--output", "-o")
    ack = sub.add_parser("ack", help="record that a translation matches its source as it is now")
    ack.add_argument("paths", nargs="+")
    new = commands.add_parser("new", help="write a new page with valid front matter")
    new.add_argument("kind", choices=[kind.value for kind in TYPES])
    new.add_argument("--lang", help="default: the project's default language")
    new.add_argument("--title", required=True)
    new.add_argument(
        "--category",
        default="",
        help="folder under docs/<lang>/ (templates: internal); "
        "its index.md is created too when the category has none",
    )
    new.add_argument("--slug", help="file name without .md (default: from the title)")
    translate = commands.add_parser(
        "translate", help="copy a page as a translation stub with source_hash set"
    )
    translate.add_argument("path")
    translate.add_argument("--to", required=True, dest="target")
    init = commands.add_parser("init", help="create a new help-centre project that builds")
    init.add_argument("directory")
    init.add_argument("--languages", default="en,fi", help="comma-separated, the first is the default")


def run(args: argparse.Namespace) -> int:
    try:
        return _run(args)
    except Refusal as refusal:
        print(refusal, file=sys.stderr)
        return refusal.exit_code


def _run(args: argparse.Namespace) -> int:
    if args.command == "check":
        return check(args.paths, args.format)
    if args.command == "translations":
        return show_status(args) if args.translations_command == "status" else acknowledge(args.paths)
    if args.command == "new":
        return new_page(args)
    if args.command == "translate":
        return translate(Path(args.path), args.target)
    return init(Path(args.directory), args.languages)


def check(paths: list[str], output: str) -> int:
    project, filters = _project_and_filters([Path(p) for p in paths])
    started = time.perf_counter()
    problems = _problems(project)
    shown = [p for p in problems if not filters or any(_within(p.path, f) for f in filters)]
    if output == "json":
        print(
            json.dumps(
                [
                    {
                        "path": p.path,
                        "line": p.line,
                        "column": p.column,
                        "code": p.code,
                        "severity": p.severity,
                        "message": p.message,
                        "fix": p.fix,
                    }
                    for p in shown
                ],
                ensure_ascii=False,
                indent=1,
            )
        )
    else:
        for problem in shown:
            print(problem.lint())
    errors = sum(p.severity == "error" for p in shown)
    print(
        f"{errors} error(s), {len(shown) - errors} warning(s) in {project} "
        f"({time.perf_counter() - started:.1f} s)",
        file=sys.stderr,
    )
    return 1 if errors else 0


def _progress(items: list) -> list:
    """A progress bar on a terminal for big sites; nothing in CI, pipes or pre-commit."""
    if len(items) < 500 or not sys.stderr.isatty() or os.environ.get("CI"):
        return items
    from tqdm import tqdm

    return tqdm(items, desc="checking", unit=" files", leave=False)


def _problems(project: Path) -> list[Problem]:
    docs, languages, default = locate(project)
    try:
        found, problems = catalog.load(
            docs,
            languages,
            default,
            root=Path.cwd(),
            progress=_progress,
            template_dirs=_template_dirs(project),
        )
        problems += generated_pages.collisions(found, _generated_pages(project), Path.cwd())
    except ContentError as exc:
        problems = exc.problems
    return sorted(problems, key=lambda p: (p.path, p.line, p.column, p.code))


def _template_dirs(project: Path) -> list[Path]:
    """The folders MkDocs looks for a page's `template:` in, as the build's theme has them (in the order
    custom_dir, this plugin's templates, the theme's, MkDocs' own); none without a readable mkdocs.yml."""
    import mkdocs
    from mkdocs.utils import get_theme_dir

    from .theme import TEMPLATES

    config_file = project / "mkdocs.yml"
    try:
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_Loader) or {}
        theme = config.get("theme") or {}
        theme = {"name": theme} if isinstance(theme, str) else theme
        custom = [project / theme["custom_dir"]] if theme.get("custom_dir") else []
        return [
            *custom,
            TEMPLATES,
            Path(get_theme_dir(theme.get("name") or "mkdocs")),
            Path(mkdocs.__file__).parent / "templates",
        ]
    except (OSError, yaml.YAMLError, KeyError, AttributeError, TypeError):
        return []


def _generated_pages(project: Path) -> list[generated_pages.GeneratedPage]:
    """The pages the plugin writes itself, with their folders as mkdocs.yml's helpcentre options set them."""
    try:
        config = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader) or {}
        plugins = config.get("plugins") or {}
        if isinstance(plugins, list):
            plugins = {k: v for item in plugins if isinstance(item, dict) for k, v in item.items()}
        options = plugins.get("helpcentre") or {}
        return generated_pages.configured(options if isinstance(options, dict) else {})
    except (OSError, yaml.YAMLError, AttributeError, TypeError):
        return generated_pages.configured({})


def _project_and_filters(paths: list[Path]) -> tuple[Path, list[Path]]:
    """One project folder, or files inside the project around the working directory (pre-commit
    passes files)."""
    if missing := [p.as_posix() for p in paths if not p.exists()]:  # else it would check "." instead
        raise Refusal(f"{', '.join(missing)}: no such file or folder — name a project, or files inside one")
    if len(paths) == 1 and paths[0].is_dir() and _is_project(paths[0]):
        return paths[0], []
    return Path("."), [p for p in paths if p != Path(".")]


def _is_project(folder: Path) -> bool:
    return (
        (folder / "mkdocs.yml").is_file()
        or (folder / "docs").is_dir()
        or any(p.is_dir() and len(p.name) == 2 for p in folder.iterdir())
    )


def _within(shown: str, folder: Path) -> bool:
    return Path(shown) == folder or folder in Path(shown).parents


def load_catalog(project: Path = Path(".")) -> catalog.Catalog:
    docs, languages, default = locate(project)
    try:
        return catalog.load(docs, languages, default, root=Path.cwd())[0]
    except ContentError as exc:
        raise SystemExit(f"fix these first (helpcentre check):\n{exc}") from None


def show_status(args: argparse.Namespace) -> int:
    cat = load_catalog()
    rows = translations.status(cat)
    languages = [lang for lang in cat.languages if lang != cat.default]
    if args.format == "json":
        text = json.dumps({"default": cat.default, "pages": {r.path: r.states for r in rows}}, indent=1)
    elif args.format == "html":
        text = render_status(rows, languages, cat.default)
    else:
        text = _status_table(rows, languages)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        print(text)
    return 0


def _status_table(rows: list, languages: list[str]) -> str:
    width = max(len(r.path) for r in rows) if rows else 4
    mark = {
        translations.UP_TO_DATE: "ok",
        translations.OUTDATED: "OUTDATED",
        translations.MISSING: "-",
        translations.UNTRACKED: "?",
    }
    lines = ["page".ljust(width) + "".join(f"  {lang:>8}" for lang in languages)]
    lines += [
        r.path.ljust(width) + "".join(f"  {mark[r.states[lang]]:>8}" for lang in languages) for r in rows
    ]
    lines.append("")
    for lang in languages:
        counts = {state: sum(r.states[lang] == state for r in rows) for state in mark}
        done = 100 * counts[translations.UP_TO_DATE] / len(rows) if rows else 0
        lines.append(f"{lang}: {done:.0f} % up to date — " + ", ".join(f"{n} {s}" for s, n in counts.items()))
    return "\n".join(lines)


def acknowledge(paths: list[str]) -> int:
    cat = load_catalog()
    for shown in paths:
        page = next((p for p in cat.pages.values() if p.source.resolve() == Path(shown).resolve()), None)
        source = cat.get(cat.default, page.path) if page else None
        if page is None or source is None or page.lang == cat.default:
            print(f"{shown}: not a translation of a {cat.default} page", file=sys.stderr)
            return 2
        translations.write_hash(page.source, translations.source_hash(source))
        print(f"{shown}: up to date with {source.source.as_posix()}")
    return 0


def new_page(args: argparse.Namespace) -> int:
    docs, languages, default = locate(Path("."))
    lang = configured_language(args.lang or default, languages, "--lang")
    folder = category(args.category) if args.category else "internal" if args.kind == Kind.TEMPLATE else ""
    name = clean_slug(args.slug, "--slug") if args.slug is not None else _title_slug(args.title)
    target = inside(docs, docs / lang / folder / f"{name}.md")
    if target.exists() or target.is_symlink():
        raise Refusal(f"{target.as_posix()} exists already: choose another title, or --slug")
    files = {target: _skeleton(args.kind, args.title)}
    index = docs / lang / folder / "index.md"
    if folder and not (index.exists() or (docs / default / folder / "index.md").exists()):
        files = {inside(docs, index): _skeleton("category", folder.replace("-", " ").capitalize()), **files}
    create_files(files)
    if index in files:
        print(
            f"{index.as_posix()}: created the category page too, so '{folder}' lists the page — "
            f"give it a title and description in {language_name(lang)}",
            file=sys.stderr,
        )
    print(target.as_posix())
    return 0


def _title_slug(title: str) -> str:
    if not title.strip():
        raise Refusal("--title is empty: give the page's title, e.g. --title 'Refund a payment'")
    if not slug(title):
        raise Refusal(
            f"--title {title!r} gives no file name (no Latin letters or digits): "
            "add --slug, e.g. --slug refunds"
        )
    return slug(title)


def _skeleton(kind: str, title: str) -> str:
    text = (SKELETONS / f"{kind}.md").read_text(encoding="utf-8")
    return text.replace("{title}", json.dumps(title, ensure_ascii=False))  # JSON strings are YAML strings


def translate(path: Path, target_lang: str) -> int:
    cat = load_catalog()
    page = next((p for p in cat.pages.values() if p.source.resolve() == path.resolve()), None)
    if page is None:
        raise Refusal(f"{path}: not a page of this help centre: give a page under docs/<lang>/")
    configured_language(target_lang, cat.languages, "--to")
    if target_lang == page.lang:
        raise Refusal(f"--to {target_lang!r} is the page's own language: name the language to translate into")
    docs = page.source.parents[len(Path(page.path).parts)]
    target = inside(docs, docs / target_lang / page.path)
    if target.exists() or target.is_symlink():
        raise Refusal(f"{target.as_posix()} exists already: edit it, or `helpcentre translations ack` it")
    create_files(
        {target: page.source.read_text(encoding="utf-8")},
        then=lambda: translations.write_hash(target, translations.source_hash(page)),
    )
    print(f"{target.as_posix()}: translate the title, description and text into {language_name(target_lang)}")
    return 0


def init(directory: Path, languages_option: str) -> int:
    languages = language_list(languages_option)
    if directory.is_symlink() or (directory.exists() and not directory.is_dir()):
        raise Refusal(
            f"{directory} exists and is not a folder (a file or a symbolic link): choose a new folder name"
        )
    if directory.is_dir() and any(directory.iterdir()):
        raise Refusal(f"{directory} is not empty: choose a new or empty folder")
    config = (SKELETONS / "mkdocs.yml").read_text(encoding="utf-8")
    names = {lang: json.dumps(language_name(lang), ensure_ascii=False) for lang in languages}  # YAML strings
    entries = "".join(
        f"        - locale: {lang}\n          name: {names[lang]}\n"
        + ("          default: true\n" if i == 0 else "")
        for i, lang in enumerate(languages)
    )
    files = {"mkdocs.yml": config.replace("{languages}", entries.rstrip("\n"))}
    for lang in languages:
        files[f"docs/{lang}/index.md"] = (
            f"---\ntitle: {names[lang]}\ndescription: Help centre home ({lang})\n---\nWelcome.\n"
        )
    target = Path(os.path.abspath(directory))  # '..' resolved by name, not through links
    create_project(target, files)
    serve = "mkdocs serve" if target == Path.cwd() else f"cd {directory} && mkdocs serve"
    print(f"created {directory}: {serve}")
    return 0


def locate(project: Path) -> tuple[Path, list[str], str]:
    """Docs folder and languages: from mkdocs.yml when there is one, else the docs/<lang>/ folders."""
    config_file = project / "mkdocs.yml"
    if config_file.is_file():
        text, config = _read_config(config_file)
        docs_dir = config.get("docs_dir", "docs")
        if not isinstance(docs_dir, str):
            _config_refusal(
                config_file, text, "docs_dir", "docs_dir is not a folder name", "write e.g. docs_dir: docs"
            )
        docs = project / docs_dir
        options = _i18n_options(config)
        if options is not None:
            return docs, *_i18n_languages(config_file, text, options)
    else:
        docs = project / "docs" if (project / "docs").is_dir() else project
    if not docs.is_dir():
        raise Refusal(
            f"{docs.as_posix()} is not a folder: run this in a help-centre project, "
            "or create one with `helpcentre init`",
            FAILED,
        )
    langs = project_languages.from_folders(docs)
    return docs, langs.all, langs.default


def _read_config(config_file: Path) -> tuple[str, dict]:
    """mkdocs.yml's text and settings; a file that is not YAML is refused at its line."""
    try:
        text = config_file.read_text(encoding="utf-8")
        config = yaml.load(text, Loader=_Loader) or {}
    except UnicodeDecodeError:
        raise Refusal(
            str(Problem(config_file.as_posix(), 1, "the file is not UTF-8 text", "save it as UTF-8")), FAILED
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        what = ": ".join(filter(None, [getattr(exc, "context", None), getattr(exc, "problem", None)]))
        problem = Problem(
            config_file.as_posix(),
            mark.line + 1 if mark else 1,
            f"not valid YAML: {what or str(exc).splitlines()[0]}",
            "fix the YAML syntax there (quote values that contain ': ')",
        )
        raise Refusal(str(problem), FAILED) from None
    if not isinstance(config, dict):
        _config_refusal(
            config_file,
            text,
            "",
            "the file is not a mapping of settings",
            "write settings as 'key: value' lines, as `helpcentre init` does",
        )
    return text, config


def _i18n_options(config: dict) -> dict | None:
    plugins = config.get("plugins") or []
    entries = (
        plugins.items()
        if isinstance(plugins, dict)
        else [next(iter(p.items())) for p in plugins if isinstance(p, dict) and p]
    )  # a mapping or a list
    return next((options for name, options in entries if name == "i18n" and options), None)


def _i18n_languages(config_file: Path, text: str, options) -> tuple[list[str], str]:
    """The languages the i18n plugin builds and its default; 'null' entries are language-menu links."""
    langs = options.get("languages") if isinstance(options, dict) else None
    if not isinstance(langs, list) or not all(
        isinstance(entry, dict) and "locale" in entry for entry in langs
    ):
        _config_refusal(
            config_file,
            text,
            "languages",
            "the i18n plugin's languages are not a list of entries with a locale",
            "write each as '- locale: en' (see `helpcentre init`)",
        )
    resolved = project_languages.from_i18n(e for e in langs if isinstance(e["locale"], str))
    return resolved.all, resolved.default


def _config_refusal(config_file: Path, text: str, key: str, message: str, fix: str):
    """Refuses mkdocs.yml at the first line that sets `key` (line 1 when there is none)."""
    rows = enumerate(text.splitlines(), start=1)
    line = next((n for n, row in rows if key and row.lstrip(" -").startswith(f"{key}:")), 1)
    raise Refusal(str(Problem(config_file.as_posix(), line, message, fix)), FAILED)


class _Loader(yaml.SafeLoader):
    """Reads mkdocs.yml without executing its !!python or !ENV tags."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)
