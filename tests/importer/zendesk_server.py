"""A Zendesk Guide help centre on loopback for tests/importer/test_fetch.py: recorded API answers, no network.

`ZendeskServer(routes)` serves `routes[path?query]` — a list of answers given one after another (the last
one repeats), so a test can script a 429 or a 500 before the real answer. Every request is recorded with
its headers. `help_centre(origin)` is a small help centre in the Help Center API v2's format: categories
on one offset page, sections on two cursor pages, articles on two offset pages, translations in three
locales, inline images and an attachment list.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

API = "/api/v2/help_center"
PNG = b"\x89PNG\r\n\x1a\n" + b"diagram" * 10
PDF = b"%PDF-1.4 manual"
KUVA = b"\x89PNG\r\n\x1a\n" + b"kuva" * 10
SHOT = b"\x89PNG\r\n\x1a\n" + b"shot" * 10


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


def ok(data: dict) -> Reply:
    return Reply(200, json.dumps(data).encode(), {"Content-Type": "application/json; charset=utf-8"})


@dataclass
class Seen:
    target: str  # path and query, percent-decoded
    headers: dict[str, str]


class ZendeskServer:
    def __init__(self, routes: dict[str, list[Reply]] | None = None):
        self.routes: dict[str, list[Reply]] = routes or {}
        self.seen: list[Seen] = []
        self.lock = threading.Lock()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> ZendeskServer:
        self.thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def count(self, target: str) -> int:
        with self.lock:
            return sum(1 for seen in self.seen if seen.target == target)

    def _answer(self, target: str, headers: dict[str, str]) -> Reply:
        with self.lock:
            self.seen.append(Seen(target, headers))
            replies = self.routes.get(target)
            if not replies:
                return Reply(404, b'{"error":"RecordNotFound"}', {"Content-Type": "application/json"})
            return replies.pop(0) if len(replies) > 1 else replies[0]

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                reply = server._answer(unquote(self.path), dict(self.headers.items()))
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)

            def log_message(self, *_args) -> None:  # quiet test output
                pass

        return Handler


def article(origin: str, number: int, title: str, body: str, **extra) -> dict:
    return {
        "id": number,
        "url": f"{origin}{API}/articles/{number}.json",
        "html_url": f"{origin}/hc/en-us/articles/{number}-{title.replace(' ', '-')}",
        "section_id": 201,
        "title": title,
        "body": body,
        "locale": "en-us",
        "source_locale": "en-us",
        "draft": False,
        "promoted": False,
        "position": 0,
        "label_names": [],
        "user_segment_id": None,
        **extra,
    }


def translation(number: int, kind: str, locale: str, title: str, body: str = "", outdated=False) -> dict:
    return {
        "id": number * 10 + len(locale),
        "source_id": number,
        "source_type": kind,
        "locale": locale,
        "title": title,
        "body": body,
        "outdated": outdated,
        "draft": False,
    }


def help_centre(origin: str, files_origin: str | None = None) -> dict[str, list[Reply]]:
    """Routes of a small help centre; `files_origin` is where the PDF's signed download URL points."""
    body_101 = (
        '<p>See the diagram:</p><img src="/hc/article_attachments/9001/diagram.png" alt="Diagram">'
        '<p><img src="https://cdn.example.org/logo.png"> and <a href="/hc/en-us/articles/102">next</a>.</p>'
    )
    body_101_fi = (
        '<p>Katso kaavio:</p><img src="/hc/article_attachments/9001/diagram.png" alt="Kaavio">'
        f'<img src="{origin}/hc/fi/article_attachments/9002/kuva.png">'
    )
    body_102 = (
        '<p>Internal.</p><img src="/attachments/token/AbC123/?name=screen%20shot.png">'
        '<img src="data:image/png;base64,AAAA"><img src="javascript:alert(1)">'
    )
    articles_1 = {
        "articles": [article(origin, 101, "Reset your password", body_101, label_names=["account"])],
        "next_page": f"{origin}{API}/articles.json?page=2&per_page=100",
        "previous_page": None,
        "count": 2,
        "page": 1,
        "per_page": 1,
        "page_count": 2,
    }
    articles_2 = {
        "articles": [article(origin, 102, "Agents only", body_102, user_segment_id=7, draft=True)],
        "next_page": None,
        "previous_page": f"{origin}{API}/articles.json?page=1&per_page=100",
        "count": 2,
        "page": 2,
        "per_page": 1,
        "page_count": 2,
    }
    sections_1 = {
        "sections": [{"id": 201, "category_id": 1, "name": "Accounts", "locale": "en-us", "position": 0}],
        "meta": {"has_more": True, "after_cursor": "xyz", "before_cursor": None},
        "links": {"next": f"{origin}{API}/sections.json?page[size]=100&page[after]=xyz", "prev": None},
    }
    sections_2 = {
        "sections": [{"id": 202, "category_id": 2, "name": "Billing", "locale": "en-us", "position": 1}],
        "meta": {"has_more": False, "after_cursor": None, "before_cursor": "xyz"},
        "links": {"next": None, "prev": f"{origin}{API}/sections.json?page[size]=100&page[before]=xyz"},
    }
    categories = {
        "categories": [
            {"id": 1, "name": "Getting started", "locale": "en-us", "position": 0},
            {"id": 2, "name": "Money", "locale": "en-us", "position": 1},
        ],
        "next_page": None,
    }
    attachments_101 = {
        "article_attachments": [
            {
                "id": 9001,
                "article_id": 101,
                "file_name": "diagram.png",
                "content_url": f"{origin}/hc/article_attachments/9001/diagram.png",
                "content_type": "image/png",
                "size": len(PNG),
                "inline": True,
            },
            {
                "id": 9003,
                "article_id": 101,
                "file_name": "user manual.pdf",
                "content_url": f"{origin}/hc/article_attachments/9003/user%20manual.pdf",
                "content_type": "application/pdf",
                "size": len(PDF),
                "inline": False,
            },
        ],
        "next_page": None,
    }
    pdf_at = f"{files_origin or origin}/signed/manual.pdf?sig=abc"
    translations = {
        ("articles", 101): [
            translation(101, "Article", "en-us", "Reset your password", body_101),
            translation(101, "Article", "fi", "Salasanan vaihto", body_101_fi),
            translation(101, "Article", "et", "Parooli muutmine", "<p>Vana.</p>", outdated=True),
        ],
        ("articles", 102): [translation(102, "Article", "en-us", "Agents only", "<p>Internal.</p>")],
        **{
            ("sections", number): [
                translation(number, "Section", "en-us", "S"),
                translation(number, "Section", "fi", "O"),
            ]
            for number in (201, 202)
        },
        **{
            ("categories", number): [
                translation(number, "Category", "en-us", "C"),
                translation(number, "Category", "et", "K"),
            ]
            for number in (1, 2)
        },
    }
    routes = {
        f"{API}/categories.json?page[size]=100": [ok(categories)],
        f"{API}/sections.json?page[size]=100": [ok(sections_1)],
        f"{API}/sections.json?page[size]=100&page[after]=xyz": [ok(sections_2)],
        f"{API}/articles.json?page[size]=100": [ok(articles_1)],
        f"{API}/articles.json?page=2&per_page=100": [ok(articles_2)],
        f"{API}/articles/101/attachments.json?per_page=100": [ok(attachments_101)],
        f"{API}/articles/102/attachments.json?per_page=100": [
            ok({"article_attachments": [], "next_page": None})
        ],
        "/hc/article_attachments/9001/diagram.png": [Reply(200, PNG, {"Content-Type": "image/png"})],
        "/hc/fi/article_attachments/9002/kuva.png": [Reply(200, KUVA, {"Content-Type": "image/png"})],
        "/attachments/token/AbC123/?name=screen shot.png": [Reply(200, SHOT, {"Content-Type": "image/png"})],
        "/hc/article_attachments/9003/user manual.pdf": [Reply(302, b"", {"Location": pdf_at})],
    }
    for (kind, number), items in translations.items():
        routes[f"{API}/{kind}/{number}/translations.json?per_page=100"] = [
            ok({"translations": items, "next_page": None, "count": len(items)})
        ]
    # Article 101's translations come in two pages (offset pagination), as with more than per_page locales.
    second = f"{API}/articles/101/translations.json?page=2&per_page=100"
    first_two, last = translations[("articles", 101)][:2], translations[("articles", 101)][2:]
    routes[f"{API}/articles/101/translations.json?per_page=100"] = [
        ok({"translations": first_two, "next_page": f"{origin}{second}", "count": 3})
    ]
    routes[second] = [ok({"translations": last, "next_page": None, "count": 3})]
    if files_origin is None:
        routes["/signed/manual.pdf?sig=abc"] = [Reply(200, PDF, {"Content-Type": "application/pdf"})]
    return routes


def file_host() -> ZendeskServer:
    """A second origin, as Zendesk's signed attachment downloads are: it must never see the token."""
    return ZendeskServer(
        {"/signed/manual.pdf?sig=abc": [Reply(200, PDF, {"Content-Type": "application/pdf"})]}
    )
