"""Votes and search misses.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None


def upgrade():
    op.create_table(
        "votes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("page", sa.String(300), nullable=False),
        sa.Column("lang", sa.String(16), nullable=False),
        sa.Column("helpful", sa.Boolean, nullable=False),
        sa.Column("reason", sa.String(40)),
        sa.Column("comment", sa.Text),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_votes_page", "votes", ["page"])
    op.create_index("ix_votes_created_at", "votes", ["created_at"])
    op.create_table(
        "search_misses",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("lang", sa.String(16), nullable=False),
        sa.Column("query", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade():
    op.drop_table("search_misses")
    op.drop_table("votes")
