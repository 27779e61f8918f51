"""The report as one self-contained HTML file: no scripts, no external requests, all user text escaped.

The markup is templates/helpcentre/reports/feedback.html (autoescape on); here are the chart's numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..render import render as render_template
from .report import Report, percent

STYLE = """body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;
color:#1b1b1f}table{border-collapse:collapse;width:100%;margin:1rem 0}
th,td{border-bottom:1px solid #ddd;padding:.35rem .5rem;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}
svg text{font:12px system-ui,sans-serif}blockquote{margin:.2rem 0;color:#444}h2{margin-top:2rem}"""
CHART_PAGES, CHART_DAYS = 30, 60


@dataclass
class ShareBar:
    y: int
    width: int  # 4 px per percent
    label: str
    percent: str
    votes: int


@dataclass
class DayBar:
    day: str
    votes: int
    height: float  # of 110 px for the busiest day


def render(report: Report, title: str = "Help centre feedback") -> str:
    days = report.per_day[-CHART_DAYS:]
    most = max((n for _, n in days), default=0)
    return render_template(
        "helpcentre/reports/feedback.html",
        report=report,
        title=title,
        style=Markup(STYLE),
        bars=_share_bars(report),
        days=[DayBar(day, n, 110 * n / most) for day, n in days],
        most_in_a_day=most,
        percent=percent,
    )


def _share_bars(report: Report) -> list[ShareBar]:
    return [
        ShareBar(
            5 + 22 * i,
            4 * round(100 * s.helpful_share),
            f"/{s.page} ({s.lang})",
            f"{100 * s.helpful_share:.0f}",
            s.votes,
        )
        for i, s in enumerate(report.pages[:CHART_PAGES])
    ]
