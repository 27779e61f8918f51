"""Reading the receiver's database at build time: only the columns the insights page shows.

SQLAlchemy is the `feedback` extra, imported here only when `insights.db` is set, so a site that
never connects one builds without it. Nothing is written: the build does not migrate, lock or create
the receiver's database (a SQLite file that does not exist is an error, not a new empty file).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

INSTALL_HINT = "pip install 'mkdocs-helpcentre[feedback]'"
# Tables of the contact work (issue 18): read when the receiver has them, counts and topics only.
CONTACT_REQUESTS, CONTACT_EVENTS = "contact_requests", "contact_events"


class Unavailable(Exception):
    """The database cannot be read: the message says what to do, and never holds a password."""


@dataclass
class Records:
    votes: list[dict] = field(default_factory=list)  # page, lang, helpful, reason, comment, created_at
    misses: list[dict] = field(default_factory=list)  # lang, query, kind, created_at
    contact_requests: list[dict] | None = None  # lang, topic, created_at; None: no such table yet
    contact_events: list[dict] | None = None  # lang, event, count; None: no such table yet


def read(url: str) -> Records:
    try:
        import sqlalchemy
    except ImportError:
        raise Unavailable(
            f"helpcentre option insights.db is set, but reading the database needs the receiver's "
            f"libraries: {INSTALL_HINT}"
        ) from None
    shown = _safe(url)
    try:
        engine = _engine(sqlalchemy, _checked(url, shown))
    except ImportError as exc:  # a database driver the extra brings (psycopg)
        raise Unavailable(
            f"helpcentre option insights.db: {shown} needs a driver that is not installed "
            f"({_first_line(exc)}): {INSTALL_HINT}"
        ) from None
    except (sqlalchemy.exc.ArgumentError, ValueError) as exc:
        raise Unavailable(
            f"helpcentre option insights.db: cannot use {shown} ({_first_line(exc)}): give the receiver's "
            "database URL, e.g. sqlite:////srv/feedback/feedback.sqlite3 or postgresql+psycopg://user@host/db"
        ) from None
    try:
        with engine.connect() as connection:
            return _read(connection, sqlalchemy.inspect(connection), shown)
    except sqlalchemy.exc.SQLAlchemyError as exc:
        raise Unavailable(
            f"helpcentre option insights.db: could not read {shown}: {_first_line(exc)} — check that the "
            "receiver's database is reachable from where the site is built and readable by this user"
        ) from None
    finally:
        engine.dispose()


def _engine(sqlalchemy, url: str):
    # Bounded waits: a build must not hang on a database that does not answer.
    if url.startswith("postgresql"):
        return sqlalchemy.create_engine(url, connect_args={"connect_timeout": 10})
    return sqlalchemy.create_engine(url, connect_args={"timeout": 10} if url.startswith("sqlite") else {})


def _read(connection, inspector, shown: str) -> Records:
    from sqlalchemy import column, select, table

    from ..feedback.tables import votes

    if not (inspector.has_table("votes") and inspector.has_table("search_misses")):
        raise Unavailable(
            f"helpcentre option insights.db: {shown} is not a feedback receiver's database (it has no "
            "votes and search_misses tables): point it at the database `helpcentre feedback serve --db` uses"
        )
    v = votes.c
    records = Records(
        votes=_rows(connection, select(v.page, v.lang, v.helpful, v.reason, v.comment, v.created_at)),
        misses=_misses(connection, inspector),
    )
    if inspector.has_table(CONTACT_REQUESTS):
        requests = table(CONTACT_REQUESTS, column("lang"), column("topic"), _when())
        records.contact_requests = _rows(connection, select(requests))  # never message, subject or email
    if inspector.has_table(CONTACT_EVENTS):
        records.contact_events = _event_counts(connection)
    return records


def _event_counts(connection) -> list[dict]:
    """The contact page's deflection counts per language and event (the receiver keeps them per day)."""
    from sqlalchemy import func, select

    from ..feedback.tables import contact_events as e

    counted = select(e.c.lang, e.c.event, func.sum(e.c.count).label("count")).group_by(e.c.lang, e.c.event)
    return [dict(row._mapping) for row in connection.execute(counted)]


def _when():
    from sqlalchemy import DateTime, column

    return column("created_at", DateTime(timezone=True))  # typed: SQLite hands times back as text


def _misses(connection, inspector) -> list[dict]:
    from sqlalchemy import literal, select

    from ..feedback.tables import search_misses as m

    # A database an older receiver left before migration 0002: every miss then found nothing.
    has_kind = any(c["name"] == "kind" for c in inspector.get_columns("search_misses"))
    kind = m.c.kind if has_kind else literal("none").label("kind")
    return _rows(connection, select(m.c.lang, m.c.query, kind, m.c.created_at))


def _rows(connection, statement) -> list[dict]:
    rows = [dict(row._mapping) for row in connection.execute(statement)]
    for row in rows:
        row["created_at"] = _utc(row["created_at"])
    return rows


def _utc(moment: datetime) -> datetime:
    # SQLite hands times back without their zone; the receiver stores UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _checked(url: str, shown: str) -> str:
    """The URL, once a SQLite file is known to exist: SQLite would create a missing one, empty."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database in ("", ":memory:") or database.startswith("file:"):
            raise Unavailable(
                f"helpcentre option insights.db: {shown} names no database file: give the file the "
                "receiver writes, e.g. sqlite:////srv/feedback/feedback.sqlite3"
            )
        if not Path(database).is_file():
            raise Unavailable(
                f"helpcentre option insights.db: {shown}: no such file ({Path(database).resolve()}): give "
                "the receiver's database file (a relative path is relative to the folder the build runs in)"
            )
    return url


def _safe(url: str) -> str:
    """The URL as it may be printed: without its password."""
    try:
        from sqlalchemy.engine import make_url

        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # not a URL at all: show only its scheme
        return url.split(":", 1)[0] + ":…" if ":" in url else "(not a URL)"


def _first_line(exc: BaseException) -> str:
    return str(getattr(exc, "orig", None) or exc).strip().splitlines()[0][:300]
