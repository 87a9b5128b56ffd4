"""What the relay and the scheduler wait on: a notification on PostgreSQL, the clock on SQLite."""

from __future__ import annotations

import asyncio
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.sqlalchemy.postgresql.outbox_listener import (
    REMINDERS_CHANNEL,
    PostgresOutboxListener,
)

__all__ = ["OutboxWakeups", "outbox_wakeups", "reminder_wakeups"]


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


def reminder_wakeups(engine: AsyncEngine) -> OutboxWakeups:
    """Wakes the scheduler when a todo's next reminder appears or moves (PostgreSQL)."""
    if engine.dialect.name == "postgresql":
        return PostgresOutboxListener(engine, REMINDERS_CHANNEL)
    return _Polling()
