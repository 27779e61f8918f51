"""A search miss's kind: "none" (nothing matched) or "weak" (results, none a confident answer).

Rows stored before were all searches that found nothing: the default fills them with "none".

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade():
    op.add_column("search_misses", sa.Column("kind", sa.String(8), nullable=False, server_default="none"))


def downgrade():
    with op.batch_alter_table("search_misses") as batch:  # SQLite drops a column by copying the table
        batch.drop_column("kind")
