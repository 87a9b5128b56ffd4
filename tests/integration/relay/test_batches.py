"""A claimed batch goes to Kafka whole, every record in flight at once: each aggregate's events
still reach the topic in order, and a record the broker refuses holds back the rest of its
aggregate (even records of it already acknowledged) and nothing else."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

import pytest
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.kafka import EventTopics
from adapters.sqlalchemy.tables import outbox
from adapters.system import SystemClock, Uuid7IdGenerator
from entrypoints.container import Container
from entrypoints.relay import RelayOptions
from tests.integration.relay.records import outbox_order, published_order, topics_reader

IDS = Uuid7IdGenerator()
_ADMIN_TIMEOUT_S = 30.0
# Small enough for the broker to refuse a padded record, large enough for any other.
_SMALL_MAX_MESSAGE_BYTES = 1024
_PADDING = "x" * 5000


def _row(aggregate: UUID, event_type: str, now: datetime, **payload: object) -> dict[str, Any]:
    return {
        "id": IDS.new_id(),
        "aggregate_type": "todo",
        "aggregate_id": aggregate,
        "event_type": event_type,
        "event_version": 1,
        "payload": {"todo_id": str(aggregate), **payload},
        "occurred_at": now,
    }


async def _insert(engine: AsyncEngine, rows: list[dict[str, Any]]) -> None:
    async with engine.begin() as connection:
        await connection.execute(insert(outbox), rows)


async def test_a_whole_batch_in_flight_keeps_every_aggregates_order(
    relay_container: Container,
    relay_engine: AsyncEngine,
    kafka_bootstrap_servers: str,
    event_topics: EventTopics,
) -> None:
    now = SystemClock().now()
    aggregates = [uuid4() for _ in range(40)]
    types = ["created", "updated", "completed", "reopened", "updated"]
    # Interleaved as concurrent writers leave them: each aggregate's n-th event, then the next.
    rows = [
        _row(aggregate, f"todo.todo.{kind}.v1", now, n=n)
        for n, kind in enumerate(types)
        for aggregate in aggregates
    ]
    await _insert(relay_engine, rows)

    relay = relay_container.relay(options=RelayOptions(batch_size=len(rows)))
    outcome = await relay.relay_batch()

    assert (outcome.claimed, outcome.published, outcome.failed) == (len(rows), len(rows), 0)
    records = await topics_reader(kafka_bootstrap_servers, event_topics)(at_least=len(rows))
    assert len(records) == len(rows)  # each once
    assert published_order(records, event_topics) == await outbox_order(relay_engine)
    assert (await relay_container.outbox().lag()).unpublished == 0


@pytest.fixture
async def kafka_admin(kafka_bootstrap_servers: str) -> AsyncIterator[Any]:
    from aiokafka.admin import AIOKafkaAdminClient  # noqa: PLC0415 - integration only

    admin = AIOKafkaAdminClient(bootstrap_servers=kafka_bootstrap_servers)
    async with asyncio.timeout(_ADMIN_TIMEOUT_S):
        await admin.start()
    yield admin
    await admin.close()


async def _limit_message_size(admin: Any, topic: str, max_bytes: int) -> None:
    """Sets the topic's `max.message.bytes`; returns once the broker applies it."""
    from aiokafka.admin.config_resource import (  # noqa: PLC0415 - integration only
        ConfigResource,
        ConfigResourceType,
    )

    wanted = {"max.message.bytes": str(max_bytes)}
    async with asyncio.timeout(_ADMIN_TIMEOUT_S):
        await admin.alter_configs([ConfigResource(ConfigResourceType.TOPIC, topic, wanted)])
        while True:
            (response,) = await admin.describe_configs(
                [ConfigResource(ConfigResourceType.TOPIC, topic, {"max.message.bytes": None})]
            )
            entries = [entry for resource in response.resources for entry in resource[4]]
            if any(tuple(entry[:2]) == ("max.message.bytes", str(max_bytes)) for entry in entries):
                return
            await asyncio.sleep(0.05)


async def test_a_refused_record_holds_back_its_aggregates_rest_even_if_acknowledged(
    relay_container: Container,
    relay_engine: AsyncEngine,
    kafka_bootstrap_servers: str,
    event_topics: EventTopics,
    kafka_admin: Any,
) -> None:
    reminders = event_topics.topic_for("todo.todo.reminder_due.v1")
    await _limit_message_size(kafka_admin, reminders, _SMALL_MAX_MESSAGE_BYTES)
    stuck, flowing = uuid4(), uuid4()
    now = SystemClock().now()
    rows = [
        _row(stuck, "todo.todo.created.v1", now),
        _row(flowing, "todo.todo.created.v1", now),
        # Sent, then refused by the broker (larger than the reminders topic takes) ...
        _row(stuck, "todo.todo.reminder_due.v1", now, padding=_PADDING),
        _row(flowing, "todo.todo.updated.v1", now),
        # ... while this one, on the todos topic and in flight with it, is acknowledged.
        _row(stuck, "todo.todo.completed.v1", now),
        _row(flowing, "todo.todo.completed.v1", now),
    ]
    await _insert(relay_engine, rows)

    outcome = await relay_container.relay(options=RelayOptions(batch_size=10)).relay_batch()

    assert (outcome.claimed, outcome.published, outcome.failed) == (6, 4, 1)
    async with relay_engine.connect() as connection:
        state = {
            r.id: r
            for r in await connection.execute(
                select(outbox.c.id, outbox.c.published_at, outbox.c.attempts, outbox.c.last_error)
            )
        }
    assert [state[r["id"]].published_at is not None for r in rows] == [
        True,
        True,
        False,
        True,
        False,
        True,
    ]
    refused = state[rows[2]["id"]]
    assert refused.attempts == 1
    assert "MessageSizeTooLarge" in refused.last_error
    # Acknowledged, yet not marked: it must not count as published ahead of the refused one.
    held = state[rows[4]["id"]]
    assert (held.attempts, held.last_error) == (0, None)
    read = topics_reader(kafka_bootstrap_servers, event_topics)
    on_the_wire = {r.event.id for r in await read(at_least=5)}
    assert on_the_wire == {rows[i]["id"] for i in (0, 1, 3, 4, 5)}

    # Once the broker takes it, the aggregate's rest follows in order: the held-back record
    # is published again (at least once: its first copy is already on the topic).
    await _limit_message_size(kafka_admin, reminders, 1024 * 1024)
    outcome = await relay_container.relay().relay_batch()
    assert (outcome.claimed, outcome.published, outcome.failed) == (2, 2, 0)
    records = await read(at_least=7)
    assert sorted(str(r.event.id) for r in records) == sorted(
        str(rows[i]["id"]) for i in (0, 1, 2, 3, 4, 4, 5)
    )
    assert (await relay_container.outbox().lag()).unpublished == 0
