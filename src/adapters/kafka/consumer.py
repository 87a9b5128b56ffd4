"""The Kafka consumer runtime: at-least-once delivery in, one effect per event out.

The records of one partition in a fetch form a batch (at most `batch_size`): decode each
CloudEvent -> `ProcessEvent.batch` (the handler's effect for each new event, in partition
order, and the batch's inbox rows, in one database transaction) -> commit the offset after the
batch's last record. The offset is committed only after the database commit, so a crash in
between redelivers the batch, and the inbox absorbs what was already done. The partitions of a
fetch are independent (order is per partition), so their batches run side by side. A batch
that fails for any reason but a transient one is processed again one record at a time (its
transaction stored nothing), so that only the record at fault is set aside.

- Poison records (undecodable, an unknown type or version, a handler's permanent error) go to
  the dead-letter store with their position and bytes, and the partition moves on.
- Transient errors (the database unreachable, a lost serialization race) are retried in
  place with capped exponential backoff, for as long as they last: skipping ahead would break
  per-aggregate order. (A small loop: no retry library is a dependency of the project.)
- `CommitFailedError` (the group rebalanced under us) is logged and tolerated: the record
  comes again to whoever owns the partition now, and its inbox recognises it.
- Before partitions are revoked, the rebalance listener waits for the batches in flight to be
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
    """The record's partition is being revoked, or the consumer stopped: leave it uncommitted."""


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
        batch_size: int = 500,
        concurrency: int = 4,
        **consumer_options: Any,
    ) -> None:
        self._process = process
        self._dead_letters = dead_letters
        self._clock = clock
        self._ids = ids
        self._retry = retry or RetryPolicy()
        self._poll_timeout_ms = int(poll_timeout_s * 1000)
        # Records of one partition per transaction: bounds a transaction and a rebalance's wait.
        self._batch_size = batch_size
        # Partitions processed at once, each on a database connection of its own.
        self._slots = asyncio.Semaphore(concurrency)
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
        """Finish the batches in flight, commit them, leave the group; `run()` then returns.

        A batch (or record) being retried after a transient failure is left uncommitted
        instead, to be redelivered: waiting for the outage to end could take longer than a
        shutdown may.
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
                fetched = await consumer.getmany(timeout_ms=self._poll_timeout_ms)
                if fetched:
                    async with self._in_flight:
                        await self._consume_fetch(consumer, fetched)
        finally:
            # Leaves the group at once, so the partitions move on without a session timeout.
            await consumer.stop()

    async def _consume_fetch(
        self, consumer: AIOKafkaConsumer, fetched: dict[TopicPartition, list[Any]]
    ) -> None:
        results = await asyncio.gather(
            *(self._consume_partition(consumer, tp, records) for tp, records in fetched.items()),
            return_exceptions=True,
        )
        for result in results:
            if isinstance(result, BaseException):
                raise result

    async def _consume_partition(
        self, consumer: AIOKafkaConsumer, partition: TopicPartition, records: list[Any]
    ) -> None:
        try:
            for start in range(0, len(records), self._batch_size):
                batch = records[start : start + self._batch_size]
                async with self._slots:
                    done = await self._consume_batch(partition, batch)
                if done is not None:
                    await self._commit(consumer, partition, done)
                if done != batch[-1].offset + 1:
                    return  # left early: the partition is being revoked, or the consumer stops
        except BaseException:
            # Nothing is to be done after an unexpected error (a bug, or the dead-letter store
            # refusing a letter) but ending the run: the other partitions finish their batch in
            # flight and commit it, as on `stop()`, then `run()` raises it.
            self.stop()
            raise

    async def _consume_batch(self, partition: TopicPartition, batch: list[Any]) -> int | None:
        """The offset after the last record of `batch` that was dealt with; None for none."""
        if self._leaving(partition):
            return None
        try:
            if len(batch) > 1 and await self._consume_together(batch):
                return int(batch[-1].offset) + 1
        except _Abandoned:
            return None
        done: int | None = None
        for record in batch:
            if self._leaving(partition):
                break
            try:
                await self._consume(record)
            except _Abandoned:
                break
            done = int(record.offset) + 1
        return done

    async def _consume_together(self, batch: list[Any]) -> bool:
        """Process `batch` in one transaction; False when it has to go one record at a time."""
        events = _decoded(batch)
        if events is None:
            return False
        first, last = batch[0], batch[-1]
        context = {
            "topic": first.topic,
            "partition": first.partition,
            "offset": first.offset,
            "last_offset": last.offset,
        }
        attempt = 1
        while True:
            try:
                outcomes = await self._process.batch(events)
            except Exception as error:
                if is_transient(error):
                    await self._back_off(first, error, attempt, context)
                    attempt += 1
                    continue
                # A poison record, or a delivery racing another: nothing of the batch was
                # stored, and one record at a time finds the culprit.
                _log.info(
                    "batch failed, processing its records one at a time: %r",
                    error,
                    extra={**context, "consumer": self._process.consumer},
                )
                return False
            break
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
                    await self._back_off(record, error, attempt, context)
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
                await self._back_off(record, store_error, attempt, context)
                attempt += 1
        self.counters.dead_lettered += 1
        _log.warning(
            "event dead-lettered: %s",
            letter.error,
            extra={**context, "consumer": self._process.consumer, "attempts": attempts},
        )

    async def _back_off(
        self, record: Any, error: Exception, attempt: int, context: dict[str, Any]
    ) -> None:
        self.counters.retried += 1
        delay = self._retry.delay(attempt)
        _log.warning(
            "transient failure, retrying in %.2fs: %r",
            delay,
            error,
            extra={**context, "consumer": self._process.consumer, "attempt": attempt},
        )
        from aiokafka import TopicPartition  # noqa: PLC0415 - see run()

        partition = TopicPartition(record.topic, record.partition)
        try:
            async with asyncio.timeout(delay):
                await self._interrupt.wait()
        except TimeoutError:
            pass
        self._interrupt.clear()
        if self._stopping.is_set() or partition in self._revoking:
            raise _Abandoned

    async def _commit(
        self, consumer: AIOKafkaConsumer, partition: TopicPartition, offset: int
    ) -> None:
        from aiokafka.errors import CommitFailedError, IllegalStateError  # noqa: PLC0415

        try:
            await consumer.commit({partition: offset})
        except (CommitFailedError, IllegalStateError) as error:
            # The group moved the partition elsewhere; its new owner gets the record again and
            # finds it in its inbox. Nothing is lost, so this is no reason to stop.
            self.counters.commit_failures += 1
            _log.warning(
                "offset commit refused after a rebalance; the record will be redelivered: %r",
                error,
                extra={
                    "topic": partition.topic,
                    "partition": partition.partition,
                    "offset": offset - 1,
                    "consumer": self._process.consumer,
                },
            )

    async def _drain(self, revoked: set[TopicPartition]) -> None:
        self.assignment = frozenset()
        self._revoking |= revoked
        self._interrupt.set()
        # Waits for the batches in flight to be processed and their offsets committed, while
        # this member still owns the partitions.
        async with self._in_flight:
            pass
