"""The schema, as SQLAlchemy Core tables: the single source Alembic compares migrations with.

Explicit row <-> domain mapping (see `todo_mapping`) keeps SQLAlchemy out of the core's classes.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    Uuid,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB

from adapters.sqlalchemy.utc_datetime import UtcDateTime

__all__ = ["metadata", "outbox", "todos"]

# Deterministic constraint names keep autogenerate stable and make downgrades possible.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

todos = Table(
    "todos",
    metadata,
    Column("id", Uuid(as_uuid=True), primary_key=True),
    Column("owner_id", Uuid(as_uuid=True), nullable=False),
    Column("title", String(500), nullable=False),
    Column("notes", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("version", Integer, nullable=False),
    CheckConstraint("status IN ('open', 'done')", name="status_known"),
    CheckConstraint("version >= 1", name="version_positive"),
    # A user's todos newest first: ids are UUIDv7, so id order is creation order.
    Index("ix_todos_owner_id_id", "owner_id", "id"),
)

outbox = Table(
    "outbox",
    metadata,
    # UUIDv7: time-ordered, so the primary key is also the publication order.
    Column("id", Uuid(as_uuid=True), primary_key=True),
    Column("aggregate_type", String(64), nullable=False),
    Column("aggregate_id", Uuid(as_uuid=True), nullable=False),
    Column("event_type", String(128), nullable=False),
    Column("event_version", Integer, nullable=False),
    Column("payload", JSON().with_variant(JSONB(), "postgresql"), nullable=False),
    Column("occurred_at", UtcDateTime, nullable=False),
    Column("published_at", UtcDateTime, nullable=True),
    Column("attempts", Integer, nullable=False, server_default=text("0")),
    Column("last_error", Text, nullable=True),
    # "Oldest unpublished first" reads only the small unpublished tail of the table.
    Index(
        "ix_outbox_unpublished",
        "id",
        postgresql_where=text("published_at IS NULL"),
        sqlite_where=text("published_at IS NULL"),
    ),
)
