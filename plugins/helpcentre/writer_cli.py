"""Writer commands: `check`, `translations status|ack`, `new`, `translate`, `init`."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
import unicodedata
from pathlib import Path

import yaml

from .core import catalog, translations
from .core.errors import ContentError, Problem
from .core.i18n import language_name
from .status_report import render_status

DEFAULT_LANGUAGE = "en"
SKELETONS = Path(__file__).parent / "skeletons"


def add_commands(commands) -> None:
    check = commands.add_parser("check", help="run every content check without building (a linter)")
    check.add_argument("paths", nargs="*", default=["."],
                       help="a project (mkdocs.yml) or docs folder; or files and folders inside one to report on")
    check.add_argument("--format", choices=["text", "json"], default="text")
    status = commands.add_parser("translations", help="translation status, and acknowledging a reviewed translation")
    sub = status.add_subparsers(dest="translations_command", required=True)
    show = sub.add_parser("status", help="pages × languages: up to date, outdated, missing, untracked")
    show.add_argument("--format", choices=["table", "json", "html"], default="table")
    show.add_argument("--output", "-o")
    ack = sub.add_parser("ack", help="record that a translation matches its source as it is now")
    ack.add_argument("paths", nargs="+")
    new = commands.add_parser("new", help="write a new page with valid front matter")
    new.add_argument("kind", choices=["article", "faq", "template"])
    new.add_argument("--lang", default=DEFAULT_LANGUAGE)
    new.add_argument("--title", required=True)
    new.add_argument("--category", default="", help="folder under docs/<lang>/ (templates: internal)")
    translate = commands.add_parser("translate", help="copy a page as a translation stub with source_hash set")
    translate.add_argument("path")
    translate.add_argument("--to", required=True, dest="target")
    init = commands.add_parser("init", help="create a new help-centre project that builds")
    init.add_argument("directory")
    init.add_argument("--languages", default="en,fi", help="comma-separated, the first is the default")


def run(args: argparse.Namespace) -> int:
    if args.command == "check":
        return check(args.paths, args.format)
    if args.command == "translations":
        return show_status(args) if args.translations_command == "status" else acknowledge(args.paths)
    if args.command == "new":
        return new_page(args)
    if args.command == "translate":
        return translate(Path(args.path), args.target)
    return init(Path(args.directory), args.languages.split(","))


def check(paths: list[str], output: str) -> int:
    project, filters = _project_and_filters([Path(p) for p in paths])
    started = time.perf_counter()
    problems = _problems(project)
    shown = [p for p in problems if not filters or any(_within(p.path, f) for f in filters)]
    if output == "json":
        print(json.dumps([{"path": p.path, "line": p.line, "column": p.column, "code": p.code,
                           "severity": p.severity, "message": p.message, "fix": p.fix} for p in shown],
                         ensure_ascii=False, indent=1))
    else:
        for problem in shown:
            print(problem.lint())
    errors = sum(p.severity == "error" for p in shown)
    print(f"{errors} error(s), {len(shown) - errors} warning(s) in {project} "
          f"({time.perf_counter() - started:.1f} s)", file=sys.stderr)
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
        _, problems = catalog.load(docs, languages, default, root=Path.cwd(), progress=_progress,
                                   template_dirs=_template_dirs(project))
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
        return [*custom, TEMPLATES, Path(get_theme_dir(theme.get("name") or "mkdocs")),
                Path(mkdocs.__file__).parent / "templates"]
    except (OSError, yaml.YAMLError, KeyError, AttributeError, TypeError):
        return []


def _project_and_filters(paths: list[Path]) -> tuple[Path, list[Path]]:
    """One project folder, or files inside the project around the working directory (pre-commit passes files)."""
    if len(paths) == 1 and paths[0].is_dir() and _is_project(paths[0]):
        return paths[0], []
    return Path("."), [p for p in paths if p != Path(".")]


def _is_project(folder: Path) -> bool:
    return (folder / "mkdocs.yml").is_file() or (folder / "docs").is_dir() or any(
        p.is_dir() and len(p.name) == 2 for p in folder.iterdir())


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
    mark = {translations.UP_TO_DATE: "ok", translations.OUTDATED: "OUTDATED", translations.MISSING: "-",
            translations.UNTRACKED: "?"}
    lines = ["page".ljust(width) + "".join(f"  {lang:>8}" for lang in languages)]
    lines += [r.path.ljust(width) + "".join(f"  {mark[r.states[lang]]:>8}" for lang in languages) for r in rows]
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


def slug(title: str) -> str:
    folded = unicodedata.normalize("NFKD", title.casefold()).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-") or "page"


def new_page(args: argparse.Namespace) -> int:
    docs, _, _ = locate(Path("."))
    folder = "internal" if args.kind == "template" and not args.category else args.category
    target = docs / args.lang / folder / f"{slug(args.title)}.md"
    if target.exists():
        print(f"{target} exists already: choose another title", file=sys.stderr)
        return 2
    skeleton = (SKELETONS / f"{args.kind}.md").read_text(encoding="utf-8")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(skeleton.replace("{title}", json.dumps(args.title, ensure_ascii=False)), encoding="utf-8")
    print(target.as_posix())
    return 0


def translate(path: Path, target_lang: str) -> int:
    cat = load_catalog()
    page = next((p for p in cat.pages.values() if p.source.resolve() == path.resolve()), None)
    if page is None:
        print(f"{path}: not a page of this help centre", file=sys.stderr)
        return 2
    target = page.source.parents[len(Path(page.path).parts)] / target_lang / page.path
    if target.exists():
        print(f"{target} exists already", file=sys.stderr)
        return 2
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(page.source.read_text(encoding="utf-8"), encoding="utf-8")
    translations.write_hash(target, translations.source_hash(page))
    print(f"{target.as_posix()}: translate the title, description and text into {language_name(target_lang)}")
    return 0


def init(directory: Path, languages: list[str]) -> int:
    if directory.exists() and any(directory.iterdir()):
        print(f"{directory} is not empty", file=sys.stderr)
        return 2
    config = (SKELETONS / "mkdocs.yml").read_text(encoding="utf-8")
    entries = "".join(f"        - locale: {lang}\n          name: {language_name(lang)}\n"
                      + ("          default: true\n" if i == 0 else "") for i, lang in enumerate(languages))
    (directory / "docs").mkdir(parents=True)
    (directory / "mkdocs.yml").write_text(config.replace("{languages}", entries.rstrip("\n")), encoding="utf-8")
    for lang in languages:
        (directory / "docs" / lang).mkdir()
        home = f"---\ntitle: {language_name(lang)}\ndescription: Help centre home ({lang})\n---\nWelcome.\n"
        (directory / "docs" / lang / "index.md").write_text(home, encoding="utf-8")
    print(f"created {directory}: cd {directory} && mkdocs serve")
    return 0


def locate(project: Path) -> tuple[Path, list[str], str]:
    """Docs folder and languages: from mkdocs.yml when there is one, else the docs/<lang>/ folders."""
    config_file = project / "mkdocs.yml"
    if config_file.is_file():
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_Loader) or {}
        docs = project / config.get("docs_dir", "docs")
        plugins = config.get("plugins") or []
        entries = plugins.items() if isinstance(plugins, dict) else \
            [next(iter(p.items())) for p in plugins if isinstance(p, dict)]  # a mapping or a list
        for name, options in entries:
            if name == "i18n" and options:
                langs = options.get("languages", [])
                default = next((l["locale"] for l in langs if l.get("default")), DEFAULT_LANGUAGE)
                return docs, [l["locale"] for l in langs if l.get("build", True)], default
    else:
        docs = project / "docs" if (project / "docs").is_dir() else project
    found = sorted(p.name for p in docs.iterdir() if p.is_dir() and len(p.name) == 2 and p.name.islower())
    default = DEFAULT_LANGUAGE if DEFAULT_LANGUAGE in found else (found or [DEFAULT_LANGUAGE])[0]
    return docs, found, default


class _Loader(yaml.SafeLoader):
    """Reads mkdocs.yml without executing its !!python or !ENV tags."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)
