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
    # SQLite: one process, so nothing to listen to; the loop just polls, at least every
    # `longest` seconds when given.
    def __init__(self, longest: float | None = None) -> None:
        self._longest = longest

    async def wait(self, seconds: float) -> bool:
        await asyncio.sleep(seconds if self._longest is None else min(seconds, self._longest))
        return False

    async def close(self) -> None:
        return None


def outbox_wakeups(engine: AsyncEngine) -> OutboxWakeups:
    if engine.dialect.name == "postgresql":
        return PostgresOutboxListener(engine)
    return _Polling()


def reminder_wakeups(engine: AsyncEngine, *, poll_interval: float) -> OutboxWakeups:
    """Wakes the scheduler when a todo's next reminder appears or moves: notified on
    PostgreSQL; on SQLite it looks again every `poll_interval` seconds."""
    if engine.dialect.name == "postgresql":
        return PostgresOutboxListener(engine, REMINDERS_CHANNEL)
    return _Polling(poll_interval)
