"""Kafka down while the service keeps writing: writes succeed, the outbox grows, and once the
broker is back every event arrives, in per-todo order, none lost.

This test stops and restarts a broker, so it runs one of its own instead of the session's shared
one: measured on two busy cores, about 4 s to format and start, 0.3 s to stop, under 3 s to
start again.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from uuid import uuid4

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.kafka import EventTopics, create_topics
from entrypoints.container import build_container
from tests.integration.relay.conftest import relay_settings
from tests.integration.relay.records import (
    outbox_order,
    published_order,
    topics_reader,
    wait_until_drained,
)
from tests.support.kafka_broker import RestartableKafka, restartable_kafka
from todo_core.domain import TodoId, UserId
from todo_core.use_cases import CreateTodoCommand, PatchTodoCommand


@pytest.fixture(scope="module")
def own_broker() -> Iterator[RestartableKafka]:
    with restartable_kafka() as broker:
        yield broker


async def test_writes_continue_while_kafka_is_down_and_every_event_arrives_after(
    own_broker: RestartableKafka, relay_database_url: str, relay_engine: AsyncEngine
) -> None:
    topics = EventTopics(prefix=f"t{uuid4().hex[:10]}.")
    servers = own_broker.bootstrap_servers
    await create_topics(servers, topics.specs(), replication_factor=1)
    settings = relay_settings(relay_database_url, servers, topics).model_copy(
        update={"kafka_send_timeout": 2.0}
    )
    container = build_container(settings)
    app, owner = container.application(), UserId(uuid4())
    relay = container.relay()
    stop = asyncio.Event()
    running = asyncio.create_task(relay.run(stop))
    try:
        todos = [
            TodoId((await app.create_todo(CreateTodoCommand(actor=owner, title=f"t{n}"))).id)
            for n in range(3)
        ]
        await wait_until_drained(container.outbox().lag, within_s=30)

        await asyncio.to_thread(own_broker.stop)
        for n in range(5):
            for todo_id in todos:
                await app.patch_todo(
                    PatchTodoCommand(actor=owner, todo_id=todo_id, title=f"offline {n}")
                )
        todos.append(
            TodoId((await app.create_todo(CreateTodoCommand(actor=owner, title="new"))).id)
        )
        lag = await container.outbox().lag()
        assert lag.unpublished == 16  # every write committed; its event waits
        async with asyncio.timeout(20):
            while True:  # the relay keeps trying, and failing
                if relay.failed_total:
                    break
                await asyncio.sleep(0.1)
        assert (await container.outbox().lag()).unpublished == 16

        await asyncio.to_thread(own_broker.start)
        await wait_until_drained(container.outbox().lag, within_s=60)
    finally:
        stop.set()
        await running
        publisher = container.kafka_publisher()
        assert publisher is not None
        await publisher.close()
        await container.engine().dispose()

    expected = await outbox_order(relay_engine)
    total = sum(len(ids) for ids in expected.values())
    assert total == 1 + 3 + 15 + 1
    records = await topics_reader(servers, topics)(at_least=total)
    # Timed-out sends may have reached the log after all: duplicates are allowed, gaps are not.
    assert {r.event.id for r in records} == {i for ids in expected.values() for i in ids}
    assert published_order(records, topics) == expected
