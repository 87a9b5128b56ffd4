"""PostgreSQL specifics: asyncpg with a bounded pool that notices dead connections."""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

__all__ = ["create_postgresql_engine"]


def create_postgresql_engine(url: URL, **options: Any) -> AsyncEngine:
    options.setdefault("pool_size", 10)
    options.setdefault("max_overflow", 10)
    # Fail fast instead of queueing forever when the pool is exhausted: the caller gets a 503.
    options.setdefault("pool_timeout", 10)
    # A restarted server leaves dead connections in the pool; check before handing one out.
    options.setdefault("pool_pre_ping", True)
    options.setdefault(
        "connect_args", {"timeout": 10, "server_settings": {"application_name": "todo"}}
    )
    return create_async_engine(url, **options)
