"""Whether a query's best result is a confident answer: the same decision search-engine.js makes.

OR-matching finds something for nearly every query, so "found results" says little. What says more
is how much of the question the best result covers. Each meaningful word of the query weighs its
inverse document frequency: a word in few documents says more about what the reader wants, and a
word the corpus lacks altogether weighs most. A word counts as found when the corpus has it (as
typed, as the start of the word being typed, or one typo away) or when backtracking kept at least
MIN_KEPT of its letters ("asiakaspalvelussa" → "asiakaspalvel…"); "salasanan" cut back to "sala"
is a different word, not a found one. The best result is a confident answer when the found words
it contains carry at least MIN_COVERAGE of the query's weight.

Chosen on tests/search/queries.tsv (handbook: "Search confidence"): every value of MIN_COVERAGE from
0.55 to 0.8 flags at least 96 % of the unanswerable queries and at most 3.6 % of the answerable ones.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from .vocabulary import Match

MIN_KEPT = 0.7
MIN_COVERAGE = 0.7


class State(StrEnum):
    RESULTS = "results"  # the best result is a confident answer
    WEAK = "weak"  # results, none of them confident
    NONE = "none"  # nothing matched


@dataclass(frozen=True)
class WordEvidence:
    match: Match  # how the word found its terms
    kept: float  # the share of its letters the match relied on
    documents: int  # how many index entries its terms are in
    covered: bool  # whether the best result is one of them


def judge(words: list[WordEvidence], documents: int) -> State:
    """`documents`: the number of entries in the index (pages and their sections)."""
    if not any(w.documents for w in words):
        return State.NONE
    return State.RESULTS if coverage(words, documents) >= MIN_COVERAGE else State.WEAK


def coverage(words: list[WordEvidence], documents: int) -> float:
    covered = total = 0.0
    for word in words:
        found = is_found(word)
        weight = math.log(documents / ((word.documents if found else 0) + 1)) + 1
        total += weight
        covered += weight if found and word.covered else 0.0
    return covered / total if total else 0.0


def is_found(word: WordEvidence) -> bool:
    if word.match == Match.BACKTRACK:
        return word.kept >= MIN_KEPT
    return word.match != Match.NONE
