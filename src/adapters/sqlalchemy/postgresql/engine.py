"""PostgreSQL specifics: asyncpg with a bounded pool that notices dead connections.

A restarted server, or one that ended a backend (`pg_terminate_backend`, an idle timeout),
leaves dead connections in the pool. SQLAlchemy's `pool_pre_ping` would find them with a
round trip (`SELECT 1`) before every unit of work, one more statement than the work itself on
a small write. There is a cheaper signal: PostgreSQL closes the socket of every connection it
ends, and asyncpg, reading from it on the event loop even while the connection idles in the
pool, marks the connection closed. So a checkout looks at that mark, costing no round trip,
and hands the pool a `DisconnectionError` for a closed connection: the pool discards it and
connects afresh, as it would after a failed ping. What neither check can see (a connection
that dies between checkout and its first statement, or one whose server's farewell has been
read but not yet the socket's end) surfaces as `StorageUnavailable` (503), and the failed
statement has SQLAlchemy discard the pool's connections, as after a failed ping.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, exc
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import ConnectionPoolEntry, PoolProxiedConnection

__all__ = ["create_postgresql_engine"]


def create_postgresql_engine(url: URL, **options: Any) -> AsyncEngine:
    options.setdefault("pool_size", 10)
    options.setdefault("max_overflow", 10)
    # Fail fast instead of queueing forever when the pool is exhausted: the caller gets a 503.
    options.setdefault("pool_timeout", 10)
    options.setdefault(
        "connect_args", {"timeout": 10, "server_settings": {"application_name": "todo"}}
    )
    engine = create_async_engine(url, **options)
    if not options.get("pool_pre_ping"):
        event.listen(engine.sync_engine.pool, "checkout", _discard_closed_connection)
    return engine


def _discard_closed_connection(
    dbapi_connection: Any, _record: ConnectionPoolEntry, _proxy: PoolProxiedConnection
) -> None:
    """The pool's check on checkout: a connection the server closed is replaced (see above)."""
    if dbapi_connection.driver_connection.is_closed():
        raise exc.DisconnectionError("the server closed this pooled connection")
