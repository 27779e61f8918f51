"""Finding the Markdown sources under docs/<lang>/ as MkDocs finds them; refusing what it cannot publish.

MkDocs walks docs_dir with os.walk(followlinks=True): it follows symbolic links to folders and files,
fails with a traceback on a link to nothing, copies the same files dozens of times around a link to a
folder that contains the link, and publishes whatever a link outside the project points to. We walk
the same way, follow the links MkDocs can follow safely (those that stay inside the project), and
report the others as errors before MkDocs reads a file.

MkDocs also publishes `README.md` as its folder's index page (and drops it next to an `index.md`),
and a default-language folder named like another language puts its pages among that language's URLs.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from functools import partial
from pathlib import Path

from .errors import Problem
from .paths import MARKDOWN_SUFFIXES, is_page_file


def find_pages(
    docs_dir: Path, languages: list[str], default: str, root: Path | None
) -> tuple[list[tuple[str, Path]], list[Problem]]:
    """(language, path) of every page, in a stable order, and the problems of the files found."""
    problems: list[Problem] = []
    pages = []
    if not docs_dir.is_dir():
        return [], []
    project = docs_dir.resolve().parent
    for path in _walk(docs_dir, project, frozenset({docs_dir.resolve()}), root, problems):
        relative = path.relative_to(docs_dir).parts
        if len(relative) > 1 and relative[0] in languages and is_page_file(path.name):
            pages.append((relative[0], path))
            problems += _placement_problems(relative, languages, default, partial(_shown, path, root))
        elif path.name.casefold().endswith(MARKDOWN_SUFFIXES) and not is_page_file(path.name):
            problems.append(_capital_suffix(path, _shown(path, root)))
    order = {lang: i for i, lang in enumerate(languages)}
    return sorted(pages, key=lambda page: (order[page[0]], page[1])), problems


def _walk(folder: Path, project: Path, ancestors: frozenset, root: Path | None, problems: list[Problem]):
    """Files under `folder`, following symbolic links that stay inside the project, without loops."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        problems.append(
            Problem(
                _shown(folder, root),
                1,
                f"the folder cannot be read ({exc.strerror})",
                "check its permissions",
                code="HC205",
            )
        )
        return
    for entry in entries:
        path = Path(entry.path)
        if entry.is_symlink() and (problem := _link_problem(path, project, ancestors, _shown(path, root))):
            problems.append(problem)
        elif entry.is_dir():
            yield from _walk(path, project, ancestors | {path.resolve()}, root, problems)
        elif entry.is_file():
            yield path


def _link_problem(link: Path, project: Path, ancestors: frozenset, shown: str) -> Problem | None:
    try:
        target = link.resolve(strict=True)
    except (OSError, RuntimeError) as exc:  # RuntimeError: Python 3.11 reports a link cycle so
        if isinstance(exc, RuntimeError) or exc.errno == errno.ELOOP:
            return _loop(shown)
        return Problem(
            shown,
            1,
            f"a symbolic link to a file that does not exist ({os.readlink(link)})",
            "point the link at an existing file or delete it: MkDocs stops with a traceback on it",
            code="HC205",
        )
    if target.is_dir() and any(target == a or target in a.parents for a in ancestors):
        return _loop(shown)  # a folder that contains this one: walking it would come back here
    if target != project and project not in target.parents:
        return Problem(
            shown,
            1,
            f"a symbolic link to {target}, outside the project",
            "copy the file into the project: MkDocs would publish whatever the link points to",
            code="HC205",
        )
    return None


def _capital_suffix(path: Path, shown: str) -> Problem:
    """'Page.MD' looks like a page to a writer, but MkDocs copies it to the site as it is."""
    return Problem(
        shown,
        1,
        f"MkDocs does not render '{path.name}' as a page (its suffix is not lowercase) but "
        "copies it to the site as it is, front matter included",
        f"rename it to '{path.stem}{path.suffix.lower()}'",
        code="HC209",
    )


def _loop(shown: str) -> Problem:
    return Problem(
        shown,
        1,
        "a symbolic link loop: the link points to a folder that contains it",
        "delete the link: MkDocs would copy the same files again at every level",
        code="HC205",
    )


def _placement_problems(
    relative: tuple[str, ...], languages: list[str], default: str, shown_path: Callable[[], str]
) -> list[Problem]:
    """`shown_path()` names the file: only when there is a problem (thousands of files are fine)."""
    problems = []
    if Path(relative[-1]).stem == "README":
        problems.append(
            Problem(
                shown_path(),
                1,
                "MkDocs publishes README.md as its folder's index page "
                "(and leaves it out next to an index.md)",
                "rename it to index.md, or give it another name if it is an ordinary page",
                code="HC206",
            )
        )
    others = {lang.casefold(): lang for lang in languages if lang != default}
    if relative[0] == default and len(relative) > 2 and relative[1].casefold() in others:
        lang = others[relative[1].casefold()]
        problems.append(
            Problem(
                shown_path(),
                1,
                f"the folder '{relative[1]}' has the name of the language {lang}: its "
                f"pages would be published among the {lang} pages, at /{lang}/…",
                "rename the folder",
                code="HC207",
            )
        )
    return problems


def _shown(path: Path, root: Path | None) -> str:
    """The link's own path, relative to the project (errors.display_path would follow the link)."""
    if root is not None:
        try:
            return Path(os.path.abspath(path)).relative_to(os.path.abspath(root)).as_posix()
        except ValueError:
            pass
    return path.as_posix()
