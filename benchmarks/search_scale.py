"""Search at scale: our static index against Pagefind on a synthetic corpus of N pages per language.

Results go to handbook/docs/en/development/benchmarks.md, section "Search at scale".

A full MkDocs build of 25,000 pages per language takes hours for any Material site (issue 8), so
this benchmark skips MkDocs: it writes the synthetic pages of benchmarks/build.py as bare HTML
(Markdown → HTML with python-markdown), indexes them with our core (whoosh → static export, the
same code the plugin runs) and with Pagefind, and measures in Chromium what a reader pays: bytes a
cold first query downloads and warm query latency, over the queries of tests/search/queries.tsv.
Material's search is left out here: its index needs the MkDocs build (see benchmarks/search.py).

    .venv/bin/python benchmarks/search_scale.py --pages 1000 25000 [--langs et fi] [--passes 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from html import escape
from pathlib import Path

import markdown

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build as synthetic
from search import CHROMIUM_ARGS, ROOT, count_search_bytes, folder_bytes, queries, run, serve

ASSETS = ROOT / "plugins/helpcentre/templates/assets/helpcentre"
SCRIPTS = ["fold.js", "search-engine.js", "search.js"]  # in this order: each uses the ones before
BOX = """<div data-hc-search data-index="{index}" data-lang="{lang}" data-root="/{prefix}"
data-text-count="{{}}">
<form><input name="q"></form><div class="hc-search__panel" hidden><p class="hc-search__status"></p>
<ul id="r" data-search-results></ul></div></div>
<script src="/fold.js"></script><script src="/search-engine.js"></script><script src="/search.js"></script>"""


def write_html(folder: Path, site: Path, langs: list[str]) -> None:
    """docs/<lang>/**.md → site/<lang>/**/index.html, plus a search page per language."""
    site.mkdir(parents=True)
    for script in SCRIPTS:
        (site / script).write_bytes((ASSETS / script).read_bytes())
    for lang in langs:
        prefix = "" if lang == "en" else f"{lang}/"
        for source in sorted((folder / "docs" / lang).rglob("*.md")):
            _, front, body = source.read_text(encoding="utf-8").split("---", 2)
            title = front.split("title: ", 1)[1].split("\n", 1)[0]
            html = markdown.markdown(body, extensions=["toc"])
            target = site / prefix / source.relative_to(folder / "docs" / lang).with_suffix("") / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(
                f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{escape(title)}'
                f"</title></head><body><main><h1>{escape(title)}</h1>{html}</main></body></html>",
                encoding="utf-8",
            )
        search_page = site / prefix / "search-bench.html"
        search_page.parent.mkdir(parents=True, exist_ok=True)
        search_page.write_text(
            f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"></head><body>'
            + BOX.format(index=f"/{prefix}search/", lang=lang, prefix=prefix)
            + "</body></html>",
            encoding="utf-8",
        )


INDEX_OURS = """
import sys
from pathlib import Path
from helpcentre.core.search import documents, export, index
site, work = Path(sys.argv[1]), Path(sys.argv[2])
for lang in sys.argv[3:]:
    root = site if lang == "en" else site / lang
    docs = []
    for page in sorted(root.rglob("index.html")):
        url = page.parent.relative_to(root).as_posix() + "/"
        if url.split("/")[0] in ("et", "fi", "lt", "sl", "search"):
            continue
        html = page.read_text(encoding="utf-8")
        title = html.split("<title>", 1)[1].split("</title>", 1)[0]
        docs += documents.documents(url, title, "article", [], html.split("<main>", 1)[1])
    index.build(work / lang, lang, docs)  # related articles are not part of this comparison
    export.export(work / lang, root / "search")
"""


def measure(browser, base: str, langs: list[str], engine: str, passes: int):
    """Warm latencies over `passes` fresh page loads per language (a p95 from one pass of ~14 queries per
    language moved by ±15 ms between identical runs), and the bytes of each language's first query."""
    latencies, cold = [], {}
    for lang in langs * passes:
        prefix = "" if lang == "en" else f"{lang}/"
        context = browser.new_context()
        page = context.new_page()
        transferred = []
        count = count_search_bytes(transferred)
        page.on("response", count)
        page.goto(f"{base}/{prefix}search-bench.html")
        rows = [q for code, _, q, _ in queries() if code == lang]
        for i, query in enumerate(rows):
            if engine == "helpcentre":
                ms = page.evaluate(
                    "async (q) => { const t = performance.now(); await window.helpcentreSearch(q); "
                    "return performance.now() - t; }",
                    query,
                )
            else:
                ms = page.evaluate(
                    """async (q) => {
                    window.__pf = window.__pf || await import('/pagefind/pagefind.js');
                    const t = performance.now();
                    const r = await window.__pf.search(q);
                    await Promise.all(r.results.slice(0, 10).map(x => x.data()));
                    return performance.now() - t; }""",
                    query,
                )
            if i == 0:
                cold.setdefault(lang, sum(transferred))
                page.remove_listener("response", count)  # see count_search_bytes
            else:
                latencies.append(ms)
        context.close()
    return latencies, cold


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, nargs="+", default=[1000], help="pages per language")
    parser.add_argument("--langs", nargs="+", default=synthetic.LANGUAGES)
    parser.add_argument(
        "--passes", type=int, default=3, help="fresh page loads per language for the latencies"
    )
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    print(
        "| pages/lang | engine | index s | index peak MB | index size / lang | cold first query | "
        "warm median ms | warm p95 ms |"
    )
    print("|---:|---|---:|---:|---:|---:|---:|---:|")
    for pages in args.pages:
        with tempfile.TemporaryDirectory(prefix=f"hc-search-scale-{pages}-") as tmp:
            tmp = Path(tmp)
            synthetic.generate(tmp, pages)
            site = tmp / "site"
            write_html(tmp, site, args.langs)
            costs = {
                "helpcentre": run(
                    [sys.executable, "-c", INDEX_OURS, str(site), str(tmp / "whoosh"), *args.langs], tmp
                ),
                "Pagefind": run([sys.executable, "-m", "pagefind", "--site", str(site)], tmp),
            }
            sizes = {
                "helpcentre": statistics.mean(
                    folder_bytes(site / ("" if code == "en" else code) / "search") for code in args.langs
                ),
                "Pagefind": folder_bytes(site / "pagefind") / len(args.langs),
            }
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
                server, base = serve(site, nginx=True)
                for engine in ("helpcentre", "Pagefind"):
                    latencies, cold = measure(browser, base, args.langs, engine, args.passes)
                    wall, peak = costs[engine]
                    print(
                        f"| {pages} | {engine} | {wall:.0f} | {peak:.0f} | {sizes[engine] / 1024:.0f} KB | "
                        f"{statistics.mean(cold.values()) / 1024:.0f} KB | "
                        f"{statistics.median(latencies):.0f} | "
                        f"{statistics.quantiles(latencies, n=20)[-1]:.0f} |",
                        flush=True,
                    )
                server.shutdown()
                browser.close()


if __name__ == "__main__":
    main()
