"""inbox and dead letters

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-26 05:00:00

The consumers' inbox, keyed by (consumer, event id), with an index for retention; and the
dead letters, one per failed record and consumer, with an index on the ones not yet replayed.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "inbox",
        sa.Column("consumer", sa.String(length=100), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("consumer", "event_id", name=op.f("pk_inbox")),
    )
    op.create_index("ix_inbox_processed_at", "inbox", ["processed_at"])
    op.create_table(
        "dead_letters",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("consumer", sa.String(length=100), nullable=False),
        sa.Column("topic", sa.String(length=249), nullable=True),
        sa.Column("partition", sa.Integer(), nullable=True),
        sa.Column("offset", sa.BigInteger(), nullable=True),
        sa.Column("key", sa.LargeBinary(), nullable=True),
        sa.Column(
            "headers", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False
        ),
        sa.Column("value", sa.LargeBinary(), nullable=True),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("first_failed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_failed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("replayed_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("attempts >= 1", name=op.f("ck_dead_letters_attempts_positive")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dead_letters")),
    )
    op.create_index(
        "ix_dead_letters_consumer_topic_partition_offset",
        "dead_letters",
        ["consumer", "topic", "partition", "offset"],
        unique=True,
    )
    op.create_index(
        "ix_dead_letters_pending",
        "dead_letters",
        ["first_failed_at", "id"],
        postgresql_where=sa.text("replayed_at IS NULL"),
        sqlite_where=sa.text("replayed_at IS NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_dead_letters_pending", table_name="dead_letters")
    op.drop_index("ix_dead_letters_consumer_topic_partition_offset", table_name="dead_letters")
    op.drop_table("dead_letters")
    op.drop_index("ix_inbox_processed_at", table_name="inbox")
    op.drop_table("inbox")
