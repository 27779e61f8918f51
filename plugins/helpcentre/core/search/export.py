"""The static index the browser searches: the whoosh index cut into small JSON files.

    meta.json            document count, field boosts and average lengths, BM25F parameters
    words/<key>.json     folded word form → index term, for forms starting with <key>
    terms/<key>.json     term → field → [document frequency, [[doc, weight, field length, page doc], …]]
    docs/<n>.json        display data of documents n·DOCS_PER_FILE … (url, title, heading, type, excerpt)

<key> is a word's first two letters, hex-encoded for safe file names: a query fetches the few
word and term files its words need, plus the display data of the results it shows. Weights and
field lengths are whoosh's own (boost included, lengths quantized), so the browser's BM25F equals
the CLI's.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from whoosh import index as whoosh_index

from . import index
from .analysis import STOPWORDS
from .documents import SearchDoc
from .index import BM25_B, BM25_K1, COORDINATION_BONUS, FIELD_BOOSTS, VOCABULARY_FILE
from .vocabulary import MAX_EXPANSIONS, MIN_BACKTRACK, MIN_PREFIX, MIN_TYPO_LENGTH

DOCS_PER_FILE = 50
FORMAT_VERSION = 1


def shard_key(word: str) -> str:
    return word[:2].encode("utf-8").hex()


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
        page_doc = {d["url"]: n for n, d in enumerate(stored) if d["url"] == d["page_url"]}
        terms = defaultdict(dict)
        for field in FIELD_BOOSTS:
            for term in reader.lexicon(field):
                postings = reader.postings(field, term)
                rows = []
                while postings.is_active():
                    doc = postings.id()
                    rows.append([doc, postings.weight(), reader.doc_field_length(doc, field),
                                 page_doc[stored[doc]["page_url"]]])
                    postings.next()
                terms[term.decode("utf-8")][field] = [reader.doc_frequency(field, term), rows]
        avg_lengths = {f: reader.field_length(f) / (count or 1) for f in FIELD_BOOSTS}
    forms = json.loads((index_folder / VOCABULARY_FILE).read_text(encoding="utf-8"))
    _write_sharded(target / "words", forms)
    _write_sharded(target / "terms", terms)
    _write_docs(target / "docs", stored)
    _write(target / "meta.json", {
        "version": FORMAT_VERSION, "documents": count, "docsPerFile": DOCS_PER_FILE,
        "fields": {f: {"boost": b, "averageLength": avg_lengths[f]} for f, b in FIELD_BOOSTS.items()},
        "bm25": {"B": BM25_B, "K1": BM25_K1}, "coordinationBonus": COORDINATION_BONUS,
        "expansion": {"minPrefix": MIN_PREFIX, "minTypoLength": MIN_TYPO_LENGTH,
                      "minBacktrack": MIN_BACKTRACK, "maxExpansions": MAX_EXPANSIONS},
        "stopwords": sorted(STOPWORDS.get(lang, ())),
        "wordShards": sorted({shard_key(w) for w in forms}),  # a query asks only for files that exist
    })


def _write_sharded(folder: Path, entries: dict) -> None:
    shards: dict[str, dict] = defaultdict(dict)
    for key in sorted(entries):
        shards[shard_key(key)][key] = entries[key]
    for key, shard in shards.items():
        _write(folder / f"{key}.json", shard)


def _write_docs(folder: Path, stored: list[dict]) -> None:
    for start in range(0, len(stored), DOCS_PER_FILE):
        chunk = [{"url": d["url"], "page": d["page_url"], "title": d["title"], "heading": d.get("heading", ""),
                  "type": d["type"], "excerpt": d["excerpt"]} for d in stored[start:start + DOCS_PER_FILE]]
        _write(folder / f"{start // DOCS_PER_FILE}.json", chunk)


def _write(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
