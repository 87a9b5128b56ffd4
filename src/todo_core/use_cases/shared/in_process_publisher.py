"""The embedded default's `EventPublisher`: delivers each outbox message to the handlers in
this process, through the same idempotent `ProcessEvent` (same inbox) a Kafka consumer uses.

So the relay's code path is the same with or without Kafka: it publishes, and only a
returned `publish` marks the row published. A claimed batch goes through the port's
`publish_batch`: each aggregate's messages one at a time, in order, stopping at the first that
fails, the aggregates concurrently. A transient failure raises, and the relay tries
the whole message again later; handlers that already processed it find it in their inbox. A
permanent failure is set aside as a dead letter (in the CloudEvents binary form a Kafka record
would have had) so that one poison event cannot hold up its aggregate's later events.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence

from todo_core.ports.clock import Clock
from todo_core.ports.dead_letter_store import DeadLetter, DeadLetterStore
from todo_core.ports.event_handler import InboundEvent
from todo_core.ports.event_publisher import EventPublisher, OutboxMessage
from todo_core.ports.id_generator import IdGenerator
from todo_core.use_cases.process_event import ProcessEvent, is_transient

__all__ = ["InProcessEventPublisher", "inbound_event_from_outbox"]

_log = logging.getLogger(__name__)


def inbound_event_from_outbox(message: OutboxMessage, *, source: str) -> InboundEvent:
    return InboundEvent(
        id=message.id,
        type=message.event_type,
        source=source,
        subject=str(message.aggregate_id),
        time=message.occurred_at,
        data=message.payload,
    )


class InProcessEventPublisher(EventPublisher):
    def __init__(
        self,
        processors: Sequence[ProcessEvent],
        *,
        dead_letters: DeadLetterStore,
        clock: Clock,
        ids: IdGenerator,
        source: str = "/todo",
    ) -> None:
        self._processors = tuple(processors)
        self._dead_letters = dead_letters
        self._clock = clock
        self._ids = ids
        self._source = source

    async def publish(self, message: OutboxMessage) -> None:
        event = inbound_event_from_outbox(message, source=self._source)
        for process in self._processors:
            try:
                outcome = await process(event)
            except Exception as error:
                if is_transient(error):
                    raise
                _log.warning(
                    "event dead-lettered",
                    extra={
                        "consumer": process.consumer,
                        "event_id": str(event.id),
                        "event_type": event.type,
                        "error": repr(error),
                    },
                )
                await self._dead_letters.add(self._letter(process.consumer, event, error))
                continue
            _log.debug(
                "event %s",
                outcome,
                extra={
                    "consumer": process.consumer,
                    "event_id": str(event.id),
                    "event_type": event.type,
                },
            )

    def _letter(self, consumer: str, event: InboundEvent, error: Exception) -> DeadLetter:
        now = self._clock.now()
        # The headers and value of the CloudEvents binary-mode record Kafka would have carried,
        # so a replay decodes in-process and Kafka letters alike.
        headers = (
            ("ce_specversion", "1.0"),
            ("ce_id", str(event.id)),
            ("ce_type", event.type),
            ("ce_source", event.source),
            ("ce_time", event.time.isoformat()),
            ("ce_subject", event.subject),
            ("content-type", "application/json"),
        )
        value = json.dumps(event.data, separators=(",", ":"), ensure_ascii=False, sort_keys=True)
        return DeadLetter(
            id=self._ids.new_id(),
            consumer=consumer,
            topic=None,
            partition=None,
            offset=None,
            key=event.subject.encode(),
            headers=tuple((name, text.encode()) for name, text in headers),
            value=value.encode(),
            error=f"{type(error).__name__}: {error}",
            attempts=1,
            first_failed_at=now,
            last_failed_at=now,
        )
