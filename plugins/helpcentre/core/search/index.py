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
from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.scoring import BM25F

from . import confidence
from .analysis import WORD, Analyzer
from .documents import SearchDoc
from .vocabulary import Vocabulary, expand

VOCABULARY_FILE = "vocabulary.json"
SETTINGS_FILE = "settings.json"

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


def field_name(field: str, analysis: str) -> str:
    """The indexed field holding `field` text analysed as `analysis` ("body_fi"): a language's index
    also holds the default language's fallback pages that it shows, analysed as what they are."""
    return f"{field}_{analysis}"


def schema(lang: str, fallback: str) -> Schema:
    text = {
        field_name(name, analysis): TEXT(
            analyzer=RegexTokenizer(WORD) | TermFilter(analysis), field_boost=boost
        )
        for analysis in dict.fromkeys((lang, fallback))
        for name, boost in FIELD_BOOSTS.items()
    }
    shown = {
        name: STORED for name in ("type", "lang", "title", "heading", "excerpt", "category", "category_url")
    }
    return Schema(url=ID(stored=True, unique=True), page_url=ID(stored=True), **shown, **text)


def build(folder: Path, lang: str, docs: list[SearchDoc], fallback: str | None = None) -> None:
    """Entries are numbered in page-URL order (a page's sections after it, as they come), so that
    equal scores rank by entry number here and in the browser without either looking at URLs."""
    fallback = fallback or lang
    docs = sorted(docs, key=lambda doc: doc.page_url)
    folder.mkdir(parents=True, exist_ok=True)
    ix = whoosh_index.create_in(str(folder), schema(lang, fallback))
    vocabulary = Vocabulary()
    with ix.writer(limitmb=256) as writer:
        for doc in docs:
            analysis = doc.lang or lang
            if analysis not in (lang, fallback):
                raise ValueError(f"{doc.url}: a '{analysis}' page in the '{lang}' index")
            texts = {"title": doc.title, "heading": doc.heading, "tags": doc.tags, "body": doc.body}
            writer.add_document(
                url=doc.url,
                page_url=doc.page_url,
                type=doc.type,
                lang=analysis,
                title=doc.title,
                heading=doc.heading,
                excerpt=doc.body[:400],
                category=doc.category,
                category_url=doc.category_url,
                **{field_name(name, analysis): text for name, text in texts.items()},
            )
            if doc.url == doc.page_url:  # a page's text once, not again for each of its sections
                vocabulary.add_text(_analyzer(analysis), " ".join(texts.values()))
    (folder / VOCABULARY_FILE).write_text(
        json.dumps(vocabulary.forms, ensure_ascii=False, sort_keys=True), encoding="utf-8"
    )
    (folder / SETTINGS_FILE).write_text(json.dumps({"lang": lang, "fallback": fallback}), encoding="utf-8")


def settings(folder: Path) -> tuple[str, str]:
    """The index's language and the language of the fallback pages it holds."""
    found = json.loads((folder / SETTINGS_FILE).read_text(encoding="utf-8"))
    return found["lang"], found["fallback"]


def fields(lang: str, fallback: str) -> list[str]:
    return [
        field_name(name, analysis) for analysis in dict.fromkeys((lang, fallback)) for name in FIELD_BOOSTS
    ]


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
    lang: str = ""  # the language of its text
    category: str = ""


@dataclass
class Answer:
    hits: list[Hit]  # every matching page, best first
    state: confidence.State


def search(folder: Path, lang: str, text: str, limit: int = 10) -> list[Hit]:
    """Ranked results grouped by page: each page once, with its best-scoring section."""
    return answer(folder, text).hits[:limit]


def answer(folder: Path, text: str) -> Answer:
    """Every page the query matches, ranked, and whether the best one is a confident answer."""
    lang, fallback = settings(folder)
    ix = whoosh_index.open_dir(str(folder))
    vocabulary = Vocabulary(json.loads((folder / VOCABULARY_FILE).read_text(encoding="utf-8")))
    second = _analyzer(fallback) if fallback != lang else None
    meaningful = expand(text, vocabulary, _analyzer(lang), second)
    query_words = [w for w in meaningful if w.terms]
    if not query_words:
        return Answer([], confidence.State.NONE)
    names = fields(lang, fallback)
    with ix.searcher(weighting=BM25F(B=BM25_B, K1=BM25_K1)) as searcher:
        documents = searcher.doc_count_all()
        per_word = [_scores(searcher, names, w.terms) for w in query_words]
        best: dict[str, Hit] = {}
        for docnum in sorted(set().union(*per_word)):
            matched = sum(docnum in scores for scores in per_word)
            raw = sum(scores.get(docnum, 0.0) for scores in per_word)
            hit = _hit(
                searcher.stored_fields(docnum),
                raw * (1 + COORDINATION_BONUS * matched / len(query_words)),
                docnum,
            )
            if hit.page_url not in best or _rank(hit) < _rank(best[hit.page_url]):
                best[hit.page_url] = hit
        hits = sorted(best.values(), key=_rank)
        top = hits[0].number
        evidence = [
            confidence.WordEvidence(w.match, w.kept, _entries(searcher, names, w.terms), top in scores)
            for w, scores in zip(query_words, per_word, strict=True)
        ]
    evidence += [confidence.WordEvidence(w.match, w.kept, 0, False) for w in meaningful if not w.terms]
    return Answer(hits, confidence.judge(evidence, documents))


def _entries(searcher, names: list[str], terms: list[str]) -> int:
    """How many entries hold the word's terms, as the browser counts them: Σ over terms, at most all."""
    held = sum(len(_scores(searcher, names, [term])) for term in terms)
    return min(searcher.doc_count_all(), held)


def _scores(searcher, names: list[str], terms: list[str]) -> dict[int, float]:
    """Document → the word's BM25F score there: Σ over its terms and fields, as export.py computes."""
    query = q.Or([q.Term(name, term) for name in names for term in terms])
    return {result.docnum: result.score for result in searcher.search(query, limit=None)}


def _hit(stored: dict, score: float, number: int) -> Hit:
    return Hit(
        stored["url"],
        stored["page_url"],
        stored["title"],
        stored.get("heading", ""),
        stored["type"],
        stored["excerpt"],
        score,
        number,
        stored.get("lang", ""),
        stored.get("category", ""),
    )


def _rank(hit: Hit) -> tuple[float, int]:
    return -hit.score, hit.number


RELATED_LIMIT = 3
# A term in more pages than this says little about what a page is about, and its posting list makes
# each more-like-this query cost O(pages): leaving it out keeps related articles linear in site size.
RELATED_MAX_PAGES_PER_TERM = 100


def related(folder: Path, docs: list[SearchDoc], limit: int = RELATED_LIMIT) -> dict[str, list[str]]:
    """Up to `limit` other pages most like each page: whoosh's more-like-this on title, headings and
    text, its key terms restricted to those in at most RELATED_MAX_PAGES_PER_TERM index entries.
    Among the language's own pages only: a fallback page's text is another language's."""
    lang, _ = settings(folder)
    body = field_name("body", lang)
    text = {
        d.url: " ".join((d.title, d.heading, d.body))
        for d in docs
        if d.url == d.page_url and d.lang in ("", lang)
    }
    ix = whoosh_index.open_dir(str(folder))
    found: dict[str, list[str]] = {}
    with ix.searcher(weighting=BM25F(B=BM25_B, K1=BM25_K1)) as searcher:
        for url, page_text in text.items():
            key_terms = [
                (term, weight)
                for term, weight in searcher.key_terms_from_text(body, page_text, numterms=60)
                if searcher.doc_frequency(body, term) <= RELATED_MAX_PAGES_PER_TERM
            ][:15]
            if not key_terms:
                found[url] = []
                continue
            like = q.Or([q.Term(body, term, boost=weight) for term, weight in key_terms])
            similar = searcher.search(like, limit=limit * 8, mask={searcher.document_number(url=url)})
            pages = [hit["page_url"] for hit in similar if hit["page_url"] != url]
            found[url] = list(dict.fromkeys(pages))[:limit]
    return found
