"""Where a consumer sets aside the messages it can never process, exactly as they arrived.

A dead letter keeps the record itself (key, headers, value, bytes as delivered) and where it
came from (topic, partition, offset), so that once the cause is fixed it can be replayed as
if it had never failed. Messages the in-process publisher could not deliver have no topic,
partition or offset.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

__all__ = ["DeadLetter", "DeadLetterStore"]


@dataclass(frozen=True, slots=True, kw_only=True)
class DeadLetter:
    id: UUID
    consumer: str
    topic: str | None
    partition: int | None
    offset: int | None
    key: bytes | None
    headers: tuple[tuple[str, bytes], ...]
    value: bytes | None
    # Why it failed: the error's type and message.
    error: str
    # How many times processing was attempted before it was set aside.
    attempts: int
    first_failed_at: datetime
    last_failed_at: datetime
    replayed_at: datetime | None = None


class DeadLetterStore(Protocol):
    async def add(self, letter: DeadLetter) -> None:
        """Store `letter`. The same message (consumer, topic, partition, offset) failing again,
        say after a crash before its offset was committed, updates the stored letter (error,
        attempts, last_failed_at) instead of adding a second one."""
        ...

    async def pending(self, *, consumer: str | None = None, limit: int = 100) -> list[DeadLetter]:
        """Letters not yet replayed, oldest failure first; only `consumer`'s when given."""
        ...

    async def mark_replayed(self, letter_id: UUID, *, at: datetime) -> None: ...
