"""Idempotency records in a dict: the twin of the `idempotency_keys` table.

No method awaits anything before it is done, so on one event loop each is atomic, as the
table's primary key and single-statement updates make the SQL store.
"""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from todo_core.domain.ids import UserId
from todo_core.ports.clock import Clock
from todo_core.ports.idempotency_store import (
    CLAIM_TIMEOUT,
    IDEMPOTENCY_WINDOW,
    IdempotencyClaim,
    IdempotencyKey,
    IdempotencyRecord,
    IdempotencyStore,
    StoredResponse,
)

__all__ = ["InMemoryIdempotencyStore"]


class InMemoryIdempotencyStore(IdempotencyStore):
    def __init__(
        self,
        clock: Clock,
        *,
        window: timedelta = IDEMPOTENCY_WINDOW,
        claim_timeout: timedelta = CLAIM_TIMEOUT,
    ) -> None:
        self._clock = clock
        self._window = window
        self._claim_timeout = claim_timeout
        # Expired records stay until purged, like rows do.
        self.records: dict[tuple[UserId, IdempotencyKey], IdempotencyRecord] = {}

    async def find(self, owner: UserId, key: IdempotencyKey) -> IdempotencyRecord | None:
        record = self.records.get((owner, key))
        if record is None or record.expires_at <= self._clock.now():
            return None
        return record

    async def reserve(
        self, owner: UserId, key: IdempotencyKey, fingerprint: str
    ) -> IdempotencyClaim | None:
        now = self._clock.now()
        held = await self.find(owner, key)
        abandoned = (
            held is not None
            and held.in_progress
            and held.fingerprint == fingerprint
            and held.created_at <= now - self._claim_timeout
        )
        if held is not None and not abandoned:
            return None
        self.records[owner, key] = IdempotencyRecord(
            owner=owner,
            key=key,
            fingerprint=fingerprint,
            created_at=now,
            expires_at=now + self._window,
            response=None,
        )
        return IdempotencyClaim(owner=owner, key=key, claimed_at=now)

    async def complete(self, claim: IdempotencyClaim, response: StoredResponse) -> None:
        record = self._claimed(claim)
        if record is not None and record.expires_at > self._clock.now():
            self.records[claim.owner, claim.key] = dataclasses.replace(record, response=response)

    async def release(self, claim: IdempotencyClaim) -> None:
        if self._claimed(claim) is not None:
            del self.records[claim.owner, claim.key]

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

    def _claimed(self, claim: IdempotencyClaim) -> IdempotencyRecord | None:
        """The key's record if it is still this claim, in progress."""
        record = self.records.get((claim.owner, claim.key))
        if record is None or not record.in_progress or record.created_at != claim.claimed_at:
            return None
        return record
