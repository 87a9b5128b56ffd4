"""The Kafka consumer runtime: at-least-once delivery in, one effect per event out.

For each fetch (at most `max_records`): its records -> `FetchProcessor` (decode, then
`ProcessEvent.batch`: the handler's effect for each new event, in partition order, and the
inbox rows of them all, in one database transaction; smaller parts only after a failure) ->
one offset commit for the partitions' next records. The offsets are committed only after the
database commit, so a crash in between redelivers the fetch, and the inbox absorbs what was
already done.

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

from adapters.kafka.consumer_support import ConsumerCounters, RetryPolicy
from adapters.kafka.fetch_processor import FetchProcessor
from todo_core.ports.clock import Clock
from todo_core.ports.dead_letter_store import DeadLetterStore
from todo_core.ports.id_generator import IdGenerator
from todo_core.use_cases.process_event import ProcessEvent

if TYPE_CHECKING:
    from aiokafka import AIOKafkaConsumer, TopicPartition

__all__ = ["ConsumerCounters", "KafkaEventConsumer", "RetryPolicy"]

_log = logging.getLogger(__name__)


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
        self._fetches = FetchProcessor(
            process=process,
            dead_letters=dead_letters,
            clock=clock,
            ids=ids,
            retry=retry or RetryPolicy(),
            counters=self.counters,
            leaving=self._leaving,
            interrupt=self._interrupt,
        )

    @property
    def topics(self) -> tuple[str, ...]:
        return self._topics

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
                        await self._fetches.consume_fetch(fetched, done)
                    finally:
                        # Even when a record ends the run with an error, what was stored
                        # before it need not come again.
                        await self._commit(consumer, done)
        finally:
            # Leaves the group at once, so the partitions move on without a session timeout.
            await consumer.stop()

    def _leaving(self, partition: TopicPartition) -> bool:
        return self._stopping.is_set() or partition in self._revoking

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
