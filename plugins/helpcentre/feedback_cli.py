"""`helpcentre feedback serve|report`: the receiver for votes and search misses, and the writers' report."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

DEFAULT_DB = "sqlite:///feedback.sqlite3"


def add_commands(commands) -> None:
    feedback = commands.add_parser("feedback", help="receive reader feedback and report on it")
    sub = feedback.add_subparsers(dest="feedback_command", required=True)
    serve = sub.add_parser("serve", help="run the receiver (POST /api/feedback, /api/search-miss; GET /healthz)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8002)
    serve.add_argument("--db", default=DEFAULT_DB, help="SQLAlchemy URL: sqlite:///file or postgresql+psycopg://…")
    serve.add_argument("--site", default="site", help="the built public site (its helpcentre-feedback.json)")
    serve.add_argument("--origin", action="append", default=[],
                       help="a site origin allowed to post, e.g. https://help.example.org (repeatable)")
    serve.add_argument("--rate-limit", type=int, default=60, help="requests per minute per client; 0 turns it off")
    report = sub.add_parser("report", help="votes per page and searches without results")
    report.add_argument("--db", default=DEFAULT_DB)
    report.add_argument("--format", choices=["table", "csv", "html"], default="table")
    report.add_argument("--output", "-o", help="write to this file instead of standard output")


def run(args: argparse.Namespace) -> int:
    return serve(args) if args.feedback_command == "serve" else report(args)


def serve(args: argparse.Namespace) -> int:
    import uvicorn

    from .core.feedback.app import create_app
    from .core.feedback.schema import MANIFEST_NAME, Manifest
    from .core.feedback.store import Store

    manifest_file = Path(args.site) / MANIFEST_NAME
    if not manifest_file.is_file():
        print(f"{manifest_file} not found: build the public site first (make site), or pass --site", file=sys.stderr)
        return 2
    if not args.origin:
        print("no --origin given: browsers on any site will be refused; pass the help centre's origin", file=sys.stderr)
    app = create_app(Store(args.db), Manifest.load(manifest_file), args.origin, args.rate_limit)
    # Access logs would write readers' addresses to disk: never. HELPCENTRE_LOG=info shows start-up.
    uvicorn.run(app, host=args.host, port=args.port, log_level=os.environ.get("HELPCENTRE_LOG", "warning"),
                access_log=False)
    return 0


def report(args: argparse.Namespace) -> int:
    from .core.feedback import report as reports
    from .core.feedback.report_html import render
    from .core.feedback.store import Store

    store = Store(args.db)
    built = reports.build(store.votes(), store.misses())
    text = {"table": reports.as_table, "csv": reports.as_csv, "html": render}[args.format](built)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0
