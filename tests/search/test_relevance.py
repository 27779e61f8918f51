"""Relevance of `helpcentre search` (the whoosh index) on tests/search/queries.tsv: MRR@10."""

import csv
from collections import defaultdict
from pathlib import Path

import pytest

from conftest import ROOT

QUERIES = Path(__file__).with_name("queries.tsv")


def load_queries():
    with QUERIES.open(encoding="utf-8") as f:
        rows = [r for r in csv.reader(f, delimiter="\t") if r and not r[0].startswith("#")]
    return [(lang, kind, query, relevant.split(",")) for lang, kind, query, relevant in rows]


@pytest.fixture(scope="module")
def index_dir(demo_site):
    """The demo build writes its whoosh indexes to the plugin's default cache folder."""
    return ROOT / ".cache" / "helpcentre" / "search"


def reciprocal_rank(hits, lang, relevant):
    prefix = "" if lang == "en" else f"{lang}/"
    for rank, hit in enumerate(hits[:10], start=1):
        if hit.page_url.removeprefix(prefix) in relevant:
            return 1 / rank
    return 0.0


def test_query_set_covers_every_language_and_kind():
    counts = defaultdict(int)
    for lang, kind, _, _ in load_queries():
        counts[lang] += 1
        counts[(lang, kind)] += 1
    for lang in ["en", "et", "fi", "lt", "sl"]:
        assert counts[lang] >= 15
        for kind in ["inflected", "question", "prefix", "nodiacritics", "typo"]:
            assert counts[(lang, kind)] >= 3


def test_mrr_at_10(index_dir):
    from helpcentre.core.search.index import search

    scores = defaultdict(list)
    misses = []
    for lang, kind, query, relevant in load_queries():
        rr = reciprocal_rank(search(index_dir / lang, lang, query), lang, relevant)
        scores["all"].append(rr)
        scores[lang].append(rr)
        scores[kind].append(rr)
        if rr < 1:
            misses.append((lang, kind, query, rr))
    mrr = {group: sum(v) / len(v) for group, v in scores.items()}
    assert mrr["all"] >= 0.85, (mrr, misses)
    assert min(mrr.values()) >= 0.75, (mrr, misses)
