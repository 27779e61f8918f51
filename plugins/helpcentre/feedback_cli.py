"""`helpcentre feedback serve|report`: the receiver for votes and search misses, and the writers' report."""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
from pathlib import Path

DEFAULT_DB = "sqlite:///feedback.sqlite3"
KEEP_ALIVE = 5  # seconds an idle kept-alive connection stays open (uvicorn's default, made explicit)
FILES_RESERVED = 64  # descriptors left for the database, the listening socket and logs
# The `feedback` extra, by import name: a site that only builds installs none of it (pyproject.toml).
EXTRA_MODULES = ("starlette", "uvicorn", "httptools", "sqlalchemy", "alembic", "email_validator")
POSTGRES_DRIVER = "psycopg"
INSTALL_HINT = "the feedback receiver needs: pip install 'mkdocs-helpcentre[feedback]'"


def add_commands(commands) -> None:
    if missing := _missing(EXTRA_MODULES):
        _add_install_hint(commands, missing)
        return
    feedback = commands.add_parser("feedback", help="receive reader feedback and report on it")
    sub = feedback.add_subparsers(dest="feedback_command", required=True)
    serve = sub.add_parser(
        "serve",
        help="run the receiver (POST /api/feedback, /api/search-miss, /api/contact, /api/contact-event; "
        "GET /healthz, /api/contact)",
    )
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8002)
    serve.add_argument(
        "--db", default=DEFAULT_DB, help="SQLAlchemy URL: sqlite:///file or postgresql+psycopg://…"
    )
    serve.add_argument("--site", default="site", help="the built public site (its helpcentre-feedback.json)")
    serve.add_argument(
        "--origin",
        action="append",
        default=[],
        help="a site origin allowed to post, e.g. https://help.example.org (repeatable)",
    )
    serve.add_argument(
        "--rate-limit", type=int, default=60, help="requests per minute per client; 0 turns it off"
    )
    serve.add_argument(
        "--trusted-proxy",
        action="append",
        default=[],
        metavar="ADDR",
        help="a reverse proxy whose X-Forwarded-For names the client (repeatable; IP or network, "
        "e.g. 127.0.0.1 or 10.0.0.0/8); without it the header is ignored",
    )
    serve.add_argument(
        "--header-timeout",
        type=float,
        default=10,
        help="seconds a client has to send a request's line and headers (default 10)",
    )
    serve.add_argument(
        "--body-timeout",
        type=float,
        default=10,
        help="seconds a client has to send a request's body after its headers (default 10)",
    )
    serve.add_argument(
        "--max-connections",
        type=int,
        default=1000,
        help="open connections at once; more are answered 503 and closed (default 1000)",
    )
    _add_contact_options(serve)
    report = sub.add_parser(
        "report", help="votes per page, searches without a good answer, the contact page's deflection"
    )
    report.add_argument("--db", default=DEFAULT_DB)
    report.add_argument("--format", choices=["table", "csv", "html"], default="table")
    report.add_argument("--output", "-o", help="write to this file instead of standard output")


def _add_contact_options(serve: argparse.ArgumentParser) -> None:
    contact = serve.add_argument_group(
        "contact requests (POST /api/contact)", "off unless --contact-to or --contact-webhook is given"
    )
    contact.add_argument(
        "--contact-to",
        action="append",
        default=[],
        metavar="ADDRESS",
        help="the support mailbox that gets each request by email (repeatable; needs --smtp)",
    )
    contact.add_argument(
        "--smtp",
        metavar="URL",
        help="smtp://[user[:password]@]host:port[?starttls=1] or smtps://… (implicit TLS); "
        "a password left out of the URL is read from HELPCENTRE_SMTP_PASSWORD",
    )
    contact.add_argument(
        "--contact-from",
        metavar="ADDRESS",
        help="the emails' From address (default: helpcentre@ the first --contact-to's domain)",
    )
    contact.add_argument("--contact-webhook", metavar="URL", help="also POST each request as JSON here")
    contact.add_argument(
        "--contact-retention-days",
        type=float,
        default=30,
        help="days a delivered request's text and address are kept (default 30); undelivered ones stay",
    )
    contact.add_argument(
        "--contact-rate-limit",
        type=int,
        default=5,
        help="contact requests per minute per client, on top of --rate-limit (default 5; 0 turns it off)",
    )
    contact.add_argument(
        "--contact-retry-max",
        type=float,
        default=3600,
        metavar="SECONDS",
        help="longest wait between two delivery attempts (default 3600; retries start at 5 s and double)",
    )


def _missing(modules: tuple[str, ...]) -> list[str]:
    return [name for name in modules if importlib.util.find_spec(name) is None]


class _InstallHint(argparse.Action):
    """Ends any `helpcentre feedback …` line, `--help` included, with one line saying what to install."""

    def __init__(self, *args, missing: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.missing = missing

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        parser.exit(2, f"{INSTALL_HINT} (missing: {', '.join(self.missing)})\n")


def _add_install_hint(commands, missing: list[str]) -> None:
    needs = "receive reader feedback and report on it (needs the [feedback] extra)"
    feedback = commands.add_parser("feedback", add_help=False, help=needs)
    feedback.add_argument("-h", "--help", nargs=0, action=_InstallHint, missing=missing)
    feedback.add_argument("words", nargs=argparse.REMAINDER, action=_InstallHint, missing=missing)


def run(args: argparse.Namespace) -> int:
    if args.db.startswith("postgresql") and _missing((POSTGRES_DRIVER,)):
        print(f"{INSTALL_HINT} (missing: {POSTGRES_DRIVER}, for {args.db.split(':', 1)[0]})", file=sys.stderr)
        return 2
    return serve(args) if args.feedback_command == "serve" else report(args)


def serve(args: argparse.Namespace) -> int:
    import uvicorn

    from .core.feedback.app import create_app
    from .core.feedback.connections import Limits, protocol_with
    from .core.feedback.manifest import MANIFEST_NAME, Manifest
    from .core.feedback.store import Store

    manifest_file = Path(args.site) / MANIFEST_NAME
    if not manifest_file.is_file():
        print(
            f"{manifest_file} not found: build the public site first (make site), or pass --site",
            file=sys.stderr,
        )
        return 2
    if not args.origin:
        print(
            "no --origin given: browsers on any site will be refused; pass the help centre's origin",
            file=sys.stderr,
        )
    manifest = Manifest.load(manifest_file)
    try:
        contact = contact_settings(args, manifest)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    limits = Limits(args.header_timeout, args.body_timeout, _connection_cap(args.max_connections))
    app = create_app(Store(args.db), manifest, args.origin, args.rate_limit, contact)
    # Access logs would write readers' addresses to disk: never. HELPCENTRE_LOG=info shows start-up.
    # X-Forwarded-For only from --trusted-proxy: uvicorn would otherwise believe it from 127.0.0.1, and
    # any client could pick a new address per request to escape the rate limit.
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        log_level=os.environ.get("HELPCENTRE_LOG", "warning"),
        access_log=False,
        http=protocol_with(limits),
        timeout_keep_alive=KEEP_ALIVE,
        proxy_headers=bool(args.trusted_proxy),
        forwarded_allow_ips=args.trusted_proxy or None,
    )
    return 0


def contact_settings(args: argparse.Namespace, manifest):
    """The contact targets from the command line, or None when contact is off; ValueError says why not."""
    from email_validator import EmailNotValidError, validate_email

    from .core.feedback.delivery import ContactSettings
    from .core.feedback.targets import SmtpServer, SmtpTarget, WebhookTarget, check_webhook

    if args.contact_to and not args.smtp:
        raise ValueError("--contact-to needs --smtp URL: the mail server that takes the emails")
    if args.smtp and not args.contact_to:
        raise ValueError("--smtp needs --contact-to ADDRESS: the support mailbox to send to")
    targets: list = []
    if args.contact_to:
        try:
            to = tuple(validate_email(a, check_deliverability=False).normalized for a in args.contact_to)
            sender = args.contact_from or f"helpcentre@{to[0].rsplit('@', 1)[1]}"
            sender = validate_email(sender, check_deliverability=False).normalized
        except EmailNotValidError as exc:
            raise ValueError(f"--contact-to/--contact-from: {exc}") from None
        targets.append(SmtpTarget(SmtpServer.parse(args.smtp), to, sender, manifest))
    if args.contact_webhook:
        targets.append(WebhookTarget(check_webhook(args.contact_webhook), manifest))
    if not targets:
        return None
    if args.contact_retention_days < 0 or args.contact_retry_max <= 0:
        raise ValueError("--contact-retention-days must be 0 or more, --contact-retry-max more than 0")
    return ContactSettings(
        targets, args.contact_retention_days, args.contact_rate_limit, args.contact_retry_max
    )


def _connection_cap(wanted: int) -> int:
    """`wanted`, or fewer when the process may not open that many files (each connection is one)."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and (hard == resource.RLIM_INFINITY or hard > soft):
        soft = hard if hard != resource.RLIM_INFINITY else max(soft, 65536)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    room = soft - FILES_RESERVED if soft != resource.RLIM_INFINITY else wanted
    if wanted > room:
        print(
            f"--max-connections {wanted} is more than the open-file limit allows (ulimit -n {soft}, "
            f"{FILES_RESERVED} kept for the database and logs): using {room}",
            file=sys.stderr,
        )
        return max(room, 1)
    return wanted


def report(args: argparse.Namespace) -> int:
    from .core.feedback import report as reports
    from .core.feedback.report_html import render
    from .core.feedback.store import Store

    store = Store(args.db)
    built = reports.build(store.votes(), store.misses(), store.contact_events())
    text = {"table": reports.as_table, "csv": reports.as_csv, "html": render}[args.format](built)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0
