"""Writer-facing problems: always a file, a line, what is wrong and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str
    fix: str = ""
    severity: str = "error"  # "error" stops the build, "warning" is reported
    code: str = ""  # stable identifier for linters and CI, listed in the handbook (writers/writer-tools.md)
    column: int = 1

    def __str__(self) -> str:
        label = "warning: " if self.severity == "warning" else ""
        text = f"{self.path}:{self.line}: {label}{self.message}"
        return f"{text} — {self.fix}" if self.fix else text

    def lint(self) -> str:
        """`path:line:col: CODE message — fix`, as linters print it."""
        label = "warning: " if self.severity == "warning" else ""
        text = f"{self.path}:{self.line}:{self.column}: {self.code} {label}{self.message}"
        return f"{text} — {self.fix}" if self.fix else text


class ContentError(Exception):
    """Raised when content is invalid; carries every error found, not just the first."""

    def __init__(self, problems: list[Problem], catalog=None):
        self.problems = sorted(problems)
        self.catalog = catalog  # what could be read, for checks that need every page (one run, every problem)
        super().__init__("\n".join(str(p) for p in self.problems))


@lru_cache(maxsize=1 << 16)  # resolving is system calls: checks name every page of a large site
def display_path(path: Path, root: Path | None) -> str:
    """Paths in messages are relative to the project so editors can jump to them."""
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()
