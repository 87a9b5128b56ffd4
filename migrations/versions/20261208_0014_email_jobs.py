"""email jobs

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-08 03:00:00

The mailer's jobs: one row per mail to send, unique by dedupe key, with an index on the
pending ones by due time (the sender's claim) and one for the operators' listing by status;
and the kinds of mail users turned off.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "email_jobs",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("dedupe_key", sa.String(length=400), nullable=False),
        sa.Column("kind", sa.String(length=50), nullable=False),
        sa.Column("recipient", sa.String(length=254), nullable=False),
        sa.Column(
            "payload",
            sa.JSON(none_as_null=True).with_variant(
                postgresql.JSONB(none_as_null=True), "postgresql"
            ),
            nullable=False,
        ),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("queued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_reply", sa.Text(), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('pending', 'sent', 'failed')", name=op.f("ck_email_jobs_status_known")
        ),
        sa.CheckConstraint("attempts >= 0", name=op.f("ck_email_jobs_attempts_not_negative")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_email_jobs")),
    )
    op.create_index("ix_email_jobs_dedupe_key", "email_jobs", ["dedupe_key"], unique=True)
    op.create_index(
        "ix_email_jobs_due",
        "email_jobs",
        ["next_attempt_at", "id"],
        postgresql_where=sa.text("status = 'pending'"),
        sqlite_where=sa.text("status = 'pending'"),
    )
    op.create_index(
        "ix_email_jobs_status_created_at_id", "email_jobs", ["status", "created_at", "id"]
    )

    op.create_table(
        "mail_opt_outs",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=50), nullable=False),
        sa.Column("opted_out_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("user_id", "kind", name=op.f("pk_mail_opt_outs")),
    )


def downgrade() -> None:
    op.drop_table("mail_opt_outs")
    op.drop_index("ix_email_jobs_status_created_at_id", table_name="email_jobs")
    op.drop_index("ix_email_jobs_due", table_name="email_jobs")
    op.drop_index("ix_email_jobs_dedupe_key", table_name="email_jobs")
    op.drop_table("email_jobs")
