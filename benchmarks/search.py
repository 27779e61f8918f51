"""Search benchmark: our search against Material's built-in search and Pagefind, on the demo site.

Results go to handbook/docs/en/development/benchmarks.md, section "Search benchmark" (the relevance
and the cost tables).

For each engine: relevance on tests/search/queries.tsv (MRR@10 and recall@5 per language and kind of
the answerable queries, driven through Chromium), how often it admits having no answer (ours: the
`weak`/`none` confidence state; Material and Pagefind have no such signal, so only an empty result
list counts) on unanswerable and on answerable queries, index size, bytes a cold first query
downloads, warm query latency, and build time and peak memory. Needs Chromium (/usr/bin/chromium)
and `pip install 'pagefind[extended]'`.

    .venv/bin/python benchmarks/search.py                # the demo site, relevance included
    .venv/bin/python benchmarks/search.py --pages 1000  # synthetic site (build.py's), no relevance
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ["en", "et", "fi", "lt", "sl"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PLAIN_CONFIG = """\
site_name: Northdesk Help Centre
site_url: https://help.northdesk.example/
docs_dir: {docs}
theme: {{name: material, font: false}}
markdown_extensions: [admonition, attr_list, md_in_html, toc]
plugins:
  - search
  - i18n:
      docs_structure: folder
      languages:
        - {{locale: en, name: English, default: true}}
        - {{locale: et, name: Eesti}}
        - {{locale: fi, name: Suomi}}
        - {{locale: lt, name: Lietuvių}}
        - {{locale: sl, name: Slovenščina}}
"""


def queries():
    with (ROOT / "tests/search/queries.tsv").open(encoding="utf-8") as f:
        rows = [r for r in csv.reader(f, delimiter="\t") if r and not r[0].startswith("#")]
    return [
        (lang, kind, query, relevant.split(",") if relevant else []) for lang, kind, query, relevant in rows
    ]


def run(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and peak MB of a command (and the processes it waited for)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    if status:
        raise SystemExit(f"{command} failed:\n{process.stderr.read().decode()}")
    return time.perf_counter() - start, usage.ru_maxrss / 1024


def folder_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


NGINX_CONF = """{user}daemon off; worker_processes 1; pid {folder}/nginx.pid; error_log stderr error;
events {{}}
http {{ include /etc/nginx/mime.types; access_log off; sendfile on;
  server {{ listen 127.0.0.1:{port}; root {root}; }} }}
"""


class StaticServer:
    """The site served from its own process: nginx if asked for and installed (`apt-get install
    nginx-light`), else Python's http.server. Served from inside this process, every file waited on the
    GIL shared with Playwright and the measurement, which was most of a query's time. (Material's search
    found nothing under nginx in the demo benchmark, a cause not yet looked into, so only
    search_scale.py, which has no Material, uses nginx.)"""

    def __init__(self, folder: Path, nginx: bool = False):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        if nginx and shutil.which("nginx"):
            self.name, conf = "nginx", Path(tempfile.mkdtemp(prefix="hc-nginx-"))
            user = (
                "user root;\n" if os.geteuid() == 0 else ""
            )  # else its workers run as nobody: no access to our temp folder
            (conf / "nginx.conf").write_text(
                NGINX_CONF.format(user=user, folder=conf, port=self.port, root=folder)
            )
            command = ["nginx", "-p", str(conf), "-c", str(conf / "nginx.conf")]
        else:
            self.name = "http.server"
            command = [
                sys.executable,
                "-m",
                "http.server",
                "--bind",
                "127.0.0.1",
                "--directory",
                str(folder),
                str(self.port),
            ]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self._wait_until_listening()

    def _wait_until_listening(self) -> None:
        for _ in range(500):
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.01)
        raise SystemExit(f"the {self.name} server did not start on port {self.port}")

    def shutdown(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def serve(folder: Path, nginx: bool = False):
    server = StaticServer(folder, nginx)
    return server, f"http://127.0.0.1:{server.port}"


def prefix(lang: str) -> str:
    return "" if lang == "en" else f"{lang}/"


# Each engine: (open the language's page, run one query → (result paths, ms, whether it admits having
# no answer)).
def ours_query(page, base, lang, query):
    """Latency measured in the page, as for Pagefind, before the UI runs the query (after it, every file
    the query needs would already be loaded); then the results through the UI."""
    box = ".hc-search--header[data-hc-search]"
    ms, state = page.evaluate(
        "async (q) => { const t = performance.now(); const found = await window.helpcentreSearch(q); "
        "return [performance.now() - t, found.state]; }",
        query,
    )
    page.fill(f"{box} input[name=q]", query)
    page.wait_for_function("([s, q]) => document.querySelector(s).dataset.query === q", arg=[box, query])
    hrefs = page.locator(f"{box} [data-search-results] a[href]").evaluate_all("els => els.map(e => e.href)")
    return [h.removeprefix(f"{base}/").split("#")[0] for h in hrefs], ms, state != "results"


MATERIAL_QUIET_MS = 3000


def material_query(page, base, lang, query):
    """Some queries leave Material's result summary at its "type to start searching" placeholder (its
    worker answers nothing): after MATERIAL_QUIET_MS such a query counts as an empty result list, and
    its latency is left out (None)."""
    start = time.perf_counter()
    page.fill("input.md-search__input", query)
    # Material renders asynchronously from a worker and shows no "done" signal: wait until its result
    # summary has left the "type to start searching" state and the list has not changed for 150 ms.
    try:
        page.wait_for_function(
            """(placeholder) => {
            const meta = document.querySelector('.md-search-result__meta').textContent.trim();
            if (meta === placeholder) return false;
            const links = document.querySelectorAll('.md-search-result__item > a');
            const now = meta + [...links].map(a => a.href).join();
            const w = window.__hcBench || (window.__hcBench = {last: null, since: performance.now()});
            if (now !== w.last) { w.last = now; w.since = performance.now(); return false; }
            return performance.now() - w.since > 150;
        }""",
            arg=page.evaluate("() => window.__hcPlaceholder"),
            polling=25,
            timeout=MATERIAL_QUIET_MS,
        )
        ms = (time.perf_counter() - start) * 1000 - 150
    except PlaywrightTimeout:
        ms = None
    page.evaluate("() => { window.__hcBench = null; }")
    hrefs = page.locator(".md-search-result__item > a").evaluate_all("els => els.map(e => e.href)")
    return [h.removeprefix(f"{base}/").split("#")[0] for h in hrefs], ms, not hrefs


def pagefind_query(page, base, lang, query):
    result = page.evaluate(
        """async (q) => {
        window.__pf = window.__pf || await import('/pagefind/pagefind.js');
        const t = performance.now();
        const r = await window.__pf.search(q);
        const data = await Promise.all(r.results.slice(0, 10).map(x => x.data()));
        return {ms: performance.now() - t, urls: data.map(d => d.url)};
    }""",
        query,
    )
    return [u.lstrip("/").split("#")[0] for u in result["urls"]], result["ms"], not result["urls"]


def count_search_bytes(into: list[int]):
    """A response listener for the cold query only: it reads every body back from Chromium over the
    DevTools protocol, and left attached it added ~10 ms to the p95 of the warm queries it overlapped."""
    return lambda response: into.append(_search_bytes(response))


def _search_bytes(response) -> int:
    """Bytes of a response that belongs to search (index files, worker, client, wasm)."""
    if not response.ok or not any(k in response.url for k in ("search", "pagefind", "lunr")):
        return 0
    try:
        return len(response.body())
    except Exception:  # redirects and aborted requests have no body
        return 0


def _open_material(page) -> None:
    page.click("input.md-search__input")
    page.evaluate(
        "() => { window.__hcPlaceholder = "
        "document.querySelector('.md-search-result__meta').textContent.trim(); }"
    )


def measure(browser, base, engine, search_one, open_search):
    scores, latencies, cold = defaultdict(list), [], {}
    by_lang = defaultdict(list)
    for row in queries():
        by_lang[row[0]].append(row)
    for lang, rows in by_lang.items():
        context = browser.new_context()
        page = context.new_page()
        transferred = []
        count = count_search_bytes(transferred)
        page.on("response", count)
        page.goto(f"{base}/{prefix(lang)}")
        open_search(page)
        for i, (_, kind, query, relevant) in enumerate(rows):
            shown, ms, flagged = search_one(page, base, lang, query)
            if i == 0:
                cold[lang] = sum(transferred)
                page.remove_listener("response", count)  # see count_search_bytes
            elif ms is not None:
                latencies.append(ms)
            scores["flagged " + ("unanswerable" if kind == "unanswerable" else "answerable")].append(flagged)
            if kind == "unanswerable":
                continue
            paths = [
                p.removeprefix(prefix(lang)) if p.startswith(prefix(lang)) else "(other language) " + p
                for p in shown
            ]
            rr = next((1 / r for r, p in enumerate(paths[:10], 1) if p in relevant), 0.0)
            hit5 = any(p in relevant for p in paths[:5])
            for group in ("all", lang, kind):
                scores[group].append((rr, hit5))
        context.close()
    return scores, latencies, cold


def build_sites(tmp: Path, pages: int | None) -> dict:
    """Build the demo (or a synthetic site of `pages` per language) with our plugin and plain."""
    ours_site, plain_site = tmp / "ours", tmp / "plain"
    if pages is None:
        (tmp / "plain.yml").write_text(PLAIN_CONFIG.format(docs=ROOT / "docs"), encoding="utf-8")
        ours = run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(ours_site)], ROOT)
    else:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        import build as synthetic

        synthetic.generate(tmp, pages)
        (tmp / "plain.yml").write_text(synthetic.CONFIG + synthetic.PLUGINS_PLAIN, encoding="utf-8")
        (tmp / "ours.yml").write_text(synthetic.CONFIG + synthetic.PLUGINS_OURS, encoding="utf-8")
        ours = run(
            [sys.executable, "-m", "mkdocs", "build", "-q", "-f", "ours.yml", "-d", str(ours_site)], tmp
        )
    plain = run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(tmp / "plain.yml"), "-d", str(plain_site)],
        tmp,
    )
    return {"helpcentre": ours, "Material": plain}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--pages", type=int, help="pages per language of a synthetic site instead of the demo"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="hc-search-bench-") as tmp:
        tmp = Path(tmp)
        ours_site, plain_site = tmp / "ours", tmp / "plain"
        builds = build_sites(tmp, args.pages)
        builds["Pagefind"] = run([sys.executable, "-m", "pagefind", "--site", str(plain_site)], tmp)
        sizes = {
            "helpcentre": {code: folder_bytes(ours_site / prefix(code) / "search") for code in LANGUAGES},
            "Material": {"all": (plain_site / "search/search_index.json").stat().st_size},
            "Pagefind": {"all": folder_bytes(plain_site / "pagefind")},
        }
        results = {}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for engine, site, one, opener in (
                ("helpcentre", ours_site, ours_query, lambda page: None),
                ("Material", plain_site, material_query, _open_material),
                ("Pagefind", plain_site, pagefind_query, lambda page: None),
            ):
                server, base = serve(site)
                results[engine] = measure(browser, base, engine, one, opener)
                server.shutdown()
            browser.close()
    report(results, builds, sizes, relevance=args.pages is None)


def report(results, builds, sizes, relevance: bool) -> None:
    if relevance:
        report_relevance(results)
    report_costs(results, builds, sizes)


def report_relevance(results) -> None:
    groups = ["all", *LANGUAGES, "inflected", "question", "prefix", "nodiacritics", "typo", "fallback"]
    print("| engine | " + " | ".join(groups) + " |")
    print("|---|" + "---:|" * len(groups))
    for engine, (scores, _, _) in results.items():
        cells = [
            f"{statistics.mean(r for r, _ in scores[g]):.2f} / {statistics.mean(h for _, h in scores[g]):.2f}"
            for g in groups
        ]
        print(f"| {engine} | " + " | ".join(cells) + " |")
    print("\nMRR@10 / recall@5 per group of answerable queries.\n")
    print("| engine | unanswerable queries flagged | answerable queries flagged | signal |")
    print("|---|---:|---:|---|")
    for engine, (scores, _, _) in results.items():
        signal = "confidence state weak/none" if engine == "helpcentre" else "none; only an empty result list"
        print(
            f"| {engine} | {statistics.mean(scores['flagged unanswerable']):.0%} "
            f"| {statistics.mean(scores['flagged answerable']):.1%} | {signal} |"
        )
    print()


def report_costs(results, builds, sizes) -> None:
    print(
        "Build: helpcentre = the whole MkDocs build with its indexes; Material = the plain MkDocs build; "
        "Pagefind = indexing the plain build. Latency: helpcentre and Pagefind in the page through their "
        "JavaScript APIs; Material through its UI (fill → results settled, less the 150 ms settle time).\n"
    )
    print(
        "| engine | build s | build peak MB | index size | cold first query (mean of 5 languages) "
        "| warm median ms | warm p95 ms |"
    )
    print("|---|---:|---:|---|---:|---:|---:|")
    for engine, (_, latencies, cold) in results.items():
        wall, peak = builds[engine]
        size = ", ".join(f"{k} {v / 1024:.0f} KB" for k, v in sizes[engine].items())
        p95 = statistics.quantiles(latencies, n=20)[-1]
        print(
            f"| {engine} | {wall:.1f} | {peak:.0f} | {size} | "
            f"{statistics.mean(cold.values()) / 1024:.0f} KB | "
            f"{statistics.median(latencies):.0f} | {p95:.0f} |"
        )


if __name__ == "__main__":
    main()
