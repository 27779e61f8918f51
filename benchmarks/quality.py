"""Lighthouse scores and JS/CSS weight of the demo's page types, on mobile and desktop.

Results go to handbook/docs/en/development/benchmarks.md, section "Page quality (Lighthouse)", and the
README's table. Builds the demo as `make site` does (into a temporary folder, or takes --site), serves
it over loopback with gzip as deploy/nginx.conf does, and runs Lighthouse from npm (`npm ci` installs
it) in the apt Chromium, headless, on the home page, an article, an FAQ page, the search results page
with a query and the 404 page (at its own address, `404.html`: Lighthouse refuses to audit a response
with status 404, which is what a reader of a missing address gets). With --runs above 1 each row is the
run with the median performance score. Prints a Markdown table: the four category scores, the
JavaScript and CSS a page loads (transferred, gzip) and Material's share of those bytes; then each
audit that cost a category points, so that a row below 100 says why. Lighthouse's mobile performance
varies by a few points between runs, more on a busy machine.

    .venv/bin/python benchmarks/quality.py [--site site] [--lang en] [--runs 3] [--pages home FAQ]
        [--form-factor mobile desktop]
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import material

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
MATERIAL_ASSETS = Path(material.__file__).parent / "templates"
PAGES = {
    "home": "",
    "article": "good-service/what-is-good-customer-service/",
    "FAQ": "call-centre/call-centre-faq/",
    "search results": "search/?q={query}",
    "404": "404.html",  # at its own address: Lighthouse refuses to audit a response with status 404
}
QUERIES = {
    "en": "customer",
    "et": "klient",
    "fi": "asiakas",
    "lt": "klientas",
    "sl": "stranka",
}  # with results
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-sync"
COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml")  # deploy/nginx.conf's gzip_types and HTML


class SiteHandler(SimpleHTTPRequestHandler):
    """The static site as deploy/nginx.conf serves it: gzip, and each language's 404 page."""

    languages: tuple[str, ...] = ()

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        status = HTTPStatus.OK
        if not path.is_file():  # nginx's error_page: the language's 404 page, with status 404
            status, path = HTTPStatus.NOT_FOUND, self._not_found_page()
        body = path.read_bytes()
        self.send_response(status)
        self.send_header("Content-Type", self.guess_type(str(path)))
        if path.suffix in COMPRESSED and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body, compresslevel=6)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _not_found_page(self) -> Path:
        first = self.path.lstrip("/").split("/", 1)[0]
        folder = first if first in self.languages else ""
        return Path(self.directory, folder, "404.html")


def serve(site: Path, languages: list[str]) -> tuple[ThreadingHTTPServer, str]:
    handler = type("Handler", (SiteHandler,), {"languages": tuple(languages)})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def build(site: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--clean", "-d", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
    )
    if result.returncode != 0:
        sys.exit(f"mkdocs build failed:\n{result.stderr}")


def lighthouse(url: str, form_factor: str, output: Path) -> dict:
    preset = ["--preset=desktop"] if form_factor == "desktop" else ["--form-factor=mobile"]
    command = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={output}", *preset]
    command += [f"--chrome-flags={CHROME_FLAGS}", "--only-categories=" + ",".join(CATEGORIES)]
    chrome = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    result = subprocess.run(
        command, capture_output=True, text=True, env={**os.environ, "CHROME_PATH": chrome}
    )
    if result.returncode != 0:
        sys.exit(f"lighthouse failed on {url} ({form_factor}):\n{result.stderr[-2000:]}")
    return json.loads(output.read_text(encoding="utf-8"))


def is_material(url: str, base: str) -> bool:
    """A file Material ships (its bundle, main and palette CSS), not the plugin's or the project's."""
    path = url.removeprefix(base).split("?", 1)[0].lstrip("/")
    return path.startswith("assets/") and (MATERIAL_ASSETS / path).is_file()


def weights(report: dict, base: str) -> dict[str, float]:
    """Transferred KB of scripts and stylesheets, and Material's share of them."""
    sizes = {"Script": 0, "Stylesheet": 0}
    material_bytes = 0
    for item in report["audits"]["network-requests"]["details"]["items"]:
        if item.get("resourceType") in sizes:
            sizes[item["resourceType"]] += item.get("transferSize", 0)
            if is_material(item["url"], base):
                material_bytes += item.get("transferSize", 0)
    total = sizes["Script"] + sizes["Stylesheet"]
    return {
        "js": sizes["Script"] / 1024,
        "css": sizes["Stylesheet"] / 1024,
        "material": 100 * material_bytes / total if total else 0.0,
    }


def lost_points(report: dict) -> list[str]:
    """Audits that cost a category points (performance: its weighted metrics below 0.9)."""
    lost = []
    for name in CATEGORIES:
        for ref in report["categories"][name]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            score = audit.get("score")
            threshold = 0.9 if name == "performance" else 1
            if ref.get("weight") and score is not None and score < threshold:
                lost.append(f"{name}: {ref['id']} {audit.get('displayValue', '')}".strip())
    return lost


def measure(url: str, form_factor: str, runs: int, folder: Path) -> dict:
    reports = [lighthouse(url, form_factor, folder / f"run{n}.json") for n in range(runs)]
    reports.sort(key=lambda r: r["categories"]["performance"]["score"] or 0)
    return reports[len(reports) // 2]  # the median run by performance


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--site", type=Path, help="a built site (default: build the demo into a temporary folder)"
    )
    parser.add_argument("--lang", default="en", help="the language whose pages are measured")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page and form factor")
    parser.add_argument("--pages", nargs="+", default=list(PAGES), choices=list(PAGES), metavar="PAGE")
    parser.add_argument(
        "--form-factor", nargs="+", default=["mobile", "desktop"], choices=["mobile", "desktop"]
    )
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is not installed: run `npm ci` (make test does)")
    with tempfile.TemporaryDirectory() as folder:
        site = args.site or Path(folder) / "site"
        if args.site is None:
            build(site)
        languages = [p.name for p in site.iterdir() if p.is_dir() and (p / "404.html").is_file()]
        server, base = serve(site, languages)
        prefix = f"{args.lang}/" if args.lang in languages else ""  # the default language is at the root
        query = QUERIES.get(args.lang, "a")
        print(
            "| page | form factor | performance | accessibility | best practices | SEO | JS KB | CSS KB "
            "| Material's share of JS+CSS |"
        )
        print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
        notes, performance = [], []
        try:
            for kind in args.pages:
                path = PAGES[kind]
                for form_factor in args.form_factor:
                    report = measure(
                        f"{base}/{prefix}{path.format(query=query)}", form_factor, args.runs, Path(folder)
                    )
                    scores = [round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES]
                    size = weights(report, base)
                    print(
                        f"| {kind} | {form_factor} | "
                        + " | ".join(map(str, scores))
                        + f" | {size['js']:.0f} | {size['css']:.0f} | {size['material']:.0f} % |"
                    )
                    notes += [f"- {kind}, {form_factor}: {n}" for n in lost_points(report)]
                    if form_factor == "mobile":
                        performance.append(scores[0])
        finally:
            server.shutdown()
    if performance:
        print(f"\nmobile performance: median {statistics.median(performance):.0f}, lowest {min(performance)}")
    if notes:
        print("\nWhere points were lost:\n" + "\n".join(notes))


if __name__ == "__main__":
    main()
