"""The content model: languages, fallbacks, categories, URLs and whole-site checks."""

from pathlib import Path

import pytest

from helpcentre.core import catalog
from helpcentre.core.errors import ContentError


def write(root: Path, path: str, front: str, body: str = "Text.") -> None:
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(f"---\n{front}\n---\n{body}\n", encoding="utf-8")


@pytest.fixture
def docs(tmp_path) -> Path:
    write(tmp_path, "en/index.md", "title: Home\ndescription: d")
    write(tmp_path, "et/index.md", "title: Avaleht\ndescription: d")
    write(tmp_path, "en/billing/index.md", "title: Billing\ndescription: d\norder: 2")
    write(tmp_path, "en/account/index.md", "title: Account\ndescription: d\norder: 1")
    write(tmp_path, "et/billing/index.md", "title: Arveldus\ndescription: d")
    write(tmp_path, "en/billing/refunds.md", "title: Refunds\ndescription: d\nfeatured: true", "word " * 450)
    write(tmp_path, "et/billing/refunds.md", "title: Tagasimaksed\ndescription: d")
    write(
        tmp_path,
        "en/billing/invoices.md",
        "title: Invoices\ndescription: d\ntype: faq",
        "## When is the invoice sent?\nOn the first day of the month.",
    )
    write(tmp_path, "en/account/login.md", "title: Log in\ndescription: d")
    write(tmp_path, "en/internal/macro.md", "title: Macro\ndescription: d\ntype: template\nchannel: chat")
    return tmp_path


def test_fallback_and_translation_resolution(docs):
    cat, warnings = catalog.load(docs, ["en", "et"], "en")
    assert warnings == []
    assert cat.resolve("et", "billing/refunds.md").lang == "et"
    assert cat.resolve("et", "billing/invoices.md").lang == "en"  # fallback
    assert set(cat.translations("billing/refunds.md")) == {"en", "et"}
    assert set(cat.translations("billing/invoices.md")) == {"en"}


def test_urls_put_the_default_language_at_the_root(docs):
    cat, _ = catalog.load(docs, ["en", "et"], "en")
    assert cat.url("en", "index.md") == ""
    assert cat.url("et", "index.md") == "et/"
    assert cat.url("et", "billing/index.md") == "et/billing/"
    assert cat.url("en", "billing/refunds.md") == "billing/refunds/"
    flat = catalog.Catalog(["en", "et"], "en", use_directory_urls=False)
    assert flat.url("et", "billing/refunds.md") == "et/billing/refunds.html"


def test_categories_are_ordered_and_count_fallbacks_but_not_internal_pages(docs):
    cat, _ = catalog.load(docs, ["en", "et"], "en")
    categories = cat.categories("et")
    assert [c.index.meta.title for c in categories] == ["Account", "Arveldus"]
    billing = categories[1]
    assert [(p.meta.title, p.lang) for p in billing.articles] == [("Invoices", "en"), ("Tagasimaksed", "et")]
    assert all(not p.internal for c in categories for p in c.articles)
    assert cat.source("en", "internal/macro.md").internal
    assert cat.get("en", "internal/macro.md") is None  # the public build does not show it


def test_reading_time_and_kinds(docs):
    cat, _ = catalog.load(docs, ["en", "et"], "en")
    assert cat.get("en", "billing/refunds.md").reading_minutes == 2  # 450 words at 200 a minute
    assert cat.get("en", "index.md").kind == "home"
    assert cat.get("en", "billing/index.md").kind == "category"
    assert cat.get("en", "billing/invoices.md").kind == "faq"
    assert [p.meta.title for p in cat.featured("en")] == ["Refunds"]
    assert cat.featured("et") == []  # featuring is each language's own choice


def test_duplicate_slug_names_both_files(docs):
    write(docs, "en/billing/refunds/index.md", "title: Again\ndescription: d")
    with pytest.raises(ContentError) as caught:
        catalog.load(docs, ["en", "et"], "en", root=docs)
    [problem] = caught.value.problems
    assert problem.path == "en/billing/refunds/index.md" and problem.line == 1
    assert "duplicate slug" in problem.message and "en/billing/refunds.md" in problem.message


def test_empty_article_body_is_an_error_on_the_body_line(docs):
    write(docs, "en/billing/blank.md", "title: Blank\ndescription: d", "")
    with pytest.raises(ContentError) as caught:
        catalog.load(docs, ["en", "et"], "en", root=docs)
    [problem] = caught.value.problems
    assert problem.path == "en/billing/blank.md" and problem.line == 5
    assert "no text" in problem.message


def test_all_errors_of_all_files_are_reported_together(docs):
    write(docs, "en/billing/a.md", "description: d")
    write(docs, "et/billing/b.md", "title: B")
    with pytest.raises(ContentError) as caught:
        catalog.load(docs, ["en", "et"], "en", root=docs)
    assert [p.path for p in caught.value.problems] == ["en/billing/a.md", "et/billing/b.md"]


def test_unclean_slug_is_a_warning(docs):
    write(docs, "en/billing/Refund Policy.md", "title: Policy\ndescription: d")
    _, warnings = catalog.load(docs, ["en", "et"], "en")
    assert [w.severity for w in warnings] == ["warning"] and "slug" in warnings[0].message
