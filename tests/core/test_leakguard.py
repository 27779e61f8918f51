"""The leak guard finds internal addresses and text however the output hides them, and nothing else."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from helpcentre.core import catalog, leakguard

SECRET_LINE = "Refunds above five hundred euros need the team lead's written approval first."


def _catalog(tmp_path: Path):
    docs = tmp_path / "docs"
    pages = {
        "en/index.md": ("Home", "Start here", "Welcome."),
        "en/help/index.md": ("Help", "All help", "Everything."),
        "en/help/refunds.md": ("Refunds", "Getting money back", "Refunds arrive within five working days."),
        "en/internal/limits.md": ("Refund approval limits", "What agents may approve alone", SECRET_LINE),
    }
    for path, (title, description, body) in pages.items():
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text(
            f"---\ntitle: {title}\ndescription: {description}\n---\n{body}\n", encoding="utf-8"
        )
    return catalog.load(docs, ["en"], "en", root=tmp_path)[0]


def _site(tmp_path: Path, files: dict[str, bytes]) -> Path:
    site = tmp_path / "site"
    for name, data in files.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_bytes(data)
    return site


def test_text_in_attributes_entities_json_and_gzip_is_found(tmp_path):
    cat = _catalog(tmp_path)
    site = _site(
        tmp_path,
        {
            "a.html": b'<meta content="Refund approval limits">',
            "b.html": b"<p>Refunds above <em>five hundred</em> euros need the team lead&#39;s written</p>",
            "c.json": json.dumps({"excerpt": "What agents may approve alone"}).encode(),
            "sitemap.xml.gz": gzip.compress(b"<loc>https://x.example/internal/limits/</loc>"),
            "internal/limits/index.html": b"<p>hello</p>",
        },
    )
    leaks = leakguard.find_leaks(site, cat, tmp_path)
    assert {leak.output for leak in leaks} == {
        "a.html",
        "b.html",
        "c.json",
        "internal/limits/index.html",
        "sitemap.xml.gz",
    }
    assert all(
        leak.source == "docs/en/internal/limits.md"
        for leak in leaks
        if leak.output != "internal/limits/index.html"
    )


def test_public_text_and_theme_files_are_not_leaks(tmp_path):
    cat = _catalog(tmp_path)
    site = _site(
        tmp_path,
        {
            "help/refunds/index.html": b"<h1>Refunds</h1><p>Refunds arrive within five working days.</p>",
            "assets/app.js": b"// Refund approval limits",  # scripts are checked for addresses only
            "logo.png": SECRET_LINE.encode(),
        },
    )
    assert leakguard.find_leaks(site, cat, tmp_path) == []
