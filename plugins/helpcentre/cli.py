"""The `helpcentre` command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from . import __version__, feedback_cli
from .core import catalog
from .core.errors import ContentError

DEFAULT_LANGUAGE = "en"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="helpcentre", description="Static multilingual help-centre tools.")
    parser.add_argument("--version", action="version", version=f"helpcentre {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate every page's front matter and structure without building")
    check.add_argument("project", nargs="?", default=".", help="project folder (with mkdocs.yml) or docs folder")
    find = commands.add_parser("search", help="search the built help centre's index, ranked as the site ranks")
    find.add_argument("query")
    find.add_argument("--lang", default=DEFAULT_LANGUAGE, help="language code, e.g. et")
    find.add_argument("--index", default=None, help="folder of the per-language indexes "
                      "(default .cache/helpcentre/search, or …/search-internal with --internal)")
    find.add_argument("--internal", action="store_true", help="search the agents' build (make internal)")
    find.add_argument("--limit", type=int, default=10)
    feedback_cli.add_commands(commands)
    args = parser.parse_args(argv)
    if args.command == "feedback":
        return feedback_cli.run(args)
    if args.command == "search":
        index = args.index or ".cache/helpcentre/search" + ("-internal" if args.internal else "")
        return run_search(args.query, args.lang, Path(index), args.limit)
    return run_check(Path(args.project))


def run_search(query: str, lang: str, index_dir: Path, limit: int) -> int:
    from .core.search import index as search_index  # whoosh loads only for this command

    folder = index_dir / lang
    if not (folder / search_index.VOCABULARY_FILE).is_file():
        print(f"no search index for '{lang}' in {index_dir}: build the site first (make site)", file=sys.stderr)
        return 2
    hits = search_index.search(folder, lang, query, limit)
    for rank, hit in enumerate(hits, start=1):
        section = f" › {hit.heading}" if hit.heading and hit.url != hit.page_url else ""
        print(f"{rank:2}. {hit.title}{section}  [{hit.type}]\n    /{hit.url}\n    {hit.excerpt[:160]}")
    if not hits:
        print("no results", file=sys.stderr)
    return 0


def run_check(project: Path) -> int:
    docs, languages, default = locate(project)
    try:
        _, problems = catalog.load(docs, languages, default, root=Path.cwd())
    except ContentError as exc:
        problems = exc.problems
    for problem in problems:
        print(problem)
    errors = sum(p.severity == "error" for p in problems)
    print(f"{errors} error(s), {len(problems) - errors} warning(s) in {docs}", file=sys.stderr)
    return 1 if errors else 0


def locate(project: Path) -> tuple[Path, list[str], str]:
    """Docs folder and languages: from mkdocs.yml when there is one, else the docs/<lang>/ folders."""
    config_file = project / "mkdocs.yml"
    if config_file.is_file():
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_Loader) or {}
        docs = project / config.get("docs_dir", "docs")
        plugins = config.get("plugins") or []
        entries = plugins.items() if isinstance(plugins, dict) else  \
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

if __name__ == "__main__":
    sys.exit(main())
