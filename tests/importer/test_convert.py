"""HTML → Markdown for imports (core/importer/convert.py): the Markdown is rendered with python-markdown
and the project's extensions, and the HTML that comes out is what is asserted on."""

from __future__ import annotations

import markdown
import pytest

from helpcentre.core.importer.convert import Link, Options, to_markdown
from helpcentre.core.importer.report import Note

EXTENSIONS = ["tables", "admonition", "pymdownx.superfences"]


def rendered(source: str, **resolvers) -> tuple[str, list[Note]]:
    converted = to_markdown(source, Options(), **resolvers)
    return markdown.markdown(converted.markdown, extensions=EXTENSIONS), converted.notes


@pytest.mark.parametrize(
    "text",
    [
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "&lt;img src=x onerror=alert(1)&gt;",
        "[x](javascript:alert(1))",
    ],
)
def test_text_that_looks_like_markup_stays_text(text):
    html, _ = rendered(f"<p>{text}</p>")
    assert "<script" not in html and "<img" not in html and "<a " not in html


def test_kept_html_is_rebuilt_from_an_allowlist():
    html, notes = rendered(
        '<iframe src="https://video.example/x" onload="steal()" style="x"></iframe>'
        '<table><tr><td colspan="2" onclick="x()"><a href="javascript:alert(1)">bad</a></td></tr></table>'
        "<script>bad()</script>"
    )
    assert '<iframe src="https://video.example/x"></iframe>' in html
    assert (
        "onload" not in html and "onclick" not in html and "javascript:" not in html and "bad()" not in html
    )
    assert {"embedded", "table-kept-as-html", "removed"} <= {note.kind for note in notes}


def test_headings_shift_so_the_page_title_is_the_only_h1():
    html, _ = rendered("<h1>Top</h1><h3>Deep</h3>")
    assert "<h2>Top</h2>" in html and "<h4>Deep</h4>" in html


def test_without_the_projects_extensions_tables_stay_html_and_code_is_indented():
    options = Options(tables=False, admonitions=False, fenced_code=False)
    converted = to_markdown(
        '<table><tr><th>A</th></tr><tr><td>1</td></tr></table><pre>x = 1</pre><div class="note">Hi</div>',
        options,
    )
    assert "<table><tr><th>A</th></tr>" in converted.markdown and "    x = 1" in converted.markdown
    assert "> Hi" in converted.markdown and "!!!" not in converted.markdown


def test_links_and_images_go_through_the_resolvers():
    html, notes = rendered(
        '<p><a href="/hc/articles/1">one</a> <img src="/a.png" alt=""></p>',
        resolve_link=lambda href: Link("one.md"),
        resolve_image=lambda src: Link(None, Note("image", "gone")),
    )
    assert '<a href="one.md">one</a>' in html and "<img" not in html
    assert {"image", "image-without-alt"} <= {note.kind for note in notes}


@pytest.mark.parametrize(
    "href",
    ["https://x.org/a>)<script>alert(1)</script>", "javascript:alert(1)", " JAVASCRIPT:alert(1)",
     "java&#10;script:alert(1)", "data:text/html,<script>alert(1)</script>"],
)  # fmt: skip
def test_a_link_target_cannot_break_out_or_run_script(href):
    html, _ = rendered(f'<p><a href="{href}">t</a> <img src="{href}" alt="i"></p>')
    assert "<script" not in html and "javascript:" not in html.lower() and "data:" not in html
