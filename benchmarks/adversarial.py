"""An attacker's and a careless writer's run against real builds: prints the tables of issue 15.

Results are summarised in handbook/docs/en/development/benchmarks.md, section "Adversarial run",
and handbook/docs/en/operators/security.md (the counts of cases).

    .venv/bin/python benchmarks/adversarial.py [--only inputs leaks payloads] [--timeout 90]

- bad inputs: each case is written into a fresh two-language project, then `mkdocs build` and
  `helpcentre check` run on it. Outcome: `clear` (both stop with `docs/…:line:` naming the file; for
  input that is allowed, both succeed; for a pathological but harmless page, either), `traceback`,
  `hang` (over --timeout), `silent` (bad input built without an error, or check and build disagree);
- leak attempts: internal content filed or linked in every way a writer can; a `leak` is a canary
  word or an internal address found in any file of a public build that succeeded;
- payloads: script payloads in every front-matter field a page shows; every page of the public and
  the internal build is opened in Chromium (and the search box is used); `executed` counts payloads
  whose script ran.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import subprocess
import sys
import tempfile
import textwrap
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
CONFIG = """\
site_name: Adversarial
site_url: https://example.org/
theme: {name: material}
plugins:  # a mapping, so that mkdocs.internal.yml (INHERIT) can set one option
  i18n:
    docs_structure: folder
    languages:
      - {locale: en, name: English, default: true}
      - {locale: fi, name: Suomi}
  helpcentre: {}
"""
INTERNAL_CONFIG = "INHERIT: mkdocs.yml\nplugins:\n  helpcentre:\n    internal: true\n"
PROBLEM = re.compile(r"docs/[^\s:]+:\d+:")


class Project:
    def __init__(self, root: Path):
        self.root = root
        (root / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
        (root / "mkdocs.internal.yml").write_text(INTERNAL_CONFIG, encoding="utf-8")
        self.page("en/index.md", "title: Home\ndescription: Start here", "Welcome.")
        self.page("fi/index.md", "title: Etusivu\ndescription: Aloita tästä", "Tervetuloa.")
        self.page("en/help/index.md", "title: Help\ndescription: Everything about help")
        self.page("en/help/public.md", "title: Public page\ndescription: Open to all", "Readers see this.")

    def page(self, path: str, front: str, body: str = "Some text.") -> Path:
        return self.raw(path, f"---\n{textwrap.dedent(front).strip()}\n---\n{body}\n".encode())

    def raw(self, path: str, data: bytes) -> Path:
        target = self.root / "docs" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        return target

    def link(self, path: str, pointing_at: str, is_dir: bool = False) -> None:
        target = self.root / "docs" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.symlink_to(pointing_at, target_is_directory=is_dir)

    def run(self, *args: str, timeout: float) -> tuple[int | None, str]:
        try:
            result = subprocess.run(
                [sys.executable, "-m", *args],
                cwd=self.root,
                env=ENV,
                capture_output=True,
                text=True,
                timeout=timeout,
            )
        except subprocess.TimeoutExpired:
            return None, ""
        return result.returncode, result.stdout + result.stderr


@dataclass
class Case:
    name: str
    write: Callable[[Project], None]
    # True: must stop with a problem naming the file; False: must build; None: either, quickly (a
    # pathological but harmless page may be refused for a documented limit, e.g. a line over 20,000 chars)
    bad: bool | None = True


def _fm(front: str, body: str = "Text.") -> Callable[[Project], None]:
    return lambda p: p.page("en/help/case.md", front, body)


def _raw(data: bytes, path: str = "en/help/case.md") -> Callable[[Project], None]:
    return lambda p: p.raw(path, data)


def _line(line: str) -> Callable[[Project], None]:
    return _fm("title: Long line\ndescription: One very long line", line)


BOMB = "title: T\ndescription: D\n" + "".join(
    f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9) if i else 'x'}]\n" for i in range(9)
)
INPUTS = [
    Case("key 1:", _fm("title: T\ndescription: D\n1: one")),
    Case("key ~:", _fm("title: T\ndescription: D\n~: none")),
    Case("key yes:", _fm("title: T\ndescription: D\nyes: no")),
    Case("key [a, b]:", _fm("title: T\ndescription: D\n? [a, b]\n: x")),
    Case("duplicate key", _fm("title: T\ndescription: D\ntitle: Other")),
    Case("U+2028 front matter", _raw("---\u2028title: T\u2028description: D\u2028---\u2028Body\n".encode())),
    Case("U+2029 in front matter", _raw("---\ntitle: T\u2029description: D\n---\nBody\n".encode())),
    Case("NEL front matter", _raw("---\x85title: T\x85description: D\x85---\x85Body\n".encode())),
    Case("title 200 KB", _fm("title: " + "x" * 200_000 + "\ndescription: D")),
    Case("title 300 chars", _fm("title: " + "word " * 60 + "\ndescription: D")),
    Case(
        "20,000 unknown keys",
        _fm("title: T\ndescription: D\n" + "".join(f"k{i}: v\n" for i in range(20_000))),
        bad=None,
    ),
    Case("YAML alias bomb", _fm(BOMB), bad=False),
    Case("python tag", _fm('title: !!python/object/apply:os.system ["echo"]\ndescription: D')),
    Case("template: ../x", _fm("title: T\ndescription: D\ntemplate: ../../etc/passwd")),
    Case("template: 5", _fm("title: T\ndescription: D\ntemplate: 5")),
    Case("template missing", _fm("title: T\ndescription: D\ntemplate: nope.html")),
    Case("hide: yes", _fm("title: T\ndescription: D\nhide: yes")),
    Case("hide: [x]", _fm("title: T\ndescription: D\nhide: [nonsense]")),
    Case("hide: [toc]", _fm("title: T\ndescription: D\nhide: [toc]"), bad=False),
    Case("search: 3", _fm("title: T\ndescription: D\nsearch: 3")),
    Case("status: [a]", _fm("title: T\ndescription: D\nstatus: [a]")),
    Case("title list", _fm("title: [a, b]\ndescription: D")),
    Case("empty description", _fm("title: T\ndescription:")),
    Case("tags mapping", _fm("title: T\ndescription: D\ntags: {a: b}")),
    Case(
        "tags 10,000",
        _fm("title: T\ndescription: D\ntags: [" + ", ".join(f"t{i}" for i in range(10_000)) + "]"),
    ),
    Case("order text", _fm("title: T\ndescription: D\norder: first")),
    Case("unclosed front matter", _raw(b"---\ntitle: T\ndescription: D\nBody\n")),
    Case("not UTF-8", _raw("---\ntitle: T\ndescription: D\n---\nÄä\n".encode("latin-1"))),
    Case("empty file", _raw(b"")),
    Case("binary garbage", _raw(bytes(range(256)) * 8)),
    Case(
        "BOM and CRLF", _raw("\ufeff---\r\ntitle: T\r\ndescription: D\r\n---\r\nBody\r\n".encode()), bad=False
    ),
    Case(
        "harmless <Ctrl> & <Alt>",
        _fm("title: Keys <Ctrl> & <Alt>\ndescription: Press <Ctrl> & <Alt>"),
        bad=False,
    ),
    Case("dangling symlink", lambda p: p.link("en/help/case.md", "nowhere.md")),
    Case("symlink loop", lambda p: p.link("en/help/loop", ".", is_dir=True)),
    Case("symlink outside", lambda p: p.link("en/help/case.md", "/etc/hostname")),
    Case("docs/en/fi/ collides", lambda p: p.page("en/fi/help/public.md", "title: X\ndescription: Y")),
    Case("a.md + a.markdown", lambda p: p.page("en/help/public.markdown", "title: Twin\ndescription: Y")),
    Case("Upper.MD", lambda p: p.page("en/help/Upper.MD", "title: Upper\ndescription: Copied raw")),
    Case("duplicate slug", lambda p: p.page("en/help/public/index.md", "title: Twin\ndescription: Y")),
    Case("heading + 30,000 spaces", _line("# a" + " " * 30_000 + "b"), bad=None),
    Case("30,000 [", _line("[" * 30_000), bad=None),
    Case("100,000 ](", _line("](" * 50_000), bad=None),
    Case("100,000 {", _line("## a {" + "{" * 100_000), bad=None),
    Case("100,000 <a href=", _line("<a href=" * 12_500), bad=None),
    Case("100,000 backticks", _line("`" * 100_000), bad=None),
    Case("100,000 *", _line("*" * 100_000), bad=None),
    Case("1 MB page", _line(("Plain words in a paragraph. " * 20 + "\n\n") * 1800), bad=False),
    Case("missing link target", _fm("title: T\ndescription: D", "[x](nowhere.md)")),
    Case("missing image", _fm("title: T\ndescription: D", "![x](nowhere.png)")),
    Case("FAQ without questions", _fm("title: T\ndescription: D\ntype: faq", "No questions here.")),
    Case(
        "link to internal",
        lambda p: (
            p.page("en/internal/x.md", "title: I\ndescription: D"),
            p.page("en/help/case.md", "title: T\ndescription: D", "[x](../internal/x.md)"),
        ),
    ),
]


def run_input(case: Case, folder: Path, timeout: float) -> str:
    project = Project(folder)
    case.write(project)
    build_code, build_out = project.run("mkdocs", "build", "-d", "site", timeout=timeout)
    check_code, check_out = project.run("helpcentre.cli", "check", ".", timeout=timeout)
    if build_code is None or check_code is None:
        return "hang"
    if "Traceback" in build_out + check_out:
        return "traceback"
    named = PROBLEM.search(build_out) and re.search(r"docs/\S+:\d+:\d+: HC", check_out)
    refused = build_code != 0 and check_code != 0 and named
    built = build_code == 0 and check_code == 0
    if case.bad is None:
        return "clear" if refused or built else "silent"
    return "clear" if (refused if case.bad else built) else "silent"


CANARY = "zqxcanary"
LEAKS: list[tuple[str, Callable[[Project], None]]] = [
    ("internal/*.markdown", lambda p: p.page("en/internal/m.markdown", f"title: {CANARY}1\ndescription: D")),
    ("internal/*.mdown", lambda p: p.page("en/internal/m.mdown", f"title: {CANARY}2\ndescription: D")),
    ("internal/*.txt", lambda p: p.raw("en/internal/notes.txt", f"{CANARY}3".encode())),
    ("internal/*.html", lambda p: p.raw("en/internal/page.html", f"<p>{CANARY}4</p>".encode())),
    ("internal/*.svg", lambda p: p.raw("en/internal/d.svg", f"<svg><text>{CANARY}5</text></svg>".encode())),
    ("internal/Upper.MD", lambda p: p.page("en/internal/Upper.MD", f"title: {CANARY}6\ndescription: D")),
    (
        "fi/internal/*.markdown",
        lambda p: p.page("fi/internal/m.markdown", f"title: {CANARY}7\ndescription: D"),
    ),
    (
        "internal translation",
        lambda p: p.page("fi/help/public.md", f"title: {CANARY}8\ndescription: D\naudience: internal"),
    ),
    (
        "internal fi home",
        lambda p: p.page("fi/index.md", f"title: {CANARY}9\ndescription: D\naudience: internal"),
    ),
    (
        "audience in .mkd",
        lambda p: p.page("en/help/s.mkd", f"title: {CANARY}10\ndescription: D\naudience: internal"),
    ),
    (
        "template in public folder",
        lambda p: p.page(
            "en/help/t.md", f"title: {CANARY}11\ndescription: D\ntype: template\nchannel: email"
        ),
    ),
    ("Internal/ capitalised", lambda p: p.raw("en/Internal/n.txt", f"{CANARY}12".encode())),
    ("docs/internal/ (root)", lambda p: p.raw("internal/n.txt", f"{CANARY}13".encode())),
    (
        "image embeds internal",
        lambda p: (
            p.raw("en/internal/d.svg", f"<svg><text>{CANARY}14</text></svg>".encode()),
            p.page("en/help/e.md", "title: E\ndescription: D", "![x](../internal/d.svg)"),
        ),
    ),
    (
        "HTML link to internal",
        lambda p: (
            p.raw("en/internal/n.html", f"{CANARY}15".encode()),
            p.page("en/help/e.md", "title: E\ndescription: D", '<a href="../internal/n.html">x</a>'),
        ),
    ),
    (
        "reference link",
        lambda p: (
            p.page("en/internal/r.md", f"title: {CANARY}16\ndescription: D"),
            p.page("en/help/e.md", "title: E\ndescription: D", "[x][r]\n\n[r]: ../internal/r.md"),
        ),
    ),
    (
        "hook copies text",
        lambda p: (
            p.page(
                "en/internal/h.md",
                "title: Hooked\ndescription: D\naudience: internal",
                f"Only agents read the {CANARY}17 refund limits here.",
            ),
            (p.root / "leak.py").write_text(
                "from pathlib import Path\ndef on_post_build(config):\n"
                "    text = Path(config.docs_dir, 'en/internal/h.md').read_text()\n"
                "    Path(config.site_dir, 'copy.html').write_text(text.split('---')[-1])\n"
            ),
            (p.root / "mkdocs.yml").write_text(CONFIG + "hooks: [leak.py]\n"),
        ),
    ),
]


def run_leak(write: Callable[[Project], None], folder: Path, timeout: float) -> str:
    project = Project(folder)
    write(project)
    code, out = project.run("mkdocs", "build", "-d", "site", timeout=timeout)
    if code is None:
        return "hang"
    if "Traceback" in out:
        return "traceback"
    if code != 0:
        return "refused" if PROBLEM.search(out) or "internal content reached" in out else "failed"
    for path in (folder / "site").rglob("*"):
        if "internal" in path.relative_to(folder / "site").as_posix().casefold().split("/")[:2]:
            return "leak"
        if path.is_file():
            data = path.read_bytes()
            data = gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data
            if CANARY.encode() in data:
                return "leak"
    return "kept out"


PAYLOADS = {
    1: ("title", 'A "><img src=x onerror=alert(1)>'),
    2: ("title", "</script><script>alert(2)</script>"),
    3: ("description", '"><svg onload=alert(3)>'),
    4: ("tags", "<img src=x onerror=alert(4)>"),
    5: ("category title", "<img src=x onerror=alert(5)>"),
    6: ("home title", "<img src=x onerror=alert(6)>"),
    7: ("placeholder label", "x</label><img src=x onerror=alert(7)>"),
    8: ("placeholder label", 'evil" onfocus="alert(8)" autofocus x="'),
    9: ("subject", "<img src=x onerror=alert(9)>"),
    10: ("title", "x' autofocus onfocus='alert(10)"),
    11: ("description", "</title><img src=x onerror=alert(11)>"),
    12: ("translation title", "<img src=x onerror=alert(12)>"),
    13: ("tags", "</script><img src=x onerror=alert(13)>"),
}


def _quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_payloads(project: Project) -> None:
    q = {n: _quoted(v) for n, (_, v) in PAYLOADS.items()}
    project.page("en/index.md", f"title: {q[6]}\ndescription: Home")
    project.page("en/help/index.md", f"title: {q[5]}\ndescription: Category")
    for n in (1, 2, 10):
        project.page(
            f"en/help/p{n}.md",
            f"title: {q[n]}\ndescription: Payload page {n}\nfeatured: true",
            f"Payload page number {n}.",
        )
    for n in (3, 11):
        project.page(f"en/help/d{n}.md", f"title: Description {n}\ndescription: {q[n]}", "Payload text.")
    project.page(
        "en/help/tags.md", f"title: Tagged\ndescription: D\ntags: [{q[4]}, {q[13]}]", "Payload tags."
    )
    project.page("fi/help/p1.md", f"title: {q[12]}\ndescription: Käännös", "Hyötykuorma.")
    project.page("en/internal/index.md", "title: Agent tools\ndescription: Templates")
    project.page(
        "en/internal/mail.md",
        f"title: Mail\ndescription: D\ntype: template\nchannel: email\n"
        f"subject: {q[9]}\nplaceholders:\n  name: {q[7]}\n  other: {q[8]}",
        f"Hello [{PAYLOADS[7][1]}], and [{PAYLOADS[8][1]}].",
    )


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def run_payloads(folder: Path, timeout: float) -> tuple[int, set[int], int]:
    from playwright.sync_api import sync_playwright

    project = Project(folder)
    write_payloads(project)
    sites = []
    for config, site in (("mkdocs.yml", "site"), ("mkdocs.internal.yml", "site-internal")):
        code, out = project.run("mkdocs", "build", "-f", config, "-d", site, timeout=timeout)
        if code != 0:
            print(f"  {config} did not build:\n{out[-1500:]}", file=sys.stderr)
        sites.append(folder / site)
    executed: set[int] = set()
    pages = 0
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        tab = browser.new_page()
        tab.on("dialog", lambda dialog: (executed.add(int(dialog.message or 0)), dialog.dismiss()))
        for site in sites:
            server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(site)))
            threading.Thread(target=server.serve_forever, daemon=True).start()
            base = f"http://127.0.0.1:{server.server_address[1]}/"
            for page in sorted(site.rglob("*.html")):
                tab.goto(base + page.relative_to(site).as_posix())
                tab.evaluate(
                    "document.querySelectorAll('input,button,label').forEach(e => e.focus && e.focus())"
                )
                pages += 1
            tab.goto(base)  # search results show titles, headings and excerpts
            box = tab.locator("input[name=q]:visible").first
            if box.count():
                box.fill("payload")
                tab.wait_for_timeout(1500)
            server.shutdown()
        browser.close()
    return len(PAYLOADS), executed, pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--only", nargs="+", choices=["inputs", "leaks", "payloads"], default=["inputs", "leaks", "payloads"]
    )
    parser.add_argument("--timeout", type=float, default=90)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="adversarial-") as scratch:
        scratch = Path(scratch)
        if "inputs" in args.only:
            outcomes = {}
            for i, case in enumerate(INPUTS):
                (scratch / f"i{i}").mkdir()
                outcomes[case.name] = run_input(case, scratch / f"i{i}", args.timeout)
                print(f"  {case.name}: {outcomes[case.name]}", file=sys.stderr)
            _table("bad input", outcomes, ["clear", "traceback", "hang", "silent"])
        if "leaks" in args.only:
            outcomes = {}
            for i, (name, write) in enumerate(LEAKS):
                (scratch / f"l{i}").mkdir()
                outcomes[name] = run_leak(write, scratch / f"l{i}", args.timeout)
                print(f"  {name}: {outcomes[name]}", file=sys.stderr)
            _table("leak attempt", outcomes, ["kept out", "refused", "leak", "failed", "traceback", "hang"])
        if "payloads" in args.only:
            (scratch / "p").mkdir()
            tried, executed, pages = run_payloads(scratch / "p", args.timeout)
            print(
                "\n| payloads | pages opened | executed |\n|---:|---:|---:|\n"
                f"| {tried} | {pages} | {len(executed)} |"
            )
            for n in sorted(executed):
                print(f"  executed: {n} ({PAYLOADS[n][0]}: {PAYLOADS[n][1]})")


def _table(kind: str, outcomes: dict[str, str], columns: list[str]) -> None:
    counts = {c: sum(o == c for o in outcomes.values()) for c in columns}
    print(f"\n| {kind}s | " + " | ".join(columns) + " |\n|---:|" + "---:|" * len(columns))
    print(f"| {len(outcomes)} | " + " | ".join(str(counts[c]) for c in columns) + " |")
    for name, outcome in outcomes.items():
        if outcome not in ("clear", "kept out", "refused"):
            print(f"  {outcome}: {name}")


if __name__ == "__main__":
    main()
