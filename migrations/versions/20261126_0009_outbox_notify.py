"""outbox notify

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-26 05:00:00

PostgreSQL only: a statement-level trigger NOTIFYs channel `todo_outbox` whenever rows are
inserted into the outbox. Notifications are delivered at commit (and not at all on rollback),
and PostgreSQL folds identical ones within a transaction into one, so a relay LISTENing on the
channel wakes once per committed write. SQLite has no NOTIFY: its relay polls.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        """
        CREATE FUNCTION todo_outbox_notify() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('todo_outbox', '');
            RETURN NULL;
        END
        $$
        """
    )
    op.execute(
        "CREATE TRIGGER outbox_notify AFTER INSERT ON outbox "
        "FOR EACH STATEMENT EXECUTE FUNCTION todo_outbox_notify()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER IF EXISTS outbox_notify ON outbox")
    op.execute("DROP FUNCTION IF EXISTS todo_outbox_notify()")
