"""The report as one self-contained HTML file: no scripts, no external requests, all user text escaped."""

from __future__ import annotations

from html import escape

from .report import Report

STYLE = """body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;color:#1b1b1f}
table{border-collapse:collapse;width:100%;margin:1rem 0}th,td{border-bottom:1px solid #ddd;padding:.35rem .5rem;
text-align:left;vertical-align:top}td.n{text-align:right;font-variant-numeric:tabular-nums}
svg text{font:12px system-ui,sans-serif}blockquote{margin:.2rem 0;color:#444}h2{margin-top:2rem}"""


def render(report: Report, title: str = "Help centre feedback") -> str:
    return (f'<!doctype html><html lang="en"><meta charset="utf-8"><title>{escape(title)}</title>'
            f'<meta name="robots" content="noindex"><style>{STYLE}</style><h1>{escape(title)}</h1>'
            + _share_chart(report) + _per_day_chart(report) + _pages_table(report) + _misses(report) + "</html>\n")


def _share_chart(report: Report) -> str:
    rows = report.pages[:30]
    if not rows:
        return "<p>No votes yet.</p>"
    height = 22 * len(rows) + 10
    bars = []
    for i, s in enumerate(rows):
        y, width = 5 + 22 * i, 4 * round(100 * s.helpful_share)
        label = escape(f"/{s.page} ({s.lang})")
        bars.append(f'<text x="0" y="{y + 14}">{label}</text><rect x="330" y="{y}" width="{width}" height="16" '
                    f'fill="#3f51b5"><title>{label}: {100 * s.helpful_share:.0f} % of {s.votes}</title></rect>'
                    f'<text x="{336 + width}" y="{y + 14}">{100 * s.helpful_share:.0f} % · {s.votes}</text>')
    return (f'<h2>Helpful share by page (lowest confidence first)</h2><svg role="img" aria-label="Helpful share by page" '
            f'width="820" height="{height}">{"".join(bars)}</svg>')


def _per_day_chart(report: Report) -> str:
    days = report.per_day[-60:]
    if not days:
        return ""
    top = max(n for _, n in days)
    bars = "".join(f'<rect x="{12 * i}" y="{120 - 110 * n / top:.1f}" width="10" height="{110 * n / top:.1f}" '
                   f'fill="#7986cb"><title>{escape(day)}: {n}</title></rect>' for i, (day, n) in enumerate(days))
    return (f'<h2>Votes per day</h2><svg role="img" aria-label="Votes per day" width="{12 * len(days)}" height="125">'
            f'{bars}</svg><p>{escape(days[0][0])} – {escape(days[-1][0])}, at most {top} a day</p>')


def _pages_table(report: Report) -> str:
    rows = []
    for s in report.pages:
        reasons = ", ".join(f"{escape(r)} ({n})" for r, n in s.reasons.most_common(3))
        comments = "".join(f"<blockquote>{escape(text)} <small>{escape(when)}</small></blockquote>"
                           for when, text in s.comments)
        rows.append(f"<tr><td>/{escape(s.page)}</td><td>{escape(s.lang)}</td><td class=n>{s.votes}</td>"
                    f"<td class=n>{100 * s.helpful_share:.0f} %</td><td class=n>{s.lower_bound:.2f}</td>"
                    f"<td>{reasons}</td><td>{comments}</td></tr>")
    return ("<h2>Pages</h2><table><tr><th>page</th><th>lang</th><th>votes</th><th>helpful</th>"
            "<th>Wilson lower bound</th><th>top reasons</th><th>latest comments</th></tr>" + "".join(rows) + "</table>")


def _misses(report: Report) -> str:
    parts = ["<h2>Searches that found nothing</h2>"]
    for lang, queries in report.misses.items():
        items = "".join(f"<tr><td>{escape(q)}</td><td class=n>{n}</td></tr>" for q, n in queries)
        parts.append(f"<h3>{escape(lang)}</h3><table><tr><th>query</th><th>times</th></tr>{items}</table>")
    return "".join(parts) if report.misses else parts[0] + "<p>None recorded.</p>"
