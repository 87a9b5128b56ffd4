"""todo list indexes: one per common listing, label containment and text search

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 05:00:00.000000

Why each index exists, and the plans they give: docs/adr/0006-indexes-and-text-search.md.

- Both databases: the creation-order listings get an index each for live and trashed todos,
  and the (owner_id, id) index goes (nothing sorts by id alone any more).
- PostgreSQL only: the due listings sort by a NULL-free key (`coalesce(due_deadline,
  'infinity')`), which replaces the plain due index there; GIN indexes serve label containment
  (jsonb_path_ops) and the substring search (pg_trgm on lower(title) and lower(notes)); and
  extended statistics tell the planner that a list belongs to one owner.

Downgrading keeps the pg_trgm extension: it may have been there before (IF NOT EXISTS), other
objects may use it, and an unused extension costs nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_CREATED_INDEXES = (
    ("ix_todos_live_owner_id_created_at_id", "deleted_at IS NULL"),
    ("ix_todos_trash_owner_id_created_at_id", "deleted_at IS NOT NULL"),
)
_DUE_ORDER = "coalesce(due_deadline, 'infinity'::timestamptz)"
_TRIGRAM_COLUMNS = ("title", "notes")
_LIST_OWNER_STATISTICS = "st_todos_owner_id_list_id"


def _on_postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    for name, condition in _CREATED_INDEXES:
        op.create_index(
            name,
            "todos",
            ["owner_id", "created_at", "id"],
            postgresql_where=sa.text(condition),
            sqlite_where=sa.text(condition),
        )
    op.drop_index("ix_todos_owner_id_id", table_name="todos")
    if not _on_postgresql():
        return

    op.create_index(
        "ix_todos_live_owner_id_due_order_id",
        "todos",
        ["owner_id", sa.text(_DUE_ORDER), "id"],
        postgresql_where=sa.text("deleted_at IS NULL"),
    )
    op.drop_index("ix_todos_owner_id_due_deadline_id", table_name="todos")
    op.create_index(
        "ix_todos_labels",
        "todos",
        ["labels"],
        postgresql_using="gin",
        postgresql_ops={"labels": "jsonb_path_ops"},
    )
    # Trusted since PostgreSQL 13: the database owner may create it without being superuser.
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in _TRIGRAM_COLUMNS:
        op.create_index(
            f"ix_todos_{column}_trgm",
            "todos",
            [sa.text(f"lower({column}) gin_trgm_ops")],
            postgresql_using="gin",
        )
    # A list has one owner, so `owner_id = :o AND list_id = :l` is as selective as the list
    # alone; without this the planner multiplies the two, expects a handful of rows and sorts.
    op.execute(
        f"CREATE STATISTICS {_LIST_OWNER_STATISTICS} (dependencies) ON owner_id, list_id FROM todos"
    )
    op.execute("ANALYZE todos")


def downgrade() -> None:
    if _on_postgresql():
        op.execute(f"DROP STATISTICS {_LIST_OWNER_STATISTICS}")
        for column in reversed(_TRIGRAM_COLUMNS):
            op.drop_index(f"ix_todos_{column}_trgm", table_name="todos")
        op.drop_index("ix_todos_labels", table_name="todos")
        op.create_index(
            "ix_todos_owner_id_due_deadline_id", "todos", ["owner_id", "due_deadline", "id"]
        )
        op.drop_index("ix_todos_live_owner_id_due_order_id", table_name="todos")
    op.create_index("ix_todos_owner_id_id", "todos", ["owner_id", "id"])
    for name, _ in reversed(_CREATED_INDEXES):
        op.drop_index(name, table_name="todos")
