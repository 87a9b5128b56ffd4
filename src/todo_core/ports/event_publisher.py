"""Where committed events go: the relay hands outbox messages to a publisher.

Implementations: Kafka (CloudEvents, binary mode), or in-process for the embedded default. A
publisher returns only once the message is durably accepted; raising leaves it unpublished,
to be retried, so delivery is at least once and consumers are idempotent.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

__all__ = ["EventPublisher", "OutboxMessage"]

# How many aggregates' chains the default `publish_batch` runs at once: a publisher that hands
# messages to handlers may hold a database connection per chain, and a large batch must not
# take every connection from the other users of the pool.
_CHAINS_AT_ONCE = 64


@dataclass(frozen=True, slots=True, kw_only=True)
class OutboxMessage:
    # The outbox row id: the event's identity downstream (CloudEvents `id`).
    id: UUID
    aggregate_type: str
    # The ordering key: events of one aggregate are published in order.
    aggregate_id: UUID
    event_type: str
    event_version: int
    occurred_at: datetime
    payload: dict[str, Any]


class EventPublisher(Protocol):
    async def publish(self, message: OutboxMessage) -> None: ...

    async def publish_batch(self, messages: Sequence[OutboxMessage]) -> list[Exception | None]:
        """Publishes `messages` (oldest first) and says what became of each, in their order:
        None once durably accepted, else why not. Each aggregate's messages are published in
        order, and once one of them fails its later ones are not published; a later one may
        still have been sent (at least once), but it is never reported as accepted.

        This default runs each aggregate's chain one `publish` at a time, up to 64 chains
        concurrently; a publisher that can have a whole batch in flight overrides it."""
        results: list[Exception | None] = [None] * len(messages)
        chains: dict[UUID, list[int]] = {}
        for index, message in enumerate(messages):
            chains.setdefault(message.aggregate_id, []).append(index)

        at_once = asyncio.Semaphore(_CHAINS_AT_ONCE)

        async def publish_chain(chain: list[int]) -> None:
            async with at_once:
                for position, index in enumerate(chain):
                    try:
                        await self.publish(messages[index])
                    # The contract: raising, whatever the error, means "not published".
                    except Exception as exc:
                        for later in chain[position:]:
                            results[later] = exc
                        return

        await asyncio.gather(*(publish_chain(chain) for chain in chains.values()))
        return results
