"""Idempotency records in a dict: the twin of the `idempotency_keys` table.

Every method runs to its end without awaiting, so on one event loop each is atomic, as the
table's primary key and single-statement updates make the SQL store.
"""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from todo_core.domain.ids import UserId
from todo_core.ports.clock import Clock
from todo_core.ports.idempotency_store import (
    IDEMPOTENCY_WINDOW,
    IdempotencyKey,
    IdempotencyRecord,
    IdempotencyStore,
    StoredResponse,
)

__all__ = ["InMemoryIdempotencyStore"]


class InMemoryIdempotencyStore(IdempotencyStore):
    def __init__(self, clock: Clock, *, window: timedelta = IDEMPOTENCY_WINDOW) -> None:
        self._clock = clock
        self._window = window
        # Expired records stay until purged, like rows do.
        self.records: dict[tuple[UserId, IdempotencyKey], IdempotencyRecord] = {}

    async def find(self, owner: UserId, key: IdempotencyKey) -> IdempotencyRecord | None:
        record = self.records.get((owner, key))
        if record is None or record.expires_at <= self._clock.now():
            return None
        return record

    async def reserve(self, owner: UserId, key: IdempotencyKey, fingerprint: str) -> bool:
        if await self.find(owner, key) is not None:
            return False
        now = self._clock.now()
        self.records[owner, key] = IdempotencyRecord(
            owner=owner,
            key=key,
            fingerprint=fingerprint,
            created_at=now,
            expires_at=now + self._window,
            response=None,
        )
        return True

    async def complete(self, owner: UserId, key: IdempotencyKey, response: StoredResponse) -> None:
        record = await self.find(owner, key)
        if record is not None and record.in_progress:
            self.records[owner, key] = dataclasses.replace(record, response=response)

    async def release(self, owner: UserId, key: IdempotencyKey) -> None:
        record = self.records.get((owner, key))
        if record is not None and record.in_progress:
            del self.records[owner, key]

    async def purge_expired(self, *, limit: int) -> int:
        if limit < 1:
            raise ValueError("limit must be positive")
        now = self._clock.now()
        expired = sorted(
            (record for record in self.records.values() if record.expires_at <= now),
            key=lambda record: (record.expires_at, record.owner, record.key.value),
        )[:limit]
        for record in expired:
            del self.records[record.owner, record.key]
        return len(expired)
