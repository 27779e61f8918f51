"""The contact page's deflection counts: per day, language, event and context page, a count.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"


def upgrade():
    op.create_table(
        "contact_events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("lang", sa.String(16), nullable=False),
        sa.Column("event", sa.String(24), nullable=False),
        sa.Column("page", sa.String(300), nullable=False, server_default=""),
        sa.Column("count", sa.Integer, nullable=False),
        sa.UniqueConstraint("day", "lang", "event", "page", name="uq_contact_events_key"),
    )


def downgrade():
    op.drop_table("contact_events")
