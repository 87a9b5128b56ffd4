"""relay_throughput's baseline: the messages the relay just published, read from the outbox
and encoded with the same codec before the clock starts, sent again by a raw aiokafka producer
with the relay's producer settings (`adapters.kafka` KafkaEventPublisher: idempotent, acks=all)
and its concurrency: at most `in_flight` (the relay's batch size) sends awaited at a time.
`unbounded_events_per_s` is the same producer with every send in flight at once: the broker's
ceiling, for reference.

    python -m benchmarks.scenarios.raw_producer DSN BOOTSTRAP TOPIC COUNT IN_FLIGHT
        -> {"events_per_s": ..., "unbounded_events_per_s": ...} as JSON on stdout
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from typing import Any

import asyncpg
from aiokafka import AIOKafkaProducer

from adapters.kafka.cloudevents import KafkaRecord, cloud_event_from_outbox, encode
from todo_core.ports.event_publisher import OutboxMessage

__all__: list[str] = []

_LATEST = """
SELECT id, aggregate_type, aggregate_id, event_type, event_version, payload, occurred_at
FROM outbox ORDER BY id DESC LIMIT $1
"""
_SEND_TIMEOUT_S = 10.0


async def _records(dsn: str, count: int) -> list[KafkaRecord]:
    connection = await asyncpg.connect(dsn)
    try:
        rows = await connection.fetch(_LATEST, count)
    finally:
        await connection.close()
    messages = [
        OutboxMessage(
            id=row["id"],
            aggregate_type=row["aggregate_type"],
            aggregate_id=row["aggregate_id"],
            event_type=row["event_type"],
            event_version=row["event_version"],
            occurred_at=row["occurred_at"],
            payload=json.loads(row["payload"]),
        )
        for row in reversed(rows)
    ]
    return [encode(cloud_event_from_outbox(m, source="/todo-service")) for m in messages]


def _producer(bootstrap: str) -> Any:
    return AIOKafkaProducer(
        bootstrap_servers=bootstrap,
        enable_idempotence=True,
        acks="all",
        request_timeout_ms=int(_SEND_TIMEOUT_S * 1000),
    )


async def _bounded(
    producer: Any, topic: str, records: list[KafkaRecord], in_flight: int
) -> tuple[float, float]:
    """Events per second and CPU milliseconds per event."""
    queue = iter(records)

    async def sender() -> None:
        for record in queue:
            await producer.send_and_wait(
                topic, value=record.value, key=record.key, headers=list(record.headers)
            )

    started, cpu = time.perf_counter(), time.process_time()
    await asyncio.gather(*(sender() for _ in range(in_flight)))
    spent = time.process_time() - cpu
    return len(records) / (time.perf_counter() - started), spent * 1000 / len(records)


async def _unbounded(producer: Any, topic: str, records: list[KafkaRecord]) -> float:
    started = time.perf_counter()
    sent = [
        await producer.send(topic, value=r.value, key=r.key, headers=list(r.headers))
        for r in records
    ]
    await asyncio.gather(*sent)
    return len(records) / (time.perf_counter() - started)


async def _run(dsn: str, bootstrap: str, topic: str, count: int, in_flight: int) -> dict[str, Any]:
    records = await _records(dsn, count)
    producer = _producer(bootstrap)
    await producer.start()
    try:
        # Warm-up: metadata, connections to every partition leader.
        await _bounded(producer, topic, records[: min(len(records), 500)], in_flight)
        bounded, cpu = await _bounded(producer, topic, records, in_flight)
        unbounded = await _unbounded(producer, topic, records)
    finally:
        await producer.stop()
    return {"events_per_s": bounded, "cpu_ms_per_event": cpu, "unbounded_events_per_s": unbounded}


if __name__ == "__main__":
    dsn, bootstrap, topic, count, in_flight = sys.argv[1:6]
    # The standard loop, as `todo relay` runs on (asyncio.run): only the relay's work differs.
    result = asyncio.run(_run(dsn, bootstrap, topic, int(count), int(in_flight)))
    sys.stdout.write(json.dumps(result) + "\n")
