"""scheduler

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-08 03:00:00

The scheduler's ledger of job ticks (`scheduled_runs`, one row per job and slot); the users'
digest settings, the local date of their last digest and when the next one is due; and, on
PostgreSQL only, a trigger that NOTIFYs channel `todo_reminders` when a todo's next pending
reminder appears or moves, so a sleeping scheduler wakes for it (delivered at commit, folded
within a transaction, never on rollback). SQLite has no NOTIFY: its scheduler polls.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_USER_COLUMNS = (
    ("digest_enabled", sa.Boolean(), False, "false"),
    ("digest_time", sa.String(length=5), False, "'07:00'"),
    ("digest_sent_on", sa.Date(), True, None),
    ("next_digest_at", sa.DateTime(timezone=True), True, None),
)


def upgrade() -> None:
    op.create_table(
        "scheduled_runs",
        sa.Column("job", sa.String(length=64), nullable=False),
        sa.Column("slot", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("job", "slot", name=op.f("pk_scheduled_runs")),
    )
    op.create_index("ix_scheduled_runs_slot", "scheduled_runs", ["slot"])

    # Existing accounts get the defaults (no digest, 07:00), which the code writes from then on.
    with op.batch_alter_table("users") as batch:
        for name, type_, nullable, default in _USER_COLUMNS:
            batch.add_column(
                sa.Column(
                    name,
                    type_,
                    nullable=nullable,
                    server_default=None if default is None else sa.text(default),
                )
            )
    with op.batch_alter_table("users") as batch:
        for name, _, _, default in _USER_COLUMNS:
            if default is not None:
                batch.alter_column(name, server_default=None)
    op.create_index(
        "ix_users_next_digest_at",
        "users",
        ["next_digest_at"],
        postgresql_where=sa.text("next_digest_at IS NOT NULL"),
        sqlite_where=sa.text("next_digest_at IS NOT NULL"),
    )

    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        """
        CREATE FUNCTION todo_reminders_notify() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('todo_reminders', '');
            RETURN NULL;
        END
        $$
        """
    )
    op.execute(
        "CREATE TRIGGER todos_reminder_inserted AFTER INSERT ON todos FOR EACH ROW "
        "WHEN (NEW.next_reminder_at IS NOT NULL) EXECUTE FUNCTION todo_reminders_notify()"
    )
    op.execute(
        "CREATE TRIGGER todos_reminder_moved AFTER UPDATE OF next_reminder_at ON todos "
        "FOR EACH ROW WHEN (NEW.next_reminder_at IS NOT NULL "
        "AND NEW.next_reminder_at IS DISTINCT FROM OLD.next_reminder_at) "
        "EXECUTE FUNCTION todo_reminders_notify()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS todos_reminder_moved ON todos")
        op.execute("DROP TRIGGER IF EXISTS todos_reminder_inserted ON todos")
        op.execute("DROP FUNCTION IF EXISTS todo_reminders_notify()")
    op.drop_index("ix_users_next_digest_at", table_name="users")
    with op.batch_alter_table("users") as batch:
        for name, *_ in reversed(_USER_COLUMNS):
            batch.drop_column(name)
    op.drop_index("ix_scheduled_runs_slot", table_name="scheduled_runs")
    op.drop_table("scheduled_runs")
