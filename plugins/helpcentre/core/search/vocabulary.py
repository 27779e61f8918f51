"""Query words → index terms without a stemmer at query time.

At build time every word form seen in the corpus is recorded with its term ("asiakaspalvelussa"
→ "asiakaspalvelu"), keyed by its folded form; a form seen in the language's own pages and in the
English (default-language) fallback pages it shows may have one term per analysis: then a list. A
query word is looked up there; unknown words fall back to prefix matching (the word being typed),
one typo (words of five or more letters), and the longest known prefix. The browser client
implements the same steps on the exported vocabulary, so both rank a query the same way.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from enum import StrEnum

from .analysis import Analyzer, fold, words

MIN_PREFIX = 3
MIN_TYPO_LENGTH = 5
MIN_BACKTRACK = 4
MAX_EXPANSIONS = 12


@dataclass
class Vocabulary:
    forms: dict[str, str | list[str]] = field(default_factory=dict)  # folded surface form → term(s)
    _seen: set[tuple[str, str]] = field(default_factory=set, repr=False)  # (form, analysis language)

    def add_text(self, analyzer: Analyzer, text: str) -> None:
        """The first term each analysis gives a form: one analysis keeps one term per form."""
        for word in words(text):
            folded = fold(word)
            if (folded, analyzer.lang) in self._seen or not (term := analyzer.term(word)):
                continue
            self._seen.add((folded, analyzer.lang))
            known = self.terms(folded)
            if term not in known:
                self.forms[folded] = term if not known else [*known, term]

    def terms(self, form: str) -> list[str]:
        value = self.forms.get(form, [])
        return [value] if isinstance(value, str) else value

    def sorted_forms(self) -> list[str]:
        return sorted(self.forms)


class Match(StrEnum):
    """How a query word found its terms: the weaker the match, the less it says the page is about it."""

    EXACT = "exact"  # a form of the corpus
    PREFIX = "prefix"  # the start of a word still being typed
    TYPO = "typo"  # one edit away from a form
    BACKTRACK = "backtrack"  # only a shorter start of it is in the corpus
    NONE = "none"


@dataclass
class QueryWord:
    text: str
    terms: list[str]
    match: Match = Match.EXACT
    kept: float = 1.0  # the share of the word's letters the match relied on (backtracking keeps fewer)


def expand(
    query: str, vocabulary: Vocabulary, analyzer: Analyzer, fallback: Analyzer | None = None
) -> list[QueryWord]:
    """Each meaningful word of the query with the index terms it matches (the analyzers only spot
    stop words: the browser has the same lists, but no lemmatizer). With fallback pages in the index,
    a stop word of their language is one too unless the corpus has it as a word ("on" in Finnish)."""
    forms = vocabulary.sorted_forms()
    found = []
    query_words = words(query)
    for position, word in enumerate(query_words):
        if analyzer.term(word) is None:
            continue
        if fallback is not None and fallback.term(word) is None and fold(word) not in vocabulary.forms:
            continue
        is_last = position == len(query_words) - 1 and not query.endswith(" ")  # still being typed
        found.append(_expand_word(word, vocabulary, forms, is_last))
    return found


def _expand_word(word: str, vocabulary: Vocabulary, forms: list[str], is_last: bool) -> QueryWord:
    folded = fold(word)
    if folded in vocabulary.forms:
        return QueryWord(word, vocabulary.terms(folded), Match.EXACT)
    if is_last and len(folded) >= MIN_PREFIX and (terms := _prefixed(folded, vocabulary, forms)):
        return QueryWord(word, terms, Match.PREFIX)
    if len(folded) >= MIN_TYPO_LENGTH and (terms := _one_typo(folded, vocabulary, forms)):
        return QueryWord(word, terms, Match.TYPO)
    for end in range(len(folded) - 1, MIN_BACKTRACK - 1, -1):
        if terms := _prefixed(folded[:end], vocabulary, forms):
            return QueryWord(word, terms, Match.BACKTRACK, end / len(folded))
    return QueryWord(word, [], Match.NONE, 0.0)


def _prefixed(prefix: str, vocabulary: Vocabulary, forms: list[str]) -> list[str]:
    start = bisect.bisect_left(forms, prefix)
    terms: dict[str, None] = {}
    for form in forms[start:]:
        if not form.startswith(prefix) or len(terms) >= MAX_EXPANSIONS:
            break
        terms.update(dict.fromkeys(vocabulary.terms(form)))
    return list(terms)[:MAX_EXPANSIONS]


def _one_typo(word: str, vocabulary: Vocabulary, forms: list[str]) -> list[str]:
    """Forms one edit away (substitution, insertion, deletion, transposition) that share the first
    two letters: the browser then needs only the one word file those letters name."""
    start = bisect.bisect_left(forms, word[:2])
    terms: dict[str, None] = {}
    for form in forms[start:]:
        if not form.startswith(word[:2]):
            break
        if abs(len(form) - len(word)) <= 1 and _within_one_edit(word, form):
            terms.update(dict.fromkeys(vocabulary.terms(form)))
    return list(terms)[:MAX_EXPANSIONS]


def _within_one_edit(a: str, b: str) -> bool:
    if a == b:
        return True
    if len(a) == len(b):
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diffs) == 1:
            return True
        return (
            len(diffs) == 2
            and diffs[1] == diffs[0] + 1
            and a[diffs[0]] == b[diffs[1]]
            and a[diffs[1]] == b[diffs[0]]
        )
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return short[i:] == long_[i + 1 :]
