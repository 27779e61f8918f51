"""The static search index: word files planned on the word forms alone (prefix and typo lookups see
every form sharing the file's letters), term files with the postings, and a build hash in meta.json so
that browsers never mix two builds' files."""

import json

from helpcentre.core.search import documents, export, shards


def _export(tmp_path, name, pages):
    docs = []
    for url, (title, html) in pages.items():
        docs += documents.documents(url, title, "article", [], html)
    target = tmp_path / name / "site"
    export.build_and_export(tmp_path / name / "whoosh", target, "fi", "en", docs)
    meta = json.loads((target / "meta.json").read_text(encoding="utf-8"))
    return target / meta["build"], meta  # the build's files sit in the folder its hash names


PAGES = {
    "calls/callbacks/": (
        "Takaisinsoitot",
        "<h2 id='jono'>Jono</h2><p>Asiakaspalvelussa soitetaan takaisin.</p>",
    ),
    "calls/queues/": ("Jonot", "<p>Asiakaspalvelun jono kasvaa ruuhkassa.</p>"),
}


def test_a_words_term_is_in_the_term_file_its_letters_name(tmp_path):
    target, meta = _export(tmp_path, "a", PAGES)
    word_file = shards.file_name(shards.shard_of("asiakaspalvelussa", set(meta["wordShards"])))
    term = json.loads((target / "words" / f"{word_file}.json").read_text(encoding="utf-8"))[
        "asiakaspalvelussa"
    ]
    # The browser fetches this file together with the word's, before it knows the term.
    term_file = shards.file_name(shards.shard_of("asiakaspalvelussa", set(meta["termShards"])))
    postings = json.loads((target / "terms" / f"{term_file}.json").read_text(encoding="utf-8"))[term]
    # [entries holding it, then doc delta, section, score per entry]: both pages, one section
    assert postings[:3] == [3, 0, 0] and len(postings) == 10


def test_word_files_are_planned_on_the_forms_alone(tmp_path):
    """Long posting lists must not push word forms into deeper files, where a prefix typed in the
    browser would no longer see them."""
    body = " ".join(f"asiakas{n}" for n in range(400))
    many = {f"p{n}/": (f"Sivu {n}", f"<p>Asiakas asiakkaalle asiakkaat {body}</p>") for n in range(300)}
    target, meta = _export(tmp_path, "big", many)
    assert len(meta["termShards"]) > len(meta["wordShards"])
    prefix = shards.shard_of("asiak", set(meta["wordShards"]))
    forms = json.loads((target / "words" / f"{shards.file_name(prefix)}.json").read_text(encoding="utf-8"))
    assert {"asiakas", "asiakkaalle", "asiakkaat"} <= set(forms)


def test_the_build_hash_follows_the_content(tmp_path):
    _, first = _export(tmp_path, "a", PAGES)
    _, again = _export(tmp_path, "b", PAGES)
    _, changed = _export(tmp_path, "c", {**PAGES, "calls/queues/": ("Jonot", "<p>Jono lyhenee illalla.</p>")})
    assert first["build"] == again["build"]
    assert first["build"] != changed["build"]


def test_a_new_build_replaces_the_folder_of_the_last(tmp_path):
    docs = documents.documents("calls/", "Jonot", "article", [], "<p>Jono kasvaa.</p>")
    target = tmp_path / "site"
    export.build_and_export(tmp_path / "whoosh", target, "fi", "en", docs)
    first = json.loads((target / "meta.json").read_text(encoding="utf-8"))["build"]
    export.build_and_export(tmp_path / "whoosh", target, "fi", "en", docs)  # the same content again, no clean
    assert sorted(p.name for p in target.iterdir()) == sorted([first, "meta.json"])
    docs = documents.documents("calls/", "Jonot", "article", [], "<p>Jono lyhenee.</p>")
    export.build_and_export(tmp_path / "whoosh", target, "fi", "en", docs)
    second = json.loads((target / "meta.json").read_text(encoding="utf-8"))["build"]
    assert sorted(p.name for p in target.iterdir()) == sorted([second, "meta.json"]) and first != second
