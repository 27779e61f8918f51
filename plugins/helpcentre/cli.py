"""The `helpcentre` command line."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import __version__, feedback_cli, import_cli, writer_cli
from .core.languages import DEFAULT_LANGUAGE
from .core.search.location import INDEX_DIR, index_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="helpcentre", description="Static multilingual help-centre tools.")
    parser.add_argument("--version", action="version", version=f"helpcentre {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    writer_cli.add_commands(commands)
    find = commands.add_parser(
        "search", help="search the built help centre's index, ranked as the site ranks"
    )
    find.add_argument("query")
    find.add_argument("--lang", default=DEFAULT_LANGUAGE, help="language code, e.g. et")
    find.add_argument("--site", default=".", help="the project whose build wrote the index (default: here)")
    find.add_argument(
        "--index",
        default=None,
        help="folder of the per-language indexes, if not the project's "
        f"({INDEX_DIR}, or …-internal with --internal)",
    )
    find.add_argument("--internal", action="store_true", help="search the agents' build (make internal)")
    find.add_argument("--limit", type=int, default=10)
    feedback_cli.add_commands(commands)
    import_cli.add_commands(commands)
    build = commands.add_parser(
        "build", help="build the site with the languages rendered in parallel processes"
    )
    build.add_argument("-f", "--config-file", default="mkdocs.yml")
    build.add_argument("-d", "--site-dir", help="default: the config's site_dir")
    build.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)
    if args.command == "build":
        return run_build(Path(args.config_file), args.site_dir, args.jobs)
    if args.command == "feedback":
        return feedback_cli.run(args)
    if args.command == "import":
        return import_cli.run(args)
    if args.command != "search":
        return writer_cli.run(args)
    index = Path(args.index) if args.index else index_dir(Path(args.site), internal=args.internal)
    return run_search(args.query, args.lang, index, args.limit)


def run_build(config_file: Path, site_dir: str | None, jobs: int) -> int:
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError, PluginError

    from . import i18nstate, parallel
    from .core import sitedir

    try:  # follows INHERIT, and refuses a site_dir around docs_dir, as `mkdocs build -d` does
        config = load_config(config_file=str(config_file), site_dir=site_dir)
    except (ConfigurationError, OSError) as exc:
        print(f"{config_file}: {exc}", file=sys.stderr)
        return 1
    if "i18n" not in config.plugins:
        print(
            f"{config_file}: `helpcentre build` builds the languages of the i18n plugin "
            "(mkdocs-static-i18n), which this config does not use: run `mkdocs build`",
            file=sys.stderr,
        )
        return 1
    site = Path(config.site_dir)
    if refused := sitedir.problem(site, config_file.resolve().parent, Path(config.docs_dir)):
        print(f"{config_file}: {refused}", file=sys.stderr)
        return 1
    try:
        langs = i18nstate.languages(config)
    except PluginError as exc:
        print(f"{config_file}: {exc}", file=sys.stderr)
        return 1
    return parallel.build(config_file.resolve(), site.resolve(), jobs, langs.all, langs.default)


def run_search(query: str, lang: str, index_dir: Path, limit: int) -> int:
    from .core.search import index as search_index  # whoosh loads only for this command

    folder = index_dir / lang
    if not (folder / search_index.VOCABULARY_FILE).is_file():
        print(
            f"no search index for '{lang}' in {index_dir}: build the site first (make site)", file=sys.stderr
        )
        return 2
    answer = search_index.answer(folder, query)
    print(f"answer: {answer.state} ({STATES[answer.state]}), {len(answer.hits)} pages matched")
    for rank, hit in enumerate(answer.hits[:limit], start=1):
        section = f" › {hit.heading}" if hit.heading and hit.url != hit.page_url else ""
        language = f" [in {hit.lang}]" if hit.lang != lang else ""
        print(
            f"{rank:2}. {hit.title}{section}  [{hit.type}]{language}\n    /{hit.url}\n    {hit.excerpt[:160]}"
        )
    return 0


STATES = {
    "results": "the best result is a confident answer",
    "weak": "no close match: results, none of them confident",
    "none": "nothing matched",
}


if __name__ == "__main__":
    sys.exit(main())
