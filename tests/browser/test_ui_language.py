"""Every string a reader sees or hears on et/fi/lt/sl pages is in that language (issue 20, point 5).

Chromium loads each page type, runs its scripts, and collects the text of every text node (hidden ones
too: a folded answer or a status message is shown or announced later), `document.title` and the
`title`, `aria-label`, `placeholder` and `alt` attributes. None may be an English UI string: the plugin's
and the demo's English strings files, Material's English labels, the toc extension's default permalink
title and the English site name. English-fallback content (an element inside `lang="en"`, which the
plugin puts on an untranslated page's text and on English titles in lists) is left out: it is English
on purpose, with a translated notice.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from markdown.extensions.toc import TocExtension

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ["et", "fi", "lt", "sl"]
PUBLIC_PAGES = {
    "home": "",
    "article": "good-service/what-is-good-customer-service/",
    "fallback article": "difficult-customers/when-to-offer-compensation/",
    "FAQ": "call-centre/call-centre-faq/",
    "category index": "good-service/",
    "search results": "search/?q={query}",
    "contact": "contact/",
    "404": "404.html",
}
SEARCH_WORD = {"et": "klient", "fi": "asiakas", "lt": "klientas", "sl": "stranka"}  # results, filters shown
INTERNAL_PAGES = {
    "template": "internal/call-pausing-a-ticket/",
    "template library": "internal/",
}
# Material's keys that are configuration, not text a reader sees.
MATERIAL_NOT_TEXT = {
    "language",
    "direction",
    "search.config.lang",
    "search.config.pipeline",
    "search.config.separator",
}
# Strings that are the same word in English and the reader's language: not English left behind.
ALLOWED = {
    ("fi", "Chat"): "Finnish writes 'chat' as English does (template channel); 'keskustelu' means discussion",
}


def _flatten(tree: dict) -> list[str]:
    out = []
    for value in tree.values():
        out.extend(_flatten(value) if isinstance(value, dict) else [str(value)])
    return out


def _material_labels() -> list[str]:
    import material

    partial = Path(material.__file__).parent / "templates" / "partials" / "languages" / "en.html"
    pairs = re.findall(r'"([\w.]+)": "((?:[^"\\]|\\.)*)"', partial.read_text(encoding="utf-8"))
    return [value for key, value in pairs if key not in MATERIAL_NOT_TEXT]


def english_strings() -> list[str]:
    files = [ROOT / "plugins/helpcentre/translations/en.yml", ROOT / "translations/en.yml"]
    strings = [s for f in files for s in _flatten(yaml.safe_load(f.read_text(encoding="utf-8")))]
    # mkdocs.yml has !ENV tags yaml.safe_load refuses; the site name is one plain line.
    site_name = re.search(r"^site_name: (.+)$", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)[1]
    return strings + _material_labels() + [TocExtension().getConfig("permalink_title"), site_name]


def _pattern(english: str) -> str:
    """`{n} min read` and Material's `# min read` match any value in the placeholder's place."""
    parts = re.split(r"\{\w+\}|#", english)
    return r".+?".join(re.escape(" ".join(part.split())) for part in parts)


def english_matcher() -> re.Pattern:
    """Whole-string matches only: a short label ("Search", "No") inside a sentence is not the label."""
    patterns = sorted({_pattern(s) for s in english_strings() if s.strip()}, key=len, reverse=True)
    return re.compile("|".join(patterns))


COLLECT = """() => {
  const english = (el) => {
    const marked = el && el.closest('[lang]');
    return Boolean(marked && marked !== document.documentElement && /^en\\b/i.test(marked.lang));
  };
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (el.classList.length ? '.' + [...el.classList].join('.') : '');
  const parse = (html) => new DOMParser().parseFromString(html, 'text/html');
  const found = [{where: 'document.title', text: document.title}];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest('script, style, svg') || english(parent)) continue;
    // With scripting on, <noscript> holds its markup as one text node: parse it for its text.
    const noscript = parent.tagName === 'NOSCRIPT';
    const texts = noscript ? parse(node.data).body.textContent.split('\\n') : [node.data];
    for (const text of texts) if (text.trim()) found.push({where: describe(parent), text});
  }
  // Scripts show data-* values (status messages, counts: JSON with plural forms) and Material's
  // __config translations later: they are checked as the strings they will become.
  const ANNOUNCED = ['title', 'aria-label', 'placeholder', 'alt'];
  const leaves = (v) => typeof v === 'string' ? [v] : Object.values(v || {}).flatMap(leaves);
  const strings = (value) => {
    if (!value.startsWith('{') && !value.startsWith('[')) return [value];
    try { return leaves(JSON.parse(value)); } catch { return [value]; }
  };
  const roots = [document, ...[...document.querySelectorAll('template')].map((t) => t.content)];
  for (const root of roots) {
    for (const el of root.querySelectorAll('*')) {
      if (english(el)) continue;
      for (const attr of el.getAttributeNames()) {
        if (!ANNOUNCED.includes(attr) && !attr.startsWith('data-')) continue;
        const where = `${describe(el)}[${attr}]`;
        for (const text of strings(el.getAttribute(attr))) found.push({where, text});
      }
    }
  }
  const config = document.getElementById('__config');
  for (const text of Object.values(JSON.parse(config.textContent).translations)) {
    found.push({where: 'Material __config translations', text});
  }
  return found;
}"""


def english_left(page, url: str, lang: str, matcher: re.Pattern) -> list[str]:
    page.goto(url.format(query=SEARCH_WORD[lang]))
    if "/search/" in url:  # search.js renders the results and their count: wait for them
        page.wait_for_function("() => document.querySelector('[data-search-count]').textContent.trim()")
    bad = []
    for item in page.evaluate(COLLECT):
        text = " ".join(item["text"].split())
        if matcher.fullmatch(text) and (lang, text) not in ALLOWED:
            bad.append(f"{item['where']}: {text!r}")
    return sorted(set(bad))


@pytest.fixture(scope="module")
def matcher() -> re.Pattern:
    return english_matcher()


def test_the_matcher_finds_english_and_spares_the_translations(matcher):
    assert matcher.fullmatch("Permanent link")
    assert matcher.fullmatch("12 min read")  # a string with a placeholder
    assert matcher.fullmatch("Skip to content")  # Material's
    assert matcher.fullmatch("Northdesk Help Centre")
    assert not matcher.fullmatch("Search the help centre and more")  # whole strings only
    assert not matcher.fullmatch("Otsi abikeskusest")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", PUBLIC_PAGES)
def test_public_pages_speak_the_readers_language(page, http_site, matcher, lang, kind):
    left = english_left(page, f"{http_site}/{lang}/{PUBLIC_PAGES[kind]}", lang, matcher)
    assert not left, "English UI strings:\n" + "\n".join(left)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", INTERNAL_PAGES)
def test_internal_pages_speak_the_readers_language(page, http_internal, matcher, lang, kind):
    left = english_left(page, f"{http_internal}/{lang}/{INTERNAL_PAGES[kind]}", lang, matcher)
    assert not left, "English UI strings:\n" + "\n".join(left)
