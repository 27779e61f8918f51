"""`helpcentre translations status --format html`: one self-contained page, for the internal build."""

from __future__ import annotations

from html import escape

from .core import translations

COLOURS = {translations.UP_TO_DATE: "#dff3e4", translations.OUTDATED: "#ffe2c4",
           translations.MISSING: "#f6d5d5", translations.UNTRACKED: "#eeeeee"}


def render_status(rows: list, languages: list[str], default: str, banner: str = "") -> str:
    head = "".join(f"<th>{escape(lang)}</th>" for lang in languages)
    body = "".join(
        f"<tr><td>{escape(row.path)}</td>" + "".join(
            f'<td style="background:{COLOURS[row.states[lang]]}">{escape(row.states[lang])}</td>' for lang in languages)
        + "</tr>" for row in rows)
    totals = "".join(
        f"<li>{escape(lang)}: {_share(rows, lang):.0f} % up to date — "
        + ", ".join(f"{sum(r.states[lang] == s for r in rows)} {escape(s)}" for s in COLOURS) + "</li>"
        for lang in languages)
    top = f'<div class="hc-internal-banner" role="note">{escape(banner)}</div>' if banner else ""
    return ('<!doctype html><html lang="en"><meta charset="utf-8"><meta name="robots" content="noindex, nofollow">'
            "<title>Translation status</title><style>body{font:15px/1.4 system-ui,sans-serif;margin:2rem}"
            "td,th{padding:.25rem .6rem;border-bottom:1px solid #ddd;text-align:left}"
            ".hc-internal-banner{background:#8a1c1c;color:#fff;font-weight:700;padding:.4rem 1rem}</style>" + top +
            f"<h1>Translation status</h1><p>Against the {escape(default)} pages.</p><ul>{totals}</ul>"
            f"<table><tr><th>page</th>{head}</tr>{body}</table></html>\n")


def _share(rows: list, lang: str) -> float:
    return 100 * sum(r.states[lang] == translations.UP_TO_DATE for r in rows) / len(rows) if rows else 0.0
