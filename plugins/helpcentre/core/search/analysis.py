"""Turning text into index terms, the same way for documents and queries, per language.

A word is lowercased, dropped if it is a stop word, reduced to its dictionary form (simplemma's
lemma when simplemma knows the word, else a Snowball stem), and folded to ASCII-like letters so
that "klientu" finds "klientų". Display text is never changed: only terms are folded.

Why lemmas first: Snowball's Estonian and Finnish stemmers split one word's forms apart
("klienditeenindus" → "klienditeenin", "klienditeeninduse" → "klienditeeninduse"); simplemma's
dictionaries map both to "klienditeenindus".
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
SNOWBALL = {"en": "english", "et": "estonian", "fi": "finnish", "lt": "lithuanian"}
# Longer "words" are hashes, base64 or a key held down, never searched for: they are not indexed. They
# also made the index's file plan (shards._split, one level per letter) exceed Python's recursion limit.
MAX_WORD_LENGTH = 64


# Letters whose lowercase is not their case-folded form, and the typographic apostrophe: spelled out by
# hand because the browser's fold (assets/helpcentre/fold.js) has no casefold to do it.
SPELLED_OUT = str.maketrans({"ß": "ss", "ς": "σ", "’": "'"})


def fold(text: str) -> str:
    """Lowercase and strip diacritics: 'Šiaulių' → 'siauliu', 'Straße' → 'strasse', 'ﬁ' → 'fi'. Letters
    that are not a base letter plus marks stay: ø, æ, ł, đ, dotless ı.

    The same steps as fold.js, which folds queries and filters in the browser (tests/browser/test_fold.py
    compares them): decompose, lowercase, spell out, decompose again, drop every mark (category M, as
    JavaScript's \\p{M}; Python's `combining()` would keep spacing marks).
    """
    lowered = unicodedata.normalize("NFKD", text).lower().translate(SPELLED_OUT)
    return "".join(c for c in unicodedata.normalize("NFKD", lowered) if not _is_mark(c))


def _is_mark(char: str) -> bool:
    return unicodedata.category(char)[0] == "M"


STOPWORDS = {
    lang: frozenset(fold(w) for w in words)
    for lang, words in json.loads(
        (Path(__file__).with_name("stopwords.json")).read_text(encoding="utf-8")
    ).items()
    if not lang.startswith("_")
}


def words(text: str) -> list[str]:
    return WORD.findall(text)


class Analyzer:
    """Term extraction for one language. Cheap to create; heavy data loads on first use."""

    def __init__(self, lang: str):
        self.lang = lang

    def terms(self, text: str) -> list[str]:
        return [t for word in words(text) if (t := self.term(word))]

    def term(self, word: str) -> str | None:
        """The index term of one word, or None for a stop word or a word too long to be one."""
        return _word_term(self.lang, word)


@lru_cache(maxsize=400_000)  # a corpus repeats its words: indexing spends most of its time here otherwise
def _word_term(lang: str, word: str) -> str | None:
    if len(word) > MAX_WORD_LENGTH:
        return None
    lower = word.casefold()
    if fold(lower) in STOPWORDS.get(lang, ()):  # "voi" is "või" typed without its accent
        return None
    return _term(lang, lower)


@lru_cache(maxsize=200_000)
def _term(lang: str, lower: str) -> str:
    return fold(_base_form(lang, lower))


def _base_form(lang: str, lower: str) -> str:
    if lower.isdigit():
        return lower
    lemma = _lemma(lang, lower)
    if lemma is not None:
        return lemma
    stemmer = _stemmer(lang)
    return stemmer.stemWord(lower) if stemmer is not None else lower


def _lemma(lang: str, lower: str) -> str | None:
    lemmatizer, lookup = _simplemma()
    try:
        if lookup.get_lemma(lower, lang) is not None:
            return lemmatizer.lemmatize(lower, lang).casefold()
    except ValueError:  # a language simplemma does not know
        return None
    return None


@cache
def _simplemma():
    """simplemma over its on-disk tries: loading a language's packed dictionary takes ~9 s and 270 MB
    on every build; its trie, built once into the user's cache folder, loads in milliseconds and is
    read through a memory map. One language at a time: an indexing process does one language per task."""
    from simplemma import Lemmatizer  # imported here: only the build and the CLI need it
    from simplemma.strategies import DefaultStrategy, DictionaryLookupStrategy
    from simplemma.strategies.dictionaries import TrieDictionaryFactory

    dictionaries = TrieDictionaryFactory(cache_max_size=1)
    return (
        Lemmatizer(lemmatization_strategy=DefaultStrategy(dictionary_factory=dictionaries)),
        DictionaryLookupStrategy(dictionaries),
    )


@cache
def _stemmer(lang: str):
    import snowballstemmer  # uses PyStemmer's C implementation when it is installed

    name = SNOWBALL.get(lang)
    return snowballstemmer.stemmer(name) if name else None
