"""The writers' report: which pages help, why the others do not, and what searches found nothing."""

from __future__ import annotations

import csv
import io
import math
from collections import Counter
from dataclasses import dataclass, field

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
class Report:
    pages: list[PageStats]  # worst first (lowest Wilson bound)
    misses: dict[str, list[tuple[str, int]]]  # lang → (query, times), most frequent first
    per_day: list[tuple[str, int]]


def build(votes: list[dict], misses: list[dict], comments_per_page: int = 3, top_misses: int = 10) -> Report:
    stats: dict[tuple[str, str], PageStats] = {}
    days: Counter = Counter()
    for vote in sorted(votes, key=lambda v: v["created_at"], reverse=True):
        entry = stats.setdefault((vote["page"], vote["lang"]), PageStats(vote["page"], vote["lang"]))
        entry.votes += 1
        entry.helpful += bool(vote["helpful"])
        if vote["reason"]:
            entry.reasons[vote["reason"]] += 1
        if vote["comment"] and len(entry.comments) < comments_per_page:
            entry.comments.append((vote["created_at"].isoformat(timespec="minutes"), vote["comment"]))
        days[vote["created_at"].date().isoformat()] += 1
    by_lang: dict[str, Counter] = {}
    for miss in misses:
        by_lang.setdefault(miss["lang"], Counter())[" ".join(miss["query"].casefold().split())] += 1
    pages = sorted(stats.values(), key=lambda s: (s.lower_bound, -s.votes, s.lang, s.page))
    return Report(
        pages, {lang: c.most_common(top_misses) for lang, c in sorted(by_lang.items())}, sorted(days.items())
    )


COLUMNS = ["page", "lang", "votes", "helpful %", "wilson", "top reasons", "latest comment"]


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
        lines += ["", f"searches without results ({for_terminal(lang)}):"]
        lines += [f"  {times:4}  {for_terminal(query)}" for query, times in queries]
    return "\n".join(lines) + "\n"
