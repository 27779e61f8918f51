"""The database tables. Changing them means adding an Alembic migration under migrations/versions."""

from sqlalchemy import Boolean, Column, DateTime, Integer, MetaData, String, Table, Text

metadata = MetaData()

votes = Table(
    "votes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("page", String(300), nullable=False, index=True),  # site-relative URL, e.g. "fi/billing/refunds/"
    Column("lang", String(16), nullable=False),
    Column("helpful", Boolean, nullable=False),
    Column("reason", String(40)),  # a configured reason key, only with helpful=False
    Column("comment", Text),  # verbatim; escaped wherever it is shown
    Column("created_at", DateTime(timezone=True), nullable=False, index=True),
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
