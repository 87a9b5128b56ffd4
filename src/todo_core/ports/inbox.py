"""The consumer's memory of what it has processed: (consumer, event id) pairs.

Written in the transaction of the consumer's own effect, so an effect exists if and only if
its inbox row does, and a redelivered event is recognised and skipped.
"""

from __future__ import annotations

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
