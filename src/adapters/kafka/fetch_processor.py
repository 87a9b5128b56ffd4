"""What the consumer runtime does with the records of one fetch.

All of them in one database transaction first: decode each CloudEvent -> `ProcessEvent.batch`
(the handler's effect for each new event, in partition order, and the inbox rows of them all).
A fetch's partitions are independent (order is per partition), so when the fetch fails as a
whole for any reason but a transient one, each partition is tried alone, and a partition that
fails again goes one record at a time (nothing of a failed attempt was stored): only the
record at fault is set aside, and every other record has its effect once.

Transient errors are waited out in place, with the whole attempt tried again after each pause
(order is kept); a pause ends early, and the attempt is abandoned uncommitted, when a partition
of it is being handed over or the consumer stops.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from adapters.kafka.cloudevents import MalformedCloudEvent, decode
from adapters.kafka.consumer_support import ConsumerCounters, RetryPolicy, dead_letter, inbound
from todo_core.ports.clock import Clock
from todo_core.ports.dead_letter_store import DeadLetterStore
from todo_core.ports.event_handler import InboundEvent
from todo_core.ports.id_generator import IdGenerator
from todo_core.use_cases.process_event import Outcome, ProcessEvent, is_transient

if TYPE_CHECKING:
    from aiokafka import TopicPartition

__all__ = ["FetchProcessor"]

# The runtime's logger: these lines are the consumer's.
_log = logging.getLogger("adapters.kafka.consumer")


class _Abandoned(Exception):
    """A partition of the records is being revoked, or the consumer stopped: leave them
    uncommitted."""


def _partition(record: Any) -> TopicPartition:
    from aiokafka import TopicPartition  # noqa: PLC0415 - as in KafkaEventConsumer.run

    return TopicPartition(record.topic, record.partition)


def _decoded(records: Sequence[Any]) -> list[InboundEvent] | None:
    """The records' events, or None if one is malformed (it becomes a dead letter in its turn)."""
    try:
        return [inbound(decode(record.key, record.value, record.headers)) for record in records]
    except MalformedCloudEvent:
        return None


class FetchProcessor:
    """Processes fetches for the runtime, which owns the group membership: it says which
    partitions are `leaving`, and sets `interrupt` to cut a backoff pause short."""

    def __init__(  # noqa: PLR0913 - the ports it needs, and the runtime's signals
        self,
        *,
        process: ProcessEvent,
        dead_letters: DeadLetterStore,
        clock: Clock,
        ids: IdGenerator,
        retry: RetryPolicy,
        counters: ConsumerCounters,
        leaving: Callable[[TopicPartition], bool],
        interrupt: asyncio.Event,
    ) -> None:
        self._process = process
        self._dead_letters = dead_letters
        self._clock = clock
        self._ids = ids
        self._retry = retry
        self._counters = counters
        self._leaving = leaving
        self._interrupt = interrupt

    async def consume_fetch(
        self, fetched: dict[TopicPartition, list[Any]], done: dict[TopicPartition, int]
    ) -> None:
        """Process `fetched`, noting in `done` each partition's next offset to commit."""
        # Records of a partition being handed over, or fetched as the consumer stops, are left
        # to whoever reads the partition next.
        fetched = {tp: batch for tp, batch in fetched.items() if not self._leaving(tp)}
        records = [record for batch in fetched.values() for record in batch]
        if len(records) > 1:
            try:
                if await self._consume_together(list(fetched), records):
                    done.update({tp: batch[-1].offset + 1 for tp, batch in fetched.items()})
                    return
            except _Abandoned:
                pass  # each partition below goes on or stops by itself
        # A partition alone is worth a try only when the fetch held others.
        several = len(fetched) > 1
        for partition, batch in fetched.items():
            await self._consume_partition(partition, batch, done, together=several)

    async def _consume_partition(
        self,
        partition: TopicPartition,
        batch: list[Any],
        done: dict[TopicPartition, int],
        *,
        together: bool,
    ) -> None:
        if self._leaving(partition):
            return
        try:
            if together and len(batch) > 1 and await self._consume_together([partition], batch):
                done[partition] = batch[-1].offset + 1
                return
            for record in batch:
                if self._leaving(partition):
                    return
                await self._consume(record)
                done[partition] = record.offset + 1
        except _Abandoned:
            return

    async def _consume_together(self, partitions: list[TopicPartition], batch: list[Any]) -> bool:
        """Process `batch` in one transaction; False when that cannot be done."""
        events = _decoded(batch)
        if events is None:
            return False
        context = {
            "partitions": [f"{tp.topic}[{tp.partition}]" for tp in partitions],
            "records": len(batch),
        }
        attempt = 1
        while True:
            try:
                outcomes = await self._process.batch(events)
            except Exception as error:
                if is_transient(error):
                    await self._back_off(partitions, error, attempt, context)
                    attempt += 1
                    continue
                # A poison record, or a delivery racing another: nothing of the batch was
                # stored, and smaller batches find the culprit.
                _log.info(
                    "batch failed, processing it in parts: %r",
                    error,
                    extra={**context, "consumer": self._process.consumer},
                )
                return False
            break
        self._counters.batches += 1
        for record, event, outcome in zip(batch, events, outcomes, strict=True):
            self._count(record, event, outcome)
        return True

    async def _consume(self, record: Any) -> None:
        position = {"topic": record.topic, "partition": record.partition, "offset": record.offset}
        try:
            event = inbound(decode(record.key, record.value, record.headers))
        except MalformedCloudEvent as error:
            await self._set_aside(record, error, attempts=1, context=position)
            return
        context = {**position, "event_id": str(event.id), "event_type": event.type}
        attempt = 1
        while True:
            try:
                outcome = await self._process(event)
            except Exception as error:
                if is_transient(error):
                    await self._back_off([_partition(record)], error, attempt, context)
                    attempt += 1
                    continue
                await self._set_aside(record, error, attempts=attempt, context=context)
                return
            break
        self._count(record, event, outcome)

    def _count(self, record: Any, event: InboundEvent, outcome: Outcome) -> None:
        self._counters.consumed += 1
        if outcome is Outcome.DUPLICATE:
            self._counters.duplicates += 1
        if _log.isEnabledFor(logging.INFO):
            _log.info(
                "event %s",
                outcome,
                extra={
                    "topic": record.topic,
                    "partition": record.partition,
                    "offset": record.offset,
                    "event_id": str(event.id),
                    "event_type": event.type,
                    "consumer": self._process.consumer,
                },
            )

    async def _set_aside(
        self, record: Any, error: Exception, *, attempts: int, context: dict[str, Any]
    ) -> None:
        letter = dead_letter(
            record,
            consumer=self._process.consumer,
            error=error,
            attempts=attempts,
            letter_id=self._ids.new_id(),
            now=self._clock.now(),
        )
        attempt = 1
        while True:
            try:
                await self._dead_letters.add(letter)
                break
            except Exception as store_error:
                if not is_transient(store_error):
                    raise
                await self._back_off([_partition(record)], store_error, attempt, context)
                attempt += 1
        self._counters.dead_lettered += 1
        _log.warning(
            "event dead-lettered: %s",
            letter.error,
            extra={**context, "consumer": self._process.consumer, "attempts": attempts},
        )

    async def _back_off(
        self,
        partitions: list[TopicPartition],
        error: Exception,
        attempt: int,
        context: dict[str, Any],
    ) -> None:
        self._counters.retried += 1
        delay = self._retry.delay(attempt)
        _log.warning(
            "transient failure, retrying in %.2fs: %r",
            delay,
            error,
            extra={**context, "consumer": self._process.consumer, "attempt": attempt},
        )
        try:
            async with asyncio.timeout(delay):
                await self._interrupt.wait()
        except TimeoutError:
            pass
        self._interrupt.clear()
        if any(self._leaving(partition) for partition in partitions):
            raise _Abandoned
