"""The database tables. Changing them means adding an Alembic migration under migrations/versions."""

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

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

# The contact page's deflection counts (migration 0005): how many visits had each event, per day,
# language and context page. Counts only: nothing about the customer is stored.
contact_events = Table(
    "contact_events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("day", Date, nullable=False),  # UTC
    Column("lang", String(16), nullable=False),
    Column("event", String(24), nullable=False),  # models.ContactEvent
    Column("page", String(300), nullable=False, default="", server_default=""),  # "" without ?page=
    Column("count", Integer, nullable=False),
    UniqueConstraint("day", "lang", "event", "page", name="uq_contact_events_key"),
)
