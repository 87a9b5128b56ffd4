"""The consumer runtime's small parts: counters, the backoff schedule, records as core values."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from adapters.kafka.cloudevents import CloudEvent
from todo_core.ports.dead_letter_store import DeadLetter
from todo_core.ports.event_handler import InboundEvent

__all__ = ["ConsumerCounters", "RetryPolicy", "dead_letter", "inbound"]


@dataclass
class ConsumerCounters:
    # Records processed to an outcome (processed, duplicate, ignored); dead letters apart.
    consumed: int = 0
    duplicates: int = 0
    dead_lettered: int = 0
    # Fetches (or partitions of one) processed in one database transaction.
    batches: int = 0
    # Transient failures waited out (one per pause).
    retried: int = 0
    commit_failures: int = 0


@dataclass(frozen=True, kw_only=True)
class RetryPolicy:
    """Pauses between attempts at a record that failed transiently: doubling, capped.

    No limit on attempts: a database outage must not turn every record into a dead letter.
    """

    first_delay_s: float = 0.2
    max_delay_s: float = 30.0

    def delay(self, attempt: int) -> float:
        """The pause after the `attempt`-th failure (1 for the first)."""
        return float(min(self.max_delay_s, self.first_delay_s * 2 ** min(attempt - 1, 30)))


def inbound(event: CloudEvent) -> InboundEvent:
    return InboundEvent(
        id=event.id,
        type=event.type,
        source=event.source,
        subject=event.subject,
        time=event.time,
        data=event.data,
    )


def dead_letter(  # noqa: PLR0913 - the record, and what its failure adds
    record: Any,
    *,
    consumer: str,
    error: Exception,
    attempts: int,
    letter_id: UUID,
    now: datetime,
) -> DeadLetter:
    """`record` (an aiokafka ConsumerRecord) as it arrived, with why it failed."""
    return DeadLetter(
        id=letter_id,
        consumer=consumer,
        topic=record.topic,
        partition=record.partition,
        offset=record.offset,
        key=record.key,
        headers=tuple((str(name), bytes(value or b"")) for name, value in record.headers),
        value=record.value,
        error=f"{type(error).__name__}: {error}",
        attempts=attempts,
        first_failed_at=now,
        last_failed_at=now,
    )
