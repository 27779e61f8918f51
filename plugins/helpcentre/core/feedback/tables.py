"""The database tables. Changing them means adding an Alembic migration under migrations/versions."""

from sqlalchemy import Boolean, Column, DateTime, Integer, MetaData, String, Table, Text

metadata = MetaData()

votes = Table(
    "votes",
    metadata,
    Column("id", Integer, primary_key=True),
    # The browser's id for this vote (a UUID): later messages with it update the row (migration 0004).
    # NULL only for votes stored before 0004; unique, so a vote is never stored twice.
    Column("vote_id", String(36), unique=True, index=True),
    # The client's message counter: an update older than the stored one (a beacon overtaking a fetch
    # the other way round) is ignored instead of undoing the newer answer.
    Column("revision", Integer, nullable=False, default=0, server_default="0"),
    Column("page", String(300), nullable=False, index=True),  # site-relative URL, e.g. "fi/billing/refunds/"
    Column("lang", String(16), nullable=False),
    Column("helpful", Boolean, nullable=False),
    Column("reason", String(40)),  # a configured reason key, only with helpful=False
    Column("comment", Text),  # verbatim; escaped wherever it is shown
    Column("created_at", DateTime(timezone=True), nullable=False, index=True),
    Column("updated_at", DateTime(timezone=True)),  # the last change of answer, reason or comment
)

search_misses = Table(
    "search_misses",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("lang", String(16), nullable=False),
    Column("query", String(200), nullable=False),
    # "none": nothing matched; "weak": results, none a confident answer (models.MissKind). Migration 0002.
    Column("kind", String(8), nullable=False, default="none", server_default="none"),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
