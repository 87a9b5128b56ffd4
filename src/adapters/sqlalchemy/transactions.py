"""Which transactions only read: SQLite must know it before one begins (see `sqlite/engine.py`).

SQLite runs one writer at a time. The SQLite engine writes through one connection, so writers
wait for it in line, and begins every transaction on it `BEGIN IMMEDIATE`; transactions that
only read go to a pool of their own (`reading(engine)`), begin deferred and never wait for a
writer. PostgreSQL has no such pool: `reading` gives the same engine there.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from sqlalchemy.engine import Engine
from sqlalchemy.ext.asyncio import AsyncEngine

__all__ = ["READ_ONLY", "add_reader", "reading"]

# The execution option that marks a connection's transactions as read-only.
READ_ONLY = "todo_read_only"

_readers: WeakKeyDictionary[Engine, AsyncEngine] = WeakKeyDictionary()


def add_reader(engine: AsyncEngine, reader: AsyncEngine) -> None:
    """`reading(engine)` is `reader` from now on (an engine on the same database)."""
    _readers[engine.sync_engine] = reader


def reading(engine: AsyncEngine) -> AsyncEngine:
    """The engine for transactions that never write, on the same database as `engine`."""
    reader = _readers.get(engine.sync_engine)
    return reader if reader is not None else engine.execution_options(**{READ_ONLY: True})
