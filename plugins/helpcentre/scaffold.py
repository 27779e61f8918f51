"""Writing new files for the writer commands: all of them or none, never over something that exists.

`create_files` writes pages into an existing project and removes what it wrote if any step fails;
`create_project` builds a project in a hidden folder beside its target and moves it into place at the end.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from .writer_input import FAILED, Refusal


def create_files(files: dict[Path, str], then: Callable[[], None] | None = None) -> None:
    """Create every file (and missing folders) exclusively; on any failure remove exactly those again."""
    created: list[Path] = []
    try:
        for path, text in files.items():
            _make_folders(path.parent, created)
            with open(path, "x", encoding="utf-8") as out:  # "x": never follows or replaces what exists
                created.append(path)
                out.write(text)
        if then is not None:
            then()
    except (OSError, ValueError) as exc:
        _remove(created)
        raise Refusal(
            f"could not write {exc}: nothing was written, fix the cause and run again", FAILED
        ) from None


def create_project(target: Path, files: dict[str, str]) -> None:
    """Write `files` (relative paths) into a staging folder beside `target`, then move them into place.

    An existing empty folder keeps its identity (it may be the shell's working directory): the staged
    entries move into it one by one. On failure nothing of ours is left behind.
    """
    created: list[Path] = []
    staging = None
    try:
        _make_folders(target.parent, created)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".init", dir=target.parent))
        for name, text in files.items():
            (staging / name).parent.mkdir(parents=True, exist_ok=True)
            (staging / name).write_text(text, encoding="utf-8")
        os.chmod(staging, 0o777 & ~_umask())  # mkdtemp's folder is private (0700)
        _move_into_place(staging, target)
    except OSError as exc:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)  # ours: mkdtemp gave it a unique name
        _remove(created)
        raise Refusal(
            f"could not create {target}: {exc}: nothing was left behind, fix the cause and run again", FAILED
        ) from None


def _move_into_place(staging: Path, target: Path) -> None:
    if not target.exists():
        os.rename(staging, target)  # fails (ENOTEMPTY/EEXIST) if someone created it meanwhile
        return
    moved: list[Path] = []
    try:
        for entry in sorted(staging.iterdir()):
            if (target / entry.name).exists() or (target / entry.name).is_symlink():
                raise FileExistsError(f"{target / entry.name} appeared while writing")
            os.rename(entry, target / entry.name)
            moved.append(target / entry.name)
    except OSError:
        for entry in moved:
            os.rename(entry, staging / entry.name)  # back where it came from, removed with the staging folder
        raise
    staging.rmdir()


def _make_folders(folder: Path, created: list[Path]) -> None:
    """Create `folder` and its missing parents, appending each to `created` as it is made."""
    missing = []
    while not folder.exists() and not folder.is_symlink() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        path.mkdir()
        created.append(path)


def _remove(created: list[Path]) -> None:
    """Remove the files and (by then empty) folders this command created, the newest first."""
    for path in reversed(created):
        with contextlib.suppress(OSError):
            path.unlink() if path.is_file() else path.rmdir()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
