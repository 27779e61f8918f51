"""The static index the browser searches: the whoosh index cut into small JSON files.

    meta.json                     format, build hash, document count, shard prefixes, expansion
                                  parameters, stop words
    <build>/words/<prefix>.json   folded word form → index term
    <build>/terms/<prefix>.json   term → postings
    <build>/docs/<n>.json         display data of documents n·DOCS_PER_FILE … (url, title, heading,
                                  type, excerpt; the text's language if not the index's, category)
    <build>/facets.json           each document's category and type, as runs over document order
                                  (documents follow page URLs, so a category is one run): for the
                                  results page's counts and filters, without every result's display data

Files are named by hex-encoded key prefixes chosen so that none exceeds shards.SHARD_BYTES (see
shards.py). Word files are planned on the word forms alone, so that a prefix, a typo or a backed-off
prefix is looked up among all the forms that share the file's letters (as `helpcentre search` looks
in the whole vocabulary); term files carry the postings. The browser asks for a word's file and for
the term file named by the word's own letters at once, since a word's term nearly always starts like
the word ("asiakaspalvelussa" → "asiakaspalvelu"): one round of requests per query step.

Every file but meta.json sits in a folder named by the hash of their content, and the browser
revalidates meta.json on each page load: no cache can pair files of two builds, and a page left open
across a deploy finds its build's folder gone (404), reloads meta.json and asks again.

A posting list is flat: [entries holding the term, doc delta, section, score, …] in document order,
where `section` is the document's offset from its page's document (sections follow their page),
`score` the term's BM25F contribution summed over fields, × SCORE_SCALE. Scores are computed here
with whoosh's BM25F formula, weights and quantized field lengths, so the browser's sums equal
`helpcentre search`'s up to rounding. A term keeps its MAX_POSTINGS best postings (≤ ~8 KB): beyond
that, a document it cannot lift into the top results is not worth the bytes.
"""

from __future__ import annotations

import hashlib
import json
import math
import shutil
from collections import defaultdict
from pathlib import Path

from whoosh import index as whoosh_index

from . import confidence, index, shards
from .analysis import STOPWORDS
from .documents import SearchDoc
from .index import BM25_B, BM25_K1, COORDINATION_BONUS, VOCABULARY_FILE
from .vocabulary import MAX_EXPANSIONS, MIN_BACKTRACK, MIN_PREFIX, MIN_TYPO_LENGTH

DOCS_PER_FILE = 5
FORMAT_VERSION = 5  # search-engine.js refuses another
SCORE_SCALE = 1000
MAX_POSTINGS = 500


def build_and_export(
    index_folder: Path, target: Path, lang: str, fallback: str, docs: list[SearchDoc]
) -> dict[str, list[str]]:
    """Index one language, export its static index, and return each page's related pages."""
    index.build(index_folder, lang, docs, fallback)
    export(index_folder, target)
    return index.related(index_folder, docs)


def export(index_folder: Path, target: Path) -> None:
    lang, fallback = index.settings(index_folder)
    ix = whoosh_index.open_dir(str(index_folder))
    with ix.reader() as reader:
        count = reader.doc_count_all()
        stored = [reader.stored_fields(n) for n in range(count)]
        scores = _term_scores(reader, count, index.fields(lang, fallback))
    page_doc = {d["url"]: n for n, d in enumerate(stored) if d["url"] == d["page_url"]}
    section = [n - page_doc[d["page_url"]] for n, d in enumerate(stored)]
    files = _Files(target / ".next", _previous_build(target))
    terms = {term: _encode(by_doc, section) for term, by_doc in scores.items()}
    forms = json.loads((index_folder / VOCABULARY_FILE).read_text(encoding="utf-8"))
    word_shards = _write_sharded(files, "words", forms)
    term_shards = _write_sharded(files, "terms", terms)
    _write_docs(files, stored, lang)
    files.write("facets.json", _facets(stored))
    build = files.publish()
    (target / "meta.json").write_text(
        shards.encode(
            {
                "version": FORMAT_VERSION,
                "lang": lang,
                "build": build,
                "documents": count,
                "docsPerFile": DOCS_PER_FILE,
                "scoreScale": SCORE_SCALE,
                "coordinationBonus": COORDINATION_BONUS,
                "expansion": {
                    "minPrefix": MIN_PREFIX,
                    "minTypoLength": MIN_TYPO_LENGTH,
                    "minBacktrack": MIN_BACKTRACK,
                    "maxExpansions": MAX_EXPANSIONS,
                },
                "stopwords": sorted(STOPWORDS.get(lang, ())),
                # A stop word of the fallback pages' language, unless the corpus has it as a word.
                "fallbackStopwords": sorted(STOPWORDS.get(fallback, ())) if fallback != lang else [],
                "confidence": {"minKept": confidence.MIN_KEPT, "minCoverage": confidence.MIN_COVERAGE},
                "wordShards": word_shards,
                "termShards": term_shards,
            }
        ),
        encoding="utf-8",
    )
    files.remove_previous_build(build)  # only now: meta.json never names a folder that is gone


def _term_scores(reader, count: int, fields: list[str]) -> dict[str, dict[int, float]]:
    """term → document → Σ over fields of whoosh's BM25F score for that term alone. A document has
    the fields of one analysis (its text's language) only."""
    scores: dict[str, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    for field in fields:
        average = reader.field_length(field) / (count or 1) or 1
        for term in reader.lexicon(field):
            idf = math.log(count / (reader.doc_frequency(field, term) + 1)) + 1
            by_doc = scores[term.decode("utf-8")]
            postings = reader.postings(field, term)
            while postings.is_active():
                tf, length = postings.weight(), reader.doc_field_length(postings.id(), field)
                by_doc[postings.id()] += (
                    idf * tf * (BM25_K1 + 1) / (tf + BM25_K1 * (1 - BM25_B + BM25_B * length / average))
                )
                postings.next()
    return scores


def _encode(by_doc: dict[int, float], section: list[int]) -> list[int]:
    best = sorted(by_doc.items(), key=lambda item: (-item[1], item[0]))[:MAX_POSTINGS]  # ties: as ranked
    flat, previous = [len(by_doc)], 0  # how many entries hold the term: search confidence weighs it
    for doc, score in sorted(best):
        flat += [doc - previous, section[doc], round(score * SCORE_SCALE)]
        previous = doc
    return flat


def _write_sharded(files: _Files, folder: str, entries: dict) -> list[str]:
    planned = shards.plan(entries)
    for prefix, shard in planned.items():
        files.write(f"{folder}/{shards.file_name(prefix)}.json", shard)
    return sorted(planned)


def _write_docs(files: _Files, stored: list[dict], lang: str) -> None:
    for start in range(0, len(stored), DOCS_PER_FILE):
        chunk = [_display(d, lang) for d in stored[start : start + DOCS_PER_FILE]]
        files.write(f"docs/{start // DOCS_PER_FILE}.json", chunk)


def _display(stored: dict, lang: str) -> dict:
    shown = {key: stored.get(key, "") for key in ("url", "title", "heading", "type", "excerpt")}
    if stored.get("lang", lang) != lang:
        shown["lang"] = stored["lang"]
    if stored.get("category"):
        shown["category"] = {"title": stored["category"], "url": stored["category_url"]}
    return shown


def _facets(stored: list[dict]) -> dict:
    """Runs of [first document, value] over document order, per facet."""
    runs: dict[str, list] = {"categories": [], "types": []}
    for n, d in enumerate(stored):
        category = [d.get("category", ""), d.get("category_url", "")]
        if not runs["categories"] or runs["categories"][-1][1:] != category:
            runs["categories"].append([n, *category])
        if not runs["types"] or runs["types"][-1][1] != d["type"]:
            runs["types"].append([n, d["type"]])
    return runs


def _previous_build(target: Path) -> str:
    """The build folder the last export named in meta.json: the only folder here known to be ours
    (a writer's category may be called 'search' and share the folder)."""
    try:
        build = json.loads((target / "meta.json").read_text(encoding="utf-8")).get("build", "")
    except (OSError, ValueError, AttributeError):
        return ""
    return build if isinstance(build, str) and build.isalnum() else ""


class _Files:
    """Writes the index's files into a scratch folder, hashing what it writes, then publishes them as
    the folder the hash names. Removes no folder but its scratch folder and the previous build's."""

    def __init__(self, scratch: Path, previous: str):
        shutil.rmtree(scratch, ignore_errors=True)
        scratch.mkdir(parents=True)  # a language with no pages still gets its (empty) build folder
        self.scratch, self.previous, self.digest = scratch, previous, hashlib.sha256()

    def write(self, relative: str, data) -> None:
        text = shards.encode(data)
        self.digest.update(f"{relative}\0{text}\0".encode())
        path = self.scratch / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def publish(self) -> str:
        build = self.digest.hexdigest()[:12]
        final = self.scratch.parent / build
        if final.exists():
            if build != self.previous:
                raise FileExistsError(f"{final} exists and was not written by the search index: rename it")
            shutil.rmtree(final)  # the same content built before, without a clean
        self.scratch.rename(final)
        return build

    def remove_previous_build(self, build: str) -> None:
        if self.previous and self.previous != build:
            shutil.rmtree(self.scratch.parent / self.previous, ignore_errors=True)
