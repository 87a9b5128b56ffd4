"""The relay's publisher for Kafka: one CloudEvent per outbox message, acknowledged by all replicas.

`publish` returns only after the broker acknowledged the record (acks=all, idempotent producer:
the broker drops the producer's own retries of a batch, so a retry inside one producer neither
duplicates nor reorders). Every send is bounded by `send_timeout`; on a timeout or a
non-retriable error the producer is discarded and the next publish starts a fresh one (a new
producer id and sequence), since the old one's state can no longer be trusted. Raising means
"not published": the relay keeps the row and tries again later, so a record whose ack was lost
may reach the topic twice, which consumers absorb by event id.
"""

from __future__ import annotations

import asyncio
import logging
import time
from contextlib import suppress
from typing import Any

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
        self._send_timeout = send_timeout
        self._reconnect_backoff = reconnect_backoff
        self._producer: Any = None
        self._lock = asyncio.Lock()
        # After a failed start, publishes fail at once for a moment instead of each waiting out
        # its own connection timeout while the broker is down.
        self._unreachable_until = 0.0

    async def publish(self, message: OutboxMessage) -> None:
        topic = self._topics.topic_for(message.event_type)
        record = encode(cloud_event_from_outbox(message, source=self._source))
        producer = await self._started_producer()
        try:
            metadata = await asyncio.wait_for(
                producer.send_and_wait(
                    topic, value=record.value, key=record.key, headers=list(record.headers)
                ),
                self._send_timeout,
            )
        except TimeoutError as exc:
            await self._discard(producer)
            raise PublishFailed(f"no acknowledgement within {self._send_timeout}s") from exc
        except KafkaError as exc:
            if not exc.retriable:
                await self._discard(producer)
            raise PublishFailed(f"{type(exc).__name__}: {exc}") from exc
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
