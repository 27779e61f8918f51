"""HTML the core writes itself (related cards, reports), rendered from the package's Jinja templates.

The pages MkDocs renders include the same partials (templates/helpcentre/card.html), so a card looks
the same wherever it is. Unlike MkDocs' environment this one escapes by default (autoescape): what
reaches it is text, from writers and readers.
"""

from __future__ import annotations

import posixpath
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"  # the theme folder the adapter installs


def render(name: str, **context) -> str:
    """`name` relative to the templates folder, e.g. 'helpcentre/related.html'. `page_url` in the context
    (site-relative) makes `| url` links relative to that page, as MkDocs' own `url` filter does."""
    return _environment().get_template(name).render(**context)


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["url"] = _relative_url
    return env


@pass_context
def _relative_url(context, url: str) -> str:
    """A site-relative URL ('fi/billing/refunds/') as seen from the page being written."""
    here = context.get("page_url", "")
    base = here if here.endswith("/") or not here else posixpath.dirname(here) + "/"
    relative = posixpath.relpath(url or ".", base or ".")
    return relative + "/" if url.endswith("/") or not url else relative
