"""The inbox in memory: rows stay private to the unit of work until it commits."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from uuid import UUID

from todo_core.errors import Conflict
from todo_core.ports.inbox import Inbox

__all__ = ["InMemoryInbox", "InboxKey"]

InboxKey = tuple[str, UUID]


class InMemoryInbox(Inbox):
    def __init__(self, committed: dict[InboxKey, datetime]) -> None:
        self._committed = committed
        self.added: dict[InboxKey, datetime] = {}

    async def contains(self, consumer: str, event_id: UUID) -> bool:
        key = (consumer, event_id)
        return key in self.added or key in self._committed

    async def add(self, consumer: str, event_id: UUID, *, processed_at: datetime) -> None:
        if await self.contains(consumer, event_id):
            raise Conflict(f"{consumer} already processed event {event_id}")
        self.added[(consumer, event_id)] = processed_at

    async def processed(self, consumer: str, event_ids: Collection[UUID]) -> set[UUID]:
        return {event_id for event_id in event_ids if await self.contains(consumer, event_id)}

    async def add_all(
        self, consumer: str, event_ids: Collection[UUID], *, processed_at: datetime
    ) -> None:
        # All or none, as the single INSERT of the SQL twin: every row checked before any is added.
        rows: dict[InboxKey, datetime] = {}
        for event_id in event_ids:
            key = (consumer, event_id)
            if key in rows or key in self.added or key in self._committed:
                raise Conflict(f"{consumer} already processed event {event_id}")
            rows[key] = processed_at
        self.added.update(rows)

    def check(self) -> None:
        """Raise `Conflict` if another unit committed one of these rows meanwhile (the primary
        key of the SQL table)."""
        for consumer, event_id in self.added:
            if (consumer, event_id) in self._committed:
                raise Conflict(f"{consumer} already processed event {event_id}")
