"""users, todo lists and labels

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 03:00:00.000000

No foreign keys to users: while authentication is provisional, owners may have no users row.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _name_key(length: int) -> sa.String:
    # Casefolded names compare in binary order on PostgreSQL too, like SQLite and Python.
    return sa.String(length=length).with_variant(
        sa.String(length=length, collation="C"), "postgresql"
    )


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("display_name", sa.String(length=100), nullable=False),
        sa.Column("time_zone", sa.String(length=64), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("email_verified", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("version >= 1", name=op.f("ck_users_version_positive")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
    )
    op.create_index("ix_users_email", "users", ["email"], unique=True)

    op.create_table(
        "todo_lists",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("name_key", _name_key(300), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("is_inbox", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("version >= 1", name=op.f("ck_todo_lists_version_positive")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_todo_lists")),
    )
    op.create_index(
        "ix_todo_lists_active_name",
        "todo_lists",
        ["owner_id", "name_key"],
        unique=True,
        postgresql_where=sa.text("NOT archived"),
        sqlite_where=sa.text("archived = 0"),
    )
    op.create_index(
        "ix_todo_lists_one_inbox",
        "todo_lists",
        ["owner_id"],
        unique=True,
        postgresql_where=sa.text("is_inbox"),
        sqlite_where=sa.text("is_inbox = 1"),
    )
    op.create_index(
        "ix_todo_lists_owner_id_position_id", "todo_lists", ["owner_id", "position", "id"]
    )

    op.create_table(
        "labels",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("name_key", _name_key(150), nullable=False),
        sa.Column("colour", sa.String(length=7), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("version >= 1", name=op.f("ck_labels_version_positive")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_labels")),
    )
    op.create_index("ix_labels_owner_id_name_key", "labels", ["owner_id", "name_key"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_labels_owner_id_name_key", table_name="labels")
    op.drop_table("labels")
    op.drop_index("ix_todo_lists_owner_id_position_id", table_name="todo_lists")
    op.drop_index("ix_todo_lists_one_inbox", table_name="todo_lists")
    op.drop_index("ix_todo_lists_active_name", table_name="todo_lists")
    op.drop_table("todo_lists")
    op.drop_index("ix_users_email", table_name="users")
    op.drop_table("users")
