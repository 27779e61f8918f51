"""Build-time benchmark: our help centre against plain Material + static-i18n on the same pages.

Results go to handbook/docs/en/development/benchmarks.md, section "Build time" (the table), and
the plot to handbook/docs/en/assets/build-ms-per-page.svg (--svg).

Generates a synthetic help centre of N pages per language (five languages, about 10 % of pages
left untranslated so fallbacks are built too) from the demo content's own paragraphs, builds it
with each configuration in a child process, and prints a Markdown table. Peak memory is that of
the whole process tree (a build and its indexing workers together).

    .venv/bin/python benchmarks/build.py --sizes 200 1000 5000 --plain-up-to 1000 --jobs 2 --svg plot.svg
"""

from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
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
# prune leaves sections' children in the HTML (they are always expanded), so it goes without sections
CONFIG_PRUNE = CONFIG.replace(
    "features: [navigation.indexes, navigation.sections]", "features: [navigation.indexes, navigation.prune]"
)


def paragraphs(lang: str) -> list[str]:
    """Body paragraphs of the demo pages in `lang` (front matter and headings stripped)."""
    found = []
    for source in sorted((ROOT / "docs" / lang).rglob("*.md")):
        body = source.read_text(encoding="utf-8").split("---", 2)[-1]
        found += [
            p.strip() for p in body.split("\n\n") if p.strip() and not p.lstrip().startswith(("#", "-", "|"))
        ]
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
            write(
                docs / f"category-{c:02}" / "index.md",
                f"Category {c} ({lang})",
                "A category.",
                f"order: {c}\n",
            )
        for n in range(pages_per_language - 1 - CATEGORIES):
            if lang != "en" and n in untranslated:
                continue
            body = "\n\n".join(
                f"## Section {s}\n\n" + "\n\n".join(rng.sample(pool, min(3, len(pool)))) for s in range(1, 4)
            )
            write(
                docs / f"category-{n % CATEGORIES:02}" / f"article-{n:05}.md",
                f"Article {n} ({lang})",
                f"Synthetic article {n}.",
                "tags: [bench]\n",
                body,
            )


def write(path: Path, title: str, description: str, extra: str, body: str = "") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"---\ntitle: {title}\ndescription: {description}\n{extra}---\n{body}\n", encoding="utf-8"
    )


def build(folder: Path, plugins: str, name: str, config_text: str = CONFIG, jobs: int = 0) -> dict:
    """One build in a child process: wall and CPU time, and the peak memory of its whole process tree
    (the build and its indexing workers together, sampled every 100 ms)."""
    config = folder / f"{name}.yml"
    config.write_text(config_text + plugins, encoding="utf-8")
    site = folder / f"site-{name}"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = (
        [sys.executable, "-m", "helpcentre.cli", "build", "--jobs", str(jobs)]
        if jobs
        else [sys.executable, "-m", "mkdocs", "build", "-q"]
    )
    start = time.perf_counter()
    process = subprocess.Popen(
        [*command, "-f", str(config), "-d", str(site)], cwd=folder, env=env, stderr=subprocess.PIPE
    )
    peak = TreeMemory(process.pid)
    peak.start()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    peak.stop()
    if status != 0:
        raise SystemExit(f"{name} build failed:\n{process.stderr.read().decode()}")
    pages = sum(1 for _ in site.rglob("index.html"))
    size = sum(f.stat().st_size for f in site.rglob("*") if f.is_file())
    return {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "peak_mb": peak.peak / 2**20,
        "pages": pages,
        "site_mb": size / 1e6,
    }


class TreeMemory(threading.Thread):
    """The largest sum of the memory of a process and its descendants, read from /proc."""

    def __init__(self, root: int):
        super().__init__(daemon=True)
        self.root, self.peak, self.done = root, 0, threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.1):
            self.peak = max(self.peak, self._tree_rss())

    def stop(self) -> None:
        self.done.set()
        self.join()

    def _tree_rss(self) -> int:
        """Proportional set size (PSS): memory shared between processes is counted once, not per process."""
        parents = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue  # the process ended while we looked
        tree, grew = {self.root}, True
        while grew:
            before = len(tree)
            tree |= {pid for pid, parent in parents.items() if parent in tree}
            grew = len(tree) > before
        return sum(_pss(pid) for pid in tree)


def _pss(pid: int) -> int:
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    return next((int(line.split()[1]) * 1024 for line in rollup.splitlines() if line.startswith("Pss:")), 0)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 1000], help="pages per language")
    parser.add_argument(
        "--plain-up-to",
        type=int,
        default=1000,
        help="build the plain Material sites only up to this size (they take hours beyond)",
    )
    parser.add_argument(
        "--jobs", type=int, default=0, help="also build ours with `helpcentre build --jobs N`"
    )
    parser.add_argument("--svg", help="also write a plot of ms per page against pages to this file")
    args = parser.parse_args()
    results: dict[str, list[tuple[int, float]]] = {}
    print(
        "| pages/lang | build | pages built | wall s | CPU s | ms/page | peak MB, all processes | site MB "
        "| ours ÷ plain |"
    )
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix=f"hc-bench-{size}-") as tmp:
            folder = Path(tmp)
            generate(folder, size)
            runs = {}
            if size <= args.plain_up_to:
                runs["plain Material + i18n"] = build(folder, PLUGINS_PLAIN, "plain")
                runs["plain + navigation.prune"] = build(folder, PLUGINS_PLAIN, "prune", CONFIG_PRUNE)
            runs["helpcentre"] = build(folder, PLUGINS_OURS, "ours")
            if args.jobs:
                runs[f"helpcentre --jobs {args.jobs}"] = build(folder, PLUGINS_OURS, "jobs", jobs=args.jobs)
        plain = runs.get("plain Material + i18n")
        for name, r in runs.items():
            ratio = f"{r['wall'] / plain['wall']:.2f}×" if plain else "–"
            results.setdefault(name, []).append((size, 1000 * r["wall"] / r["pages"]))
            print(
                f"| {size} | {name} | {r['pages']} | {r['wall']:.1f} | {r['cpu']:.1f} | "
                f"{1000 * r['wall'] / r['pages']:.1f} | {r['peak_mb']:.0f} | {r['site_mb']:.1f} | {ratio} |",
                flush=True,
            )
    if args.svg:
        Path(args.svg).write_text(plot(results), encoding="utf-8")


def plot(results: dict[str, list[tuple[int, float]]]) -> str:
    """ms per page against pages per language, as a small standalone SVG (log-scaled x)."""
    import math

    sizes = sorted({s for points in results.values() for s, _ in points})
    top = max(ms for points in results.values() for _, ms in points) * 1.1

    def x(s):
        return 60 + 420 * (math.log(s) - math.log(sizes[0])) / max(
            1e-9, math.log(sizes[-1]) - math.log(sizes[0])
        )

    y = lambda ms: 220 - 200 * ms / top  # noqa: E731
    colours = ["#9e9e9e", "#ff9800", "#3f51b5", "#009688"]
    parts = [
        '<line x1="60" y1="220" x2="480" y2="220" stroke="#000"/>'
        '<line x1="60" y1="20" x2="60" y2="220" stroke="#000"/>',
        '<text x="270" y="250" text-anchor="middle">pages per language</text>',
        '<text x="15" y="120" transform="rotate(-90 15 120)" text-anchor="middle">ms per page</text>',
    ]
    parts += [f'<text x="{x(s):.0f}" y="235" text-anchor="middle">{s}</text>' for s in sizes]
    parts += [f'<text x="55" y="{y(v):.0f}" text-anchor="end">{v:.0f}</text>' for v in (0, top / 2, top)]
    for i, (name, points) in enumerate(results.items()):
        line = " ".join(f"{x(s):.0f},{y(ms):.0f}" for s, ms in points)
        parts.append(f'<polyline points="{line}" fill="none" stroke="{colours[i % 4]}" stroke-width="2"/>')
        parts += [
            f'<circle cx="{x(s):.0f}" cy="{y(ms):.0f}" r="3" fill="{colours[i % 4]}"/>' for s, ms in points
        ]
        parts.append(f'<text x="500" y="{40 + 18 * i}" fill="{colours[i % 4]}">{name}</text>')
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="720" height="260" font-family="sans-serif" '
        f'font-size="12">{"".join(parts)}</svg>\n'
    )


if __name__ == "__main__":
    main()
