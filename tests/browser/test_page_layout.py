"""Every page type × language × screen width in Chromium (issue 20, bullet 4): no horizontal overflow, no
clipped text, no clipped placeholder, one search box in view on phones; full-page screenshots go to
test-artifacts/layout/ (gitignored; HELPCENTRE_TEST_ARTIFACTS moves them) for a person to look at.

One browser, one tab per width, reused for every page: 8 page types × 5 languages × 4 widths = 160 loads,
the template page of the agents' build (20) and a project of long words (16).
What counts as clipped, and what is left out on purpose, is in LAYOUT_PROBLEMS below."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import LANGUAGES, MINIMAL_CONFIG, ROOT, Project, serve

ARTIFACTS = Path(os.environ.get("HELPCENTRE_TEST_ARTIFACTS", ROOT / "test-artifacts")) / "layout"
# 360 and 390: small and common phones (the 360×740 and 390×844); 768: a tablet; 1366: a laptop.
WIDTHS = {360: 740, 390: 844, 768: 1024, 1366: 768}
PHONE = 44.9375 * 16  # Material's (and helpcentre.css's) phone breakpoint, in CSS pixels
SEARCH_QUERY = {
    "en": "callback",
    "et": "tagasihelist",
    "fi": "takaisinsoitto",
    "lt": "skambučių",
    "sl": "klicateljem",
}
PUBLIC_PAGES = {
    "home": "",
    "category": "call-centre/",
    "article": "call-centre/pausing-calls-during-peak-hours/",
    "faq": "call-centre/call-centre-faq/",
    "untranslated": "call-centre/holiday-opening-hours/",  # English text with its notice in four languages
    "search": "search/?q={query}",
    "contact": "contact/",
    "404": "404.html",
}
INTERNAL_PAGES = {"template": "internal/call-closing-a-ticket/"}

# Returns a list of problems, each a sentence a person can act on. An element is *clipped* when its content is
# wider than its box (scrollWidth > clientWidth, 1 px of rounding allowed) and either
#   - its overflow is hidden or clip: the rest is cut off (Material's ellipsis titles, "Northd…"), or
#   - its overflow is visible and its *own* text sticks out of its box: a long word running over a card's
#     edge.
#     (Overflow that comes from a child element is that child's problem, reported on the child; positioned
#     pop-ups such as the closed language menu are children that overflow on purpose.)
# Left out, because they are not text a reader is meant to see there:
#   - elements that are not rendered (no boxes), have visibility hidden or an opacity of 0 (Material's second
#     header title before the reader scrolls, the closed language menu);
#   - visually hidden labels (1×1 px boxes clipped to nothing: read by screen readers, seen by nobody);
#   - elements that scroll sideways on purpose (overflow-x auto or scroll: code blocks, wide tables in
#     Material's scroll wrapper, the sidebar): their content is reachable by scrolling them.
# A placeholder is clipped when its text, measured in the input's font, is wider than the input's content box.
LAYOUT_PROBLEMS = """() => {
  const problems = [];
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth) {
    problems.push(`the page scrolls sideways: ${root.scrollWidth}px of content in ${root.clientWidth}px`);
  }
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    [...el.classList].slice(0, 2).map((c) => '.' + c).join('');
  const shown = (el) => {
    for (let node = el; node && node !== root; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.visibility === 'hidden' || style.opacity === '0') return false;
    }
    return el.getClientRects().length > 0;
  };
  const visuallyHidden = (el) => el.offsetWidth <= 1 || el.offsetHeight <= 1;
  const ownTextRight = (el) => {
    let right = -Infinity;
    for (const child of el.childNodes) {
      if (child.nodeType !== Node.TEXT_NODE || !child.textContent.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(child);
      for (const rect of range.getClientRects()) right = Math.max(right, rect.right);
    }
    return right;
  };
  for (const el of document.body.querySelectorAll('*')) {
    if (el.scrollWidth <= el.clientWidth + 1 || el.clientWidth === 0) continue;
    const style = getComputedStyle(el);
    if (['auto', 'scroll'].includes(style.overflowX) || visuallyHidden(el) || !shown(el)) continue;
    const text = JSON.stringify(el.textContent.trim().replace(/\\s+/g, ' ').slice(0, 60));
    if (style.overflowX === 'hidden' || style.overflowX === 'clip') {
      problems.push(`${name(el)} cuts off its content (${el.scrollWidth}px in ${el.clientWidth}px): ${text}`);
    } else {
      const box = el.getBoundingClientRect();
      const edge = box.left + el.clientLeft + el.clientWidth;
      if (ownTextRight(el) > edge + 1) problems.push(`${name(el)}'s text runs out of its box: ${text}`);
    }
  }
  const canvas = document.createElement('canvas').getContext('2d');
  for (const input of document.querySelectorAll('input[placeholder]')) {
    if (input.value || !shown(input) || visuallyHidden(input)) continue;
    if (getComputedStyle(input, '::placeholder').color === 'rgba(0, 0, 0, 0)') continue;
    const style = getComputedStyle(input);
    canvas.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const needed = canvas.measureText(input.placeholder).width;
    if (needed > room + 1) {
      const sizes = `${Math.ceil(needed)}px of text in ${Math.floor(room)}px`;
      problems.push(`${name(input)}'s placeholder is cut: ${sizes}`);
    }
  }
  return problems;
}"""

# The search boxes (every form field named q) a reader sees in the first screen: on screen and not hidden.
SEARCH_BOXES_IN_VIEW = """() => [...document.querySelectorAll('input[name=q]')].filter((input) => {
  const box = input.getBoundingClientRect();
  const style = getComputedStyle(input);
  return box.width > 1 && box.height > 1 && box.bottom > 0 && box.top < innerHeight &&
    style.visibility !== 'hidden' && input.getClientRects().length > 0;
}).map((input) => input.id)"""


def url(base: str, lang: str, path: str) -> str:
    prefix = "" if lang == "en" else f"{lang}/"
    return f"{base}/{prefix}{path.format(query=SEARCH_QUERY[lang])}"


@pytest.fixture(scope="module")
def tabs(browser):
    """One tab per width, reused for every page of that width."""
    contexts = {
        width: browser.new_context(viewport={"width": width, "height": height})
        for width, height in WIDTHS.items()
    }
    yield {width: context.new_page() for width, context in contexts.items()}
    for context in contexts.values():
        context.close()


def check(tab, address: str, shot: Path) -> list[str]:
    tab.goto(address)
    tab.wait_for_load_state("load")
    if "/search/" in address:  # the results arrive after the index: measure the page readers end up with
        tab.wait_for_function("() => document.querySelector('[data-search-page]').dataset.query")
    shot.parent.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=shot, full_page=True)
    return tab.evaluate(LAYOUT_PROBLEMS)


def layout_problems(tab, base: str, lang: str, width: int, pages: dict[str, str]) -> dict[str, list[str]]:
    found = {}
    for kind, path in pages.items():
        problems = check(tab, url(base, lang, path), ARTIFACTS / f"{kind}-{lang}-{width}.png")
        if width <= PHONE:
            boxes = tab.evaluate(SEARCH_BOXES_IN_VIEW)
            if len(boxes) > 1:
                problems.append(f"{len(boxes)} search boxes in the first screen: {boxes}")
        if problems:
            found[kind] = problems
    return found


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_public_pages_fit_every_screen(tabs, http_site, lang, width):
    assert layout_problems(tabs[width], http_site, lang, width, PUBLIC_PAGES) == {}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_template_pages_fit_every_screen(tabs, http_internal, lang, width):
    assert layout_problems(tabs[width], http_internal, lang, width, INTERNAL_PAGES) == {}


@pytest.mark.parametrize("path", ["", "search/?q=callback"])
def test_the_hidden_header_search_unfolds_for_the_keyboard(tabs, http_site, path):
    """On a phone, a page with its own search box hides the header's from sight only: Tab reaches it, and
    focused it spreads over the header, readable and working."""
    tab = tabs[390]
    tab.goto(f"{http_site}/{path}")
    header = tab.locator("#hc-search-header")
    assert header.bounding_box()["width"] <= 1  # out of sight while the page's own box is there
    for _ in range(30):  # Tab from the top of the page until the header search has the focus
        tab.keyboard.press("Tab")
        if tab.evaluate("document.activeElement.id") == "hc-search-header":
            break
    else:
        pytest.fail("Tab never reached the header search box")
    box = header.bounding_box()
    assert box["width"] > 300 and 0 <= box["y"] < 48, box  # across the header, in view
    assert tab.evaluate(LAYOUT_PROBLEMS) == []  # its placeholder fits now
    tab.keyboard.type("angry")
    results = tab.locator("#hc-results-header a")
    results.first.wait_for()
    assert results.count() >= 1


LONG_LANGUAGES = "        - {locale: fi, name: Suomi}\n        - {locale: lt, name: Lietuvių}"
LONG_WORDS = {  # real compounds; the Lithuanian one is the language's textbook longest word
    "fi": "Asiakaspalvelukeskuksenpuhelinjärjestelmänkäyttöoikeusasetukset",
    "lt": "Nebeprisikiškiakopūsteliaujantiesiems",
}


@pytest.fixture(scope="module")
def long_words_site(tmp_path_factory):
    """A project whose Finnish and Lithuanian titles, tags, categories and text are single long words."""
    project = Project(tmp_path_factory.mktemp("long-words"))
    config = MINIMAL_CONFIG.replace("        - {locale: fi, name: Suomi}", LONG_LANGUAGES)
    (project.root / "mkdocs.yml").write_text(config, encoding="utf-8")
    project.page("en/billing/index.md", "title: Billing\ndescription: Invoices")
    project.page("en/billing/refunds.md", "title: Refunds\ndescription: Refunds")
    for lang, word in LONG_WORDS.items():
        project.page(f"{lang}/index.md", f"title: {word}\ndescription: {word}", f"{word} {word}.")
        project.page(f"{lang}/billing/index.md", f"title: {word}\ndescription: {word} {word}")
        front = f"title: {word} {word}\ndescription: {word}\ntags: [{word[:50]}]"  # the longest tag allowed
        project.page(f"{lang}/billing/refunds.md", front, f"## {word}\n\n{word} `{word}` **{word}**.")
    built = project.build()
    assert built.returncode == 0, built.stderr
    server, base = serve(project.root / "site")
    yield base
    server.shutdown()


@pytest.mark.parametrize("width", [360, 390])
@pytest.mark.parametrize("lang", LONG_WORDS)
def test_long_words_break_instead_of_overflowing(tabs, long_words_site, lang, width):
    pages = {
        "home": "",
        "category": "billing/",
        "article": "billing/refunds/",
        "search": "search/?q={query}",
    }
    SEARCH_QUERY.setdefault(lang, LONG_WORDS[lang])
    assert layout_problems(tabs[width], long_words_site, lang, width, pages) == {}
