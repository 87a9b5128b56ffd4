"""Helpers for the consumer runtime's tests: records exactly as the relay will produce them,
a consumer wired to PostgreSQL, running it in the background, and reading committed offsets."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.kafka import KafkaRecord, RetryPolicy, cloud_event_from_outbox, encode
from adapters.kafka.consumer import KafkaEventConsumer
from adapters.sqlalchemy import SqlAlchemyDeadLetterStore, SqlAlchemyUnitOfWork
from adapters.system import SystemClock, Uuid7IdGenerator
from tests.support.event_handlers import EffectRecorder, process_with
from tests.support.kafka import TOPIC_PARTITIONS
from todo_core.ports.event_publisher import OutboxMessage
from todo_core.ports.unit_of_work import UnitOfWork
from todo_core.use_cases.process_event import ProcessEvent

__all__ = [
    "STEP_TIMEOUT_S",
    "committed_offsets",
    "consumer_for",
    "produce",
    "record",
    "reset_to_earliest",
    "running",
    "uow_factory",
    "wait_until",
]

STEP_TIMEOUT_S = 30.0
_IDS = Uuid7IdGenerator()
_FAST_RETRY = RetryPolicy(first_delay_s=0.01, max_delay_s=0.05)


def uow_factory(engine: AsyncEngine) -> Callable[[], UnitOfWork]:
    return lambda: SqlAlchemyUnitOfWork(engine, ids=_IDS)


def record(
    *,
    aggregate_id: UUID | None = None,
    event_type: str = "todo.todo.created.v1",
    title: str = "buy milk",
) -> tuple[UUID, KafkaRecord]:
    """An event's id and the record the relay would produce for it."""
    message = OutboxMessage(
        id=_IDS.new_id(),
        aggregate_type="todo",
        aggregate_id=aggregate_id or uuid4(),
        event_type=event_type,
        event_version=int(event_type.rsplit(".v", 1)[1]),
        occurred_at=datetime.now(UTC),
        payload={"title": title},
    )
    return message.id, encode(cloud_event_from_outbox(message, source="/todo"))


async def produce(bootstrap_servers: str, topic: str, records: Iterable[KafkaRecord]) -> None:
    """Send each record in turn, waiting for the broker's ack (so per-key order is kept)."""
    from aiokafka import AIOKafkaProducer  # noqa: PLC0415 - only the Kafka tests pay for it

    producer = AIOKafkaProducer(bootstrap_servers=bootstrap_servers, acks="all")
    async with asyncio.timeout(STEP_TIMEOUT_S):
        await producer.start()
        try:
            for item in records:
                await producer.send_and_wait(
                    topic, item.value, key=item.key, headers=list(item.headers)
                )
        finally:
            await producer.stop()


def consumer_for(
    bootstrap_servers: str,
    topic: str,
    engine: AsyncEngine,
    handler: EffectRecorder,
    *,
    process: ProcessEvent | None = None,
    group_prefix: str = "todo-test.",
    **options: Any,
) -> KafkaEventConsumer:
    return KafkaEventConsumer(
        bootstrap_servers=bootstrap_servers,
        topics=[topic],
        process=process or process_with(handler, uow_factory(engine)),
        dead_letters=SqlAlchemyDeadLetterStore(engine),
        clock=SystemClock(),
        ids=_IDS,
        group_prefix=group_prefix,
        retry=_FAST_RETRY,
        poll_timeout_s=0.1,
        **options,
    )


@asynccontextmanager
async def running(consumer: KafkaEventConsumer) -> AsyncIterator[asyncio.Task[None]]:
    """Runs the consumer in the background; stops it (draining) on the way out."""
    task = asyncio.create_task(consumer.run())
    try:
        yield task
    finally:
        consumer.stop()
        async with asyncio.timeout(STEP_TIMEOUT_S):
            await asyncio.gather(task, return_exceptions=True)


async def wait_until(condition: Callable[[], bool], *, what: str) -> None:
    try:
        async with asyncio.timeout(STEP_TIMEOUT_S):
            # Polling: the conditions are counters and rows that signal nothing.
            while not condition():  # noqa: ASYNC110
                await asyncio.sleep(0.02)
    except TimeoutError:
        raise AssertionError(f"timed out waiting until {what}") from None


async def committed_offsets(bootstrap_servers: str, topic: str, group_id: str) -> dict[int, int]:
    """The group's committed offset per partition of `topic` (partitions without one left out)."""
    from aiokafka import AIOKafkaConsumer, TopicPartition  # noqa: PLC0415

    reader = AIOKafkaConsumer(
        bootstrap_servers=bootstrap_servers, group_id=group_id, enable_auto_commit=False
    )
    async with asyncio.timeout(STEP_TIMEOUT_S):
        await reader.start()
        try:
            found = {
                p: await reader.committed(TopicPartition(topic, p)) for p in range(TOPIC_PARTITIONS)
            }
        finally:
            await reader.stop()
    return {partition: offset for partition, offset in found.items() if offset is not None}


async def reset_to_earliest(bootstrap_servers: str, topic: str, group_id: str) -> None:
    """What `kafka-consumer-groups --reset-offsets --to-earliest` does for an idle group."""
    from aiokafka import AIOKafkaConsumer, TopicPartition  # noqa: PLC0415

    resetter = AIOKafkaConsumer(
        bootstrap_servers=bootstrap_servers, group_id=group_id, enable_auto_commit=False
    )
    async with asyncio.timeout(STEP_TIMEOUT_S):
        await resetter.start()
        try:
            partitions = [TopicPartition(topic, p) for p in range(TOPIC_PARTITIONS)]
            resetter.assign(partitions)
            starts = await resetter.beginning_offsets(partitions)
            await resetter.commit(starts)
        finally:
            await resetter.stop()
