"""The inbox table, on the connection of the unit of work that owns the consumer's effect."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.sqlalchemy.driver_errors import translate_driver_errors
from adapters.sqlalchemy.tables import inbox
from todo_core.ports.inbox import Inbox

__all__ = ["SqlAlchemyInbox"]


class SqlAlchemyInbox(Inbox):
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def contains(self, consumer: str, event_id: UUID) -> bool:
        async with translate_driver_errors():
            found = await self._connection.scalar(
                select(inbox.c.event_id).where(
                    inbox.c.consumer == consumer, inbox.c.event_id == event_id
                )
            )
        return found is not None

    async def add(self, consumer: str, event_id: UUID, *, processed_at: datetime) -> None:
        # Inserted at once: on PostgreSQL a concurrent delivery of the same event waits here for
        # the first to finish, then fails with `Conflict` if it committed.
        async with translate_driver_errors():
            await self._connection.execute(
                insert(inbox).values(
                    consumer=consumer, event_id=event_id, processed_at=processed_at
                )
            )
