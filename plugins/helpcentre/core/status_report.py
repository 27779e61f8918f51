"""`helpcentre translations status --format html`: one self-contained page, for the internal build."""

from __future__ import annotations

from dataclasses import dataclass

from . import translation_status as translations
from .render import render

STYLESHEET = "assets/helpcentre/status.css"
STATES = {
    translations.UP_TO_DATE: "up-to-date",
    translations.OUTDATED: "outdated",
    translations.MISSING: "missing",
    translations.UNTRACKED: "untracked",
    translations.DRAFT: "draft",
}  # state → CSS class


@dataclass
class Totals:
    share: float  # % of pages up to date
    counts: list[tuple[str, int]]  # state → pages, in STATES order


def render_status(rows: list, languages: list[str], default: str, banner: str = "") -> str:
    totals = {
        lang: Totals(_share(rows, lang), [(s, sum(r.states[lang] == s for r in rows)) for s in STATES])
        for lang in languages
    }
    return render(
        "helpcentre/reports/translation-status.html",
        rows=rows,
        languages=languages,
        default=default,
        banner=banner,
        totals=totals,
        classes=STATES,
        stylesheet=STYLESHEET,
    )


def _share(rows: list, lang: str) -> float:
    return 100 * sum(r.states[lang] == translations.UP_TO_DATE for r in rows) / len(rows) if rows else 0.0
