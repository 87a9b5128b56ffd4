"""Reading back what the relay published: every record of a set of topics, decoded."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.kafka import TOPICS, CloudEvent, EventTopics, decode
from adapters.sqlalchemy.tables import outbox

__all__ = [
    "Published",
    "outbox_order",
    "published_order",
    "read_records",
    "topics_reader",
    "wait_until_drained",
]

_READ_TIMEOUT_S = 30.0


@dataclass(frozen=True, slots=True)
class Published:
    topic: str
    partition: int
    offset: int
    key: bytes
    headers: dict[str, bytes]
    event: CloudEvent


async def read_records(
    bootstrap_servers: str, topics: list[str], *, at_least: int, settle_ms: int = 500
) -> list[Published]:
    """Every record of `topics` from the start: waits for `at_least`, then `settle_ms` more, so
    that a duplicate or a stray record would be seen too."""
    from aiokafka import AIOKafkaConsumer  # noqa: PLC0415 - integration only

    consumer = AIOKafkaConsumer(
        *topics,
        bootstrap_servers=bootstrap_servers,
        group_id=f"todo-test-{uuid4().hex[:12]}",
        enable_auto_commit=False,
        auto_offset_reset="earliest",
    )
    records: list[Published] = []
    async with asyncio.timeout(_READ_TIMEOUT_S):
        await consumer.start()
    try:
        async with asyncio.timeout(_READ_TIMEOUT_S):
            while True:
                batches = await consumer.getmany(
                    timeout_ms=settle_ms if len(records) >= at_least else 200
                )
                fetched = [record for batch in batches.values() for record in batch]
                if not fetched and len(records) >= at_least:
                    break
                records += [
                    Published(
                        topic=r.topic,
                        partition=r.partition,
                        offset=r.offset,
                        key=r.key,
                        headers=dict(r.headers),
                        event=decode(r.key, r.value, r.headers),
                    )
                    for r in fetched
                ]
    finally:
        await consumer.stop()
    return records


def topics_reader(
    bootstrap_servers: str, topics: EventTopics
) -> Callable[..., Awaitable[list[Published]]]:
    names = [topics.prefix + spec.name for spec in TOPICS]

    async def read(*, at_least: int, settle_ms: int = 500) -> list[Published]:
        return await read_records(bootstrap_servers, names, at_least=at_least, settle_ms=settle_ms)

    return read


async def outbox_order(engine: AsyncEngine) -> dict[UUID, list[UUID]]:
    """Each aggregate's event ids in the outbox's order: the order they must be published in."""
    async with engine.connect() as connection:
        rows = (
            await connection.execute(
                select(outbox.c.aggregate_id, outbox.c.id).order_by(outbox.c.id)
            )
        ).all()
    order: dict[UUID, list[UUID]] = {}
    for aggregate_id, row_id in rows:
        order.setdefault(aggregate_id, []).append(row_id)
    return order


def published_order(records: list[Published], topics: EventTopics) -> dict[UUID, list[UUID]]:
    """Each aggregate's event ids in the order they were published, first copies only; reminders
    have a topic of their own and are left out (order holds within a topic)."""
    reminders = topics.topic_for("todo.todo.reminder_due.v1")
    seen: set[UUID] = set()
    order: dict[UUID, list[UUID]] = {}
    for record in sorted(records, key=lambda r: (r.topic, r.partition, r.offset)):
        if record.topic == reminders or record.event.id in seen:
            continue
        seen.add(record.event.id)
        order.setdefault(UUID(record.event.subject), []).append(record.event.id)
    return order


async def wait_until_drained(lag: Callable[[], Awaitable[Any]], *, within_s: float) -> None:
    async with asyncio.timeout(within_s):
        while True:
            if not (await lag()).unpublished:
                return
            await asyncio.sleep(0.1)
