"""The insights page's content as HTML: templates/helpcentre/insights.html with autoescape on, because
queries and comments are what anonymous readers typed. Charts are inline SVG computed here; the page
loads no script.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent
from markupsafe import Markup

from .. import translation_status as translations
from ..i18n import language_name
from ..render import render
from ..status_report import STATES as STATE_CLASSES
from .model import SPARK_DAYS, Gap, Insights, PageRow

SPARK_BAR, SPARK_HEIGHT = 4, 20  # px per day, px for the busiest day of the query
SHARE_WIDTH = 100  # px of the helpful-share bar
STATE_KEYS = {
    translations.UP_TO_DATE: "up_to_date",
    translations.OUTDATED: "outdated",
    translations.MISSING: "missing",
    translations.UNTRACKED: "untracked",
}
Translate = Callable[..., str]  # (key, **params) → the UI string in the page's language


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float


def sparkline(gap: Gap) -> list[Bar]:
    """One bar per day, the busiest day of this query full height; a day without searches has none."""
    most = max(gap.per_day, default=0) or 1
    bars = []
    for day, count in enumerate(gap.per_day):
        height = round(SPARK_HEIGHT * count / most, 1)
        if count:
            bars.append(Bar(day * SPARK_BAR, SPARK_HEIGHT - height, SPARK_BAR - 1, height))
    return bars


def status_bars(counts: tuple[tuple[str, int], ...], pages: int, width: int = 300) -> list[tuple[str, Bar]]:
    """A stacked bar of translation states: (state class, bar) in the order of the counts."""
    bars, x = [], 0.0
    for state, count in counts:
        if count:
            share = width * count / pages
            bars.append((STATE_CLASSES[state], Bar(round(x, 1), 0, round(share, 1), 14)))
            x += share
    return bars


def render_page(
    insights: Insights,
    lang: str,
    t: Translate,
    reason_label: Callable[[str], str],
    page_url: str,
    example_db: str = "sqlite:////srv/feedback/feedback.sqlite3",
) -> Markup:
    """The page in `lang` (the site's default language). `page_url` is the page's own site-relative
    URL: links to articles are made relative to it."""
    return Markup(
        render(
            "helpcentre/insights.html",
            insights=insights,
            t=t,
            reason_label=reason_label,
            page_url=page_url,
            language_name=language_name,
            number=lambda n: format_decimal(n, locale=lang),
            percent=lambda share: format_percent(share, locale=lang),
            bound=lambda value: format_decimal(round(value, 2), format="0.00", locale=lang),
            day=lambda moment: _day(moment, lang),
            sparkline=sparkline,
            status_bars=status_bars,
            state_keys=STATE_KEYS,
            state_classes=STATE_CLASSES,
            share_width=SHARE_WIDTH,
            spark_width=SPARK_BAR * SPARK_DAYS,
            spark_height=SPARK_HEIGHT,
            example_db=example_db,
            row_share=_row_share,
        )
    )


def _row_share(row: PageRow) -> tuple[float, float]:
    """Widths of the helpful-share bar and of its Wilson lower bound, in px."""
    return round(SHARE_WIDTH * row.helpful_share, 1), round(SHARE_WIDTH * row.lower_bound, 1)


def _day(moment: datetime, lang: str) -> str:
    return format_date(moment, format="medium", locale=lang)
