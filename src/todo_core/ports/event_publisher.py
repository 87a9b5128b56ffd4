"""Where committed events go: the relay hands each outbox message to a publisher.

Implementations: Kafka (CloudEvents, binary mode), or in-process for the embedded default. A
publisher returns only once the message is durably accepted; raising leaves it unpublished,
to be retried, so delivery is at least once and consumers are idempotent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

__all__ = ["EventPublisher", "OutboxMessage"]


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
