"""The inbox table, on the connection of the unit of work that owns the consumer's effect."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from uuid import UUID

from sqlalchemy import bindparam, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.sqlalchemy.constant_statements import constant
from adapters.sqlalchemy.driver_errors import translate_driver_errors
from adapters.sqlalchemy.tables import inbox
from todo_core.ports.inbox import Inbox

__all__ = ["SqlAlchemyInbox"]

_PROCESSED = constant(
    select(inbox.c.event_id).where(
        inbox.c.consumer == bindparam("consumer"),
        inbox.c.event_id.in_(bindparam("event_ids", expanding=True)),
    )
)


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

    async def processed(self, consumer: str, event_ids: Collection[UUID]) -> set[UUID]:
        if not event_ids:
            return set()
        async with translate_driver_errors():
            found = await self._connection.scalars(
                _PROCESSED, {"consumer": consumer, "event_ids": list(event_ids)}
            )
        return set(found)

    async def add_all(
        self, consumer: str, event_ids: Collection[UUID], *, processed_at: datetime
    ) -> None:
        if not event_ids:
            return
        rows = [
            {"consumer": consumer, "event_id": event_id, "processed_at": processed_at}
            for event_id in event_ids
        ]
        # One statement for the batch (executemany), waiting and failing as `add` does.
        async with translate_driver_errors():
            await self._connection.execute(insert(inbox), rows)
