"""The relay's publisher for Kafka: one CloudEvent per outbox message, acknowledged by all replicas.

A batch is sent at once: every record goes to the producer (`send` queues it and returns a
future), then the acknowledgements are awaited together, all within one `send_timeout`. The
idempotent producer (acks=all) keeps each partition's records in order: it has one request per
partition in flight, numbers every record, and the broker drops the producer's own retries of a
batch, so a retry inside one producer neither duplicates nor reorders. An aggregate's records
share a partition (the key is the aggregate id), so its chain reaches the log in order.

A record that fails before it is sent (no topic routes its type, it cannot be encoded, the
producer refuses it) stops its aggregate's chain there: the later records are not sent. One
that fails after it was sent may have later records of its aggregate in flight already; they
are reported failed too, whatever their acknowledgement says, so the relay retries the chain in
order from the failed record (at least once: the retry may duplicate them). The broker rejects
a record whose predecessor in the partition's sequence was lost (out-of-order sequence), which
keeps them from overtaking it in the common case; a later record that reached the log anyway
is published again after the failed one, and consumers absorb the copy by event id.

On a timeout or a non-retriable error the producer is discarded and the next publish starts a
fresh one (a new producer id and sequence), since the old one's state can no longer be trusted.
Not accepted means "not published": the relay keeps the row and tries again later, so a record
whose ack was lost may reach the topic twice, which consumers absorb by event id.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterable, Sequence
from contextlib import suppress
from typing import Any
from uuid import UUID

from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaError

from adapters.kafka.cloudevents import cloud_event_from_outbox, encode
from adapters.kafka.topics import EventTopics
from todo_core.ports.event_publisher import EventPublisher, OutboxMessage

__all__ = ["KafkaEventPublisher", "PublishFailed"]

_LOG = logging.getLogger(__name__)


class PublishFailed(RuntimeError):
    """Kafka did not acknowledge the record in time, or could not be reached."""


class KafkaEventPublisher(EventPublisher):
    def __init__(
        self,
        *,
        bootstrap_servers: str,
        source: str,
        topics: EventTopics | None = None,
        send_timeout: float = 10.0,
        reconnect_backoff: float = 1.0,
    ) -> None:
        self._bootstrap_servers = bootstrap_servers
        self._source = source
        self._topics = topics if topics is not None else EventTopics()
        # Each event type's topic, routed once.
        self._topic_of: dict[str, str] = {}
        self._send_timeout = send_timeout
        self._reconnect_backoff = reconnect_backoff
        self._producer: Any = None
        self._lock = asyncio.Lock()
        # After a failed start, publishes fail at once for a moment instead of each waiting out
        # its own connection timeout while the broker is down.
        self._unreachable_until = 0.0

    async def publish(self, message: OutboxMessage) -> None:
        (error,) = await self.publish_batch([message])
        if error is not None:
            raise error

    async def publish_batch(self, messages: Sequence[OutboxMessage]) -> list[Exception | None]:
        if not messages:
            return []
        try:
            producer = await self._started_producer()
        except PublishFailed as exc:
            return [exc] * len(messages)
        # Until acknowledged, a record is not published: one never handed to the producer
        # (the time ran out first) keeps this.
        unsent = PublishFailed(f"not sent within {self._send_timeout}s")
        results: list[Exception | None] = [unsent] * len(messages)
        in_flight: dict[asyncio.Future[Any], int] = {}
        discard = False
        try:
            async with asyncio.timeout(self._send_timeout):
                discard = await self._send_all(producer, messages, results, in_flight)
                await _settled(in_flight)
        except TimeoutError:
            discard = True
        for future, index in in_flight.items():
            outcome = _outcome(future, self._send_timeout)
            if isinstance(outcome, Exception):
                # The idempotent producer retries what is retriable itself: a record that
                # failed once sent failed for good, and the producer's sequence with it.
                results[index] = outcome
                discard = True
            else:
                results[index] = None
                self._log_published(messages[index], outcome)
        if discard:
            await self._discard(producer)
        return _hold_back_after_failures(messages, results)

    async def _send_all(
        self,
        producer: Any,
        messages: Sequence[OutboxMessage],
        results: list[Exception | None],
        in_flight: dict[asyncio.Future[Any], int],
    ) -> bool:
        """Hands every record to the producer, oldest first, noting each one's future in
        `in_flight` or its error in `results`; True when the producer failed for good."""
        broken = False
        # Aggregates with a record that failed before it was sent: their later ones stay home.
        stopped: set[UUID] = set()
        for index, message in enumerate(messages):
            if message.aggregate_id in stopped:
                continue
            try:
                future = await self._send(producer, message)
            except KafkaError as exc:
                broken = broken or not exc.retriable
                results[index] = PublishFailed(f"{type(exc).__name__}: {exc}")
                stopped.add(message.aggregate_id)
            # No topic for its type, or no encoding: this record's fault, not Kafka's.
            except Exception as exc:
                results[index] = exc
                stopped.add(message.aggregate_id)
            else:
                in_flight[future] = index
        return broken

    async def _send(self, producer: Any, message: OutboxMessage) -> asyncio.Future[Any]:
        topic = self._topic_of.get(message.event_type)
        if topic is None:
            topic = self._topic_of[message.event_type] = self._topics.topic_for(message.event_type)
        record = encode(cloud_event_from_outbox(message, source=self._source))
        future: asyncio.Future[Any] = await producer.send(
            topic, value=record.value, key=record.key, headers=list(record.headers)
        )
        return future

    def _log_published(self, message: OutboxMessage, metadata: Any) -> None:
        if not _LOG.isEnabledFor(logging.INFO):
            return
        _LOG.info(
            "event published event_id=%s type=%s topic=%s partition=%s offset=%s",
            message.id,
            message.event_type,
            metadata.topic,
            metadata.partition,
            metadata.offset,
            extra={
                "event_id": str(message.id),
                "event_type": message.event_type,
                "topic": metadata.topic,
                "partition": metadata.partition,
                "offset": metadata.offset,
            },
        )

    async def close(self) -> None:
        async with self._lock:
            producer, self._producer = self._producer, None
        if producer is not None:
            await self._stop(producer)

    async def _started_producer(self) -> Any:
        async with self._lock:
            if self._producer is not None:
                return self._producer
            if time.monotonic() < self._unreachable_until:
                raise PublishFailed(f"Kafka at {self._bootstrap_servers} is unreachable")
            producer = AIOKafkaProducer(
                bootstrap_servers=self._bootstrap_servers,
                enable_idempotence=True,
                acks="all",
                request_timeout_ms=int(self._send_timeout * 1000),
            )
            try:
                await asyncio.wait_for(producer.start(), self._send_timeout)
            except (KafkaError, OSError, TimeoutError) as exc:
                self._unreachable_until = time.monotonic() + self._reconnect_backoff
                await self._stop(producer)
                where = self._bootstrap_servers
                raise PublishFailed(f"cannot connect to {where}: {exc!r}") from exc
            self._producer = producer
            return producer

    async def _discard(self, producer: Any) -> None:
        async with self._lock:
            if self._producer is producer:
                self._producer = None
        _LOG.warning("kafka producer discarded after a failed send; the next publish starts anew")
        await self._stop(producer)

    async def _stop(self, producer: Any) -> None:
        # Stopping flushes what the producer still holds; bounded, since the broker may be gone.
        try:
            await asyncio.wait_for(producer.stop(), self._send_timeout)
        except (KafkaError, OSError, TimeoutError):
            # The flush did not finish. aiokafka has no "close without flushing", and a second
            # stop() returns at once, so end its sender (which would retry the leftover batches
            # forever, and might deliver them after the next producer's) and its connections.
            with suppress(KafkaError, OSError):
                await producer._sender.close()
                await producer.client.close()


async def _settled(futures: Iterable[asyncio.Future[Any]]) -> None:
    """Until every future is done. One at a time, in sending order: they settle about in that
    order, so this suspends about once per produce response, and costs no callback per record
    (as `asyncio.wait` would)."""
    for future in futures:
        if not future.done():
            # Shielded: when the time runs out, the record's future must not be cancelled
            # (the producer still settles it). Its outcome, failures included, is read after.
            with suppress(Exception):
                await asyncio.shield(future)


def _outcome(future: asyncio.Future[Any], timeout: float) -> Any:
    """A sent record's metadata, or a `PublishFailed` saying why it has none."""
    if not future.done():
        # Whatever becomes of it now is not waited for; retrieving its outcome later keeps
        # asyncio from reporting an exception nobody read.
        future.add_done_callback(_ignore_outcome)
        return PublishFailed(f"no acknowledgement within {timeout}s")
    error = future.exception()
    if error is None:
        return future.result()
    failed = PublishFailed(f"{type(error).__name__}: {error}")
    failed.__cause__ = error
    return failed


def _ignore_outcome(future: asyncio.Future[Any]) -> None:
    if not future.cancelled():
        future.exception()


def _hold_back_after_failures(
    messages: Sequence[OutboxMessage], results: list[Exception | None]
) -> list[Exception | None]:
    """After an aggregate's first failure, every later record of it counts as failed with the
    same error: acknowledged or not, it must not be marked published ahead of the failed one."""
    failed: dict[UUID, Exception] = {}
    for index, message in enumerate(messages):
        earlier = failed.get(message.aggregate_id)
        if earlier is not None:
            results[index] = earlier
        elif (error := results[index]) is not None:
            failed[message.aggregate_id] = error
    return results
