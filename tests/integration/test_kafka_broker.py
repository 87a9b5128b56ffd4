"""The test broker is a real Kafka that aiokafka talks to the way the relay and mailer will.

One round trip through everything the services rely on: an idempotent acks=all producer with
keys and headers, a consumer group that commits offsets by hand, per-key order across
partitions, and a restarted group member that resumes after its commit instead of redelivering.
Each step is bounded, so a broken broker fails the test in seconds instead of hanging it.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from typing import Any
from uuid import uuid4

from tests.support.kafka import TOPIC_PARTITIONS

MESSAGES = 100
KEYS = 7
STEP_TIMEOUT_S = 20.0


def _producer(bootstrap_servers: str) -> Any:
    from aiokafka import AIOKafkaProducer  # noqa: PLC0415 - only integration runs need it

    return AIOKafkaProducer(
        bootstrap_servers=bootstrap_servers, enable_idempotence=True, acks="all"
    )


def _consumer(bootstrap_servers: str, topic: str, group: str) -> Any:
    from aiokafka import AIOKafkaConsumer  # noqa: PLC0415 - only integration runs need it

    return AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap_servers,
        group_id=group,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
    )


async def _produce(producer: Any, topic: str, numbers: range) -> None:
    async with asyncio.timeout(STEP_TIMEOUT_S):
        # send() queues the record and returns a future; all are in flight at once.
        sent = [
            await producer.send(
                topic,
                key=f"key-{n % KEYS}".encode(),
                value=str(n).encode(),
                headers=[("seq", str(n).encode()), ("source", b"test")],
            )
            for n in numbers
        ]
        await asyncio.gather(*sent)


async def _consume(consumer: Any, count: int) -> list[Any]:
    records: list[Any] = []
    async with asyncio.timeout(STEP_TIMEOUT_S):
        while len(records) < count:
            batches = await consumer.getmany(timeout_ms=200)
            records += [record for batch in batches.values() for record in batch]
    return records


async def test_keyed_messages_round_trip_through_a_consumer_group(
    kafka_bootstrap_servers: str, kafka_topic: str
) -> None:
    group = f"todo-test-group-{uuid4().hex[:12]}"
    producer = _producer(kafka_bootstrap_servers)
    async with asyncio.timeout(STEP_TIMEOUT_S):
        await producer.start()
    try:
        await _produce(producer, kafka_topic, range(MESSAGES))

        consumer = _consumer(kafka_bootstrap_servers, kafka_topic, group)
        async with asyncio.timeout(STEP_TIMEOUT_S):
            await consumer.start()
        try:
            records = await _consume(consumer, MESSAGES)
            async with asyncio.timeout(STEP_TIMEOUT_S):
                await consumer.commit()
        finally:
            await consumer.stop()

        numbers = [int(record.value) for record in records]
        assert sorted(numbers) == list(range(MESSAGES))  # each exactly once
        by_key: defaultdict[bytes, list[int]] = defaultdict(list)
        partitions_of_key: defaultdict[bytes, set[int]] = defaultdict(set)
        for record in records:
            by_key[record.key].append(int(record.value))
            partitions_of_key[record.key].add(record.partition)
            assert record.headers == (("seq", record.value), ("source", b"test"))
        assert len(by_key) == KEYS
        assert all(values == sorted(values) for values in by_key.values())  # per-key order
        assert all(len(partitions) == 1 for partitions in partitions_of_key.values())
        assert len({record.partition for record in records}) > 1  # keys really spread out

        # One more message after the commit: a restarted member must get it, and only it.
        await _produce(producer, kafka_topic, range(MESSAGES, MESSAGES + 1))
        again = _consumer(kafka_bootstrap_servers, kafka_topic, group)
        async with asyncio.timeout(STEP_TIMEOUT_S):
            await again.start()
        try:
            resumed = await _consume(again, 1)
            resumed += [
                record
                for batch in (await again.getmany(timeout_ms=500)).values()
                for record in batch
            ]
            assert len(again.assignment()) == TOPIC_PARTITIONS
        finally:
            await again.stop()
        assert [int(record.value) for record in resumed] == [MESSAGES]
    finally:
        await producer.stop()
