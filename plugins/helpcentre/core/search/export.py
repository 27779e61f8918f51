"""The static index the browser searches: the whoosh index cut into small JSON files.

    meta.json              document count, shard prefixes, query-expansion parameters, stop words
    shards/<prefix>.json   {"w": {folded word form → index term}, "t": {term → postings, or → n}}
    postings/<n>.json      a posting list too long to sit in a shard
    docs/<n>.json          display data of documents n·DOCS_PER_FILE … (url, title, heading, type, excerpt)

Word forms and terms share shards because a word's term nearly always starts like the word
("asiakaspalvelussa" → "asiakaspalvelu"): one file answers both questions, and the postings come
with it unless they are long. In a browser each request costs milliseconds of its own however
small the file, so a query's latency follows the number of files it needs, not their bytes.

Shards are named by hex-encoded key prefixes chosen so that none exceeds shards.SHARD_BYTES (see
shards.py). A posting list is flat: [doc delta, section, score, …] in document order, where
`section` is the document's offset from its page's document (sections follow their page) and
`score` is the term's BM25F contribution summed over fields, × SCORE_SCALE. Scores are computed
here with whoosh's BM25F formula, weights and quantized field lengths, so the browser's sums equal
`helpcentre search`'s up to rounding. A term keeps its MAX_POSTINGS best postings: beyond that, a
document it cannot lift into the top results is not worth the bytes.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from pathlib import Path

from whoosh import index as whoosh_index

from . import index, shards
from .analysis import STOPWORDS
from .documents import SearchDoc
from .index import BM25_B, BM25_K1, COORDINATION_BONUS, FIELD_BOOSTS, VOCABULARY_FILE
from .vocabulary import MAX_EXPANSIONS, MIN_BACKTRACK, MIN_PREFIX, MIN_TYPO_LENGTH

DOCS_PER_FILE = 5
FORMAT_VERSION = 3
SCORE_SCALE = 1000
MAX_POSTINGS = 500
# A posting list larger than this gets a file of its own, so that a shard still holds a few terms.
# Smaller lists ride in their word's shard: one request fewer, and a stage fewer, for most words.
OWN_FILE_BYTES = shards.SHARD_BYTES // 2


def build_and_export(index_folder: Path, target: Path, lang: str, docs: list[SearchDoc]) -> dict[str, list[str]]:
    """Index one language, export its static index, and return each page's related pages."""
    index.build(index_folder, lang, docs)
    export(index_folder, target, lang)
    return index.related(index_folder, docs)


def export(index_folder: Path, target: Path, lang: str) -> None:
    ix = whoosh_index.open_dir(str(index_folder))
    with ix.reader() as reader:
        count = reader.doc_count_all()
        stored = [reader.stored_fields(n) for n in range(count)]
        scores = _term_scores(reader, count)
    page_doc = {d["url"]: n for n, d in enumerate(stored) if d["url"] == d["page_url"]}
    section = [n - page_doc[d["page_url"]] for n, d in enumerate(stored)]
    terms = {}
    for number, (term, by_doc) in enumerate(sorted(scores.items())):
        postings = _encode(by_doc, section)
        if len(shards.encode(postings)) > OWN_FILE_BYTES:
            _write(target / "postings" / f"{number}.json", postings)
            terms[term] = number
        else:
            terms[term] = postings
    forms = json.loads((index_folder / VOCABULARY_FILE).read_text(encoding="utf-8"))
    _write(target / "meta.json", {
        "version": FORMAT_VERSION, "documents": count, "docsPerFile": DOCS_PER_FILE,
        "scoreScale": SCORE_SCALE, "coordinationBonus": COORDINATION_BONUS,
        "expansion": {"minPrefix": MIN_PREFIX, "minTypoLength": MIN_TYPO_LENGTH,
                      "minBacktrack": MIN_BACKTRACK, "maxExpansions": MAX_EXPANSIONS},
        "stopwords": sorted(STOPWORDS.get(lang, ())),
        "shards": _write_shards(target / "shards", forms, terms),
    })
    _write_docs(target / "docs", stored)


def _term_scores(reader, count: int) -> dict[str, dict[int, float]]:
    """term → document → Σ over fields of whoosh's BM25F score for that term alone."""
    scores: dict[str, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    for field in FIELD_BOOSTS:
        average = reader.field_length(field) / (count or 1) or 1
        for term in reader.lexicon(field):
            idf = math.log(count / (reader.doc_frequency(field, term) + 1)) + 1
            by_doc = scores[term.decode("utf-8")]
            postings = reader.postings(field, term)
            while postings.is_active():
                tf, length = postings.weight(), reader.doc_field_length(postings.id(), field)
                by_doc[postings.id()] += idf * tf * (BM25_K1 + 1) / (
                    tf + BM25_K1 * (1 - BM25_B + BM25_B * length / average))
                postings.next()
    return scores


def _encode(by_doc: dict[int, float], section: list[int]) -> list[int]:
    best = sorted(by_doc.items(), key=lambda item: -item[1])[:MAX_POSTINGS]
    flat, previous = [], 0
    for doc, score in sorted(best):
        flat += [doc - previous, section[doc], round(score * SCORE_SCALE)]
        previous = doc
    return flat


def _write_shards(folder: Path, forms: dict[str, str], terms: dict[str, list[int] | int]) -> list[str]:
    keyed: dict[str, dict] = defaultdict(dict)
    for form, term in forms.items():
        keyed[form]["w"] = term
    for term, postings in terms.items():
        keyed[term]["t"] = postings
    planned = shards.plan(keyed)
    for prefix, entries in planned.items():
        shard = {kind: {key: entry[kind] for key, entry in entries.items() if kind in entry} for kind in "wt"}
        _write(folder / f"{shards.file_name(prefix)}.json", shard)
    return sorted(planned)


def _write_docs(folder: Path, stored: list[dict]) -> None:
    for start in range(0, len(stored), DOCS_PER_FILE):
        chunk = [{"url": d["url"], "title": d["title"], "heading": d.get("heading", ""),
                  "type": d["type"], "excerpt": d["excerpt"]} for d in stored[start:start + DOCS_PER_FILE]]
        _write(folder / f"{start // DOCS_PER_FILE}.json", chunk)


def _write(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(shards.encode(data), encoding="utf-8")
