"""One entry point that builds an engine for any supported database URL.

Creating an engine opens no connection; the first unit of work does. So building it in the
composition root is cheap and never touches the network at import time.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.sqlalchemy.postgresql.engine import create_postgresql_engine
from adapters.sqlalchemy.sqlite.engine import create_sqlite_engine

__all__ = ["UnsupportedDatabase", "create_engine"]


class UnsupportedDatabase(ValueError):
    """The URL names a database this service does not support."""


def create_engine(url: str, **options: Any) -> AsyncEngine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.get_driver_name() != "aiosqlite":
            parsed = parsed.set(drivername="sqlite+aiosqlite")
        return create_sqlite_engine(parsed, **options)
    if parsed.get_backend_name() == "postgresql":
        if parsed.get_driver_name() != "asyncpg":
            parsed = parsed.set(drivername="postgresql+asyncpg")
        return create_postgresql_engine(parsed, **options)
    raise UnsupportedDatabase(
        f"unsupported database {parsed.get_backend_name()!r}: use postgresql:// or sqlite://"
    )
