"""The `helpcentre` command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from . import __version__
from .core import catalog
from .core.errors import ContentError

DEFAULT_LANGUAGE = "en"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="helpcentre", description="Static multilingual help-centre tools.")
    parser.add_argument("--version", action="version", version=f"helpcentre {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate every page's front matter and structure without building")
    check.add_argument("project", nargs="?", default=".", help="project folder (with mkdocs.yml) or docs folder")
    args = parser.parse_args(argv)
    return run_check(Path(args.project))


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
        for plugin in config.get("plugins", []):
            if isinstance(plugin, dict) and "i18n" in plugin:
                langs = plugin["i18n"].get("languages", [])
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
