"""The consumer's memory of what it has processed: (consumer, event id) pairs.

Written in the transaction of the consumer's own effect, so an effect exists if and only if
its inbox row does, and a redelivered event is recognised and skipped. The plural forms serve
a batch of events in one transaction: one lookup and one write instead of one per event.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Protocol
from uuid import UUID

__all__ = ["Inbox"]


class Inbox(Protocol):
    async def contains(self, consumer: str, event_id: UUID) -> bool: ...

    async def add(self, consumer: str, event_id: UUID, *, processed_at: datetime) -> None:
        """Record the event as processed by `consumer`; `Conflict` (now or at commit) when
        another transaction recorded it first."""
        ...

    async def processed(self, consumer: str, event_ids: Collection[UUID]) -> set[UUID]:
        """Those of `event_ids` already recorded for `consumer`."""
        ...

    async def add_all(
        self, consumer: str, event_ids: Collection[UUID], *, processed_at: datetime
    ) -> None:
        """`add` for each of `event_ids` (distinct), in one write; `Conflict` as `add`."""
        ...
