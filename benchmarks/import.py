"""How long `helpcentre import zendesk` takes, and its peak memory, on a synthetic Zendesk Guide export.

The export is written in the Help Center API's format (response pages of 100 articles, one translations
file per item): N articles in 5 languages, 10 categories of 5 sections, bodies with headings, a list, a
table, a callout, an image and links to other articles. Each size is imported twice into a fresh
project: the first run writes every page, the second finds every page unchanged (the re-import path).
Peak memory is the import process's maximum resident set size.

Results go to handbook/docs/en/development/benchmarks.md, section "Import".

    .venv/bin/python benchmarks/import.py [--articles 1000 5000]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LOCALES = ("en-us", "et", "fi", "lt", "sl")
CATEGORIES, SECTIONS_PER_CATEGORY, PER_PAGE = 10, 5, 100
WORDS = {
    "en-us": [
        "refund",
        "invoice",
        "payment",
        "card",
        "delivery",
        "account",
        "password",
        "order",
        "parcel",
        "return",
    ],
    "et": [
        "tagasimakse",
        "arve",
        "makse",
        "kaart",
        "tarne",
        "konto",
        "parool",
        "tellimus",
        "pakk",
        "tagastus",
    ],
    "fi": [
        "hyvitys",
        "lasku",
        "maksu",
        "kortti",
        "toimitus",
        "tili",
        "salasana",
        "tilaus",
        "paketti",
        "palautus",
    ],
    "lt": [
        "grąžinimas",
        "sąskaita",
        "mokėjimas",
        "kortelė",
        "pristatymas",
        "paskyra",
        "slaptažodis",
        "užsakymas",
        "siunta",
    ],
    "sl": [
        "vračilo",
        "račun",
        "plačilo",
        "kartica",
        "dostava",
        "račun",
        "geslo",
        "naročilo",
        "paket",
        "vrnitev",
    ],
}
CONFIG = """\
site_name: Bench
theme:
  name: material
plugins:
  - i18n:
      docs_structure: folder
      languages:
{languages}
  - helpcentre
markdown_extensions:
  - admonition
  - tables
  - pymdownx.superfences
"""


def body(article: int, locale: str, total: int) -> str:
    words = WORDS[locale]
    sentence = " ".join(words[(article + i) % len(words)] for i in range(12)).capitalize() + "."
    other = (article * 7 + 1) % total + 1
    return (
        f"<h1>{words[article % len(words)]} {article}</h1><p>{sentence} {sentence}</p>"
        f"<h2>{words[(article + 3) % len(words)]}</h2><ul><li>{sentence}</li><li>{sentence}</li></ul>"
        f'<div class="callout callout--warning"><p>{sentence}</p></div>'
        f"<table><thead><tr><th>{words[0]}</th><th>{words[1]}</th></tr></thead>"
        f"<tbody><tr><td>1</td><td>2</td></tr></tbody></table>"
        f'<p><img src="/hc/article_attachments/{article}/x.png" alt="{words[2]}"> '
        f'<a href="/hc/{locale}/articles/{other}-x">{words[4]} {other}</a></p>'
    )


def write_export(folder: Path, articles: int) -> None:
    for kind in ("categories", "sections", "articles"):
        (folder / "translations" / kind).mkdir(parents=True)
    categories = [_item(c, "name", f"Category {c}", position=c) for c in range(1, CATEGORIES + 1)]
    _dump(folder / "categories.json", {"categories": categories, "next_page": None})
    sections = [
        {**_item(100 + s, "name", f"Section {s}", position=s), "category_id": 1 + s % CATEGORIES}
        for s in range(CATEGORIES * SECTIONS_PER_CATEGORY)
    ]
    _dump(folder / "sections.json", {"sections": sections, "next_page": None})
    for kind, items in (("categories", categories), ("sections", sections)):
        for item in items:
            rows = [{"locale": loc, "title": f"{item['name']} {loc}", "body": ""} for loc in LOCALES]
            _dump(folder / "translations" / kind / f"{item['id']}.json", {"translations": rows})
    listed = []
    for number in range(1, articles + 1):
        article = {
            **_item(number, "title", f"{WORDS['en-us'][number % 10]} article {number}", position=number),
            "section_id": 100 + number % (CATEGORIES * SECTIONS_PER_CATEGORY),
            "label_names": [WORDS["en-us"][number % 10]],
            "promoted": number % 50 == 0,
            "draft": number % 97 == 0,
            "user_segment_id": 7 if number % 41 == 0 else None,
            "body": body(number, "en-us", articles),
        }
        listed.append(article)
        rows = [
            {
                "locale": loc,
                "title": f"{WORDS[loc][number % 9]} {number} {loc}",
                "body": body(number, loc, articles),
                "outdated": loc == "lt" and number % 13 == 0,
                "html_url": f"https://bench.zendesk.com/hc/{loc}/articles/{number}",
            }
            for loc in LOCALES
        ]
        _dump(folder / "translations/articles" / f"{number}.json", {"translations": rows})
    for page, start in enumerate(range(0, articles, PER_PAGE), start=1):
        name = "articles.json" if page == 1 else f"articles-{page}.json"
        _dump(folder / name, {"articles": listed[start : start + PER_PAGE], "next_page": None})


def _item(number: int, key: str, title: str, position: int) -> dict:
    return {
        "id": number,
        key: title,
        "position": position,
        "locale": "en-us",
        "source_locale": "en-us",
        "html_url": f"https://bench.zendesk.com/hc/en-us/x/{number}",
    }


def _dump(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def run_import(export: Path, project: Path) -> tuple[float, float, float, str]:
    """Wall seconds, CPU seconds and peak resident MB of the import process, its summary line."""
    started = time.perf_counter()
    code = (
        "import resource, sys; from helpcentre.cli import main; status = main(sys.argv[1:]); "
        "usage = resource.getrusage(resource.RUSAGE_SELF); "
        "print('usage', usage.ru_maxrss, usage.ru_utime + usage.ru_stime, file=sys.stderr); "
        "sys.exit(status)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, "import", "zendesk", str(export), "--docs", "docs"],
        cwd=project,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(result.stderr)
    peak_kb, cpu = result.stderr.split("usage ")[-1].split()[:2]
    return seconds, float(cpu), int(peak_kb) / 1024, result.stdout.splitlines()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[1000, 5000])
    args = parser.parse_args()
    print(
        "| articles × languages | export MB | import wall s | CPU s | ms CPU/page | peak MB "
        "| re-import wall s | CPU s | result |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for articles in args.articles:
        with tempfile.TemporaryDirectory() as folder:
            export, project = Path(folder, "export"), Path(folder, "help")
            write_export(export, articles)
            megabytes = sum(p.stat().st_size for p in export.rglob("*.json")) / 1e6
            project.mkdir()
            entries = "\n".join(
                f"        - locale: {loc.split('-')[0]}" + ("\n          default: true" if i == 0 else "")
                for i, loc in enumerate(LOCALES)
            )
            (project / "mkdocs.yml").write_text(CONFIG.format(languages=entries), encoding="utf-8")
            seconds, cpu, peak, summary = run_import(export, project)
            again, again_cpu, _, unchanged = run_import(export, project)
            pages = sum(1 for _ in (project / "docs").rglob("*.md"))
            print(
                f"| {articles:,} × {len(LOCALES)} | {megabytes:.0f} | {seconds:.1f} | {cpu:.1f} "
                f"| {1000 * cpu / pages:.1f} | {peak:.0f} | {again:.1f} | {again_cpu:.1f} "
                f"| {summary}; then {unchanged} |"
            )


if __name__ == "__main__":
    main()
