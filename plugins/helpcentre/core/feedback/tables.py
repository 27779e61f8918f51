"""The database tables. Changing them means adding an Alembic migration under migrations/versions."""

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
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

# A customer's request to support (POST /api/contact). The personal fields (subject, message, email,
# page, suggestions) are emptied `--contact-retention-days` after every target has it (purged_at set);
# lang, topic and the count of suggestions opened stay for the counts on /insights/. Migration 0003.
contact_requests = Table(
    "contact_requests",
    metadata,
    Column("id", String(32), primary_key=True),  # the request id: uuid4 hex, also in Message-ID
    Column("lang", String(16), nullable=False),
    Column("topic", String(64)),
    Column("subject", String(200)),
    Column("message", Text),
    Column("email", String(254)),
    Column("page", String(300)),
    Column("suggestions", Text),  # JSON list of site-relative URLs of articles the customer opened
    Column("suggestions_opened", Integer, nullable=False, default=0),
    Column("created_at", DateTime(timezone=True), nullable=False, index=True),
    Column("purged_at", DateTime(timezone=True)),
)

# One row per request and target ("smtp", "webhook"): the outbox the delivery worker works through.
contact_deliveries = Table(
    "contact_deliveries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("request_id", String(32), ForeignKey("contact_requests.id"), nullable=False),
    Column("target", String(16), nullable=False),
    Column("state", String(16), nullable=False),  # "pending" or "delivered"
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_attempt_at", DateTime(timezone=True), nullable=False),
    Column("delivered_at", DateTime(timezone=True)),
    Column("last_error", String(300)),
    UniqueConstraint("request_id", "target"),
    Index("ix_contact_deliveries_due", "state", "next_attempt_at"),
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
