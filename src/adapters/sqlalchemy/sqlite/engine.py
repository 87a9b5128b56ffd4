"""SQLite specifics for the embedded default: a file under ./var, WAL, real transactions, and
one writer at a time.

SQLite runs one writer at a time. A deferred `BEGIN` takes the write lock only at the first
write; if another writer committed after the transaction's first read, its snapshot is stale
and the write fails with SQLITE_BUSY at once: the busy timeout cannot help, as waiting would
not make the snapshot current. So the engine writes through one connection (a pool of size 1):
writers wait for it in the pool's queue, first come first served, and hand it over at once.
Every transaction on it begins `BEGIN IMMEDIATE`, taking the write lock before its first read,
so another process writing to the same file (`todo migrate`, a dead-letter replay) makes it
wait up to the busy timeout instead of failing. Transactions marked read-only
(`adapters.sqlalchemy.transactions.reading`) run on a pool of their own, begin deferred and, in
WAL mode, read a snapshot beside the writer without waiting. See ADR 0013.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, Engine
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from adapters.sqlalchemy.transactions import READ_ONLY, add_reader

__all__ = ["create_sqlite_engine"]

_BUSY_TIMEOUT_MS = 5_000
# How long a writer waits in line for the write connection before the caller gets a 503.
_WRITER_QUEUE_TIMEOUT_S = 30


def _ensure_parent_directory(url: URL) -> None:
    database = url.database
    if database and database != ":memory:" and not database.startswith("file:"):
        try:
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            # Connecting will fail and say why, as a StorageUnavailable the callers understand.
            return


def _in_memory(url: URL) -> bool:
    # Each connection to an in-memory database is a database of its own (SQLAlchemy keeps one
    # connection for it): there is no second pool to read from.
    database = url.database or ""
    return database in ("", ":memory:") or url.query.get("mode") == "memory"


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
    if connection.get_execution_options().get(READ_ONLY):
        connection.exec_driver_sql("BEGIN")
    else:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def _engine(url: URL, options: dict[str, Any]) -> AsyncEngine:
    engine = create_async_engine(url, **options)
    event.listen(engine.sync_engine, "connect", _on_connect)
    event.listen(engine.sync_engine, "begin", _on_begin)
    return engine


def create_sqlite_engine(url: URL, **options: Any) -> AsyncEngine:
    _ensure_parent_directory(url)
    if _in_memory(url):
        return _engine(url, options)
    writer = _engine(
        url,
        {"pool_size": 1, "max_overflow": 0, "pool_timeout": _WRITER_QUEUE_TIMEOUT_S} | options,
    )
    reader = _engine(url, options).execution_options(**{READ_ONLY: True})
    add_reader(writer, reader)

    def dispose_reader(_engine: Engine) -> None:
        # Runs inside the writer's `dispose()`, where the driver's connections can be closed.
        reader.sync_engine.dispose()

    event.listen(writer.sync_engine, "engine_disposed", dispose_reader)
    return writer
