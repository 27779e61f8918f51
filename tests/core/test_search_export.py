"""The static search index: a word's shard answers both its form and its term with its postings,
and meta.json names the build so that browsers never mix two builds' files."""

import json

from helpcentre.core.search import documents, export, shards


def _export(tmp_path, name, pages):
    docs = []
    for url, (title, html) in pages.items():
        docs += documents.documents(url, title, "article", [], html)
    target = tmp_path / name / "site"
    export.build_and_export(tmp_path / name / "whoosh", target, "fi", docs)
    return target, json.loads((target / "meta.json").read_text(encoding="utf-8"))


PAGES = {
    "calls/callbacks/": ("Takaisinsoitot", "<h2 id='jono'>Jono</h2><p>Asiakaspalvelussa soitetaan takaisin.</p>"),
    "calls/queues/": ("Jonot", "<p>Asiakaspalvelun jono kasvaa ruuhkassa.</p>"),
}


def test_a_word_and_its_term_share_one_shard(tmp_path):
    target, meta = _export(tmp_path, "a", PAGES)
    prefixes = set(meta["shards"])
    shard = json.loads((target / "shards" / f"{shards.file_name(shards.shard_of('asiakaspalvelussa', prefixes))}.json")
                       .read_text(encoding="utf-8"))
    term = shard["w"]["asiakaspalvelussa"]
    assert term in shard["t"] and shard["t"][term]  # the postings came with the word


def test_the_build_hash_follows_the_content(tmp_path):
    _, first = _export(tmp_path, "a", PAGES)
    _, again = _export(tmp_path, "b", PAGES)
    _, changed = _export(tmp_path, "c", {**PAGES, "calls/queues/": ("Jonot", "<p>Jono lyhenee illalla.</p>")})
    assert first["build"] == again["build"]
    assert first["build"] != changed["build"]
