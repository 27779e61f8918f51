"""The insights page's data rules, without a build: edit links as MkDocs makes them, masked addresses,
the `helpcentre new` command, trends and the Wilson bound's floor."""

from __future__ import annotations

import shlex
from datetime import UTC, datetime

from helpcentre.core.insights import model
from helpcentre.core.insights.model import Gap, PageRow, edit_link, new_article_command, redact


def test_edit_links_follow_mkdocs_rules():
    assert edit_link("https://github.com/o/r", "edit/main/docs/", None)("fi/a.md") == (
        "https://github.com/o/r/edit/main/docs/fi/a.md"
    )
    template = edit_link("https://git.example.org/r/", None, "src/{path_noext}.md?plain=1")
    assert template("en/billing/refunds.md") == "https://git.example.org/r/src/en/billing/refunds.md?plain=1"
    assert edit_link("https://github.com/o/r", "", None)("fi/a.md") == ""  # edit_uri unset: no link
    assert edit_link(None, "edit/main/docs/", None)("fi/a.md") == ""  # relative: no usable link
    assert edit_link(None, "https://cms.example/edit/", None)("fi/a.md") == "https://cms.example/edit/fi/a.md"


def test_any_word_with_an_at_sign_is_masked():
    assert redact("write to bob@example.com or <alice@x.org>, thanks") == "write to […@…] or […@…] thanks"
    assert redact("fullwidth bob＠example.com") == "fullwidth […@…]"
    assert redact("no address here") == "no address here"


def test_the_command_is_quoted_for_the_shell_and_always_has_a_slug():
    command = new_article_command("it's $(rm -rf ~) `x`", "fi")
    words = shlex.split(command)
    assert words == [
        "helpcentre",
        "new",
        "article",
        "--lang",
        "fi",
        "--title",
        "It's $(rm -rf ~) `x`",
        "--slug",
        "it-s-rm-rf-x",
    ]
    cyrillic = shlex.split(new_article_command("счёт", "lt"))
    assert cyrillic[-1].startswith("article-") and len(cyrillic[-1]) == len("article-") + 8
    long = shlex.split(new_article_command("word " * 40, "en"))[-1]
    assert len(long) <= model.SLUG_LENGTH and not long.endswith("-")


def test_trends_compare_the_last_seven_days_with_the_seven_before():
    def gap(this, last):
        return Gap("q", 1, 0, datetime.now(UTC), this, last, (0,) * model.SPARK_DAYS, "")

    assert [gap(3, 0).trend, gap(3, 1).trend, gap(1, 3).trend, gap(2, 2).trend, gap(0, 0).trend] == [
        "new",
        "up",
        "down",
        "flat",
        "flat",
    ]


def test_the_wilson_bound_is_never_below_zero():
    row = PageRow("a/", "A", "", "", 20, 0, (), ())
    assert row.lower_bound == 0.0 and str(row.lower_bound) == "0.0"
