"""`helpcentre import zendesk-fetch URL --out DIR`: save a live Zendesk Guide help centre as an export folder.

The work is `core.importer.fetch.fetch_export`; this module reads the credentials from the environment
and prints. import_cli.py owns `helpcentre import` and adds this command with `add_fetch_command`;
`helpcentre import zendesk --fetch URL` reuses `add_fetch_options` and `run_fetch`.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from .core.importer.fetch_http import API_TOKEN_VAR, EMAIL_VAR, OAUTH_VAR, FetchError, Limits, Token

if TYPE_CHECKING:
    from .core.importer.fetch import FetchSummary

COMMAND = "helpcentre import zendesk-fetch"
AUTH_HELP = (
    f"Credentials come from the environment, never from the command line: {EMAIL_VAR} and {API_TOKEN_VAR} "
    f"(an agent's or admin's API token), or {OAUTH_VAR}. Without them the export holds only what "
    "anonymous visitors see (no drafts, no restricted articles)."
)


def add_fetch_command(sub) -> None:
    """`zendesk-fetch` under `helpcentre import`'s subcommands (`sub`), whoever creates `import`."""
    fetch = sub.add_parser(
        "zendesk-fetch",
        help="save a live Zendesk Guide help centre's API answers as an export folder (resumable)",
        description="Save a Zendesk Guide help centre's categories, sections, articles, translations and "
        "attachments as Help Center API v2 answers in EXPORT_DIR. " + AUTH_HELP,
    )
    fetch.add_argument("url", help="the help centre, e.g. https://SUBDOMAIN.zendesk.com")
    fetch.add_argument(
        "--out",
        required=True,
        metavar="EXPORT_DIR",
        help="a new or empty folder; given the folder of an earlier run, it goes on where that stopped",
    )
    add_fetch_options(fetch)


def add_fetch_options(parser: argparse.ArgumentParser) -> None:
    defaults = Limits()
    parser.add_argument(
        "--no-attachments", action="store_true", help="do not download attachments and inline images"
    )
    parser.add_argument(
        "--max-retries",
        type=int,
        default=defaults.max_retries,
        help=f"tries after a 429/503 or a dropped connection, per request (default {defaults.max_retries})",
    )
    parser.add_argument(
        "--max-wait",
        type=float,
        default=defaults.max_wait,
        help=f"the longest Retry-After to wait, in seconds (default {defaults.max_wait:.0f})",
    )


def run(args: argparse.Namespace) -> int:
    return run_fetch(args.url, args.out, args)


def run_fetch(url: str, out: str, args: argparse.Namespace) -> int:
    if args.max_retries < 0 or args.max_wait < 0:
        print(f"{COMMAND}: --max-retries and --max-wait must be 0 or more", file=sys.stderr)
        return 2
    from .core.importer.fetch import fetch_export  # the HTTP client loads for this command only

    limits = Limits(max_retries=args.max_retries, max_wait=args.max_wait)
    try:
        summary = fetch_export(
            url,
            out,
            Token.from_env(),
            attachments=not args.no_attachments,
            limits=limits,
            progress=lambda message: print(message, file=sys.stderr, flush=True),
        )
    except FetchError as exc:
        print(f"{COMMAND}: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"{COMMAND}: could not write {exc.filename or out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"{COMMAND}: interrupted — run the same command again to go on", file=sys.stderr)
        return 130
    print(report(summary, out))
    return 0


def report(summary: FetchSummary, out: str) -> str:
    items = ", ".join(f"{count} {kind}" for kind, count in summary.items.items())
    lines = [
        f"saved {summary.origin} in {out}: {items}; {summary.translations} translation files; "
        f"{summary.files} attachments and images ({summary.not_downloaded} left as links)",
        f"{summary.requests} requests; {summary.reused} answers and files were already saved",
    ]
    lines += [f"warning: {warning}" for warning in summary.warnings]
    return "\n".join(lines)
