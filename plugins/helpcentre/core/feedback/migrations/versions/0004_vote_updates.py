"""Votes the reader can update: the browser's vote id, its message counter and when it last changed.

Votes stored before keep no id (NULL, which a unique index allows any number of times) and count as
they always did; they cannot be updated, since no browser knows an id for them.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"


def upgrade():
    op.add_column("votes", sa.Column("vote_id", sa.String(36)))
    op.add_column("votes", sa.Column("revision", sa.Integer, nullable=False, server_default="0"))
    op.add_column("votes", sa.Column("updated_at", sa.DateTime(timezone=True)))
    # A unique index rather than a constraint: SQLite adds it without copying the table, and it is what
    # INSERT … ON CONFLICT (vote_id) needs on both databases.
    op.create_index("ix_votes_vote_id", "votes", ["vote_id"], unique=True)


def downgrade():
    op.drop_index("ix_votes_vote_id", "votes")
    with op.batch_alter_table("votes") as batch:  # SQLite drops a column by copying the table
        batch.drop_column("updated_at")
        batch.drop_column("revision")
        batch.drop_column("vote_id")
