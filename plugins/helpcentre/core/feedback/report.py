"""The writers' report: which pages help, why the others do not, which searches found no good answer, and
how often the contact page's suggestions answered a customer before they wrote (deflection)."""

from __future__ import annotations

import csv
import io
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from .cleaning import for_spreadsheet, for_terminal

Z95 = 1.96


def wilson_lower_bound(positive: int, total: int, z: float = Z95) -> float:
    """The lower end of the 95 % interval of the helpful share: ranks 9/10 below 90/100."""
    if total == 0:
        return 0.0
    share = positive / total
    centre = share + z * z / (2 * total)
    spread = z * math.sqrt(share * (1 - share) / total + z * z / (4 * total * total))
    return (centre - spread) / (1 + z * z / total)


@dataclass
class PageStats:
    page: str
    lang: str
    votes: int = 0
    helpful: int = 0
    reasons: Counter = field(default_factory=Counter)
    comments: list[tuple[str, str]] = field(default_factory=list)  # (ISO time, text), newest first

    @property
    def helpful_share(self) -> float:
        return self.helpful / self.votes if self.votes else 0.0

    @property
    def lower_bound(self) -> float:
        return wilson_lower_bound(self.helpful, self.votes)


@dataclass
class MissStats:
    """One query of one language, however its readers cased and spaced it."""

    query: str
    none: int = 0  # searches that found nothing ("no results")
    weak: int = 0  # searches with results, none a confident answer ("no close match")

    @property
    def total(self) -> int:
        return self.none + self.weak


@dataclass
class DeflectionStats:
    """One language's contact page visits, each event counted at most once a visit (contact-page.js)."""

    lang: str
    typing: int = 0  # visits where the customer started writing
    opened: int = 0  # visits where they opened a suggested article: deflection candidates
    left: int = 0  # visits left without sending after opening one: deflected

    @property
    def rate(self) -> float | None:
        """Deflected ÷ visits with typing; None before anyone typed."""
        return self.left / self.typing if self.typing else None


@dataclass
class Report:
    pages: list[PageStats]  # worst first (lowest Wilson bound)
    misses: dict[str, list[MissStats]]  # lang → its most asked queries, most asked first
    per_day: list[tuple[str, int]]
    deflection: list[DeflectionStats] = field(default_factory=list)  # by language


def _last_changed(vote: dict) -> datetime:
    moment = vote.get("updated_at") or vote["created_at"]
    # SQLite hands back times without a zone (UTC, as stored) next to any written with one by hand
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def build(
    votes: list[dict],
    misses: list[dict],
    contact_events: Sequence[dict] = (),
    comments_per_page: int = 3,
    top_misses: int = 10,
) -> Report:
    """A vote the reader changed is one row holding its latest answer (the receiver updates it in
    place), so it counts once, as what the reader says now; its comment is dated by its last change."""
    stats: dict[tuple[str, str], PageStats] = {}
    days: Counter = Counter()
    for vote in sorted(votes, key=_last_changed, reverse=True):
        entry = stats.setdefault((vote["page"], vote["lang"]), PageStats(vote["page"], vote["lang"]))
        entry.votes += 1
        entry.helpful += bool(vote["helpful"])
        if vote["reason"]:
            entry.reasons[vote["reason"]] += 1
        if vote["comment"] and len(entry.comments) < comments_per_page:
            entry.comments.append((_last_changed(vote).isoformat(timespec="minutes"), vote["comment"]))
        days[vote["created_at"].date().isoformat()] += 1  # the day the reader first answered
    pages = sorted(stats.values(), key=lambda s: (s.lower_bound, -s.votes, s.lang, s.page))
    return Report(
        pages, _misses_by_language(misses, top_misses), sorted(days.items()), _deflection(contact_events)
    )


def _deflection(events: Sequence[dict]) -> list[DeflectionStats]:
    """Counts per language from the stored (day, lang, event, page) counts."""
    by_lang: dict[str, DeflectionStats] = {}
    attribute = {"typing": "typing", "suggestion_opened": "opened", "left_without_sending": "left"}
    for row in events:
        entry = by_lang.setdefault(row["lang"], DeflectionStats(row["lang"]))
        if row["event"] in attribute:
            name = attribute[row["event"]]
            setattr(entry, name, getattr(entry, name) + row["count"])
    return [by_lang[lang] for lang in sorted(by_lang)]


def _misses_by_language(misses: list[dict], top: int) -> dict[str, list[MissStats]]:
    """Per language, the `top` queries asked most often, both kinds together: a query readers ask 40
    times matters whether it found nothing or only weak answers. Ties: more with no results first."""
    by_lang: dict[str, dict[str, MissStats]] = {}
    for miss in misses:
        query = " ".join(miss["query"].casefold().split())
        entry = by_lang.setdefault(miss["lang"], {}).setdefault(query, MissStats(query))
        if miss["kind"] == "weak":
            entry.weak += 1
        else:
            entry.none += 1
    return {
        lang: sorted(queries.values(), key=lambda m: (-m.total, -m.none, m.query))[:top]
        for lang, queries in sorted(by_lang.items())
    }


COLUMNS = ["page", "lang", "votes", "helpful %", "wilson", "top reasons", "latest comment"]
MISS_COLUMNS = ["asked", "no results", "no close match", "query"]  # the table's, below the pages


def _row(s: PageStats) -> list[str]:
    reasons = ", ".join(f"{r} ({n})" for r, n in s.reasons.most_common(3))
    return [
        "/" + s.page,
        s.lang,
        str(s.votes),
        f"{100 * s.helpful_share:.0f}",
        f"{s.lower_bound:.2f}",
        reasons,
        s.comments[0][1] if s.comments else "",
    ]


def as_csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows([for_spreadsheet(cell) for cell in _row(s)] for s in report.pages)
    return out.getvalue()


def as_table(report: Report) -> str:
    # Comments and queries come from anonymous readers: no escape sequence of theirs reaches the terminal.
    rows = [COLUMNS] + [[for_terminal(cell)[:60] for cell in _row(s)] for s in report.pages]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=False)).rstrip() for row in rows]
    for lang, queries in report.misses.items():
        lines += _miss_lines(lang, queries)
    if report.deflection:
        lines += _deflection_lines(report.deflection)
    return "\n".join(lines) + "\n"


DEFLECTION_COLUMNS = ["lang", "typing", "opened a suggestion", "left without sending", "deflection"]


def _deflection_lines(stats: list[DeflectionStats]) -> list[str]:
    rows = [DEFLECTION_COLUMNS] + [
        [for_terminal(s.lang), str(s.typing), str(s.opened), str(s.left), percent(s.rate)] for s in stats
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(DEFLECTION_COLUMNS))]
    lines = ["", "contact page: visits with typing, and those a suggestion answered (deflection):"]
    return lines + [
        "  " + "  ".join(cell.rjust(w) for cell, w in zip(row, widths, strict=True)) for row in rows
    ]


def percent(rate: float | None) -> str:
    return "–" if rate is None else f"{100 * rate:.0f} %"


def _miss_lines(lang: str, queries: list[MissStats]) -> list[str]:
    widths = [len(title) for title in MISS_COLUMNS[:3]]
    lines = ["", f"searches without a good answer ({for_terminal(lang)}), most asked first:"]
    lines.append("  " + "  ".join(MISS_COLUMNS))
    for m in queries:
        counts = "  ".join(str(n).rjust(w) for n, w in zip((m.total, m.none, m.weak), widths, strict=True))
        lines.append(f"  {counts}  {for_terminal(m.query)}")
    return lines
