"""Query words → index terms without a stemmer at query time.

At build time every word form seen in the corpus is recorded with its term ("asiakaspalvelussa"
→ "asiakaspalvelu"), keyed by its folded form. A query word is looked up there; unknown words fall
back to prefix matching (the word being typed), one typo (words of five or
more letters), and the longest known prefix. The browser client implements the same steps on the
exported vocabulary, so both rank a query the same way.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from .analysis import Analyzer, fold, words

MIN_PREFIX = 3
MIN_TYPO_LENGTH = 5
MIN_BACKTRACK = 4
MAX_EXPANSIONS = 12


@dataclass
class Vocabulary:
    forms: dict[str, str] = field(default_factory=dict)  # folded surface form → term

    def add_text(self, analyzer: Analyzer, text: str) -> None:
        for word in words(text):
            folded = fold(word)
            if folded not in self.forms and (term := analyzer.term(word)):
                self.forms[folded] = term

    def sorted_forms(self) -> list[str]:
        return sorted(self.forms)


@dataclass
class QueryWord:
    text: str
    terms: list[str]


def expand(query: str, vocabulary: Vocabulary, analyzer: Analyzer) -> list[QueryWord]:
    """Each non-stop word of the query with the index terms it matches (the analyzer only spots
    stop words: the browser has the same list, but no lemmatizer)."""
    forms = vocabulary.sorted_forms()
    found = []
    query_words = words(query)
    for position, word in enumerate(query_words):
        if analyzer.term(word) is None:
            continue  # a stop word
        is_last = position == len(query_words) - 1 and not query.endswith(" ")  # still being typed
        found.append(_expand_word(word, vocabulary, forms, is_last))
    return found


def _expand_word(word: str, vocabulary: Vocabulary, forms: list[str], is_last: bool) -> QueryWord:
    folded = fold(word)
    if folded in vocabulary.forms:
        return QueryWord(word, [vocabulary.forms[folded]])
    if is_last and len(folded) >= MIN_PREFIX and (terms := _prefixed(folded, vocabulary, forms)):
        return QueryWord(word, terms)
    if len(folded) >= MIN_TYPO_LENGTH and (terms := _one_typo(folded, vocabulary, forms)):
        return QueryWord(word, terms)
    for end in range(len(folded) - 1, MIN_BACKTRACK - 1, -1):
        if terms := _prefixed(folded[:end], vocabulary, forms):
            return QueryWord(word, terms)
    return QueryWord(word, [])


def _prefixed(prefix: str, vocabulary: Vocabulary, forms: list[str]) -> list[str]:
    start = bisect.bisect_left(forms, prefix)
    terms: dict[str, None] = {}
    for form in forms[start:]:
        if not form.startswith(prefix) or len(terms) >= MAX_EXPANSIONS:
            break
        terms[vocabulary.forms[form]] = None
    return list(terms)


def _one_typo(word: str, vocabulary: Vocabulary, forms: list[str]) -> list[str]:
    """Forms one edit away (substitution, insertion, deletion, transposition) that share the first
    two letters: the browser then needs only the one word file those letters name."""
    start = bisect.bisect_left(forms, word[:2])
    terms: dict[str, None] = {}
    for form in forms[start:]:
        if not form.startswith(word[:2]):
            break
        if abs(len(form) - len(word)) <= 1 and _within_one_edit(word, form):
            terms[vocabulary.forms[form]] = None
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
