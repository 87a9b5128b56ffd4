"""refresh token rotations: what a spent token handed out, for the reuse grace window

Revision ID: 0012
Revises: 0010
Create Date: 2026-12-08 09:00:00

Three nullable columns on refresh_tokens, set together when a token is spent (ADR 0012): the
successor's id, the salt its secret was derived with, and the tag of the client that spent it.
Tokens spent before this revision have none and are never handed out again.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ROTATION_COMPLETE = (
    "(successor_id IS NULL) = (successor_salt IS NULL)"
    " AND (successor_id IS NULL) = (rotated_by IS NULL)"
)


def upgrade() -> None:
    # Batch mode: SQLite adds a CHECK constraint only by copying the table.
    with op.batch_alter_table("refresh_tokens") as batch:
        batch.add_column(sa.Column("successor_id", sa.Uuid(), nullable=True))
        batch.add_column(sa.Column("successor_salt", sa.String(length=43), nullable=True))
        batch.add_column(sa.Column("rotated_by", sa.String(length=64), nullable=True))
        batch.create_check_constraint(
            op.f("ck_refresh_tokens_rotation_complete"), sa.text(_ROTATION_COMPLETE)
        )


def downgrade() -> None:
    with op.batch_alter_table("refresh_tokens") as batch:
        batch.drop_constraint(op.f("ck_refresh_tokens_rotation_complete"), type_="check")
        batch.drop_column("rotated_by")
        batch.drop_column("successor_salt")
        batch.drop_column("successor_id")
