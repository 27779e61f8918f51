"""Contact requests and their deliveries (the outbox of POST /api/contact).

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade():
    op.create_table(
        "contact_requests",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("lang", sa.String(16), nullable=False),
        sa.Column("topic", sa.String(64)),
        sa.Column("subject", sa.String(200)),
        sa.Column("message", sa.Text),
        sa.Column("email", sa.String(254)),
        sa.Column("page", sa.String(300)),
        sa.Column("suggestions", sa.Text),
        sa.Column("suggestions_opened", sa.Integer, nullable=False, server_default="0"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("purged_at", sa.DateTime(timezone=True)),
    )
    op.create_index("ix_contact_requests_created_at", "contact_requests", ["created_at"])
    op.create_table(
        "contact_deliveries",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("request_id", sa.String(32), sa.ForeignKey("contact_requests.id"), nullable=False),
        sa.Column("target", sa.String(16), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True)),
        sa.Column("last_error", sa.String(300)),
        sa.UniqueConstraint("request_id", "target"),
    )
    op.create_index("ix_contact_deliveries_due", "contact_deliveries", ["state", "next_attempt_at"])


def downgrade():
    op.drop_table("contact_deliveries")
    op.drop_table("contact_requests")
