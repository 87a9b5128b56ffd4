"""SQLite via aiosqlite: the embedded default store."""

from adapters.sqlalchemy.sqlite.engine import create_sqlite_engine

__all__ = ["create_sqlite_engine"]
