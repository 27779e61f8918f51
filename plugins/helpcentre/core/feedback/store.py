"""Storage through SQLAlchemy: SQLite (WAL) embedded by default, PostgreSQL by URL."""

from __future__ import annotations

import threading
import weakref
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, event, func, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from .tables import contact_events, search_misses, votes

EVENT_KEY = ("day", "lang", "event", "page")

MIGRATIONS = Path(__file__).parent / "migrations"
# SQLite takes one writer at a time. Threads that ask together wait in its busy handler, which sleeps in
# steps of up to 100 ms: with contact deliveries writing beside the votes' group commit, votes/s fell to
# a quarter and p99 rose to 300 ms. A lock per SQLite engine makes this process's writers queue instead.
_WRITE_LOCKS: weakref.WeakKeyDictionary[Engine, threading.Lock] = weakref.WeakKeyDictionary()


def engine_for(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        _WRITE_LOCKS[engine] = threading.Lock()
        return engine
    return create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """`engine.begin()` for a transaction that writes: one at a time per process on SQLite."""
    lock = _WRITE_LOCKS.get(engine)
    if lock is None:
        with engine.begin() as connection:
            yield connection
        return
    with lock, engine.begin() as connection:
        yield connection


def _sqlite_pragmas(connection, _record) -> None:
    cursor = connection.cursor()
    # WAL lets the report read while votes are written; with synchronous=NORMAL a committed vote
    # survives the process being killed (the WAL is written before COMMIT returns), and only a power
    # cut can lose the last transactions — the trade SQLite documents for WAL.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def migrate(engine: Engine, revision: str = "head") -> None:
    """Brings the database schema to `revision`, the newest by default (idempotent). Tests pass an older
    one to make a database as an earlier receiver left it."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def vote_upsert(dialect: str):
    """INSERT … ON CONFLICT (vote_id) DO UPDATE, the same statement on SQLite and PostgreSQL.

    An update takes the answer, reason and comment of the newer message (each message carries the whole
    answer) only on the vote's own page and language and only if no newer message is stored: a beacon
    sent on page hide may arrive before the fetch it follows. RETURNING says what happened; no row back
    means nothing was written.
    """
    statement: sqlite.Insert | postgresql.Insert
    if dialect == "sqlite":
        statement = sqlite.insert(votes)
    elif dialect == "postgresql":
        statement = postgresql.insert(votes)
    else:
        raise ValueError(f"the receiver stores votes in SQLite or PostgreSQL, not {dialect}")
    new = statement.excluded
    return statement.on_conflict_do_update(
        index_elements=[votes.c.vote_id],
        set_={
            "helpful": new.helpful,
            "reason": new.reason,
            "comment": new.comment,
            "revision": new.revision,
            "updated_at": new.created_at,  # the time this message arrived
        },
        where=(votes.c.page == new.page) & (votes.c.lang == new.lang) & (votes.c.revision <= new.revision),
    ).returning(votes.c.updated_at)


def now() -> datetime:
    return datetime.now(UTC)


class Store:
    def __init__(self, url: str):
        self.engine = engine_for(url)
        migrate(self.engine)
        self._vote_upsert = vote_upsert(self.engine.dialect.name)

    def add_votes(self, rows: list[dict]) -> list[str]:
        """Stores each vote, or updates the vote with its `vote_id`, and commits before returning: the
        caller answers 2xx only after this. Per row, in order, what happened (see `_upsert`)."""
        with writing(self.engine) as connection:
            return [self._upsert(connection, row) for row in rows]

    def _upsert(self, connection: Connection, row: dict) -> str:
        """ "created", "updated", "superseded" (a message as new or newer is stored: nothing to do) or
        "elsewhere" (the id is a vote on another page or language, which an update cannot move)."""
        stored = connection.execute(self._vote_upsert, row).first()
        if stored is not None:
            return "created" if stored.updated_at is None else "updated"
        page, lang = connection.execute(
            select(votes.c.page, votes.c.lang).where(votes.c.vote_id == row["vote_id"])
        ).one()
        return "superseded" if (page, lang) == (row["page"], row["lang"]) else "elsewhere"

    def add_misses(self, rows: list[dict]) -> None:
        with writing(self.engine) as connection:
            connection.execute(insert(search_misses), rows)

    def add_contact_events(self, rows: list[dict]) -> None:
        """Adds each row's one to its (day, lang, event, page) count, creating the count if it is new."""
        counts = Counter(tuple(row[key] for key in EVENT_KEY) for row in rows)
        values = [{**dict(zip(EVENT_KEY, key, strict=True)), "count": n} for key, n in counts.items()]
        dialect = postgresql if self.engine.dialect.name == "postgresql" else sqlite
        statement = dialect.insert(contact_events)
        statement = statement.on_conflict_do_update(
            index_elements=list(EVENT_KEY),
            set_={"count": contact_events.c.count + statement.excluded["count"]},
        )
        with writing(self.engine) as connection:
            connection.execute(statement, values)

    def write_problem(self) -> str | None:
        """Why a vote could not be committed now, or None: a row is written in a transaction rolled back.

        Catches a read-only or unreachable database and (on SQLite) a locked file; a disk filling up
        shows only when a commit fails, which the receiver answers with 503.
        """
        probe = {"lang": "--", "query": "health probe, rolled back", "kind": "none", "created_at": now()}
        try:
            with self.engine.connect() as connection, connection.begin() as transaction:
                connection.execute(insert(search_misses), [probe])
                transaction.rollback()
        except SQLAlchemyError as exc:
            return str(getattr(exc, "orig", None) or exc).splitlines()[0]
        return None

    def votes(self) -> list[dict]:
        with self.engine.connect() as connection:
            return [dict(row._mapping) for row in connection.execute(select(votes).order_by(votes.c.id))]

    def misses(self) -> list[dict]:
        with self.engine.connect() as connection:
            return [
                dict(row._mapping)
                for row in connection.execute(select(search_misses).order_by(search_misses.c.id))
            ]

    def count_votes(self) -> int:
        with self.engine.connect() as connection:
            return connection.execute(select(func.count()).select_from(votes)).scalar_one()

    def contact_events(self) -> list[dict]:
        with self.engine.connect() as connection:
            query = select(contact_events).order_by(contact_events.c.day, contact_events.c.id)
            return [dict(row._mapping) for row in connection.execute(query)]
