"""Build-time benchmark: our help centre against plain Material + static-i18n on the same pages.

Generates a synthetic help centre of N pages per language (five languages, about 10 % of pages
left untranslated so fallbacks are built too) from the demo content's own paragraphs, builds it
with both configurations in separate processes, and prints a Markdown table.

    .venv/bin/python benchmarks/build.py --sizes 200 1000
"""

from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ["en", "et", "fi", "lt", "sl"]
CATEGORIES = 10
UNTRANSLATED_SHARE = 0.10

I18N = """\
  - i18n:
      docs_structure: folder
      languages:
        - {locale: en, name: English, default: true}
        - {locale: et, name: Eesti}
        - {locale: fi, name: Suomi}
        - {locale: lt, name: Lietuvių}
        - {locale: sl, name: Slovenščina}
"""
PLUGINS_PLAIN = "plugins:\n  - search\n" + I18N  # Material's own search (lunr), as a plain site has it
PLUGINS_OURS = "plugins:\n" + I18N + "  - helpcentre\n"  # our search replaces Material's
CONFIG = """\
site_name: Benchmark
site_url: https://bench.example/
theme:
  name: material
  font: false
  features: [navigation.indexes, navigation.sections]
markdown_extensions: [admonition, attr_list, toc]
"""


def paragraphs(lang: str) -> list[str]:
    """Body paragraphs of the demo pages in `lang` (front matter and headings stripped)."""
    found = []
    for source in sorted((ROOT / "docs" / lang).rglob("*.md")):
        body = source.read_text(encoding="utf-8").split("---", 2)[-1]
        found += [p.strip() for p in body.split("\n\n") if p.strip() and not p.lstrip().startswith(("#", "-", "|"))]
    if not found and lang != "en":
        return paragraphs("en")
    return [re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", p) for p in found]


def generate(folder: Path, pages_per_language: int) -> None:
    rng = random.Random(42)
    untranslated = set(rng.sample(range(pages_per_language), int(pages_per_language * UNTRANSLATED_SHARE)))
    for lang in LANGUAGES:
        pool = paragraphs(lang)
        docs = folder / "docs" / lang
        write(docs / "index.md", f"Home {lang}", "Synthetic help centre.", "")
        for c in range(CATEGORIES):
            write(docs / f"category-{c:02}" / "index.md", f"Category {c} ({lang})", "A category.", f"order: {c}\n")
        for n in range(pages_per_language - 1 - CATEGORIES):
            if lang != "en" and n in untranslated:
                continue
            body = "\n\n".join(f"## Section {s}\n\n" + "\n\n".join(rng.sample(pool, min(3, len(pool))))
                               for s in range(1, 4))
            write(docs / f"category-{n % CATEGORIES:02}" / f"article-{n:05}.md", f"Article {n} ({lang})",
                  f"Synthetic article {n}.", "tags: [bench]\n", body)


def write(path: Path, title: str, description: str, extra: str, body: str = "") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: {title}\ndescription: {description}\n{extra}---\n{body}\n", encoding="utf-8")


def build(folder: Path, plugins: str, name: str) -> dict:
    config = folder / f"{name}.yml"
    config.write_text(CONFIG + plugins, encoding="utf-8")
    site = folder / f"site-{name}"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)],
                               cwd=folder, env=env, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{name} build failed:\n{process.stderr.read().decode()}")
    pages = sum(1 for _ in site.rglob("index.html"))
    size = sum(f.stat().st_size for f in site.rglob("*") if f.is_file())
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024,
            "pages": pages, "site_mb": size / 1e6}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 1000], help="pages per language")
    args = parser.parse_args()
    print("| pages/lang | build | pages built | wall s | CPU s | ms/page | peak MB | site MB | ours ÷ plain |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix=f"hc-bench-{size}-") as tmp:
            folder = Path(tmp)
            generate(folder, size)
            plain = build(folder, PLUGINS_PLAIN, "plain")
            ours = build(folder, PLUGINS_OURS, "ours")
        for name, r in (("plain Material + i18n", plain), ("helpcentre", ours)):
            ratio = f"{r['wall'] / plain['wall']:.2f}×"
            print(f"| {size} | {name} | {r['pages']} | {r['wall']:.1f} | {r['cpu']:.1f} | "
                  f"{1000 * r['wall'] / r['pages']:.1f} | {r['peak_mb']:.0f} | {r['site_mb']:.1f} | {ratio} |", flush=True)


if __name__ == "__main__":
    main()
