"""Front-matter values reach MkDocs' and Material's templates as text, not markup.

MkDocs renders templates with Jinja autoescape off, and Material prints `page.title`,
`page.meta.title`, `page.meta.description`, nav titles and `config.site_name` as they are. Turning
autoescape on would escape `page.content` and the table of contents, which are HTML. Instead, values
that are text are marked where they enter MkDocs (`Text`, a `str` that Python code uses as it is),
and the Jinja environment escapes marked values when it prints them (`finalize`). A template that
escapes a value itself (`| e`) gets Markup back, which is not escaped again: no double escaping.

What is not marked stays as MkDocs hands it over: page bodies (the writer's Markdown and raw HTML,
trusted by design), the table of contents (built from the body), `config.copyright` (HTML by
Material's definition).
"""

from __future__ import annotations

from jinja2 import Environment
from jinja2.filters import do_striptags
from markupsafe import Markup, escape

META_TEXT = ("title", "description", "author", "subtitle")  # front matter Material may print
CONFIG_TEXT = ("site_name", "site_description", "site_author")


class Text(str):
    """Text from content or configuration: printed by a template, it is escaped."""

    __slots__ = ()


def text(value):
    return Text(value) if isinstance(value, str) and not isinstance(value, (Text, Markup)) else value


def finalize(value):
    return escape(value) if isinstance(value, Text) else value


def striptags(value):
    # Jinja's striptags un-escapes entities (Markup.striptags): "&lt;b&gt;" would come out as a tag.
    # Text has no tags: it only needs its spaces collapsed, and escaping.
    return escape(Text(" ".join(value.split()))) if isinstance(value, Text) else do_striptags(value)


def install(env: Environment) -> None:
    """Called on every new environment (static-i18n makes one per language), before any template loads."""
    env.finalize = finalize
    env.filters["striptags"] = striptags


def mark_config(config) -> None:
    for key in CONFIG_TEXT:
        if isinstance(config.get(key), str):
            config[key] = text(config[key])


def unmark_config(config) -> None:
    """static-i18n applies a language's `site_name` only over a value whose type is exactly `str`
    (it warns "Unknown config override" otherwise): hand it plain strings before each language."""
    for key in CONFIG_TEXT:
        if isinstance(config.get(key), Text):
            config[key] = str(config[key])


def mark_page(page) -> None:
    """After rendering: the title is final (front matter, else the body's first heading)."""
    for key in META_TEXT:
        if key in page.meta:
            page.meta[key] = text(page.meta[key])
    if isinstance(page.title, str):
        page.title = text(page.title)


def mark_nav(items) -> None:
    for item in items:
        if getattr(item, "is_page", False):
            continue  # a page's title is marked with the page (it is not read yet)
        if isinstance(item.title, str):
            item.title = text(item.title)
        mark_nav(getattr(item, "children", None) or [])
