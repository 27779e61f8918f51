"""One reading of Markdown source for every writer check: code fences, headings, attributes."""

import types

from helpcentre.core import agent_templates, faq, links, markdown_lines

BODY = (
    "# Title\r\n\n## Ask? {#asked .faq}\n\nYes.\n\n"
    "  ~~~ yaml\n## Not a heading\n[not a blank](missing.md) [nor a bracket]\n  ~~~\n\n### Last ###\nText.\n"
)


def test_lines_know_their_number_and_whether_they_are_code():
    lines = list(markdown_lines.source_lines(BODY, first_line=5))
    assert [line.number for line in lines] == list(range(5, 5 + 13))
    assert [line.in_code for line in lines] == [False] * 6 + [True] * 4 + [False] * 3


def test_headings_outside_fences_with_their_attributes():
    found = [(h.line, h.level, h.text, h.attributes) for h in markdown_lines.headings(BODY, first_line=5)]
    assert found == [(5, 1, "Title", None), (7, 2, "Ask?", "#asked .faq"), (16, 3, "Last", None)]


def test_every_check_skips_what_is_in_a_fence():
    page = types.SimpleNamespace(lang="en", path="a.md", body=BODY)
    assert links.anchors(page) == {"title", "asked", "last"}
    assert list(links._targets(BODY, 5)) == []
    assert faq.check_source(BODY, 5, "article", "a.md") == []
    meta = types.SimpleNamespace(subject=None, placeholders={"name": "name"})
    assert agent_templates._brackets(meta, BODY, 5, {}) == []
