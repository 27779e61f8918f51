"""Which languages a `mkdocs serve` rebuild renders (core/incremental.py)."""

from __future__ import annotations

import os

from helpcentre.core.incremental import Snapshot, languages_to_render, pages_to_render, take

LANGUAGES = ["en", "et", "fi"]
BEFORE = Snapshot({"en/a.md": (1, 10), "et/a.md": (1, 10), "fi/b.md": (1, 10)}, {"/p/mkdocs.yml": (1, 5)})


def _after(docs=None, others=None) -> Snapshot:
    return Snapshot({**BEFORE.docs, **(docs or {})}, {**BEFORE.others, **(others or {})})


def test_a_translation_edit_renders_its_language_and_the_default():
    assert languages_to_render(BEFORE, _after({"et/a.md": (2, 11)}), LANGUAGES, "en") == {"en", "et"}


def test_nothing_changed_renders_only_the_default_language():
    assert languages_to_render(BEFORE, _after(), LANGUAGES, "en") == {"en"}


def test_what_can_change_every_language_renders_them_all():
    everything = set(LANGUAGES)
    assert languages_to_render(None, BEFORE, LANGUAGES, "en") == everything  # the first build
    assert (
        languages_to_render(BEFORE, _after({"en/a.md": (2, 10)}), LANGUAGES, "en") == everything
    )  # a source
    assert (
        languages_to_render(BEFORE, _after({"fi/new.md": (1, 1)}), LANGUAGES, "en") == everything
    )  # a new page
    assert languages_to_render(BEFORE, _after({"logo.png": (1, 1)}), LANGUAGES, "en") == everything
    assert (
        languages_to_render(BEFORE, _after(others={"/p/mkdocs.yml": (2, 5)}), LANGUAGES, "en") == everything
    )


def test_a_snapshot_sees_a_rewrite_of_the_same_size(tmp_path):
    page = tmp_path / "docs" / "et" / "a.md"
    page.parent.mkdir(parents=True)
    page.write_text("one", encoding="utf-8")
    before = take(tmp_path / "docs", [tmp_path / "missing.yml"])
    page.write_text("two", encoding="utf-8")
    os.utime(page, ns=(before.docs["et/a.md"][0] + 1, before.docs["et/a.md"][0] + 1))
    after = take(tmp_path / "docs", [tmp_path / "missing.yml"])
    assert set(after.docs) == {"et/a.md"} and after.others == {}
    assert languages_to_render(before, after, LANGUAGES, "en") == {"en", "et"}


def _pages(after: Snapshot, listed=lambda lang, path: False):
    return pages_to_render(BEFORE, after, LANGUAGES, "en", listed)


def test_a_translation_edit_renders_that_page_alone():
    assert _pages(_after({"et/a.md": (2, 11)})) == {"en": set(), "et": {"a.md"}, "fi": set()}


def test_a_source_edit_renders_that_page_in_every_language():
    assert _pages(_after({"en/a.md": (2, 11)})) == {"en": {"a.md"}, "et": {"a.md"}, "fi": {"a.md"}}


def test_a_change_to_what_listings_show_renders_the_pages_that_list_it():
    listed = {"et": {"a.md"}}
    fi_article = Snapshot({**BEFORE.docs, "fi/billing/b.md": (1, 1)}, BEFORE.others)
    after = Snapshot({**fi_article.docs, "fi/billing/b.md": (2, 2)}, BEFORE.others)
    assert pages_to_render(fi_article, after, LANGUAGES, "en", lambda lang, path: True)["fi"] == {
        "billing/b.md",
        "billing/index.md",
        "index.md",
    }
    assert _pages(_after({"et/a.md": (2, 11)}), lambda lang, path: path in listed[lang])["et"] == {
        "a.md",
        "index.md",
    }


def test_what_single_pages_cannot_answer_is_left_to_whole_languages():
    assert pages_to_render(None, BEFORE, LANGUAGES, "en", lambda lang, path: False) is None  # the first build
    assert _pages(_after({"fi/new.md": (1, 1)})) is None  # a new page
    with_picture = Snapshot({**BEFORE.docs, "fi/picture.png": (1, 1)}, BEFORE.others)
    edited = Snapshot({**with_picture.docs, "fi/picture.png": (2, 1)}, BEFORE.others)
    assert pages_to_render(with_picture, edited, LANGUAGES, "en", lambda lang, path: False) is None
    assert _pages(_after({"logo.png": (2, 1)})) is None  # outside the language folders
    assert _pages(_after(others={"/p/mkdocs.yml": (2, 5)})) is None
