"""`helpcentre translations status --format html`: one self-contained page, for the internal build."""

from __future__ import annotations

from html import escape

from . import translation_status as translations

# Styles live in a file (assets/helpcentre/status.css): the page works under the recommended
# Content-Security-Policy (style-src 'self', README "Deploying"), which blocks inline styles.
STYLESHEET = "assets/helpcentre/status.css"
STATES = {translations.UP_TO_DATE: "up-to-date", translations.OUTDATED: "outdated",
          translations.MISSING: "missing", translations.UNTRACKED: "untracked"}


def render_status(rows: list, languages: list[str], default: str, banner: str = "") -> str:
    head = "".join(f"<th>{escape(lang)}</th>" for lang in languages)
    body = "".join(
        f"<tr><td>{escape(row.path)}</td>" + "".join(
            f'<td class="hc-status--{STATES[row.states[lang]]}">{escape(row.states[lang])}</td>'
            for lang in languages)
        + "</tr>" for row in rows)
    totals = "".join(
        f"<li>{escape(lang)}: {_share(rows, lang):.0f} % up to date — "
        + ", ".join(f"{sum(r.states[lang] == s for r in rows)} {escape(s)}" for s in STATES) + "</li>"
        for lang in languages)
    top = f'<div class="hc-internal-banner" role="note">{escape(banner)}</div>' if banner else ""
    return ('<!doctype html><html lang="en"><meta charset="utf-8">'
            '<meta name="robots" content="noindex, nofollow">'
            f'<title>Translation status</title><link rel="stylesheet" href="{STYLESHEET}">' + top +
            f"<h1>Translation status</h1><p>Against the {escape(default)} pages.</p><ul>{totals}</ul>"
            f"<table><tr><th>page</th>{head}</tr>{body}</table></html>\n")


def _share(rows: list, lang: str) -> float:
    return 100 * sum(r.states[lang] == translations.UP_TO_DATE for r in rows) / len(rows) if rows else 0.0
