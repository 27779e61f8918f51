"""What the templates print comes from the view model, not from re-reading MkDocs' output: the
heading is the catalog's title, FAQ tools follow the questions the build found, and cards have one
markup wherever they appear (the home page, and the related articles written after indexing)."""

from pages import page, text

MKDOCS_NAV = """\
nav:
  - Home: index.md
  - Money:
      - Billing: billing/index.md
      - A nav label, not the title: billing/refunds.md
"""


def build_ok(project):
    result = project.build()
    assert result.returncode == 0, result.stderr
    return project.root / "site"


def billing(project):
    project.page("en/billing/index.md", "title: Billing\ndescription: Money matters")


def test_faq_tools_come_with_questions_not_with_the_words_data_hc_faq(project):
    billing(project)
    project.page(
        "en/billing/markup.md",
        "title: Markup\ndescription: About the markup",
        "The accordion is found by `data-hc-faq`, as in `<div data-hc-faq>`.",
    )
    project.page(
        "en/billing/refunds.md",
        "title: Refunds\ndescription: How refunds work",
        "Intro.\n\n## Questions {.faq}\n\n### Can I get a refund?\n\nYes.\n",
    )
    site = build_ok(project)
    assert not page(site, "billing/markup/").xpath("//template[@id='hc-faq-tools']")
    assert page(site, "billing/refunds/").xpath("//template[@id='hc-faq-tools']")


def test_the_heading_is_the_front_matter_title_whatever_nav_calls_the_page(project):
    (project.root / "mkdocs.yml").write_text((project.root / "mkdocs.yml").read_text() + MKDOCS_NAV)
    billing(project)
    project.page("en/billing/refunds.md", "title: Refunds\ndescription: How refunds work")
    doc = page(build_ok(project), "billing/refunds/")
    assert [text(h) for h in doc.xpath("//div[@class='hc-article']/h1")] == ["Refunds"]
    assert text(doc.xpath("//nav[@class='hc-breadcrumbs']//li[@aria-current='page']")[0]) == "Refunds"


def card_shape(card) -> list[tuple]:
    """Elements, classes and attribute names of a card, tags left out (only articles have them)."""
    return [(e.tag, e.get("class"), sorted(e.attrib)) for e in card.iter() if e.get("class") != "hc-tag"]


def test_related_cards_are_the_home_pages_cards(demo_site):
    home = page(demo_site, "fi/").xpath("//li[@class='hc-card']")[0]
    related = page(demo_site, "fi/good-service/what-is-good-customer-service/").xpath(
        "//section[@class='hc-related']//li[@class='hc-card']"
    )
    assert related and all(card_shape(card) == card_shape(home) for card in related)


def test_related_cards_link_to_the_pages_without_directory_urls(project):
    (project.root / "mkdocs.yml").write_text(
        (project.root / "mkdocs.yml").read_text() + "use_directory_urls: false\n"
    )
    billing(project)
    text_of = "Refunds are paid back to the card within five days of the refund request. "
    for name in ("refunds", "refund-delays", "refund-methods"):
        project.page(f"en/billing/{name}.md", f"title: {name}\ndescription: About {name}", text_of * 5)
    site = build_ok(project)
    hrefs = page(site, "billing/refunds.html").xpath("//section[@class='hc-related']//a/@href")
    assert hrefs and all((site / "billing" / href).is_file() for href in hrefs), hrefs
