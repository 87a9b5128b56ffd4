"""The embedded default's in-process publisher, as the container builds it, on real SQLite and
PostgreSQL: one effect per event however often the relay publishes it, poison dead-lettered."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from uuid import uuid4

import pytest
from dependency_injector import providers

from adapters.sqlalchemy import SqlAlchemyDeadLetterStore
from entrypoints.container import Container, build_container
from entrypoints.settings import Settings
from tests.support.event_handlers import POISON, EffectRecorder, count_effects
from todo_core.ports.event_publisher import OutboxMessage


def _message(title: str = "buy milk") -> OutboxMessage:
    return OutboxMessage(
        id=uuid4(),
        aggregate_type="todo",
        aggregate_id=uuid4(),
        event_type="todo.todo.created.v1",
        event_version=1,
        occurred_at=datetime.now(UTC),
        payload={"title": title},
    )


@pytest.fixture
async def container(database_url: str) -> AsyncIterator[Container]:
    container = build_container(Settings(database_url=database_url))
    yield container
    await container.engine().dispose()


async def test_the_relay_publishing_twice_gives_one_effect_and_poison_a_dead_letter(
    container: Container,
) -> None:
    handler = EffectRecorder()
    container.event_handlers.override(providers.Object((handler,)))
    publisher = container.in_process_publisher()
    message, poison = _message(), _message(title=POISON)

    for published in (message, message, poison):
        await publisher.publish(published)

    assert await count_effects(container.unit_of_work, handler.owner) == 1
    (letter,) = await SqlAlchemyDeadLetterStore(container.engine()).pending(consumer=handler.name)
    assert letter.topic is None
    assert letter.error.startswith("UnprocessableEvent:")
    assert letter.key == str(poison.aggregate_id).encode()
