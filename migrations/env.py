"""Alembic environment: async engines for PostgreSQL and SQLite, batch mode for SQLite.

The URL comes from the Alembic config (set by `todo migrate`) or else `TODO_DATABASE_URL`.
"""

from __future__ import annotations

import asyncio
from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy import MetaData
from sqlalchemy.engine import Connection

from adapters.sqlalchemy import create_engine, metadata
from adapters.sqlalchemy.tables import DIALECT_INFO_KEY
from adapters.sqlalchemy.utc_datetime import UtcDateTime
from entrypoints.settings import Settings

config = context.config


def _database_url() -> str:
    return config.get_main_option("sqlalchemy.url") or Settings().database_url


def _render_item(type_: str, obj: Any, autogen_context: AutogenContext) -> str | Literal[False]:
    # Migrations stay frozen snapshots: render our column types as the plain SQL types they are.
    if type_ == "type" and isinstance(obj, UtcDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _metadata_for(dialect_name: str) -> MetaData:
    """The tables as `dialect_name` has them: without the indexes declared for another database
    only (`DIALECT_INFO_KEY`). A copy, because Alembic's SQLite comparison looks at (and warns
    about) every expression index in the target metadata before any `include_object` hook runs.
    """
    elsewhere = {
        index.name
        for table in metadata.tables.values()
        for index in table.indexes
        if index.info.get(DIALECT_INFO_KEY, dialect_name) != dialect_name
    }
    if not elsewhere:
        return metadata
    target = MetaData(naming_convention=metadata.naming_convention)
    for table in metadata.tables.values():
        copy = table.to_metadata(target)
        for index in [index for index in copy.indexes if index.name in elsewhere]:
            copy.indexes.discard(index)
    return target


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=_metadata_for(connection.dialect.name),
        # SQLite cannot ALTER most things in place; batch mode copies the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        compare_server_default=True,
        render_item=_render_item,
    )


def _run_sync(connection: Connection) -> None:
    _configure(connection)
    with context.begin_transaction():
        context.run_migrations()


async def _run_online() -> None:
    engine = create_engine(_database_url())
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_run_sync)
    finally:
        await engine.dispose()


if context.is_offline_mode():
    context.configure(url=_database_url(), target_metadata=metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    asyncio.run(_run_online())
