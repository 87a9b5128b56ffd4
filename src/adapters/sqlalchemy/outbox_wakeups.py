"""What the relay waits on between batches: a notification on PostgreSQL, the clock on SQLite."""

from __future__ import annotations

import asyncio
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.sqlalchemy.postgresql.outbox_listener import PostgresOutboxListener

__all__ = ["OutboxWakeups", "outbox_wakeups"]


class OutboxWakeups(Protocol):
    async def wait(self, seconds: float) -> bool:
        """True when new rows were announced, False after `seconds` seconds of silence."""
        ...

    async def close(self) -> None: ...


class _Polling:
    # SQLite: one process, so nothing to listen to; the relay just polls.
    async def wait(self, seconds: float) -> bool:
        await asyncio.sleep(seconds)
        return False

    async def close(self) -> None:
        return None


def outbox_wakeups(engine: AsyncEngine) -> OutboxWakeups:
    if engine.dialect.name == "postgresql":
        return PostgresOutboxListener(engine)
    return _Polling()
