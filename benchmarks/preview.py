"""Preview benchmark: how long an edit takes to show under a running `mkdocs serve`.

Results go to handbook/docs/en/development/benchmarks.md, section "Preview", and to the README's
writer section. For each size, generates the build benchmark's synthetic help centre (benchmarks/
build.py, five languages, about 10 % of pages untranslated), starts a real `mkdocs serve` on
loopback, waits for its first build, then saves (as editors do: write aside, rename over) an
English article that Finnish shows as a fallback, and then a Finnish article, each with a new word.
It times from the save until the served page (HTTP, polled every 0.1 s) holds the word: for the
English edit, the English page and its Finnish fallback copy; and the CPU time the server used for
each rebuild (wall time on a shared machine mostly measures the other work; the CPU time includes
MkDocs' file watcher, which polls every file twice a second). "rendered" says what the rebuild
rendered and, for edited pages rendered without a build, the time the server logged for it: the
rest of the wall time is noticing the save and waiting for the CPU. Prints a Markdown table.

    .venv/bin/python benchmarks/preview.py --sizes 1000 5000
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build as build_benchmark

TIMEOUT = 3600  # seconds for the first build of the largest size on a slow machine


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Serve:
    """`mkdocs serve` in a child process, its log collected as it comes."""

    def __init__(self, folder: Path):
        self.port = free_port()
        self.log: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{self.port}"],
            cwd=folder,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            stderr=subprocess.PIPE,
            text=True,
        )
        threading.Thread(target=lambda: self.log.extend(self.process.stderr), daemon=True).start()

    def wait_for_log(self, text: str, after: int = 0) -> None:
        deadline = time.monotonic() + TIMEOUT
        while not any(text in line for line in self.log[after:]):
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise SystemExit(f"mkdocs serve never logged '{text}':\n{''.join(self.log[-30:])}")
            time.sleep(0.1)

    def wait_for_text(self, path: str, text: str, since: float) -> float:
        """Seconds from `since` until the page at `path` holds `text`."""
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{path}", timeout=60) as answer:
                    if text in answer.read().decode("utf-8"):
                        return time.monotonic() - since
            except (urllib.error.URLError, TimeoutError):
                pass  # a page the rebuild has not written yet
            time.sleep(0.1)
        raise SystemExit(f"{path} never showed '{text}':\n{''.join(self.log[-30:])}")

    def cpu(self) -> float:
        """CPU seconds the server process has used (Linux): unlike wall time, not stretched by other
        work on a busy machine. A rebuild of single pages runs in this process alone."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=60)


def save(page: Path, word: str) -> float:
    """Add `word` to the page's text in one step; returns the moment of the save."""
    text = page.read_text(encoding="utf-8").rstrip("\n") + f"\n\nEdited: {word}.\n"
    aside = page.with_name(page.name + ".tmp")
    aside.write_text(text, encoding="utf-8")
    moment = time.monotonic()
    os.replace(aside, page)
    return moment


def fallback_article(docs: Path) -> str:
    """An English article Finnish has no translation of, e.g. 'category-03/article-00013.md'."""
    for page in sorted((docs / "en").glob("category-*/article-*.md")):
        path = page.relative_to(docs / "en").as_posix()
        if not (docs / "fi" / path).exists():
            return path
    raise SystemExit("every article is translated: no fallback page to time")


def translated_article(docs: Path) -> str:
    for page in sorted((docs / "fi").glob("category-*/article-*.md")):
        return page.relative_to(docs / "fi").as_posix()
    raise SystemExit("no Finnish article")


def url(lang: str, path: str) -> str:
    return ("" if lang == "en" else f"{lang}/") + path.removesuffix(".md") + "/"


def measure(size: int) -> dict:
    with tempfile.TemporaryDirectory(prefix=f"hc-preview-{size}-") as tmp:
        folder = Path(tmp)
        build_benchmark.generate(folder, size)
        (folder / "mkdocs.yml").write_text(
            build_benchmark.CONFIG + build_benchmark.PLUGINS_OURS, encoding="utf-8"
        )
        docs = folder / "docs"
        english, finnish = fallback_article(docs), translated_article(docs)
        started = time.monotonic()
        serve = Serve(folder)
        try:
            serve.wait_for_log("Serving on")
            result = {"first": time.monotonic() - started}
            serve.wait_for_text(url("en", english), "Article", started)  # serving, not still starting
            mark = len(serve.log)
            cpu = serve.cpu()
            moment = save(docs / "en" / english, "kumquatenglish")
            result["en"] = serve.wait_for_text(url("en", english), "kumquatenglish", moment)
            result["en_fi"] = serve.wait_for_text(url("fi", english), "kumquatenglish", moment)
            serve.wait_for_log("Reloading browsers", mark)
            result["en_cpu"] = serve.cpu() - cpu
            result["en_plan"] = _plan(serve.log[mark:])
            mark = len(serve.log)
            cpu = serve.cpu()
            moment = save(docs / "fi" / finnish, "kumquatsuomi")
            result["fi"] = serve.wait_for_text(url("fi", finnish), "kumquatsuomi", moment)
            serve.wait_for_log("Reloading browsers", mark)
            result["fi_cpu"] = serve.cpu() - cpu
            result["fi_plan"] = _plan(serve.log[mark:])
        finally:
            serve.stop()
        return result


def _plan(lines: list[str]) -> str:
    """How the rebuild was planned, from the plugin's log line."""
    for line in lines:
        if found := re.search(r"render(?:ing|ed) (.*?)(?: in ([0-9.]+) s)?;", line):
            what, seconds = found.groups()
            what = f"{len(what.split(', '))} pages" if ":" in what else what
            return f"{what} in {seconds} s" if seconds else what  # the rebuild's own time, from its log
    return "everything"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000], help="pages per language")
    args = parser.parse_args()
    print(
        "| pages/lang | first build s | English edit: page s | its Finnish fallback s | CPU s | rendered "
        "| Finnish edit: page s | CPU s | rendered |"
    )
    print("|---:|---:|---:|---:|---:|---|---:|---:|---|")
    for size in args.sizes:
        r = measure(size)
        print(
            f"| {size} | {r['first']:.1f} | {r['en']:.1f} | {r['en_fi']:.1f} | {r['en_cpu']:.1f} "
            f"| {r['en_plan']} | {r['fi']:.1f} | {r['fi_cpu']:.1f} | {r['fi_plan']} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
