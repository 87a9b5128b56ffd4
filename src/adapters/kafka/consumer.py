"""The Kafka consumer runtime: at-least-once delivery in, one effect per event out.

The records of one fetch are processed in one database transaction: decode each CloudEvent ->
`ProcessEvent.batch` (the handler's effect for each new event, in partition order, and the
inbox rows of them all) -> commit the offset after each partition's last record, in one
request. The offsets are committed only after the database commit, so a crash in between
redelivers the fetch, and the inbox absorbs what was already done. A fetch's partitions are
independent (order is per partition): when the fetch fails as a whole for any reason but a
transient one, each partition is tried alone, and a partition that fails again goes one
record at a time (nothing of a failed attempt was stored), so that only the record at fault
is set aside and every other record has its effect once.

- Poison records (undecodable, an unknown type or version, a handler's permanent error) go to
  the dead-letter store with their position and bytes, and the partition moves on.
- Transient errors (the database unreachable, a lost serialization race) are retried in
  place with capped exponential backoff, for as long as they last: skipping ahead would break
  per-aggregate order. (A small loop: no retry library is a dependency of the project.)
- `CommitFailedError` (the group rebalanced under us) is logged and tolerated: the records
  come again to whoever owns the partition now, and its inbox recognises them.
- Before partitions are revoked, the rebalance listener waits for the fetch in flight to be
  finished and committed; `stop()` does the same, then leaves the group.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from adapters.kafka.cloudevents import MalformedCloudEvent, decode
from adapters.kafka.consumer_support import ConsumerCounters, RetryPolicy, dead_letter, inbound
from todo_core.ports.clock import Clock
from todo_core.ports.dead_letter_store import DeadLetterStore
from todo_core.ports.event_handler import InboundEvent
from todo_core.ports.id_generator import IdGenerator
from todo_core.use_cases.process_event import Outcome, ProcessEvent, is_transient

if TYPE_CHECKING:
    from aiokafka import AIOKafkaConsumer, TopicPartition

__all__ = ["ConsumerCounters", "KafkaEventConsumer", "RetryPolicy"]

_log = logging.getLogger(__name__)


class _Abandoned(Exception):
    """A partition of the records is being revoked, or the consumer stopped: leave them
    uncommitted."""


def _partition(record: Any) -> TopicPartition:
    from aiokafka import TopicPartition  # noqa: PLC0415 - see run()

    return TopicPartition(record.topic, record.partition)


def _decoded(records: Sequence[Any]) -> list[InboundEvent] | None:
    """The records' events, or None if one is malformed (it becomes a dead letter in its turn)."""
    try:
        return [inbound(decode(record.key, record.value, record.headers)) for record in records]
    except MalformedCloudEvent:
        return None


class KafkaEventConsumer:
    """Consumes `topics` as the consumer group `group_prefix + process.consumer`."""

    def __init__(  # noqa: PLR0913 - the ports it needs, and the Kafka settings
        self,
        *,
        bootstrap_servers: str,
        topics: Sequence[str],
        process: ProcessEvent,
        dead_letters: DeadLetterStore,
        clock: Clock,
        ids: IdGenerator,
        group_prefix: str = "",
        retry: RetryPolicy | None = None,
        poll_timeout_s: float = 0.5,
        max_records: int = 1000,
        **consumer_options: Any,
    ) -> None:
        self._process = process
        self._dead_letters = dead_letters
        self._clock = clock
        self._ids = ids
        self._retry = retry or RetryPolicy()
        self._poll_timeout_ms = int(poll_timeout_s * 1000)
        # Records per fetch, so per transaction: bounds a transaction and a rebalance's wait.
        self._max_records = max_records
        self._topics = tuple(topics)
        self.group_id = f"{group_prefix}{process.consumer}"
        self._options = {
            **consumer_options,
            "bootstrap_servers": bootstrap_servers,
            "group_id": self.group_id,
            "enable_auto_commit": False,
            "auto_offset_reset": "earliest",
        }
        self.counters = ConsumerCounters()
        self._stopping = asyncio.Event()
        # Held while a fetch is processed; the rebalance listener waits for it.
        self._in_flight = asyncio.Lock()
        # Partitions being handed over: records of theirs still in a fetched batch are left.
        self._revoking: set[TopicPartition] = set()
        # What the group gave this member last, for logs and tests.
        self.assignment: frozenset[TopicPartition] = frozenset()
        # Cuts a backoff pause short when the consumer stops or partitions are revoked.
        self._interrupt = asyncio.Event()
        self.started = asyncio.Event()

    def stop(self) -> None:
        """Finish the fetch in flight, commit it, leave the group; `run()` then returns.

        Records being retried after a transient failure are left uncommitted instead, to be
        redelivered: waiting for the outage to end could take longer than a shutdown may.
        """
        self._stopping.set()
        self._interrupt.set()

    async def run(self) -> None:
        # aiokafka is imported only here, so importing the package (for the codec, say) stays
        # cheap for unit tests and for processes that run no consumer.
        from aiokafka import AIOKafkaConsumer, ConsumerRebalanceListener  # noqa: PLC0415

        consumer = AIOKafkaConsumer(**self._options)
        runtime = self

        class DrainBeforeRevoke(ConsumerRebalanceListener):  # type: ignore[misc]
            async def on_partitions_revoked(self, revoked: set[TopicPartition]) -> None:
                await runtime._drain(set(revoked))

            async def on_partitions_assigned(self, assigned: set[TopicPartition]) -> None:
                runtime._revoking -= set(assigned)
                runtime.assignment = frozenset(assigned)

        consumer.subscribe(self._topics, listener=DrainBeforeRevoke())
        try:
            await consumer.start()
            self.started.set()
            while not self._stopping.is_set():
                fetched = await consumer.getmany(
                    timeout_ms=self._poll_timeout_ms, max_records=self._max_records
                )
                if not fetched:
                    continue
                async with self._in_flight:
                    done: dict[TopicPartition, int] = {}
                    try:
                        await self._consume_fetch(fetched, done)
                    finally:
                        # Even when a record ends the run with an error, what was stored
                        # before it need not come again.
                        await self._commit(consumer, done)
        finally:
            # Leaves the group at once, so the partitions move on without a session timeout.
            await consumer.stop()

    async def _consume_fetch(
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
        self.counters.batches += 1
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
        self.counters.consumed += 1
        if outcome is Outcome.DUPLICATE:
            self.counters.duplicates += 1
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

    def _leaving(self, partition: TopicPartition) -> bool:
        return self._stopping.is_set() or partition in self._revoking

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
        self.counters.dead_lettered += 1
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
        self.counters.retried += 1
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

    async def _commit(self, consumer: AIOKafkaConsumer, offsets: dict[TopicPartition, int]) -> None:
        from aiokafka.errors import CommitFailedError, IllegalStateError  # noqa: PLC0415

        if not offsets:
            return
        try:
            await consumer.commit(offsets)
        except (CommitFailedError, IllegalStateError) as error:
            # The group moved the partitions elsewhere; their new owner gets the records again
            # and finds them in its inbox. Nothing is lost, so this is no reason to stop.
            self.counters.commit_failures += 1
            _log.warning(
                "offset commit refused after a rebalance; the records will be redelivered: %r",
                error,
                extra={
                    "offsets": {f"{tp.topic}[{tp.partition}]": at for tp, at in offsets.items()},
                    "consumer": self._process.consumer,
                },
            )

    async def _drain(self, revoked: set[TopicPartition]) -> None:
        self.assignment = frozenset()
        self._revoking |= revoked
        self._interrupt.set()
        # Waits for the fetch in flight to be processed and its offsets committed, while this
        # member still owns the partitions.
        async with self._in_flight:
            pass
