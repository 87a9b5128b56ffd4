"""SQLite specifics for the embedded default: a file under ./var, WAL, real transactions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, Connection
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

__all__ = ["create_sqlite_engine"]

_BUSY_TIMEOUT_MS = 5_000


def _ensure_parent_directory(url: URL) -> None:
    database = url.database
    if database and database != ":memory:" and not database.startswith("file:"):
        try:
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            # Connecting will fail and say why, as a StorageUnavailable the callers understand.
            return


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin (see `_on_begin`).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
    cursor.close()


def _on_begin(connection: Connection) -> None:
    # The sqlite3 module would only BEGIN before a write, leaving reads outside the transaction.
    connection.exec_driver_sql("BEGIN")


def create_sqlite_engine(url: URL, **options: Any) -> AsyncEngine:
    _ensure_parent_directory(url)
    engine = create_async_engine(url, **options)
    event.listen(engine.sync_engine, "connect", _on_connect)
    event.listen(engine.sync_engine, "begin", _on_begin)
    return engine
