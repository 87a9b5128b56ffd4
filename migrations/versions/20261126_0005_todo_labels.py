"""todo labels: one row per label of a todo, for the listings by label in creation order

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26 06:00:00.000000

Why, and the plans it gives: docs/adr/0006-indexes-and-text-search.md.

`todo_labels` repeats what `todos.labels` holds, one row per label, with the todo's owner,
creation time and trash state, so one B-tree index serves "an owner's todos with label L, newest
first" in order. The repository writes it with the todo from now on; this fills it from the
existing JSON. On PostgreSQL, extended statistics tell the planner that a label belongs to one
owner, and the table replaces the GIN index on `todos.labels`, which nothing queries any more
(downgrading builds it again).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_FOREIGN_KEY = "fk_todo_labels_todo_id_todos"
_INDEX = "ix_todo_labels_owner_id_label_id_live_created_at_todo_id"
_GIN_INDEX = "ix_todos_labels"
_LABEL_OWNER_STATISTICS = "st_todo_labels_owner_id_label_id"

# The JSON holds label ids as canonical text; each database reads it as its own Uuid column
# stores it: native on PostgreSQL, 32 hex digits without hyphens on SQLite (SQLAlchemy's `Uuid`).
_BACKFILL = {
    "postgresql": """
        INSERT INTO todo_labels (todo_id, label_id, owner_id, created_at, live)
        SELECT todos.id, label.value::uuid, todos.owner_id, todos.created_at,
               todos.deleted_at IS NULL
        FROM todos CROSS JOIN LATERAL jsonb_array_elements_text(todos.labels) AS label(value)
    """,
    "sqlite": """
        INSERT INTO todo_labels (todo_id, label_id, owner_id, created_at, live)
        SELECT todos.id, lower(replace(label.value, '-', '')), todos.owner_id, todos.created_at,
               todos.deleted_at IS NULL
        FROM todos, json_each(todos.labels) AS label
    """,
}


def _dialect() -> str:
    return op.get_bind().dialect.name


def upgrade() -> None:
    op.create_table(
        "todo_labels",
        sa.Column("todo_id", sa.Uuid(), nullable=False),
        sa.Column("label_id", sa.Uuid(), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("live", sa.Boolean(), nullable=False),
        # Checked at commit: the repository deletes a todo before its label rows.
        sa.ForeignKeyConstraint(
            ["todo_id"],
            ["todos.id"],
            name=_FOREIGN_KEY,
            deferrable=True,
            initially="DEFERRED",
        ),
        sa.PrimaryKeyConstraint("todo_id", "label_id", name="pk_todo_labels"),
    )
    postgresql = _dialect() == "postgresql"
    if postgresql:
        # Checked per row as they go in, not queued to the commit: PostgreSQL refuses to index
        # (and to drop an index of) a table with checks still pending in the transaction.
        op.execute(f"SET CONSTRAINTS {_FOREIGN_KEY} IMMEDIATE")
    op.execute(_BACKFILL[_dialect()])
    if postgresql:
        # As declared again, for any later migration in the same transaction.
        op.execute(f"SET CONSTRAINTS {_FOREIGN_KEY} DEFERRED")
    # After the backfill: one sorted build instead of an insert per row.
    op.create_index(
        _INDEX, "todo_labels", ["owner_id", "label_id", "live", "created_at", "todo_id"]
    )
    if postgresql:
        # `owner_id = :o AND label_id = :l` is as selective as the label alone; multiplying the
        # two, the planner would expect a dozen of a big owner's hundreds and sort them instead
        # of reading the first page off the index in order.
        op.execute(
            f"CREATE STATISTICS {_LABEL_OWNER_STATISTICS} (dependencies) "
            "ON owner_id, label_id FROM todo_labels"
        )
        op.execute("ANALYZE todo_labels")
        op.drop_index(_GIN_INDEX, table_name="todos")


def downgrade() -> None:
    if _dialect() == "postgresql":
        op.execute(f"DROP STATISTICS {_LABEL_OWNER_STATISTICS}")
        op.create_index(
            _GIN_INDEX,
            "todos",
            ["labels"],
            postgresql_using="gin",
            postgresql_ops={"labels": "jsonb_path_ops"},
        )
    op.drop_index(_INDEX, table_name="todo_labels")
    op.drop_table("todo_labels")
