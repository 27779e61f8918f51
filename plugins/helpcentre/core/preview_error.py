"""The page `mkdocs serve` answers with while the last build failed (preview_server.py serves it).

It lists the problems exactly as the terminal shows them (`path:line: message — fix`), with a
heading and explanation in the language of the requested address, and reloads itself once the
next build has finished. No inline script or style: it works under `script-src 'self'`.
"""

from __future__ import annotations

from dataclasses import dataclass

from .i18n import Translator
from .render import render

ASSETS = "/__helpcentre-preview/"  # served by the preview server itself, never written to the site
SCRIPT = "preview-reload.js"
STYLESHEET = "preview-error.css"
WAIT = "wait"  # ?after=<build number>: answers once a later build has finished


@dataclass(frozen=True)
class Failure:
    lines: list[str]  # the error as the terminal prints it, one entry per line
    build: int  # the number of the failed build: the page reloads after any later one

    @classmethod
    def from_text(cls, text: str, build: int) -> Failure:
        return cls([line.strip() for line in text.splitlines() if line.strip()], build)

    @property
    def summary(self) -> str:
        return self.lines[0] if self.lines else ""

    @property
    def problems(self) -> list[str]:
        return self.lines[1:]


def language_of(path: str, mount: str, languages: list[str], default: str) -> str:
    """The language of a requested path: its first folder under the mount path, if it is one."""
    rest = path[len(mount) :] if path.startswith(mount) else path.lstrip("/")
    first = rest.split("/", 1)[0]
    return first if first in languages else default


def page(failure: Failure, lang: str, tr: Translator) -> str:
    return render(
        "helpcentre/preview/error.html",
        lang=lang,
        title=tr.t(lang, "preview.title"),
        explanation=tr.t(lang, "preview.explanation"),
        reloads=tr.t(lang, "preview.reloads"),
        summary=failure.summary,
        problems=failure.problems,
        stylesheet=ASSETS + STYLESHEET,
        script=ASSETS + SCRIPT,
        wait=f"{ASSETS}{WAIT}?after={failure.build}",
    )
