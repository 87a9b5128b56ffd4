"""The SQL idempotency store keeps every promise of the port on real SQLite and PostgreSQL (the
same checks the in-memory store passes), and its refusals survive real concurrent claims."""

from __future__ import annotations

import socket
from uuid import uuid4

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.sqlalchemy import SqlAlchemyIdempotencyStore, create_engine
from tests.support.fakes import FixedClock
from tests.support.idempotency_store_contract import CHECKS, Check
from todo_core import StorageUnavailable
from todo_core.domain.ids import UserId
from todo_core.ports.clock import Clock
from todo_core.ports.idempotency_store import IdempotencyKey


@pytest.mark.parametrize("check", CHECKS, ids=lambda check: check.__name__)
async def test_sql_store(check: Check, engine: AsyncEngine) -> None:
    def new_store(clock: Clock) -> SqlAlchemyIdempotencyStore:
        return SqlAlchemyIdempotencyStore(engine, clock)

    await check(new_store)


async def test_a_purge_needs_a_positive_limit(engine: AsyncEngine) -> None:
    with pytest.raises(ValueError, match="positive"):
        await SqlAlchemyIdempotencyStore(engine, FixedClock()).purge_expired(limit=0)


async def test_an_unreachable_database_is_storage_unavailable() -> None:
    with socket.socket() as probe:
        # Bound but never listening: connections are refused at once, on loopback only.
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    engine = create_engine(f"postgresql+asyncpg://todo@127.0.0.1:{port}/todo")
    store = SqlAlchemyIdempotencyStore(engine, FixedClock())
    key, owner = IdempotencyKey("k"), UserId(uuid4())
    try:
        with pytest.raises(StorageUnavailable):
            await store.find(owner, key)
        with pytest.raises(StorageUnavailable):
            await store.reserve(owner, key, "a" * 64)
    finally:
        await engine.dispose()
