"""The public build's last wall: no output file may carry an internal page's address or text.

Internal files are left out before MkDocs sees them (Catalog.hides). This checks the result, so that
a mistake there, a theme override or another plugin that copies internal text cannot ship it:

- addresses: every output file in an internal folder, the page file of an internal page that
  has no public page at its path in any language, and the pages only the agents' build generates
  (the insights page);
- text: each internal page's title, description and every run of WINDOW words of its body, in a
  form that survives rendering (HTML tags dropped, entities decoded, case folded, words only).
  Runs that also occur in public pages or UI strings are not evidence and are left out.

Text is matched with an Aho–Corasick automaton (pyahocorasick): one pass over each output file
whatever the number of internal pages.
"""

from __future__ import annotations

import gzip
import html
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import ahocorasick

from .errors import display_path
from .paths import is_internal_path, split_language

WINDOW = 6  # words of body text per needle: long enough to be distinctive, short enough to fit a line
MIN_TITLE_WORDS = 2
WORD = re.compile(r"\w+")
TAG = re.compile(r"<[^<>]*>")  # no nested quantifier: linear on any input
ATTRIBUTE_VALUE = re.compile(r"=\s*\"([^\"<>]*)\"|=\s*'([^'<>]*)'")
# Not searched for text (addresses are still checked): images, fonts and archives hold no page text,
# and scripts and stylesheets come from the theme, whose comments name things like "agent templates".
SKIPPED_SUFFIXES = {
    ".js",
    ".css",
    ".map",
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".webp",
    ".ico",
    ".woff",
    ".woff2",
    ".ttf",
    ".pdf",
    ".zip",
}


@dataclass(frozen=True, order=True)
class Leak:
    output: str  # the output file, relative to the site folder
    source: str  # the internal source it comes from, as the writer knows it
    what: str  # what of it was found there

    def __str__(self) -> str:
        return f"{self.output}: {self.what} of {self.source}"


def normalize(text: str) -> str:
    """Words only, case folded, one space apart, with a space at both ends for whole-word matching."""
    return " " + " ".join(WORD.findall(text.casefold())) + " "


def find_leaks(
    site: Path,
    catalog,
    root: Path | None,
    public_strings: Iterable[str] = (),
    agents_outputs: Mapping[str, str] | None = None,
    only: Iterable[Path] | None = None,
) -> list[Leak]:
    """Every output file of `site` (or of `only`, files in it) that holds an internal page's address or
    text. `agents_outputs`: files only the agents' build writes (its generated pages, e.g. the insights
    page) → what they are."""
    needles = _distinctive(_needles(catalog, root), catalog, public_strings)
    automaton = _automaton(needles) if needles else None
    addresses = {**_forbidden_outputs(catalog, root), **(agents_outputs or {})}
    leaks = set()
    for path in sorted(p for p in (site.rglob("*") if only is None else only) if p.is_file()):
        output = path.relative_to(site).as_posix()
        if found := _address_leak(output, catalog, addresses):
            leaks.add(Leak(output, found, "the address"))
        if automaton is not None and path.suffix.lower() not in SKIPPED_SUFFIXES:
            leaks.update(Leak(output, *needles[needle]) for _, needle in automaton.iter(_searchable(path)))
    return sorted(leaks)


def _needles(catalog, root: Path | None) -> dict[str, tuple[str, str]]:
    """Normalized text of every internal page → (its source, what the text is)."""
    needles: dict[str, tuple[str, str]] = {}
    for page in catalog.pages.values():
        if not page.internal:
            continue
        source = display_path(page.source, root)
        for label, text, least in [
            ("the title", page.meta.title, MIN_TITLE_WORDS),
            ("the description", page.meta.description, MIN_TITLE_WORDS + 1),
        ]:
            if len(normalized := normalize(text).split()) >= least:
                needles.setdefault(" " + " ".join(normalized) + " ", (source, f"{label} '{text}'"))
        if not any(catalog.get(lang, page.path) for lang in catalog.languages):  # a link to it
            address = normalize(catalog.url(page.lang, page.path))
            if len(address.split()) >= MIN_TITLE_WORDS:
                needles.setdefault(address, (source, f"a link to /{catalog.url(page.lang, page.path)}"))
        for line in page.body.split("\n"):
            words = normalize(line).split()
            for start in range(0, len(words) - WINDOW + 1, WINDOW):
                run = " ".join(words[start : start + WINDOW])
                needles.setdefault(f" {run} ", (source, f"the text '{run}'"))
    return needles


def _distinctive(needles: dict, catalog, public_strings: Iterable[str]) -> dict:
    """Leaves out the runs that public pages or UI strings contain as well."""
    if not needles:
        return needles
    automaton = _automaton(needles)
    public = [normalize(s) for s in public_strings]
    public += [
        normalize("\n".join([p.meta.title, p.meta.description, p.body]))
        for p in catalog.pages.values()
        if not p.internal
    ]
    common = {needle for text in public for _, needle in automaton.iter(text)}
    return {needle: value for needle, value in needles.items() if needle not in common}


def _automaton(needles) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for needle in needles:
        automaton.add_word(needle, needle)
    automaton.make_automaton()
    return automaton


def _forbidden_outputs(catalog, root: Path | None) -> dict[str, str]:
    """The page file of every internal page that no language publishes a public page for."""
    forbidden = {}
    for (_lang, path), page in catalog.pages.items():
        if page.internal and not any(catalog.get(other, path) for other in catalog.languages):
            for other in catalog.languages:
                url = catalog.url(other, path)
                output = url + "index.html" if url.endswith("/") or not url else url
                forbidden[output] = display_path(page.source, root)
    return forbidden


def _address_leak(output: str, catalog, forbidden: dict[str, str]) -> str:
    if output in forbidden:
        return forbidden[output]
    lang, rest = split_language(output, catalog.languages)
    if is_internal_path(rest):
        return f"the internal folder {output.split('/')[0] + '/' if lang else ''}{rest.split('/')[0]}/"
    return ""


def _searchable(path: Path) -> str:
    """An output file as the words a reader or a crawler could get out of it."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    text = data.decode("utf-8", errors="replace")
    if path.suffix.lower() == ".json" or path.name.endswith(".json.gz"):
        try:
            return normalize("\n".join(_strings(json.loads(text))))
        except ValueError:
            pass
    values = [a or b for a, b in ATTRIBUTE_VALUE.findall(text)]  # meta content, title, alt, href…
    return normalize(html.unescape(TAG.sub(" ", text)) + "\n" + html.unescape("\n".join(values)))


def _strings(value) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
