"""`helpcentre import zendesk-fetch` against a synthetic Zendesk help centre on loopback.

Handbook: development/benchmarks.md, "Zendesk fetch". A separate process serves a help centre of
--articles articles in --locales locales (Help Center API v2 shapes: cursor and offset pages, translations,
one inline image per article, a 429 every --throttle-every requests with Retry-After: 0). Three runs:

1. a clean fetch: wall time, requests, peak memory of the fetching process;
2. a fetch killed with SIGKILL when half the article translations are saved, then the same command again:
   requests of the second run, and whether its folder equals the clean one file for file.

    .venv/bin/python benchmarks/zendesk_fetch.py --articles 5000 --locales 5

Prints a Markdown table. The time is this machine's (loopback, no network latency, no real rate limit):
against Zendesk, requests per minute allowed by the plan bound the time (see the handbook).
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

API = "/api/v2/help_center"
PAGE = 100
LOCALES = ["en-us", "fi", "et", "lt", "sl", "de", "fr", "sv"]
PNG = b"\x89PNG\r\n\x1a\n" + bytes(2000)
BODY_WORDS = "Open the settings page and choose the account you want to change. " * 40


class Synthetic:
    """Answers computed from the path: no recorded files, any size."""

    def __init__(self, articles: int, locales: int, throttle_every: int):
        self.articles, self.locales, self.throttle_every = articles, LOCALES[:locales], throttle_every
        self.sections = max(1, articles // 50)
        self.categories = max(1, self.sections // 5)
        self.count = 0
        self.lock = threading.Lock()

    def answer(self, origin: str, target: str) -> tuple[int, dict[str, str], bytes]:
        with self.lock:
            self.count += 1
            throttled = self.throttle_every and self.count % self.throttle_every == 0
        if throttled:
            return 429, {"Retry-After": "0"}, b"{}"
        parts = urlsplit(target)
        query = {key: values[0] for key, values in parse_qs(parts.query).items()}
        path = unquote(parts.path)
        if path.startswith("/hc/article_attachments/"):
            return 200, {"Content-Type": "image/png"}, PNG
        data = self._json(origin, path, query)
        if data is None:
            return 404, {"Content-Type": "application/json"}, b'{"error":"RecordNotFound"}'
        return 200, {"Content-Type": "application/json"}, json.dumps(data).encode()

    def _json(self, origin: str, path: str, query: dict[str, str]) -> dict | None:
        tail = path.removeprefix(API + "/").removesuffix(".json").split("/")
        if len(tail) == 1 and tail[0] in ("categories", "sections", "articles"):
            return self._listing(origin, tail[0], query)
        if len(tail) == 3 and tail[2] == "translations":
            return {"translations": self._translations(tail[0], int(tail[1])), "next_page": None}
        if len(tail) == 3 and tail[0] == "articles" and tail[2] == "attachments":
            number = int(tail[1])
            return {"article_attachments": [self._attachment(origin, number)], "next_page": None}
        return None

    def _listing(self, origin: str, kind: str, query: dict[str, str]) -> dict:
        total = {"categories": self.categories, "sections": self.sections, "articles": self.articles}[kind]
        start = int(query.get("page[after]", "0"))
        ids = range(start, min(start + PAGE, total))
        items = [self._item(kind, number) for number in ids]
        more = start + PAGE < total
        after = f"{origin}{API}/{kind}.json?page[size]={PAGE}&page[after]={start + PAGE}"
        return {
            kind: items,
            "meta": {"has_more": more, "after_cursor": str(start + PAGE) if more else None},
            "links": {"next": after if more else None},
        }

    def _item(self, kind: str, number: int) -> dict:
        if kind == "articles":
            body = f'<p>{BODY_WORDS}</p><img src="/hc/article_attachments/{number}/shot.png">'
            return {
                "id": number,
                "section_id": number // 50,
                "title": f"Article {number}",
                "body": body,
                "locale": "en-us",
                "source_locale": "en-us",
                "draft": False,
                "label_names": ["x"],
            }
        parent = {"category_id": number // 5} if kind == "sections" else {}
        return {"id": number, "name": f"{kind} {number}", "locale": "en-us", **parent}

    def _translations(self, kind: str, number: int) -> list[dict]:
        body = f"<p>{BODY_WORDS}</p>" if kind == "articles" else ""
        return [
            {
                "id": number * 10 + i,
                "source_id": number,
                "locale": locale,
                "title": f"{locale} {number}",
                "body": body,
                "outdated": False,
                "draft": False,
            }
            for i, locale in enumerate(self.locales)
        ]

    def _attachment(self, origin: str, number: int) -> dict:
        return {
            "id": number,
            "article_id": number,
            "file_name": "shot.png",
            "content_type": "image/png",
            "content_url": f"{origin}/hc/article_attachments/{number}/shot.png",
            "inline": True,
            "size": len(PNG),
        }


def serve(port_file: Path, articles: int, locales: int, throttle_every: int) -> None:
    site = Synthetic(articles, locales, throttle_every)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as Zendesk's front end does
        disable_nagle_algorithm = True  # headers and body are two writes: no 40 ms delayed-ACK stall

        def do_GET(self) -> None:
            origin = f"http://127.0.0.1:{self.server.server_address[1]}"
            status, headers, body = site.answer(origin, self.path)
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args) -> None:
            pass

    class Server(ThreadingHTTPServer):
        def handle_error(self, request, client_address) -> None:
            if not isinstance(sys.exc_info()[1], ConnectionError):  # the killed run's connection: expected
                super().handle_error(request, client_address)

    httpd = Server(("127.0.0.1", 0), Handler)
    port_file.write_text(str(httpd.server_address[1]))
    httpd.serve_forever()


def fetch(origin: str, out: Path) -> tuple[subprocess.Popen, float]:
    code = (
        "import resource, sys\n"
        "from helpcentre import import_fetch_cli\n"
        "import argparse\n"
        "args = argparse.Namespace(url=sys.argv[1], out=sys.argv[2], no_attachments=False, "
        "max_retries=5, max_wait=300)\n"
        "code = import_fetch_cli.run(args)\n"
        "print('peak-kb', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", code, origin, str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    return process, started


def finish(process: subprocess.Popen, started: float) -> tuple[float, str, str]:
    stdout, stderr = process.communicate(timeout=3600)
    if process.returncode != 0:
        raise SystemExit(f"fetch failed ({process.returncode}):\n{stderr[-2000:]}")
    return time.perf_counter() - started, stdout, stderr


def figure(stdout: str, stderr: str, word: str) -> str:
    if word == "peak-kb":
        return next(line.split()[1] for line in stderr.splitlines() if line.startswith("peak-kb"))
    second = stdout.splitlines()[1]  # "N requests; M answers and files were already saved"
    return second.split()[0] if word == "requests" else second.split("; ")[1].split()[0]


def same_tree(left: Path, right: Path) -> bool:
    names = {p.relative_to(left) for p in left.rglob("*") if p.is_file()} - {Path("fetch-state.json")}
    other = {p.relative_to(right) for p in right.rglob("*") if p.is_file()} - {Path("fetch-state.json")}
    return names == other and all(filecmp.cmp(left / n, right / n, shallow=False) for n in names)


def wait_for_half(out: Path, articles: int, process: subprocess.Popen) -> None:
    folder = out / "translations" / "articles"
    deadline = time.monotonic() + 3600
    while time.monotonic() < deadline and process.poll() is None:
        if folder.is_dir() and sum(1 for _ in folder.iterdir()) >= articles // 2:
            return
        time.sleep(0.05)
    raise SystemExit("the fetch ended before half the articles' translations were saved")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--locales", type=int, default=5, choices=range(1, len(LOCALES) + 1))
    parser.add_argument("--throttle-every", type=int, default=500, help="a 429 every N requests (0: none)")
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(Path(args.serve), args.articles, args.locales, args.throttle_every)
        return
    with tempfile.TemporaryDirectory() as tmp:
        port_file = Path(tmp) / "port"
        server = subprocess.Popen(
            [
                sys.executable,
                __file__,
                "--serve",
                str(port_file),
                "--articles",
                str(args.articles),
                "--locales",
                str(args.locales),
                "--throttle-every",
                str(args.throttle_every),
            ]
        )
        try:
            deadline = time.monotonic() + 30
            while not port_file.exists() or not port_file.read_text():
                if time.monotonic() > deadline:
                    raise SystemExit("the synthetic help centre did not start")
                time.sleep(0.05)
            origin = f"http://127.0.0.1:{port_file.read_text()}"
            rows = run_all(origin, Path(tmp), args.articles)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    print(f"{args.articles} articles × {args.locales} locales, a 429 every {args.throttle_every} requests\n")
    print("| run | wall time | requests | already saved | peak memory | same files as the clean run |")
    print("|---|---:|---:|---:|---:|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


def run_all(origin: str, tmp: Path, articles: int) -> list[list[str]]:
    clean = tmp / "clean"
    seconds, stdout, stderr = finish(*fetch(origin, clean))
    rows = [
        [
            "clean",
            f"{seconds:.1f} s",
            figure(stdout, stderr, "requests"),
            figure(stdout, stderr, "saved"),
            f"{int(figure(stdout, stderr, 'peak-kb')) // 1024} MB",
            "—",
        ]
    ]
    killed = tmp / "killed"
    process, started = fetch(origin, killed)
    wait_for_half(killed, articles, process)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    first = time.perf_counter() - started
    state = json.loads((killed / "fetch-state.json").read_text())
    rows.append(
        [
            "killed (SIGKILL) at half the translations",
            f"{first:.1f} s",
            "—",
            "—",
            "—",
            f"stopped in stage `{state['stage']}`",
        ]
    )
    seconds, stdout, stderr = finish(*fetch(origin, killed))
    rows.append(
        [
            "the same command again",
            f"{seconds:.1f} s",
            figure(stdout, stderr, "requests"),
            figure(stdout, stderr, "saved"),
            f"{int(figure(stdout, stderr, 'peak-kb')) // 1024} MB",
            "yes" if same_tree(clean, killed) else "**no**",
        ]
    )
    return rows


if __name__ == "__main__":
    main()
