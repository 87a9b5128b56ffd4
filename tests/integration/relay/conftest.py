"""Fixtures of the relay tests: a migrated PostgreSQL database of their own (the relay publishes
every unpublished row, so no other test's rows may be in it), the five event topics under a
prefix unique to each test, and a reader of everything published to them."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from typing import Any
from uuid import uuid4

import pytest
from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.kafka import EventTopics, create_topics
from adapters.sqlalchemy import create_engine
from adapters.sqlalchemy.tables import outbox
from entrypoints.container import Container, build_container
from entrypoints.migrate import upgrade
from entrypoints.settings import Settings

_ADMIN_TIMEOUT_S = 30.0


@pytest.fixture(scope="module")
def relay_database_url(postgres_database: Callable[[], str]) -> str:
    url = postgres_database()
    upgrade(url)
    return url


@pytest.fixture
async def relay_engine(relay_database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(relay_database_url)
    async with engine.begin() as connection:
        await connection.execute(delete(outbox))
    yield engine
    await engine.dispose()


@pytest.fixture
async def event_topics(kafka_bootstrap_servers: str) -> AsyncIterator[EventTopics]:
    """The five event topics under a fresh prefix; deleted after the test."""
    from aiokafka.admin import AIOKafkaAdminClient  # noqa: PLC0415 - integration only

    topics = EventTopics(prefix=f"t{uuid4().hex[:10]}.")
    await create_topics(kafka_bootstrap_servers, topics.specs(), replication_factor=1)
    admin = AIOKafkaAdminClient(bootstrap_servers=kafka_bootstrap_servers)
    try:
        async with asyncio.timeout(_ADMIN_TIMEOUT_S):
            await admin.start()
            await wait_for_leaders(admin, topics)
        yield topics
        async with asyncio.timeout(_ADMIN_TIMEOUT_S):
            await admin.delete_topics([spec.name for spec in topics.specs()])
    finally:
        await admin.close()


async def wait_for_leaders(admin: Any, topics: EventTopics) -> None:
    """Until every partition has a leader: a created topic reaches the brokers' metadata a
    moment after the controller acknowledged it, and a first send would wait for it."""
    specs = topics.specs()
    while True:
        described = await admin.describe_topics([spec.name for spec in specs])
        ready = {
            topic["topic"]
            for topic in described
            if topic["partitions"] and all(p["leader"] >= 0 for p in topic["partitions"])
        }
        if ready == {spec.name for spec in specs}:
            return
        await asyncio.sleep(0.05)


def relay_settings(database_url: str, bootstrap_servers: str, topics: EventTopics) -> Settings:
    return Settings(
        database_url=database_url,
        kafka_bootstrap_servers=bootstrap_servers,
        kafka_topic_prefix=topics.prefix,
        kafka_send_timeout=5.0,
        relay_poll_interval=0.2,
        relay_batch_size=20,
    )


@pytest.fixture
async def relay_container(
    relay_engine: AsyncEngine,
    relay_database_url: str,
    kafka_bootstrap_servers: str,
    event_topics: EventTopics,
) -> AsyncIterator[Container]:
    container = build_container(
        relay_settings(relay_database_url, kafka_bootstrap_servers, event_topics)
    )
    yield container
    publisher = container.kafka_publisher()
    assert publisher is not None
    await publisher.close()
    await container.engine().dispose()
