"""todo details: list, parent, priority, due, labels, reminders, recurrence, position, trash

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 04:00:00.000000

Existing todos become what `Todo.create` makes without those arguments: no list, no priority,
no due, no labels or reminders, position 0, not completed at any known time, not trashed.
The server defaults that fill them are dropped again (except position's, which the table
keeps): the adapter always writes every column, so a default could only hide a mapping bug.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _json() -> sa.types.TypeEngine[Any]:
    return sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


# Name, type, nullable, server default for existing rows (None: stays NULL).
_COLUMNS: tuple[tuple[str, sa.types.TypeEngine[Any], bool, str | None], ...] = (
    ("list_id", sa.Uuid(), True, None),
    ("parent_id", sa.Uuid(), True, None),
    ("priority", sa.String(length=16), False, "'none'"),
    ("priority_rank", sa.SmallInteger(), False, "0"),
    ("due_date", sa.Date(), True, None),
    ("due_at", sa.DateTime(timezone=True), True, None),
    ("due_timezone", sa.String(length=64), True, None),
    ("due_deadline", sa.DateTime(timezone=True), True, None),
    ("labels", _json(), False, "'[]'"),
    ("reminders", _json(), False, "'[]'"),
    ("recurrence", _json(), True, None),
    ("next_reminder_at", sa.DateTime(timezone=True), True, None),
    ("position", sa.Integer(), False, "0"),
    ("completed_at", sa.DateTime(timezone=True), True, None),
    ("deleted_at", sa.DateTime(timezone=True), True, None),
)
# Only needed to fill the rows that exist now; the table keeps position's.
_TEMPORARY_DEFAULTS = ("priority", "priority_rank", "labels", "reminders")

_CHECKS = (
    ("priority_known", "priority IN ('none', 'low', 'medium', 'high', 'urgent')"),
    ("priority_rank_range", "priority_rank BETWEEN 0 AND 4"),
    ("due_one_kind", "due_date IS NULL OR due_at IS NULL"),
    ("due_at_has_timezone", "(due_at IS NULL) = (due_timezone IS NULL)"),
)

_INDEXES = (
    ("ix_todos_owner_id_list_id_position_id", ["owner_id", "list_id", "position", "id"]),
    ("ix_todos_owner_id_parent_id", ["owner_id", "parent_id"]),
    ("ix_todos_owner_id_due_deadline_id", ["owner_id", "due_deadline", "id"]),
)
_PARTIAL_INDEXES = (
    ("ix_todos_next_reminder_at_id", ["next_reminder_at", "id"], "next_reminder_at IS NOT NULL"),
    ("ix_todos_deleted_at_id", ["deleted_at", "id"], "deleted_at IS NOT NULL"),
)


def upgrade() -> None:
    # Batch mode: SQLite rebuilds the table to add the checks; PostgreSQL alters in place.
    with op.batch_alter_table("todos") as batch:
        for name, type_, nullable, default in _COLUMNS:
            batch.add_column(
                sa.Column(
                    name,
                    type_,
                    nullable=nullable,
                    server_default=None if default is None else sa.text(default),
                )
            )
        for name, condition in _CHECKS:
            batch.create_check_constraint(op.f(f"ck_todos_{name}"), condition)
    with op.batch_alter_table("todos") as batch:
        for name in _TEMPORARY_DEFAULTS:
            batch.alter_column(name, server_default=None)

    for name, columns in _INDEXES:
        op.create_index(name, "todos", columns)
    for name, columns, condition in _PARTIAL_INDEXES:
        op.create_index(
            name,
            "todos",
            columns,
            postgresql_where=sa.text(condition),
            sqlite_where=sa.text(condition),
        )


def downgrade() -> None:
    for name, _, _ in reversed(_PARTIAL_INDEXES):
        op.drop_index(name, table_name="todos")
    for name, _ in reversed(_INDEXES):
        op.drop_index(name, table_name="todos")
    with op.batch_alter_table("todos") as batch:
        for name, _ in reversed(_CHECKS):
            batch.drop_constraint(op.f(f"ck_todos_{name}"), type_="check")
        for name, *_ in reversed(_COLUMNS):
            batch.drop_column(name)
