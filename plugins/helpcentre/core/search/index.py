"""The per-language whoosh index and its ranking.

Ranking is whoosh's BM25F summed over fields and query terms, times a coordination bonus that
rewards documents matching more of the query's words: questions are OR queries, and a page
that answers all of a question's words should beat one that repeats a single word.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh import query as q
from whoosh.analysis import Filter, RegexTokenizer
from whoosh.fields import ID, TEXT, Schema
from whoosh.scoring import BM25F

from .analysis import WORD, Analyzer
from .documents import SearchDoc
from .vocabulary import Vocabulary, expand

VOCABULARY_FILE = "vocabulary.json"

FIELD_BOOSTS = {"title": 4.0, "heading": 2.5, "tags": 1.5, "body": 1.0}
BM25_B, BM25_K1 = 0.75, 1.2
COORDINATION_BONUS = 1.0  # a document matching every query word scores (1 + bonus) times its BM25F


class TermFilter(Filter):
    """Lemmatize/stem, fold and drop stop words. Only `lang` is pickled into the index:
    stemmers and dictionaries are created lazily in each process (whoosh pickles analyzers)."""

    def __init__(self, lang: str):
        self.lang = lang

    def __eq__(self, other):
        return isinstance(other, TermFilter) and other.lang == self.lang

    def __call__(self, tokens):
        analyzer = _analyzer(self.lang)
        for token in tokens:
            term = analyzer.term(token.text)
            if term:
                token.text = term
                yield token


@cache
def _analyzer(lang: str) -> Analyzer:
    return Analyzer(lang)


def schema(lang: str) -> Schema:
    analyzer = RegexTokenizer(WORD) | TermFilter(lang)
    text = {
        name: TEXT(analyzer=analyzer, field_boost=boost, stored=name != "body")
        for name, boost in FIELD_BOOSTS.items()
    }
    return Schema(
        url=ID(stored=True, unique=True),
        page_url=ID(stored=True),
        type=ID(stored=True),
        excerpt=ID(stored=True),
        **text,
    )


def build(folder: Path, lang: str, docs: list[SearchDoc]) -> None:
    """Entries are numbered in page-URL order (a page's sections after it, as they come), so that
    equal scores rank by entry number here and in the browser without either looking at URLs."""
    docs = sorted(docs, key=lambda doc: doc.page_url)
    folder.mkdir(parents=True, exist_ok=True)
    ix = whoosh_index.create_in(str(folder), schema(lang))
    vocabulary, analyzer = Vocabulary(), _analyzer(lang)
    with ix.writer(limitmb=256) as writer:
        for doc in docs:
            writer.add_document(
                url=doc.url,
                page_url=doc.page_url,
                type=doc.type,
                title=doc.title,
                heading=doc.heading,
                tags=doc.tags,
                body=doc.body,
                excerpt=doc.body[:400],
            )
            if doc.url == doc.page_url:  # a page's text once, not again for each of its sections
                vocabulary.add_text(analyzer, " ".join((doc.title, doc.heading, doc.tags, doc.body)))
    (folder / VOCABULARY_FILE).write_text(
        json.dumps(vocabulary.forms, ensure_ascii=False, sort_keys=True), encoding="utf-8"
    )


@dataclass
class Hit:
    url: str
    page_url: str
    title: str
    heading: str
    type: str
    excerpt: str
    score: float
    number: int  # the index entry: equal scores rank by it


def search(folder: Path, lang: str, text: str, limit: int = 10) -> list[Hit]:
    """Ranked results grouped by page: each page once, with its best-scoring section."""
    ix = whoosh_index.open_dir(str(folder))
    vocabulary = Vocabulary(json.loads((folder / VOCABULARY_FILE).read_text(encoding="utf-8")))
    with ix.searcher(weighting=BM25F(B=BM25_B, K1=BM25_K1)) as searcher:
        query_words = [w for w in expand(text, vocabulary, _analyzer(lang)) if w.terms]
        if not query_words:
            return []
        per_word = [
            q.Or([q.Term(field, term) for field in FIELD_BOOSTS for term in w.terms]) for w in query_words
        ]
        matched = [set(searcher.docs_for_query(query)) for query in per_word]
        best: dict[str, Hit] = {}
        for result in searcher.search(q.Or(per_word), limit=None):
            share = sum(result.docnum in docs for docs in matched) / len(query_words)
            hit = Hit(
                result["url"],
                result["page_url"],
                result["title"],
                result.get("heading", ""),
                result["type"],
                result["excerpt"],
                result.score * (1 + COORDINATION_BONUS * share),
                result.docnum,
            )
            if hit.page_url not in best or _rank(hit) < _rank(best[hit.page_url]):
                best[hit.page_url] = hit
    return sorted(best.values(), key=_rank)[:limit]


def _rank(hit: Hit) -> tuple[float, int]:
    return -hit.score, hit.number


RELATED_LIMIT = 3
# A term in more pages than this says little about what a page is about, and its posting list makes
# each more-like-this query cost O(pages): leaving it out keeps related articles linear in site size.
RELATED_MAX_PAGES_PER_TERM = 100


def related(folder: Path, docs: list[SearchDoc], limit: int = RELATED_LIMIT) -> dict[str, list[str]]:
    """Up to `limit` other pages most like each page: whoosh's more-like-this on title, headings and
    text, its key terms restricted to those in at most RELATED_MAX_PAGES_PER_TERM index entries."""
    text = {d.url: " ".join((d.title, d.heading, d.body)) for d in docs if d.url == d.page_url}
    ix = whoosh_index.open_dir(str(folder))
    found: dict[str, list[str]] = {}
    with ix.searcher(weighting=BM25F(B=BM25_B, K1=BM25_K1)) as searcher:
        for url, page_text in text.items():
            key_terms = [
                (term, weight)
                for term, weight in searcher.key_terms_from_text("body", page_text, numterms=60)
                if searcher.doc_frequency("body", term) <= RELATED_MAX_PAGES_PER_TERM
            ][:15]
            if not key_terms:
                found[url] = []
                continue
            like = q.Or([q.Term("body", term, boost=weight) for term, weight in key_terms])
            similar = searcher.search(like, limit=limit * 8, mask={searcher.document_number(url=url)})
            pages = [hit["page_url"] for hit in similar if hit["page_url"] != url]
            found[url] = list(dict.fromkeys(pages))[:limit]
    return found
